// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "bouncewatch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bouncewatch", targets: ["bouncewatch"]),
        // The engine as a library (used by the benchmark package in Benchmarks/).
        .library(name: "BouncewatchKit", targets: ["BWInput", "BWEngine", "BWReport", "BWGzip", "BWRegex"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // C libraries: each imported by exactly one Swift module.
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8",
                       providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // Safe wrappers.
        .target(name: "BWRegex", dependencies: ["CPCRE2"]),
        .target(name: "BWGzip", dependencies: ["CZlib"]),
        // Pipeline.
        .target(name: "BWInput", dependencies: ["BWGzip"]),
        .target(name: "BWEngine", dependencies: ["BWInput", "BWRegex", .product(name: "Yams", package: "Yams")],
                // The per-line path touches class state millions of times per second; dynamic
                // exclusivity checks cost ~10% there. Access is single-threaded per Analyzer.
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "BWReport", dependencies: ["BWEngine"]),
        .executableTarget(name: "bouncewatch", dependencies: [
            "BWInput", "BWEngine", "BWReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Deterministic log generator for tests and benchmarks (writes the expected counts too).
        .executableTarget(name: "bwgen", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "BWInputTests", dependencies: ["BWInput", "BWGzip"]),
        .testTarget(name: "BWEngineTests", dependencies: ["BWEngine", "BWInput", "BWRegex"]),
        .testTarget(name: "BWReportTests", dependencies: ["BWReport", "BWEngine"]),
        .testTarget(name: "CLITests", dependencies: ["bouncewatch"]),
    ]
)
