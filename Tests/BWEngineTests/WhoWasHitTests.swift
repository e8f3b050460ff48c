import Foundation
import XCTest
@testable import BWEngine

/// Builds Exim lines: one message per user, sent through `egress`, to `rcpt`, refused or not.
func eximMessage(_ n: Int, date: String = "2026-11-28", time: String, user: String, egress: String, rcpt: String, refusal: String?) -> String {
    let id = String(format: "1tG%03d-%06d-Ab", n % 1000, n)
    var s = "\(date) \(time) \(id) <= \(user)@example.com H=c.example.net [192.0.2.\(n % 250 + 1)] I=[\(egress)]:587 P=esmtpsa A=plain:\(user) S=100\n"
    if let refusal {
        s += "\(date) \(time) \(id) ** \(rcpt) R=dnslookup T=remote_smtp H=mx.example.org [198.51.100.20] I=[\(egress)]: SMTP error from remote mail server after RCPT TO:<\(rcpt)>: \(refusal)\n"
    } else {
        s += "\(date) \(time) \(id) => \(rcpt) R=dnslookup T=remote_smtp H=mx.example.org [198.51.100.20] I=[\(egress)] C=\"250 OK\"\n"
    }
    s += "\(date) \(time) \(id) Completed\n"
    return s
}

let spamhaus = "550 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org"
let spamhausNoIP = "550 5.7.1 blocked using zen.spamhaus.org"

final class WhoWasHitTests: XCTestCase {
    func testEpisodesSplitOnTheQuietGapAndExposureCountsSendersDuringThem() throws {
        var log = ""
        // Episode 1: 09:00–10:00 refusals; alice & bob refused, carol sent fine through the same IP at 09:30.
        log += eximMessage(1, time: "09:00:00", user: "alice", egress: "203.0.113.5", rcpt: "a@example.org", refusal: spamhaus)
        log += eximMessage(2, time: "09:30:00", user: "carol", egress: "203.0.113.5", rcpt: "c@example.org", refusal: nil)
        log += eximMessage(3, time: "10:00:00", user: "bob", egress: "203.0.113.5", rcpt: "b@example.org", refusal: spamhaus)
        // dave sends through another address: never exposed.
        log += eximMessage(4, time: "09:30:00", user: "dave", egress: "203.0.113.9", rcpt: "d@example.org", refusal: nil)
        // erin sends at 13:00, between the episodes: not exposed.
        log += eximMessage(5, time: "13:00:00", user: "erin", egress: "203.0.113.5", rcpt: "e@example.org", refusal: nil)
        // Episode 2 after a quiet gap of more than 6 h: 17:00; the text names no IP, I= decides.
        log += eximMessage(6, time: "17:00:00", user: "frank", egress: "203.0.113.5", rcpt: "f@example.org", refusal: spamhausNoIP)
        let s = try analyze(log)
        let eps = s.blocklist.episodes.filter { $0.ip == "203.0.113.5" }
        XCTAssertEqual(eps.count, 2)
        XCTAssertEqual(eps.map { rfc3339($0.first) }, ["2026-11-28T09:00:00Z", "2026-11-28T17:00:00Z"])
        XCTAssertEqual(eps.map { rfc3339($0.last) }, ["2026-11-28T10:00:00Z", "2026-11-28T17:00:00Z"])
        XCTAssertEqual(eps.map(\.attempts), [2, 1])
        XCTAssertEqual(eps[0].users.count, 2)
        XCTAssertEqual(s.exposedUsers(ip: "203.0.113.5", first: eps[0].first, last: eps[0].last)?.count, 3, "alice, bob and carol")
        XCTAssertEqual(s.exposedUsers(ip: "203.0.113.5")?.count, 4, "plus frank in episode 2; erin and dave never")
        XCTAssertFalse(s.isOngoing(eps[0]))
        XCTAssertTrue(s.isOngoing(eps[1]), "the last refusal is the end of the log")
        XCTAssertEqual(s.egress.map(\.ip), ["203.0.113.5", "203.0.113.9"])
        XCTAssertEqual(s.egress.first?.source, "exim")
    }

    func testExposureBucketsWidenBeyondTheirBoundAndStillCoverTheEpisode() throws {
        // u0…u23 send through 203.0.113.5 one per hour; alice and bob are refused at 09:00 and 10:00.
        var log = ""
        for h in 0..<24 {
            log += eximMessage(100 + h, time: String(format: "%02d:30:00", h), user: "u\(h)", egress: "203.0.113.5", rcpt: "r\(h)@example.org", refusal: nil)
        }
        log += eximMessage(1, time: "09:00:00", user: "alice", egress: "203.0.113.5", rcpt: "a@example.org", refusal: spamhaus)
        log += eximMessage(2, time: "10:00:00", user: "bob", egress: "203.0.113.5", rcpt: "b@example.org", refusal: spamhaus)
        let exact = try analyze(log)
        XCTAssertEqual(exact.exposureHours, 1)
        let ep = try XCTUnwrap(exact.blocklist.episodes.first { $0.ip == "203.0.113.5" })
        XCTAssertEqual(exact.exposedUsers(ip: "203.0.113.5", first: ep.first, last: ep.last)?.count, 4, "u9, u10, alice, bob")

        // A bound of 8 buckets, read in time order: the 9th hourly bucket (08:xx) widens them to 2 h
        // (5 buckets, still more than half the bound) and then to 4 h (3 buckets); 12:00, 16:00 and
        // 20:00 add three more: 6 buckets of 4 h.
        let bounded = try analyze(log) { $0.maxExposureBuckets = 8 }
        XCTAssertEqual(bounded.exposureHours, 4)
        XCTAssertEqual(bounded.channels.values.reduce(0) { $0 + $1.exposure.count }, 6)
        XCTAssertEqual(bounded.channels.values.flatMap { $0.exposure.keys }.map { $0 % 4 }, Array(repeating: 0, count: 6), "aligned to 4 h")
        // 09:00–10:00 lies in the 08:00–12:00 bucket: u8…u11 and alice and bob (a wider, upper bound).
        XCTAssertEqual(bounded.exposedUsers(ip: "203.0.113.5", first: ep.first, last: ep.last)?.count, 6)
        XCTAssertEqual(bounded.exposedUsers(ip: "203.0.113.5")?.count, 6)

        // Merging an hourly part into a 4-hour one re-buckets it: zoe's 02:00 the next day → 00:00–04:00.
        let next = eximMessage(300, date: "2026-11-29", time: "02:00:00", user: "zoe", egress: "203.0.113.5", rcpt: "z@example.org", refusal: nil)
        let hourly = try analyze(next)
        XCTAssertEqual(hourly.exposureHours, 1)
        var merged = bounded
        merged.merge(hourly)
        XCTAssertEqual(merged.exposureHours, 4)
        XCTAssertEqual(merged.channels.values.flatMap { $0.exposure.keys }.filter { $0 % 4 != 0 }, [])
        XCTAssertEqual(merged.channels.values.reduce(0) { $0 + $1.exposure.count }, 7)
        // And a merge past the bound widens again.
        // And past a bound widens again: 7 buckets of 4 h → 4 of 8 h (00, 08, 16 and the next day's 00).
        merged.boundExposure(maxBuckets: 4)
        XCTAssertEqual(merged.exposureHours, 8)
        XCTAssertEqual(merged.channels.values.reduce(0) { $0 + $1.exposure.count }, 4)
        XCTAssertEqual(merged.exposedUsers(ip: "203.0.113.5")?.count, 10, "u8…u15, alice, bob in 08:00–16:00")
    }

    func testRecipientsDomainsAndClients() throws {
        var log = ""
        log += eximMessage(1, time: "09:00:00", user: "alice", egress: "203.0.113.5", rcpt: "x@one.example", refusal: spamhaus)
        log += eximMessage(2, time: "09:01:00", user: "alice", egress: "203.0.113.5", rcpt: "X@One.Example", refusal: spamhaus)
        log += eximMessage(3, time: "09:02:00", user: "bob", egress: "203.0.113.5", rcpt: "y@two.example", refusal: spamhaus)
        let s = try analyze(log)
        XCTAssertEqual(s.blocklist.recipients.count, 2, "case-folded")
        XCTAssertEqual(s.blocklist.recipientDomains.count, 2)
        XCTAssertEqual(s.blocklist.clientIPs.count, 3)
        XCTAssertEqual(s.blocklist.providers.first?.recipientDomains["one.example"], 2)
    }

    func testRecipientDomainsStayBoundedWithManyDistinctDomains() throws {
        // 20,000 blocked deliveries, each to its own domain, with three domains that are refused
        // again and again throughout (every 97th, 151st and 211th delivery, the first one
        // included). Expected values are counted here, as the log is written.
        let refusal = "host mx.example.org[198.51.100.20] said: 554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org (in reply to RCPT TO command)"
        var lines: [String] = []
        var heavy: [String: Int] = [:]
        var distinct = Set<String>()
        for i in 0..<20_000 {
            var domain = "d\(i).example"
            if i % 211 == 0 { domain = "heavy3.example" }
            if i % 151 == 0 { domain = "heavy2.example" }
            if i % 97 == 0 { domain = "heavy1.example" }
            if domain.hasPrefix("heavy") { heavy[domain, default: 0] += 1 }
            distinct.insert(domain)
            let id = String(i + 1, radix: 16, uppercase: true)
            let qid = String(repeating: "A", count: 10 - id.count) + id
            lines.append("Nov 28 09:\(String(format: "%02d", (i / 600) % 60)):\(String(format: "%02d", (i / 10) % 60)) relay1 postfix/smtp[2]: \(qid): to=<u\(i)@\(domain)>, relay=mx.example.org[198.51.100.20]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (\(refusal))")
        }
        var opts = AnalyzerOptions()
        opts.year = 2026
        opts.timeZone = TimeZone(identifier: "UTC")!
        let a = Analyzer(classifier: Classifier(library: try testLibrary()), options: opts)
        a.beginInput(name: "test", modificationTime: nil)
        for l in lines { var t = l; t.withUTF8 { a.consume($0) } }
        a.endInput(compressed: false, bytes: 0, error: nil)
        let s = a.snapshot()

        XCTAssertEqual(s.blocklist.attempts, 20_000)
        XCTAssertLessThan(a.domains.count, Analyzer.nameTableLimit, "the domain interner starts over past its bound")
        let row = try XCTUnwrap(s.blocklist.providers.first)
        XCTAssertLessThanOrEqual(row.recipientDomains.count, DomainTally.capacity)
        for (d, n) in heavy { XCTAssertEqual(row.recipientDomains[d], n, d) }
        let top = row.recipientDomains.sorted { $0.value > $1.value }.prefix(3).map(\.key)
        XCTAssertEqual(top, ["heavy1.example", "heavy2.example", "heavy3.example"])
        XCTAssertEqual(Double(row.recipientDomainCount.count), Double(distinct.count), accuracy: Double(distinct.count) * 0.03)
        XCTAssertEqual(Double(s.blocklist.recipientDomains.count), Double(distinct.count), accuracy: Double(distinct.count) * 0.03)

        // Merged with itself: counts of the top domains double, the distinct count does not.
        var m = s
        m.merge(s)
        let mrow = try XCTUnwrap(m.blocklist.providers.first)
        for (d, n) in heavy { XCTAssertEqual(mrow.recipientDomains[d], 2 * n, d) }
        XCTAssertLessThanOrEqual(mrow.recipientDomains.count, DomainTally.capacity)
        XCTAssertEqual(mrow.recipientDomainCount.count, row.recipientDomainCount.count)
    }

    func testPostfixEgressFromTheMapAndInferred() throws {
        let noIP = "host mx.example.org[198.51.100.20] said: 554 5.7.1 Service unavailable; blocked using zen.spamhaus.org (in reply to RCPT TO command)"
        let log = """
        Nov 28 09:00:00 relay1 postfix/qmgr[1]: 3F1A2B4C5D: from=<alice@example.com>, size=1, nrcpt=1 (queue active)
        Nov 28 09:00:01 relay1 postfix-out2/smtp[2]: 3F1A2B4C5D: to=<a@example.org>, relay=mx.example.org[198.51.100.20]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (\(noIP))
        Nov 28 09:00:02 relay1 postfix/qmgr[1]: 4F1A2B4C5D: from=<bob@example.com>, size=1, nrcpt=1 (queue active)
        Nov 28 09:00:03 relay1 postfix/smtp[2]: 4F1A2B4C5D: to=<b@example.org>, relay=mx.example.org[198.51.100.20]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (host mx.example.org[198.51.100.20] said: \(spamhaus) (in reply to RCPT TO command))
        Nov 28 09:00:04 relay1 postfix/qmgr[1]: 5F1A2B4C5D: from=<carol@example.com>, size=1, nrcpt=1 (queue active)
        Nov 28 09:00:05 relay1 postfix/smtp[2]: 5F1A2B4C5D: to=<c@example.org>, relay=mx.example.org[198.51.100.20]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)
        """
        let s = try analyze(log) { try $0.egress.add(spec: "relay1:postfix-out2=203.0.113.6") }
        // The out2 refusal names no IP: the map says 203.0.113.6. The default instance's
        // refusal names 203.0.113.5, which becomes that channel's inferred address.
        XCTAssertEqual(Set(s.blocklist.listedIPs.map(\.ip)), ["203.0.113.5", "203.0.113.6"])
        let sources = Dictionary(uniqueKeysWithValues: s.egress.map { ($0.ip, $0.source) })
        XCTAssertEqual(sources["203.0.113.6"], "map")
        XCTAssertEqual(sources["203.0.113.5"], "inferred")
        XCTAssertEqual(s.exposedUsers(ip: "203.0.113.5")?.count, 2, "bob (refused) and carol (sent) via the default instance")
        XCTAssertEqual(s.exposedUsers(ip: "203.0.113.6")?.count, 1)
    }

    func testEgressSpecs() throws {
        var m = EgressMap()
        try m.add(spec: "203.0.113.1")
        try m.add(spec: "postfix-out2=203.0.113.2")
        try m.add(spec: "relay9:postfix-out2=203.0.113.3")
        XCTAssertEqual(m.ip(host: "relay1", instance: "postfix"), "203.0.113.1")
        XCTAssertEqual(m.ip(host: "relay1", instance: "postfix-out2"), "203.0.113.2")
        XCTAssertEqual(m.ip(host: "relay9", instance: "postfix-out2"), "203.0.113.3")
        XCTAssertThrowsError(try m.add(spec: "postfix=not-an-ip"))
    }

    func testPostfixConfigGivesEachInstanceItsAddress() throws {
        let dir = NSTemporaryDirectory() + "bw-pf-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        # main.cf
        smtp_bind_address = 203.0.113.5
        myhostname = relay1.example.net
        """.write(toFile: dir + "/main.cf", atomically: true, encoding: .utf8)
        try """
        smtp      inet  n       -       y       -       -       smtpd
        smtp      unix  -       -       y       -       -       smtp
        out2      unix  -       -       y       -       -       smtp
          -o smtp_bind_address=203.0.113.6
          -o syslog_name=postfix-out2
        relay     unix  -       -       y       -       -       smtp
            -o syslog_name=postfix/$service_name
        """.write(toFile: dir + "/master.cf", atomically: true, encoding: .utf8)
        var m = EgressMap()
        try m.addPostfixConfig(directory: dir)
        XCTAssertEqual(m.ip(host: "relay1", instance: "postfix"), "203.0.113.5")
        XCTAssertEqual(m.ip(host: "relay1", instance: "postfix-out2"), "203.0.113.6")
        XCTAssertEqual(m.ip(host: "relay1", instance: "postfix/relay"), "203.0.113.5")
        XCTAssertThrowsError(try m.addPostfixConfig(directory: "/nonexistent"))
    }

    func testRangesGroupListedIPsAndFlagRangeListings() throws {
        var log = ""
        log += eximMessage(1, time: "09:00:00", user: "alice", egress: "203.0.113.5", rcpt: "a@example.org",
                           refusal: "550 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org")
        log += eximMessage(2, time: "09:00:00", user: "bob", egress: "203.0.113.6", rcpt: "b@example.org",
                           refusal: "550 5.7.1 Service unavailable; Client host [203.0.113.6] blocked using zen.spamhaus.org")
        let s = try analyze(log)
        let r = s.ranges
        XCTAssertEqual(r.count, 1)
        XCTAssertEqual(r.first?.range, "203.0.113.0/24")
        XCTAssertEqual(r.first?.listedIPs, ["203.0.113.5", "203.0.113.6"])
        XCTAssertEqual(r.first?.egressInside, ["203.0.113.5", "203.0.113.6"])
        XCTAssertEqual(r.first?.rangeListing, false)
        XCTAssertEqual(cidrRange("2001:db8:1:2::25", v4: 24, v6: 48)?.text, "2001:db8:1::/48")
        XCTAssertEqual(cidrRange("192.0.2.77", v4: 16, v6: 48)?.text, "192.0.0.0/16")
    }

    func testDomainListingsAreCountedForTheDomainNotTheSendingAddress() throws {
        let dbl = "554 5.7.1 Rejected: example.org is listed at dbl.spamhaus.org"
        let surbl = "550 5.7.1 Message rejected because it contains a URL listed on multi.surbl.org"
        var log = ""
        // alice's domain on the DBL, bob's message twice on SURBL (no domain named): both sent through .6
        log += eximMessage(1, time: "09:00:00", user: "alice", egress: "203.0.113.6", rcpt: "a@example.net", refusal: dbl)
        log += eximMessage(2, time: "09:10:00", user: "bob", egress: "203.0.113.6", rcpt: "b1@example.net", refusal: surbl)
        log += eximMessage(3, time: "09:20:00", user: "bob", egress: "203.0.113.6", rcpt: "b2@example.net", refusal: surbl)
        // carol through .5, whose own address is listed (no IP in the text: I= decides)
        log += eximMessage(4, time: "09:30:00", user: "carol", egress: "203.0.113.5", rcpt: "c@example.net", refusal: spamhausNoIP)
        let s = try analyze(log, library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        let b = s.blocklist
        XCTAssertEqual(b.attempts, 4, "every listing is a blocklist refusal")
        XCTAssertEqual(b.users.count, 3)
        XCTAssertEqual(b.listedIPs.map(\.ip), ["203.0.113.5"], "203.0.113.6 sent the domain listings but is not listed")
        XCTAssertEqual(b.listedIPs.first?.attempts, 1)
        XCTAssertEqual(b.episodes.map(\.ip), ["203.0.113.5"])
        XCTAssertEqual(b.listedDomains.map(\.domain), ["", "example.org"], "most refused first; SURBL's text names no domain")
        XCTAssertEqual(b.listedDomains.map(\.attempts), [2, 1])
        XCTAssertEqual(b.listedDomains.map { $0.users.count }, [1, 1])
        XCTAssertEqual(b.listedDomains.map(\.lists), [["surbl-multi": 2], ["spamhaus-dbl": 1]])
        XCTAssertEqual(b.operators.first { $0.operatorName == "spamhaus" }?.lists, ["spamhaus-dbl": 1, "spamhaus-zen": 1])
        XCTAssertEqual(s.egress.map { e in "\(e.ip) \(b.listedIPs.contains { $0.ip == e.ip })" }, ["203.0.113.5 true", "203.0.113.6 false"])
    }

    func testAReceiverNoTableKnowsIsNamedByItsRelaysOrganisation() throws {
        func message(_ n: Int, _ user: String, mx: String, rcpt: String) -> String {
            let id = String(format: "1tH%03d-%06d-Ab", n, n)
            return "2026-11-28 09:00:0\(n) \(id) <= \(user)@example.com H=c.example.net [192.0.2.9] I=[203.0.113.5]:587 P=esmtpsa A=plain:\(user) S=100\n"
                + "2026-11-28 09:00:0\(n) \(id) ** \(rcpt) R=dnslookup T=remote_smtp H=\(mx) [198.51.100.20] I=[203.0.113.5]: SMTP error from remote mail server after RCPT TO:<\(rcpt)>: \(spamhausNoIP)\n"
                + "2026-11-28 09:00:0\(n) \(id) Completed\n"
        }
        var log = message(1, "alice", mx: "mx1.hartmann-bau.de", rcpt: "a@hartmann-bau.de")
        log += message(2, "bob", mx: "mx2.hartmann-bau.de", rcpt: "b@hartmann-bau.de")
        log += message(3, "carol", mx: "mx.outlook.com", rcpt: "c@outlook.com")
        log += message(4, "dave", mx: "mx.example.org", rcpt: "d@example.org")
        let s = try analyze(log, library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: s.blocklist.providers.map { ($0.provider, $0.attempts) }),
                       ["hartmann-bau": 2, "microsoft": 1, "other": 1], "a documentation domain names no organisation")
        XCTAssertEqual(s.blocklist.listedIPs.first?.providers, ["hartmann-bau", "microsoft", "other"])
    }

    func testReceiversNamedByTheirOrganisationAreBounded() throws {
        // 1,100 small sites refuse, each once: the first 1,024 are named, the rest are `other` (a memory bound)
        var log = ""
        for n in 0..<1100 {
            let id = String(format: "1tK%03d-%06d-Ab", n % 1000, n)
            let mx = "mx.firma\(n)-bau.de", rcpt = "info@firma\(n)-bau.de"
            log += "2026-11-28 09:00:00 \(id) <= u\(n)@example.com H=c.example.net [192.0.2.9] I=[203.0.113.5]:587 P=esmtpsa A=plain:u\(n) S=100\n"
                + "2026-11-28 09:00:00 \(id) ** \(rcpt) R=dnslookup T=remote_smtp H=\(mx) [198.51.100.20] I=[203.0.113.5]: SMTP error from remote mail server after RCPT TO:<\(rcpt)>: \(spamhausNoIP)\n"
                + "2026-11-28 09:00:00 \(id) Completed\n"
        }
        let s = try analyze(log, library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        XCTAssertEqual(Analyzer.maxNamedOrganisations, 1024)
        XCTAssertEqual(s.blocklist.providers.count, 1025)
        XCTAssertEqual(s.blocklist.providers.first { $0.provider == "other" }?.attempts, 76)
        XCTAssertEqual(s.blocklist.attempts, 1100)
    }

    func testApproximateCountsStayWithinTheirErrorAndSayApproximate() throws {
        var log = ""
        for i in 0..<20_000 {
            log += eximMessage(i, time: "09:00:00", user: "user\(i)", egress: "203.0.113.5", rcpt: "r\(i % 7000)@d\(i % 7000 % 300).example", refusal: spamhaus)
        }
        let s = try analyze(log)
        let users = s.blocklist.users
        XCTAssertFalse(users.isExact)
        XCTAssertLessThan(abs(Double(users.count) - 20_000) / 20_000, 3 * users.relativeError)
        XCTAssertLessThan(abs(Double(s.blocklist.recipients.count) - 7000) / 7000, 3 * users.relativeError)
        XCTAssertEqual(s.blocklist.recipientDomains.count, 300)
        XCTAssertTrue(s.blocklist.recipientDomains.isExact)
        let exposed = s.exposedUsers(ip: "203.0.113.5")!
        XCTAssertLessThan(abs(Double(exposed.count) - 20_000) / 20_000, 3 * exposed.relativeError)
    }

    func testMergeOfPartsEqualsOneRunEvenWithSketches() throws {
        var a = "", b = ""
        for i in 0..<12_000 {
            let line = eximMessage(i, time: String(format: "%02d:%02d:00", 8 + (i % 10), i % 60), user: "user\(i % 10_000)",
                                   egress: i % 3 == 0 ? "203.0.113.5" : "203.0.113.6", rcpt: "r\(i)@example.org",
                                   refusal: i % 2 == 0 ? spamhausNoIP
                                       : i % 3 == 1 ? "554 5.7.1 Rejected: d\(i % 5).example is listed at dbl.spamhaus.org" : nil)
            if i % 2 == 0 { a += line } else { b += line }
        }
        let shipped = try PatternLibrary.load(directories: [repoRoot + "/patterns"])   // its DBL rule
        var merged = try analyze(a, library: shipped)
        merged.merge(try analyze(b, library: shipped))
        var single = try analyze(a + b, library: shipped)
        // Inputs differ by construction (one test input vs two); everything else must be equal.
        merged.inputs = []; single.inputs = []
        single.classifier = merged.classifier
        XCTAssertEqual(merged.blocklist, single.blocklist)
        XCTAssertEqual(merged.totals, single.totals)
        XCTAssertEqual(merged.exposure, single.exposure)
        XCTAssertEqual(merged.egress, single.egress)
        XCTAssertFalse(merged.blocklist.users.isExact, "the test crosses the exact bound")
        XCTAssertEqual(merged.blocklist.listedDomains.count, 5, "d0 … d4.example, listed in both parts")
        XCTAssertEqual(merged.blocklist.listedDomains.map(\.attempts).reduce(0, +), 2000, "odd i with i % 3 == 1: 2,000 of 12,000")
    }

    func testSketchFoldAcrossPrecisions() {
        var hi = DistinctCounter(), lo = DistinctCounter(precision: 12, exactLimit: 256)
        for i in 0..<50_000 { hi.insert(stableHash("a\(i)")) }
        for i in 25_000..<75_000 { lo.insert(stableHash("a\(i)")) }
        var m = lo
        m.merge(hi)
        XCTAssertEqual(m.p, 12)
        XCTAssertLessThan(abs(Double(m.count) - 75_000) / 75_000, 3 * m.relativeError)
        var m2 = hi
        m2.merge(lo)
        XCTAssertEqual(m2.p, 12, "merging lowers to the coarser precision")
        XCTAssertEqual(m2.count, m.count)
    }
}
