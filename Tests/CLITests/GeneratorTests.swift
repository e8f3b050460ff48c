import XCTest
import Foundation

/// End-to-end: `bwgen` writes realistic logs together with the counts it knows from what it wrote;
/// `bouncewatch report` must find exactly those counts. Also: the generator is deterministic, and
/// every refusal text of its table gets the verdict the table says (`bouncewatch classify`).
///
/// Runs the built binaries (`.build/debug/bwgen`, `.build/debug/bouncewatch`, or BOUNCEWATCH_BIN_DIR)
/// with argument arrays, never through a shell.
final class GeneratorTests: XCTestCase {
    static let seed = "20261101"
    static let formats = ["postfix-bsd", "postfix-rfc3339", "exim", "mixed"]

    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "bwgen-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for tool in ["bwgen", "bouncewatch"] where !FileManager.default.isExecutableFile(atPath: cliBinary(tool)) {
            XCTFail("\(cliBinary(tool)) is missing: run `swift build` first")
            throw XCTSkip("binaries not built")
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func generate(_ format: String, size: String = "5M", seed: String = GeneratorTests.seed, name: String? = nil) throws -> (log: String, expected: String) {
        let base = dir + "/" + (name ?? format)
        let r = try bw(["--seed", seed, "--size", size, "--format", format, "--out", base + ".log", "--expected", base + ".json"],
                       tool: "bwgen")
        XCTAssertEqual(r.status, 0, "bwgen \(format): \(r.stderr)")
        return (base + ".log", base + ".json")
    }

    func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], path)
    }

    // MARK: - Counts

    func testReportEqualsGeneratedCountsForEveryFormat() throws {
        for format in GeneratorTests.formats {
            let (log, expectedPath) = try generate(format)
            let want = try json(expectedPath)
            let r = try bw(["report", "--format", "json", "--year", "2026", "--timezone", "UTC", log])
            XCTAssertEqual(r.status, 0, "\(format): \(r.stderr)")
            let got = r.json
            XCTAssertFalse(got.isEmpty, "\(format): report is not JSON")
            let diffs = compare(want, got)
            XCTAssert(diffs.isEmpty, "\(format) (\(log)): \(diffs.count) numbers differ:\n  " + diffs.joined(separator: "\n  "))
            // The run must exercise what it is meant to.
            let totals = want["totals"] as! [String: Any]
            let deliveries = totals["deliveries"] as! [String: Int]
            XCTAssertGreaterThan(totals["messages"] as! Int, 1000, format)
            XCTAssertGreaterThan(deliveries["deferred"]!, 0, format)
            XCTAssertGreaterThan(deliveries["bounced"]!, 0, format)
            XCTAssertGreaterThan(totals["bounce_notifications"] as! Int, 0, format)
            XCTAssertGreaterThan(totals["smtp_rejects"] as! Int, 0, format)
            let bl = want["blocklist"] as! [String: Any]
            XCTAssertGreaterThan((bl["providers"] as! [Any]).count, 3, format)
            XCTAssertGreaterThan((bl["listed_ips"] as! [Any]).count, 1, format)
        }
    }

    /// Every number of the expected file against the report. Distinct-user counts the report
    /// marks approximate (HyperLogLog) are allowed four standard errors.
    func compare(_ want: [String: Any], _ got: [String: Any]) -> [String] {
        var diffs: [String] = []
        func eq(_ path: String, _ w: Any?, _ g: Any?) {
            if String(describing: w ?? "nil") != String(describing: g ?? "nil") {
                diffs.append("\(path): expected \(w ?? "nil"), report has \(g ?? "nil")")
            }
        }
        /// A distinct count (`key`, with the report's `key_estimate` and `key_error`), within four standard errors when
        /// the report marks it approximate.
        func distinct(_ path: String, _ key: String, _ w: [String: Any], _ g: [String: Any]) {
            let wu = w[key] as? Int ?? -1, gu = g[key] as? Int ?? -2
            if (g[key + "_estimate"] as? String) == "approximate" {
                let err = (g[key + "_error"] as? Double) ?? 0.0081
                if Double(abs(wu - gu)) > 4 * err * Double(max(wu, 1)) + 1 {
                    diffs.append("\(path).\(key): expected \(wu), report estimates \(gu)")
                }
            } else {
                eq(path + "." + key, wu, gu)
            }
        }
        func users(_ path: String, _ w: [String: Any], _ g: [String: Any]) { distinct(path, "affected_users", w, g) }
        let wt = want["totals"] as! [String: Any], gt = got["totals"] as? [String: Any] ?? [:]
        for k in ["lines", "messages", "bounce_notifications", "smtp_rejects"] { eq("totals.\(k)", wt[k], gt[k]) }
        let wd = wt["deliveries"] as! [String: Any], gd = gt["deliveries"] as? [String: Any] ?? [:]
        for k in ["sent", "deferred", "bounced", "expired"] { eq("totals.deliveries.\(k)", wd[k], gd[k]) }
        let wc = want["categories"] as! [String: Any], gc = got["categories"] as? [String: Any] ?? [:]
        for k in wc.keys.sorted() { eq("categories.\(k)", wc[k], gc[k] ?? 0) }
        for k in gc.keys.sorted() where wc[k] == nil { eq("categories.\(k)", 0, gc[k]) }

        let wb = want["blocklist"] as! [String: Any], gb = got["blocklist"] as? [String: Any] ?? [:]
        eq("blocklist.attempts", wb["attempts"], gb["attempts"])
        users("blocklist", wb, gb)
        eq("blocklist.first_seen", wb["first_seen"], gb["first_seen"])
        eq("blocklist.last_seen", wb["last_seen"], gb["last_seen"])
        // refused recipients, and those a listing kept the mail from for good (refused permanently, or deferred and
        // then failed: Exim's retry timeout, Postfix's expiry)
        for k in ["recipients", "recipients_not_delivered"] { distinct("blocklist", k, wb, gb) }
        func rows(_ x: Any?, _ key: String) -> [String: [String: Any]] {
            var d: [String: [String: Any]] = [:]
            for r in (x as? [[String: Any]]) ?? [] { if let k = r[key] as? String { d[k] = r } }
            return d
        }
        let sections: [(String, String, [String])] = [
            ("providers", "provider", ["attempts"]),
            ("operators", "operator", ["attempts", "lists"]),
            ("listed_ips", "ip", ["attempts", "first_seen", "last_seen", "providers", "lists"]),
        ]
        for (section, key, fields) in sections {
            let w = rows(wb[section], key), g = rows(gb[section], key)
            for k in Set(w.keys).union(g.keys).sorted() {
                let path = "blocklist.\(section)[\(k)]"
                guard let wr = w[k] else { diffs.append("\(path): not expected, report has attempts=\(g[k]?["attempts"] ?? "?")"); continue }
                guard let gr = g[k] else { diffs.append("\(path): expected attempts=\(wr["attempts"] ?? "?"), missing in report"); continue }
                for f in fields {
                    if f == "lists" {
                        func text(_ x: Any?) -> String {
                            ((x as? [String: Int]) ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                        }
                        eq("\(path).lists", text(wr[f]), text(gr[f]))
                    } else if f == "providers" {
                        eq("\(path).providers", (wr[f] as? [String])?.sorted() ?? [], (gr[f] as? [String])?.sorted() ?? [])
                    } else {
                        eq("\(path).\(f)", wr[f], gr[f])
                    }
                }
                users(path, wr, gr)
            }
        }
        return diffs
    }

    // MARK: - Determinism

    func testSameSeedGivesIdenticalBytes() throws {
        let a = try generate("mixed", size: "2M", name: "a")
        let b = try generate("mixed", size: "2M", name: "b")
        let c = try generate("mixed", size: "2M", seed: "7", name: "c")
        let la = try Data(contentsOf: URL(fileURLWithPath: a.log)), lb = try Data(contentsOf: URL(fileURLWithPath: b.log))
        XCTAssertGreaterThan(la.count, 2 << 20 - 4096)
        XCTAssertEqual(la, lb, "same seed and arguments must give byte-identical logs")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a.expected)), try Data(contentsOf: URL(fileURLWithPath: b.expected)))
        XCTAssertNotEqual(la, try Data(contentsOf: URL(fileURLWithPath: c.log)), "another seed must give another log")
        // Standard output carries the same bytes as a file.
        let r = try bw(["--seed", GeneratorTests.seed, "--size", "2M", "--format", "mixed", "--out", "-"], tool: "bwgen")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(Data(r.stdout.utf8), la)
    }

    // MARK: - The refusal-text table

    /// Each text of the generator's table, as a log line carries it, gets the category (and for
    /// blocklist texts the provider, operator, list and listed IP) the table gives it.
    func testRefusalTextTableClassifiesAsLabelled() throws {
        let r = try bw(["--list-texts"], tool: "bwgen")
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = r.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        XCTAssertGreaterThan(rows.count, 50)
        var byRelay: [String: [[String: Any]]] = [:]
        for row in rows { byRelay[row["relay"] as! String, default: []].append(row) }
        var diffs: [String] = []
        for relay in byRelay.keys.sorted() {
            let group = byRelay[relay]!
            let input = group.map { ($0["text"] as! String) + "\n" }.joined()
            let c = try bw(["classify", "--format", "json", "--relay", relay], stdin: Data(input.utf8))
            XCTAssertEqual(c.status, 0, c.stderr)
            let verdicts = c.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
            }
            XCTAssertEqual(verdicts.count, group.count, relay)
            for (want, got) in zip(group, verdicts) {
                var keys = ["category"]
                if want["category"] as? String == "blocklist" { keys += ["provider", "operator", "list", "listed_ip"] }
                for k in keys where String(describing: want[k] ?? "nil") != String(describing: got[k] ?? "nil") {
                    let w = want[k].map { "\($0)" } ?? "nil", g = got[k].map { "\($0)" } ?? "nil"
                    diffs.append("\(want["key"]!) (\(want["format"]!)) \(k): table \(w), classify \(g) [rule \(got["rule"] ?? "-")]: \(want["text"]!)")
                }
            }
        }
        XCTAssert(diffs.isEmpty, "\(diffs.count) table texts classified otherwise:\n  " + diffs.joined(separator: "\n  "))
    }
}
