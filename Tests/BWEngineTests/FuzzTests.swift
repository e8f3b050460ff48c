import XCTest
@testable import BWEngine

/// Mutated real-shaped lines (cut anywhere, bytes flipped, fields duplicated) must never crash
/// the parsers, and every line is accounted for.
final class FuzzTests: XCTestCase {
    func testMutatedFixtureLinesNeverCrash() throws {
        var seeds: [[UInt8]] = []
        for f in ["postfix-bsd.log", "postfix-rfc3339.log", "exim-mainlog"] {
            let text = try String(contentsOfFile: repoRoot + "/fixtures/" + f, encoding: .utf8)
            seeds += text.split(separator: "\n").map { Array($0.utf8) }
        }
        XCTAssertGreaterThan(seeds.count, 400)
        var rng: UInt64 = 0x5EED
        func next() -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int(rng >> 33) }
        let specials: [UInt8] = [0x00, 0x0D, 0x20, 0x3A, 0x3C, 0x3E, 0x5B, 0x5D, 0x28, 0x29, 0x2C, 0x3D, 0x40, 0xFF, 0xC3]
        var lines: [[UInt8]] = []
        for _ in 0..<30_000 {
            var l = seeds[next() % seeds.count]
            switch next() % 5 {
            case 0: l = Array(l.prefix(next() % (l.count + 1)))                       // cut anywhere
            case 1: for _ in 0..<(1 + next() % 4) where !l.isEmpty { l[next() % l.count] = specials[next() % specials.count] }
            case 2: if !l.isEmpty { let i = next() % l.count; l.insert(contentsOf: l[i...].prefix(40), at: i) }
            case 3: if l.count > 10 { let i = next() % (l.count - 5); l.removeSubrange(i..<(i + 1 + next() % 5)) }
            default: l += l.prefix(next() % 60)
            }
            lines.append(l)
        }
        for opts in [false, true] {
            var o = AnalyzerOptions()
            o.year = 2026
            o.timeZone = TimeZone(identifier: "UTC")!
            o.collectUnclassified = opts
            let a = Analyzer(classifier: Classifier(library: try PatternLibrary.load(directories: [repoRoot + "/patterns"])), options: o)
            a.segmentMode = opts
            a.beginInput(name: "fuzz", modificationTime: nil)
            for l in lines { l.withUnsafeBufferPointer { a.consume($0) } }
            let s = a.snapshot()
            XCTAssertEqual(s.totals.lines, lines.count)
            let refused = s.totals.deferred + s.totals.bounced
            XCTAssertEqual(s.categories.values.reduce(0, +), refused, "every refused attempt has one category")
            if opts { _ = a.segmentResult() }
        }
    }
}

final class ClassifierEdgeTests: XCTestCase {
    func testEdgeTextsNeverCrash() throws {
        let c = Classifier(library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        let edges = ["", "host ", "host [", "host ]", "host x[] said: ", "host x[1.2.3.4] said: ", "host x[1.2.3.4] said: (in reply to RCPT TO command)",
                     "SMTP error from remote mail server after ", "SMTP error from remote mail server after RCPT TO:<x>: ",
                     "5.", "5.7", "5.7.", "4.4.1", "[", "]", "[[[[", "1.2.3.4.", ".1.2.3.4", "::", ":::::::::", "[::1]", "ip=", "?", "blocked using ",
                     String(repeating: "blocked using zen.spamhaus.org ", count: 500), String(repeating: "\u{0}", count: 100),
                     "\u{FFFD}\u{FFFD} blocked using psbl.surriel.com [256.1.1.1]"]
        for t in edges { _ = c.classify(text: t); _ = c.explain(text: t) }
        var rng: UInt64 = 7
        for _ in 0..<5000 {
            var bytes: [UInt8] = []
            for _ in 0..<(Int(rng >> 58) + 1) * 8 {
                rng = rng &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(UInt8(truncatingIfNeeded: rng >> 40) % 96 + 32)
            }
            bytes.withUnsafeBufferPointer { _ = c.category(of: $0) }
        }
    }
}
