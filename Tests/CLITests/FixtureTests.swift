import XCTest
import Foundation

/// Golden tests: every fixture's report equals the counts in `fixtures/expected/*.json`,
/// which `fixtures/tools/expected.py` computes independently of the program.
final class FixtureTests: XCTestCase {
    struct Case { let log: String; let status: Int32 }
    let cases = [
        Case(log: "postfix-bsd.log", status: 0),
        Case(log: "postfix-rfc3339.log", status: 0),
        Case(log: "exim-mainlog", status: 0),
        Case(log: "postfix-gz.log.gz", status: 0),
        Case(log: "truncated.log.gz", status: 1),
    ]

    func expected(_ log: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: cliRepoRoot + "/fixtures/expected/\(log).json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    func testEveryFixtureMatchesItsIndependentExpectation() throws {
        for c in cases {
            let want = try expected(c.log)
            let r = try bw(["report", "--format", "json", "--year", "2026", "--timezone", "UTC", "fixtures/" + c.log])
            XCTAssertEqual(r.status, c.status, "\(c.log): \(r.stderr)")
            let got = r.json
            XCTAssertFalse(got.isEmpty, "\(c.log): no JSON")
            compareTotals(c.log, want, got)
            compareCategories(c.log, want, got)
            compareBlocklist(c.log, want, got)
        }
    }

    func compareTotals(_ log: String, _ want: [String: Any], _ got: [String: Any]) {
        let w = want["totals"] as! [String: Any], g = got["totals"] as! [String: Any]
        for k in ["lines", "malformed", "messages", "bounce_notifications", "smtp_rejects"] {
            XCTAssertEqual(g[k] as? Int, w[k] as? Int, "\(log): totals.\(k)")
        }
        XCTAssertEqual(g["deliveries"] as? [String: Int], w["deliveries"] as? [String: Int], "\(log): totals.deliveries")
    }

    func compareCategories(_ log: String, _ want: [String: Any], _ got: [String: Any]) {
        let w = want["categories"] as! [String: Int]
        let g = (got["categories"] as! [String: Int]).filter { $0.value != 0 }
        XCTAssertEqual(g, w, "\(log): categories")
    }

    func compareBlocklist(_ log: String, _ want: [String: Any], _ got: [String: Any]) {
        let w = want["blocklist"] as! [String: Any], g = got["blocklist"] as! [String: Any]
        XCTAssertEqual(g["attempts"] as? Int, w["attempts"] as? Int, "\(log): blocklist.attempts")
        XCTAssertEqual(g["affected_users"] as? Int, w["affected_users"] as? Int, "\(log): blocklist.affected_users")

        func rows(_ x: Any?, _ key: String) -> [String: [String: Any]] {
            Dictionary(uniqueKeysWithValues: ((x as? [[String: Any]]) ?? []).map { ($0[key] as! String, $0) })
        }
        let wp = rows(w["providers"], "provider"), gp = rows(g["providers"], "provider")
        XCTAssertEqual(Set(gp.keys), Set(wp.keys), "\(log): providers")
        for (k, row) in wp {
            XCTAssertEqual(gp[k]?["attempts"] as? Int, row["attempts"] as? Int, "\(log): provider \(k) attempts")
            XCTAssertEqual(gp[k]?["affected_users"] as? Int, row["affected_users"] as? Int, "\(log): provider \(k) users")
        }
        let wo = rows(w["operators"], "operator"), go = rows(g["operators"], "operator")
        XCTAssertEqual(Set(go.keys), Set(wo.keys), "\(log): operators")
        for (k, row) in wo {
            XCTAssertEqual(go[k]?["attempts"] as? Int, row["attempts"] as? Int, "\(log): operator \(k) attempts")
            XCTAssertEqual(go[k]?["affected_users"] as? Int, row["affected_users"] as? Int, "\(log): operator \(k) users")
            // Asserted list slugs must match; the rest is left to the rules.
            let wl = row["lists"] as? [String: Int] ?? [:]
            let gl = go[k]?["lists"] as? [String: Int] ?? [:]
            for (l, n) in wl { XCTAssertEqual(gl[l], n, "\(log): operator \(k) list \(l)") }
            let unasserted = row["unasserted_list_attempts"] as? Int ?? 0
            XCTAssertEqual(gl.values.reduce(0, +) - wl.values.reduce(0, +), unasserted, "\(log): operator \(k) other lists")
        }
        let wi = rows(w["listed_ips"], "ip"), gi = rows(g["listed_ips"], "ip")
        XCTAssertEqual(Set(gi.keys), Set(wi.keys), "\(log): listed IPs")
        for (k, row) in wi {
            for f in ["attempts", "affected_users"] {
                XCTAssertEqual(gi[k]?[f] as? Int, row[f] as? Int, "\(log): listed IP \(k) \(f)")
            }
            for f in ["first_seen", "last_seen"] {
                XCTAssertEqual(gi[k]?[f] as? String, row[f] as? String, "\(log): listed IP \(k) \(f)")
            }
            XCTAssertEqual(gi[k]?["providers"] as? [String], row["providers"] as? [String], "\(log): listed IP \(k) providers")
        }
    }

    func testTruncatedFixtureNamesTheOffset() throws {
        let r = try bw(["report", "--format", "json", "--year", "2026", "fixtures/truncated.log.gz"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("fixtures/truncated.log.gz: truncated gzip stream at byte 1052"), r.stderr)
    }

    func testAllFixturesTogetherAddUp() throws {
        // One run over every complete fixture equals the sum of the parts (different hosts and IDs).
        let logs = cases.filter { $0.status == 0 }.map(\.log)
        let all = try bw(["report", "--format", "json", "--year", "2026", "--keep-order"] + logs.map { "fixtures/" + $0 })
        XCTAssertEqual(all.status, 0, all.stderr)
        var lines = 0, attempts = 0
        for l in logs {
            let w = try expected(l)
            lines += (w["totals"] as! [String: Any])["lines"] as! Int
            attempts += (w["blocklist"] as! [String: Any])["attempts"] as! Int
        }
        XCTAssertEqual((all.json["totals"] as? [String: Any])?["lines"] as? Int, lines)
        XCTAssertEqual((all.json["blocklist"] as? [String: Any])?["attempts"] as? Int, attempts)
    }
}
