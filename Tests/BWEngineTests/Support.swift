import Foundation
import XCTest
@testable import BWEngine
import BWInput

/// A small, self-contained rule set so engine tests do not depend on the shipped packs.
let testRules = #"""
rules:
  - id: t-spamhaus
    operator: spamhaus
    list: spamhaus-{list}
    category: blocklist
    literals: [spamhaus]
    regex: '(?:\[(?<ip>[0-9a-f.:]{3,45})\][^\[]{0,80}?)?blocked using (?:(?<list>zen|sbl|xbl|pbl)\.)?spamhaus'
    delist: https://check.spamhaus.org/
    examples: ["Client host [192.0.2.1] blocked using zen.spamhaus.org"]
  - id: t-ms-s3150
    provider: microsoft
    operator: microsoft
    list: microsoft-blocklist
    category: blocklist
    literals: ["(s3150)", "(s3140)"]
    regex: 'messages from \[(?<ip>[0-9a-f.:]+)\] weren.t sent.*\((?<code>S31[45]0)\)'
    examples: ["550 5.7.1 Unfortunately, messages from [203.0.113.5] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150)."]
  - id: t-gmail-reputation
    provider: gmail
    category: reputation
    literals: ["low reputation"]
    regex: 'very low reputation'
    examples: ["421-4.7.0 This message has been blocked because the sending IP has a very low reputation"]
  - id: t-user-unknown
    category: user-unknown
    priority: 20
    literals: ["user unknown"]
    regex: 'user unknown'
    examples: ["550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in virtual mailbox table"]
"""#

let testProviders = """
providers:
  - provider: microsoft
    hosts: ["*.protection.outlook.com"]
    domains: [outlook.com]
  - provider: gmail
    hosts: ["*.google.com"]
  - provider: messagelabs
    hosts: ["*.messagelabs.com"]
"""

func makePatternDir(rules: String = testRules, providers: String = testProviders, zones: String? = nil) throws -> String {
    let dir = NSTemporaryDirectory() + "bw-patterns-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try rules.write(toFile: dir + "/test.yaml", atomically: true, encoding: .utf8)
    try providers.write(toFile: dir + "/providers.yaml", atomically: true, encoding: .utf8)
    if let zones { try zones.write(toFile: dir + "/zones.yaml", atomically: true, encoding: .utf8) }
    return dir
}

func testLibrary() throws -> PatternLibrary {
    try PatternLibrary.load(directories: [try makePatternDir()])
}

/// Runs the analyzer over an in-memory log.
func analyze(_ log: String, year: Int? = 2026, mtime: Int? = nil, library: PatternLibrary? = nil,
             configure: (inout AnalyzerOptions) throws -> Void = { _ in }) throws -> Snapshot {
    var opts = AnalyzerOptions()
    opts.year = year
    opts.timeZone = TimeZone(identifier: "UTC")!
    try configure(&opts)
    let a = Analyzer(classifier: Classifier(library: try library ?? testLibrary()), options: opts)
    a.beginInput(name: "test", modificationTime: mtime)
    var s = log
    s.withUTF8 { buf in
        var start = 0
        for i in 0...buf.count where i == buf.count || buf[i] == 0x0A {
            if i == buf.count && start == i { break }
            a.consume(UnsafeBufferPointer(rebasing: buf[start..<i]))
            start = i + 1
        }
    }
    a.endInput(compressed: false, bytes: UInt64(log.utf8.count), error: nil)
    return a.snapshot()
}

/// Path of the repository root (for shipped patterns and fixtures).
let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// A small deterministic random generator for generated test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Each text, classified without a relay, names the provider beside it.
func assertProviders(_ c: Classifier, _ cases: [(text: String, provider: String)],
                     file: StaticString = #filePath, line: UInt = #line) {
    for (text, provider) in cases { XCTAssertEqual(c.classify(text: text, relay: nil).provider, provider, text, file: file, line: line) }
}

/// Asserts that the shipped rules call every text a listing (`listings`) and none of the `others` one.
func assertListings(_ c: Classifier, _ listings: [String], notListings others: [String],
                    file: StaticString = #filePath, line: UInt = #line) {
    for t in listings { XCTAssertEqual(c.classify(text: t, relay: nil).category, .blocklist, t, file: file, line: line) }
    for t in others { XCTAssertNotEqual(c.classify(text: t, relay: nil).category, .blocklist, t, file: file, line: line) }
}
