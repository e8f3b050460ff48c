import XCTest
import Foundation

final class MergeTests: XCTestCase {
    /// Strips what legitimately differs between a merge and one run (input names, generator).
    func comparable(_ j: [String: Any]) -> NSDictionary {
        var j = j
        j["inputs"] = nil
        j["generator"] = nil
        j["classifier"] = nil
        return j as NSDictionary
    }

    func testMergeOfPerHostSnapshotsEqualsOneReportOverAllLogs() throws {
        let logs = ["fixtures/postfix-bsd.log", "fixtures/exim-mainlog", "fixtures/postfix-rfc3339.log", "fixtures/postfix-gz.log.gz"]
        var snaps: [String] = []
        for l in logs {
            let r = try bw(["report", "-f", "snapshot", "--year", "2026", "--timezone", "UTC", l])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.hasPrefix("{\"schema\":\"bouncewatch.snapshot/1\""))
            snaps.append(try cliTemp(Data(r.stdout.utf8), name: URL(fileURLWithPath: l).lastPathComponent + ".snap"))
        }
        let merged = try bw(["merge", "-f", "json"] + snaps)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        let single = try bw(["report", "-f", "json", "--year", "2026", "--timezone", "UTC", "--keep-order"] + logs)
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertEqual(comparable(merged.json), comparable(single.json))
        XCTAssertGreaterThan((merged.json["blocklist"] as? [String: Any])?["attempts"] as? Int ?? 0, 0)

        // Merging is associative: ((a+b)+c)+d via a snapshot of a partial merge.
        let partial = try bw(["merge", "-f", "snapshot", snaps[0], snaps[1]])
        let p = try cliTemp(Data(partial.stdout.utf8))
        let again = try bw(["merge", "-f", "json", p, snaps[2], snaps[3]])
        XCTAssertEqual(comparable(again.json), comparable(single.json))
    }

    func testMergeRejectsWhatIsNotASnapshot() throws {
        let report = try bw(["report", "-f", "json", "--year", "2026", "fixtures/exim-mainlog"])
        let path = try cliTemp(Data(report.stdout.utf8), name: "report.json")
        let r = try bw(["merge", path])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("report.json: schema is bouncewatch.report/1, expected bouncewatch.snapshot/1"), r.stderr)
        let garbage = try cliTemp(Data("not json".utf8), name: "junk")
        XCTAssertEqual(try bw(["merge", garbage]).status, 64)
    }

    func testUnclassifiedTemplatesGroupRepeats() throws {
        var log = ""
        for i in 0..<5 {
            log += "Nov 28 09:12:0\(i) r postfix/smtp[1]: 3F1A2B4C5\(i): to=<u\(i)@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=1, delays=0/0/0/1, dsn=5.0.0, status=bounced (host mx.example.org[198.51.100.7] said: 550 Go away 12345\(i) from 192.0.2.\(i) (in reply to RCPT TO command))\n"
        }
        let r = try bw(["report", "-f", "json", "--year", "2026", "--unclassified"], stdin: Data(log.utf8))
        let u = r.json["unclassified"] as? [[String: Any]]
        XCTAssertEqual(u?.count, 1, "\(String(describing: u))")
        XCTAssertEqual(u?.first?["template"] as? String, "550 Go away N from IP")
        XCTAssertEqual(u?.first?["count"] as? Int, 5)
        XCTAssertTrue((u?.first?["sample"] as? String ?? "").hasPrefix("550 Go away 123450 from 192.0.2.0"))
        let text = try bw(["report", "--year", "2026", "--unclassified"], stdin: Data(log.utf8))
        XCTAssertTrue(text.stdout.contains("Refusals no rule explained"))
    }

    func testEgressOptionsAndEpisodesInJSON() throws {
        let r = try bw(["report", "-f", "json", "--year", "2026", "--timezone", "UTC", "--episode-gap", "30m",
                        "--egress", "203.0.113.5", "fixtures/postfix-bsd.log"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let b = r.json["blocklist"] as? [String: Any]
        let eps = b?["episodes"] as? [[String: Any]] ?? []
        XCTAssertFalse(eps.isEmpty)
        for e in eps {
            XCTAssertNotNil(e["first_seen"] as? String)
            XCTAssertNotNil(e["ongoing"] as? Bool)
            XCTAssertGreaterThanOrEqual(e["duration_seconds"] as? Int ?? -1, 0)
        }
        XCTAssertEqual(b?["episode_gap_seconds"] as? Int, 1800)
        let bad = try bw(["report", "--episode-gap", "soon"], stdin: Data())
        XCTAssertEqual(bad.status, 64)
        let badEgress = try bw(["report", "--egress", "out2=nope"], stdin: Data())
        XCTAssertEqual(badEgress.status, 64)
        XCTAssertTrue(badEgress.stderr.contains("not an IP address"))
    }
}
