import XCTest
import Foundation

/// Both cores: a split run must equal the sequential one number for number.
final class ParallelTests: XCTestCase {
    func comparable(_ j: [String: Any]) -> NSDictionary {
        var j = j
        j["generator"] = nil
        j["classifier"] = nil   // cache statistics differ by construction
        return j as NSDictionary
    }

    func testSplitRunsEqualTheSequentialRun() throws {
        let all = ["fixtures/postfix-bsd.log", "fixtures/postfix-rfc3339.log", "fixtures/exim-mainlog", "fixtures/postfix-gz.log.gz"]
        for inputs in all.map({ [$0] }) + [all] {
            let one = try bw(["report", "-f", "json", "--timezone", "UTC", "-j", "1", "--keep-order"] + inputs)
            XCTAssertEqual(one.status, 0, one.stderr)
            for jobs in ["2", "3", "5", "9"] {
                // --split-above 1000 cuts every plain fixture at line boundaries into `jobs` parts.
                let many = try bw(["report", "-f", "json", "--timezone", "UTC", "-j", jobs, "--split-above", "1000", "--keep-order"] + inputs)
                XCTAssertEqual(many.status, 0, many.stderr)
                XCTAssertEqual(comparable(many.json), comparable(one.json), "\(inputs) with -j \(jobs)")
            }
        }
    }

    func testMessagesSpanningEveryCutAreStitched() throws {
        // Each message's lines are far apart: client= early, deliveries in a later part, removed last.
        var head = "", mid = "", tail = ""
        for i in 0..<300 {
            let q = String(format: "%010X", 0xA00000 + i)
            head += "Nov 28 09:00:00 relay1 postfix/smtpd[1]: \(q): client=c.example.net[192.0.2.\(i % 200 + 1)], sasl_method=PLAIN, sasl_username=user\(i % 120)\n"
            head += "Nov 28 09:00:01 relay1 postfix/cleanup[2]: \(q): message-id=<\(q)@example.net>\n"
            mid += "Nov 28 10:00:00 relay1 postfix/qmgr[3]: \(q): from=<sender\(i)@example.com>, size=100, nrcpt=1 (queue active)\n"
            mid += "Nov 28 10:00:01 relay1 postfix/smtp[4]: \(q): to=<r\(i)@example.org>, relay=mx.example.org[198.51.100.2]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (host mx.example.org[198.51.100.2] said: \(i % 3 == 0 ? "554 5.7.1 Rejected: d\(i % 4).example is listed at dbl.spamhaus.org" : "554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org") (in reply to RCPT TO command))\n"
            tail += "Nov 28 11:00:00 relay1 postfix/qmgr[3]: \(q): removed\n"
        }
        let path = try cliTemp(Data((head + mid + tail).utf8), name: "spanning.log")
        let one = try bw(["report", "-f", "json", "--timezone", "UTC", "-j", "1", path])
        XCTAssertEqual((one.json["totals"] as? [String: Any])?["messages"] as? Int, 300)
        XCTAssertEqual((one.json["blocklist"] as? [String: Any])?["affected_users"] as? Int, 120, "SASL users, not senders")
        let domains = (one.json["blocklist"] as? [String: Any])?["listed_domains"] as? [[String: Any]] ?? []
        XCTAssertEqual(domains.compactMap { $0["domain"] as? String }.sorted(), ["d0.example", "d1.example", "d2.example", "d3.example"])
        XCTAssertEqual(domains.compactMap { $0["attempts"] as? Int }.reduce(0, +), 100, "every third message of 300")
        let ips = (one.json["blocklist"] as? [String: Any])?["listed_ips"] as? [[String: Any]] ?? []
        XCTAssertEqual(ips.first?["attempts"] as? Int, 200)
        for jobs in ["2", "4", "7"] {
            let many = try bw(["report", "-f", "json", "--timezone", "UTC", "-j", jobs, "--split-above", "1000", path])
            XCTAssertEqual(comparable(many.json), comparable(one.json), "-j \(jobs)")
        }
    }
}
