import XCTest
@testable import BWReport
import BWEngine
import Foundation

final class RenderTests: XCTestCase {
    func testJSONQuoteEscapesEveryControlCharacter() throws {
        let hostile = "a\"b\\c\n\r\t\u{0}\u{1B}[31m\u{7F}\u{2028}é"
        let quoted = JSONWriter.quote(hostile)
        XCTAssertEqual(quoted, #""a\"b\\c\n\r\t\u0000\u001b[31m\u007f\u2028é""#)
        // And it parses back to the same string.
        let back = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
        XCTAssertEqual(back, [hostile])
        // Multi-byte text passes through; U+2029 and a trailing control byte are escaped too.
        XCTAssertEqual(JSONWriter.quote("ü€😀\u{2029}x\u{1F}"), #""ü€😀\u2029x\u001f""#)
        XCTAssertEqual(JSONWriter.quote(""), #""""#)
        XCTAssertEqual(JSONWriter.quote("\u{2027}\u{202A}"), "\"\u{2027}\u{202A}\"")
    }

    /// CSV cells: RFC 4180 quoting, and a cell a spreadsheet would run as a formula behind an apostrophe (log text names
    /// providers, lists and domains).
    func testCSVCellsAreQuotedAndNeverFormulas() {
        XCTAssertEqual(ReportCSV.cell("spamhaus-zen"), "spamhaus-zen")
        XCTAssertEqual(ReportCSV.cell("a,b"), "\"a,b\"")
        XCTAssertEqual(ReportCSV.cell("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(ReportCSV.cell("=HYPERLINK(\"http://x.example\")"), "\"'=HYPERLINK(\"\"http://x.example\"\")\"")
        for lead in ["+", "-", "@"] { XCTAssertEqual(ReportCSV.cell(lead + "1"), "'" + lead + "1") }
        XCTAssertEqual(ReportCSV.cell("a\u{1B}[2Jb"), "a\\x1b[2Jb")
        XCTAssertEqual(ReportCSV.cell("two\nlines"), "\"two\nlines\"")
    }

    func testTerminalSafeNeutralisesEscapes() {
        XCTAssertEqual(terminalSafe("ok \u{1B}]0;title\u{7} \u{9B}2J"), "ok \\x1b]0;title\\x07 \\x9b2J")
        XCTAssertEqual(terminalSafe("plain ünïcode"), "plain ünïcode")
        // a direction override would reorder the rest of the report's line (a recipient domain "\u{202E}moc.elpmaxe")
        XCTAssertEqual(terminalSafe("a\u{202E}cba\u{2066}x\u{200F}"), "a\\u{202e}cba\\u{2066}x\\u{200f}")
    }

    func testNumbersAndDurations() {
        XCTAssertEqual(grouped(1234567), "1,234,567")
        XCTAssertEqual(grouped(-1000), "-1,000")
        XCTAssertEqual(grouped(999), "999")
        XCTAssertEqual(duration(59), "59s")
        XCTAssertEqual(duration(4200), "1h 10m")
        XCTAssertEqual(duration(90061), "1d 1h")
        XCTAssertEqual(capped(["a", "b", "c", "d"], 2), "a,b,+2")
    }

    func sample() -> Snapshot {
        var s = Snapshot()
        s.totals.lines = 10
        s.totals.sent = 3
        s.totals.bounced = 2
        s.categories = ["blocklist": 1, "user-unknown": 1]
        var users = DistinctCounter()
        users.insert(stableHash("alice"))
        s.blocklist.attempts = 1
        s.blocklist.users = users
        s.blocklist.firstSeen = 1_795_000_000
        s.blocklist.lastSeen = 1_795_000_000
        s.blocklist.listedIPs = [ListedIPRow(ip: "203.0.113.5", attempts: 1, providers: ["microsoft"], lists: ["spamhaus-zen": 1],
                                             firstSeen: 1_795_000_000, lastSeen: 1_795_000_000, users: users,
                                             delist: ["https://check.spamhaus.org/"])]
        s.blocklist.listedDomains = [
            ListedRow(subject: "bad\u{1B}[1mdomain.example", attempts: 2, providers: ["gmail"], lists: ["spamhaus-dbl": 2],
                      firstSeen: 1_795_000_000, lastSeen: 1_795_000_050, users: users, delist: ["https://check.spamhaus.org/"]),
            ListedRow(subject: "", attempts: 1, providers: ["other"], lists: ["surbl-multi": 1],
                      firstSeen: 1_795_000_000, lastSeen: 1_795_000_000, users: users, delist: [])]
        s.blocklist.providers = [ProviderRow(provider: "microsoft", attempts: 1, users: users, recipientDomains: ["\u{1B}[2Jevil.example": 1])]
        s.blocklist.operators = [OperatorRow(operatorName: "spamhaus", lists: ["spamhaus-zen": 1], attempts: 1, users: users, delist: [])]
        s.firstTime = 1_795_000_000
        s.lastTime = 1_795_000_100
        return s
    }

    func testJSONReportIsValidAndCarriesTheSchema() throws {
        let out = ReportJSON.render(sample(), version: "test")
        let j = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        XCTAssertEqual(j["schema"] as? String, "bouncewatch.report/1")
        let b = j["blocklist"] as! [String: Any]
        XCTAssertEqual(b["affected_users"] as? Int, 1)
        XCTAssertEqual(b["affected_users_estimate"] as? String, "exact")
        let cats = j["categories"] as! [String: Int]
        XCTAssertEqual(cats.count, Category.allCases.count, "every category is present, zeros included")
        XCTAssertEqual(cats["blocklist"], 1)
        let domains = b["listed_domains"] as! [[String: Any]]
        XCTAssertEqual(domains.map { $0["domain"] as? String }, ["bad\u{1B}[1mdomain.example", nil], "JSON escapes; an unnamed domain is null")
        XCTAssertEqual(domains.map { $0["attempts"] as? Int }, [2, 1])
        XCTAssertEqual(domains.first?["lists"] as? [String: Int], ["spamhaus-dbl": 2])
    }

    func testTextReportEscapesLogDerivedText() {
        let out = ReportText.render(sample(), style: TextStyle(color: false))
        XCTAssertTrue(out.contains("BLOCKLISTED: 1 listed IP"))
        XCTAssertFalse(out.contains("\u{1B}[2J"), "a recipient domain from the log cannot clear the screen")
        XCTAssertTrue(out.contains("\\x1b[2Jevil.example"))
        XCTAssertTrue(out.contains("BLOCKLISTED: 1 listed IP, 2 listed domains, "))
        XCTAssertTrue(out.contains("LISTED DOMAIN"))
        XCTAssertTrue(out.contains("bad\\x1b[1mdomain.example"), "a listed domain is log text too")
        XCTAssertTrue(out.contains("(not named)"))
    }

    func testSnapshotRoundTrip() throws {
        var s = sample()
        s.normalize()
        let text = SnapshotJSON.render(s, version: "test")
        let back = try SnapshotJSON.decode(Data(text.utf8), name: "t")
        XCTAssertEqual(back.blocklist, s.blocklist)
        XCTAssertEqual(back.totals, s.totals)
        XCTAssertEqual(back.categories, s.categories)
        XCTAssertEqual(back.exposureHours, 1)
        XCTAssertThrowsError(try SnapshotJSON.decode(Data("{\"schema\":\"other\"}".utf8), name: "x"))
        // The exposure bucket width travels with the snapshot; a width that is no power of two is refused.
        s.exposureHours = 4
        let wide = try SnapshotJSON.decode(Data(SnapshotJSON.render(s, version: "test").utf8), name: "t")
        XCTAssertEqual(wide.exposureHours, 4)
        let bad = SnapshotJSON.render(s, version: "test").replacingOccurrences(of: "\"exposure_hours\":4", with: "\"exposure_hours\":3")
        XCTAssertNotEqual(bad, SnapshotJSON.render(s, version: "test"), "the field is where the test expects it")
        XCTAssertThrowsError(try SnapshotJSON.decode(Data(bad.utf8), name: "t"))
    }
}
