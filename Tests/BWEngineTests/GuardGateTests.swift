import Foundation
import XCTest
@testable import BWEngine
import BWRegex

/// The guards' literal gate (session 22): a guard's alternatives that require a literal run only when the
/// prefilter found one of their literals, so the gate must never skip an alternative that would match.
final class GuardGateTests: XCTestCase {
    func testRequiredLiteralsReadThePattern() {
        let cases: [(String, Bool, [String]?)] = [
            ("blocked using", false, ["blocked using"]),
            (#"foo\s+barbaz"#, false, ["barbaz"]),                  // the longer of two rare runs
            (#"(?:lookup|look-up)\s+of"#, false, ["look-up", "lookup"]),   // a group's alternatives: one of them
            (#"ab?cde"#, false, ["cde"]),                            // an optional character ends the run before it
            (#"x{0,3}yzzy"#, false, ["yzzy"]),
            (#"abc+d"#, false, ["abc"]),                             // a repeated character ends the run after it
            (#"a{2}bcd"#, false, ["bcd"]),
            (#"x{abc"#, false, ["x{abc"]),                           // not a quantifier: a literal brace
            ("(?x) o p e n \\s+ re # a comment\n solver", false, ["resolver"]),   // extended: white space and comments
            (" o p e n ", true, ["open"]),
            (" o p e n ", false, [" o p e n "]),
            (#"(?x) a \  b c"#, false, ["a bc"]),                   // an escaped space is one
            (#"[abc]def|ghi"#, false, ["def", "ghi"]),               // alternatives: the union
            (#"abc|\d+"#, false, nil),                               // one alternative requires nothing
            (#"(?:abc)?def"#, false, ["def"]),
            (#"(?:abc)?de"#, false, nil),                            // shorter than three bytes
            (#"(?:abc)*"#, false, nil),
            (#"(?:abc)+"#, false, ["abc"]),
            (#"ab(?=c)cd"#, false, ["abcd"]),                        // a look-ahead consumes nothing
            (#"(?<!not\s)listed"#, false, ["listed"]),
            (#"\bxyz\.com\b"#, false, ["xyz.com"]),
            (#"(?i)ABC"#, false, ["abc"]),                           // compared case-folded
            (#"(?-i:[A-Z0-9]+_BLOCKED)"#, false, ["_blocked"]),
            ("caf\u{e9}s", false, ["caf"]),                          // a non-ASCII character ends the run
            (#"\p{L}+xyz"#, false, ["xyz"]),
            (#"[[:alpha:]]]xyz"#, false, ["]xyz"]),                  // a POSIX class inside a class
            (#"(?#comment)abc"#, false, ["abc"]),
            (#"(?<name>abc)\k<name>"#, false, ["abc"]),
            (#"(?(1)abc|def)"#, false, nil),                         // a conditional: not read
        ]
        for (pattern, extended, expected) in cases {
            XCTAssertEqual(requiredLiterals(pattern, extended: extended), expected, pattern)
        }
        // a literal the refusals are made of loses to a rare one in the same alternative
        XCTAssertEqual(requiredLiterals(#"(?:lookup|query)\s+timed"#), ["timed"])
        XCTAssertEqual(requiredLiterals(#"blocked\s+using\s+dnswl"#), ["dnswl"])
        // alternatives that refer to groups or set options for later ones are not compiled apart
        XCTAssertTrue(refersToGroups(#"(a)\1"#, extended: false))
        XCTAssertTrue(refersToGroups(#"abc(?i)def"#, extended: false))
        XCTAssertTrue(refersToGroups(#"(?&name)"#, extended: false))
        XCTAssertFalse(refersToGroups(#"(?i:abc)(?<n>x)"#, extended: false))
    }

    /// Every text the project keeps (rules' examples and counterexamples, probe banks, held-out and documented
    /// sets), as written and upper-cased.
    private func allTexts(_ lib: PatternLibrary) throws -> [String] {
        var texts: [String] = []
        for r in lib.rules { texts += r.examples.map(\.text) + r.counterexamples }
        let fm = FileManager.default
        var files: [String] = []
        for dir in ["fixtures/paraphrase", "fixtures/documented", "fixtures/eval"] {
            files += try fm.contentsOfDirectory(atPath: repoRoot + "/" + dir).filter { $0.hasSuffix(".jsonl") }.map { repoRoot + "/\(dir)/" + $0 }
        }
        for set in try fm.contentsOfDirectory(atPath: repoRoot + "/heldout") where set.hasPrefix("eval") {
            files.append(repoRoot + "/heldout/\(set)/refusals.jsonl")
        }
        for f in files {
            for line in try String(contentsOfFile: f, encoding: .utf8).split(separator: "\n") {
                if let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let t = o["text"] as? String {
                    texts.append(t)
                }
            }
        }
        XCTAssertGreaterThan(texts.count, 20_000)
        return texts + texts.enumerated().filter { $0.offset % 8 == 0 }.map { $0.element.uppercased() }
    }

    func testAGatedGuardVetoesExactlyWhereTheWholeGuardDoes() throws {
        let lib = try PatternLibrary.load(directories: [repoRoot + "/patterns"])
        // the distinct guards, each with its gate bit
        var plans: [(name: String, plan: GuardPlan, full: Regex, bit: Int)] = []
        var seen = Set<ObjectIdentifier>()
        for rule in lib.rules {
            for (k, plan) in rule.unlessPlans.enumerated() where seen.insert(ObjectIdentifier(plan)).inserted {
                plans.append((rule.unlessNames[k], plan, rule.unless[k], Int(lib.gateBits[rule.order][k])))
            }
        }
        XCTAssertGreaterThan(plans.filter { !$0.plan.parts.isEmpty }.count, 40, "most guards have a gate")
        let dnsblError = try XCTUnwrap(plans.first { $0.name == "@dnsbl-error" })
        XCTAssertNotNil(dnsblError.plan.rest, "its alternatives without a literal stay apart")
        let rarePart = try XCTUnwrap(dnsblError.plan.parts.first)
        XCTAssertGreaterThan(rarePart.literals.count, 50)
        XCTAssertTrue(rarePart.literals.allSatisfy { literalCommonness($0) == 0 }, "no literal that listings carry opens its big part")
        XCTAssertGreaterThan(dnsblError.plan.parts.count, 2, "the alternatives gated by common words are parts of their own")

        // on every core: a chunk of the texts each
        let texts = try allTexts(lib)
        let chunks = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let guards = plans
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var failures: [String] = [], skipped = 0, vetoes = 0
        }
        let tally = Tally()
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let scratch = MatchScratch()
            var bits = [UInt64](repeating: 0, count: lib.prefilter.wordCount)
            var found: [String] = [], skip = 0, veto = 0
            for n in stride(from: c, to: texts.count, by: chunks) {
                var t = texts[n]
                t.withUTF8 { utf8 in
                    let raw = UnsafeRawBufferPointer(utf8)
                    lib.prefilter.scan(raw, into: &bits)
                    func match(_ re: Regex) -> Bool { (try? re.firstMatch(in: raw, scratch: scratch)) != nil }
                    for p in guards {
                        // the gate never closes on a text its alternatives match
                        for (j, part) in p.plan.parts.enumerated() {
                            let bit = p.bit + j
                            guard bits[bit >> 6] & (1 << UInt64(bit & 63)) == 0 else { continue }
                            skip += 1
                            if match(part.regex) { found.append("\(p.name) gate \(part.literals.prefix(5)) closed on: \(texts[n])") }
                        }
                        // the parts together are the guard (one text in eight: the identity is the regexes', not the texts')
                        guard n % 8 == 0 else { continue }
                        let whole = match(p.full)
                        let parts = p.plan.rest.map(match) == true || p.plan.parts.contains { match($0.regex) }
                        if whole != parts { found.append("\(p.name) split on: \(texts[n]): whole \(whole), parts \(parts)") }
                        if whole { veto += 1 }
                    }
                }
            }
            tally.lock.lock(); tally.failures += found; tally.skipped += skip; tally.vetoes += veto; tally.lock.unlock()
        }
        let (failures, skipped, vetoes) = (tally.failures, tally.skipped, tally.vetoes)
        XCTAssertEqual(failures.count, 0, failures.prefix(10).joined(separator: "\n"))
        XCTAssertGreaterThan(vetoes, 200)
        XCTAssertGreaterThan(skipped, 80 * vetoes, "the gates skip many more guard runs than there are vetoes")
    }
}
