// swift-tools-version:6.1
// Benchmarks for bouncewatch (package-benchmark). A package of its own so the main build and
// `make test` do not compile the benchmark harness. Run: `make bench` (or `cd Benchmarks &&
// swift package benchmark`).
import Foundation
import PackageDescription

// A path dependency is named after its directory, which differs between clones.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "bouncewatch-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "BouncewatchBenchmarks",
            dependencies: [
                .product(name: "BouncewatchKit", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/BouncewatchBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
