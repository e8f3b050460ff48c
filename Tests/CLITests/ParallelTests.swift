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

    /// Two syslog hosts whose names are no valid UTF-8 (damaged lines) and differ only in those bytes, each with a
    /// message of the same queue ID spanning the cut: the stitch keeps them apart (they had met as one host of
    /// replacement characters: a fuzzed log's split run counted 996 messages where the sequential run counted 989).
    func testHostsThatAreNoValidUTF8StayApartAcrossTheCut() throws {
        var log = Data()
        func line(_ host: [UInt8], _ rest: String) { log += Data("Nov 28 09:00:00 ".utf8) + Data(host) + Data((" " + rest + "\n").utf8) }
        let hosts: [[UInt8]] = [[0x72, 0xFF, 0x31], [0x72, 0xFE, 0x31], [0x72, 0xC3, 0x31]]
        for (k, h) in hosts.enumerated() {
            line(h, "postfix/smtpd[1]: 4F3C2A1B0C: client=c.example.net[192.0.2.\(k + 1)], sasl_method=PLAIN, sasl_username=user\(k)")
        }
        for i in 0..<300 {
            line([0x66, 0x69, 0x6C, 0x6C], "postfix/qmgr[3]: \(String(format: "%010X", 0xE00000 + i)): removed")
        }
        for (k, h) in hosts.enumerated() {
            line(h, "postfix/smtp[4]: 4F3C2A1B0C: to=<r\(k)@example.org>, relay=mx.example.org[198.51.100.2]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (host mx.example.org[198.51.100.2] said: 554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org (in reply to RCPT TO command))")
            line(h, "postfix/qmgr[3]: 4F3C2A1B0C: removed")
        }
        let path = try cliTemp(log, name: "damaged-hosts.log")
        let one = try bw(["report", "-f", "json", "--timezone", "UTC", "-j", "1", path])
        XCTAssertEqual((one.json["totals"] as? [String: Any])?["messages"] as? Int, 303)
        XCTAssertEqual((one.json["blocklist"] as? [String: Any])?["affected_users"] as? Int, 3, "each host's SASL user")
        for jobs in ["2", "3"] {
            let many = try bw(["report", "-f", "json", "--timezone", "UTC", "-j", jobs, "--split-above", "1000", path])
            XCTAssertEqual(comparable(many.json), comparable(one.json), "-j \(jobs)")
        }
    }

    func testOrganisationsAreNamedAsInOneRun() throws {
        // More receivers named by their MX's organisation than the bound (1,024): which ones a run names depends on
        // what came before, so a later part cannot name them on its own; the stitch does, over the whole run.
        var head = "", body = "", tail = ""
        var n = 0
        func message(_ relay: String, _ domain: String, _ text: String, spanning: Bool) {
            let q = String(format: "%010X", 0xB00000 + n)
            n += 1
            let start = "Nov 28 \(spanning ? "09" : "10"):00:00 relay1 postfix/smtpd[1]: \(q): client=c.example.net[192.0.2.\(n % 200 + 1)], sasl_method=PLAIN, sasl_username=user\(n % 97)\n"
            if spanning { head += start } else { body += start }
            body += "Nov 28 10:00:01 relay1 postfix/smtp[4]: \(q): to=<u\(n)@\(domain)>, relay=\(relay)[198.51.100.2]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (host \(relay)[198.51.100.2] said: \(text) (in reply to RCPT TO command))\n"
            let removed = "Nov 28 11:00:00 relay1 postfix/qmgr[3]: \(q): removed\n"
            if spanning { tail += removed } else { body += removed }
        }
        let zen = "554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org"
        let own = "550 5.7.1 Your IP address 203.0.113.6 has been blocked"
        for i in 0..<700 { message("mx.alpha\(i).de", "example.org", zen, spanning: false) }
        for i in 0..<700 { message("mx.beta\(i).de", "example.org", zen, spanning: i % 2 == 0) }
        // past the bound the relay's organisation is not named, the recipient domain's (named before) is
        for i in 0..<700 { message("mx.beta\(i).de", "alpha\(i).com", own, spanning: i % 3 == 0) }
        for i in 0..<700 { message("mx.alpha\(i).de", "example.org", own, spanning: false) }
        let path = try cliTemp(Data((head + body + tail).utf8), name: "organisations.log")
        let one = try bw(["report", "-f", "json", "--timezone", "UTC", "-j", "1", "--top", "2000", path])
        XCTAssertEqual(one.status, 0, one.stderr)
        let providers = (one.json["blocklist"] as? [String: Any])?["providers"] as? [[String: Any]] ?? []
        XCTAssertEqual(providers.count, 1025, "1,024 organisations and other")
        XCTAssertEqual(providers.first { $0["provider"] as? String == "other" }?["attempts"] as? Int, 376, "beta324…699's zen refusals")
        XCTAssertEqual(providers.first { $0["provider"] as? String == "alpha500" }?["attempts"] as? Int, 3)
        for jobs in ["2", "3", "5"] {
            let many = try bw(["report", "-f", "json", "--timezone", "UTC", "-j", jobs, "--split-above", "1000", "--top", "2000", path])
            XCTAssertEqual(many.status, 0, many.stderr)
            XCTAssertEqual(comparable(many.json), comparable(one.json), "-j \(jobs)")
        }
    }
}
