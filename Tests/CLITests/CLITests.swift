import XCTest
import Foundation

/// Runs the built `bouncewatch` binary (no shell: an argument array) and captures its output.
struct CLIRun {
    let status: Int32
    let stdout: String
    let stderr: String
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
    }
}

let cliRepoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func cliBinary(_ name: String) -> String {
    if let env = ProcessInfo.processInfo.environment["BOUNCEWATCH_BIN_DIR"] { return env + "/" + name }
    // On Linux the test bundle lives in the products directory.
    let products = Bundle.main.bundleURL
    let candidate = products.appendingPathComponent(name).path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    return cliRepoRoot + "/.build/debug/" + name
}

@discardableResult
func bw(_ args: [String], stdin: Data? = nil, env: [String: String] = [:], tool: String = "bouncewatch") throws -> CLIRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: cliBinary(tool))
    p.arguments = args
    var environment = ProcessInfo.processInfo.environment
    environment["TZ"] = "UTC"
    environment["BOUNCEWATCH_PATTERNS"] = cliRepoRoot + "/patterns"
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    p.currentDirectoryURL = URL(fileURLWithPath: cliRepoRoot)
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = inp
    try p.run()
    let writer = Thread {
        if let stdin { inp.fileHandleForWriting.write(stdin) }
        try? inp.fileHandleForWriting.close()
    }
    writer.start()
    final class Box: @unchecked Sendable { var data = Data(); var done = false }
    let box = Box()
    let errReader = Thread { box.data = err.fileHandleForReading.readDataToEndOfFile(); box.done = true }
    errReader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while !box.done { usleep(1000) }
    return CLIRun(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
               stderr: String(decoding: box.data, as: UTF8.self))
}

func cliTemp(_ bytes: Data, name: String = UUID().uuidString) throws -> String {
    let dir = NSTemporaryDirectory() + "bw-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/" + name
    try bytes.write(to: URL(fileURLWithPath: path))
    return path
}

func cliGzip(_ data: Data) throws -> Data {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/gzip")
    p.arguments = ["-c", "-n"]
    let i = Pipe(), o = Pipe()
    p.standardInput = i
    p.standardOutput = o
    try p.run()
    let w = Thread { i.fileHandleForWriting.write(data); try? i.fileHandleForWriting.close() }
    w.start()
    let out = o.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return out
}

let sampleLog = """
Nov 28 09:12:03 relay1 postfix/submission/smtpd[1234]: 3F1A2B4C5D: client=host.example.net[192.0.2.10], sasl_method=PLAIN, sasl_username=alice
Nov 28 09:12:03 relay1 postfix/qmgr[99]: 3F1A2B4C5D: from=<alice@example.com>, size=1234, nrcpt=2 (queue active)
Nov 28 09:12:04 relay1 postfix/smtp[555]: 3F1A2B4C5D: to=<x@outlook.com>, relay=outlook-com.olc.protection.outlook.com[52.101.0.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.7.1, status=bounced (host outlook-com.olc.protection.outlook.com[52.101.0.1] said: 550 5.7.1 Unfortunately, messages from [203.0.113.5] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. (in reply to RCPT TO command))
Nov 28 09:12:04 relay1 postfix/smtp[555]: 3F1A2B4C5D: to=<y@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 12345)
Nov 28 09:12:05 relay1 postfix/qmgr[99]: 3F1A2B4C5D: removed

"""

final class CLITests: XCTestCase {
    func testReportJSONFromStdinAndFromFile() throws {
        let viaStdin = try bw(["report", "--format", "json", "--year", "2026"], stdin: Data(sampleLog.utf8))
        XCTAssertEqual(viaStdin.status, 0, viaStdin.stderr)
        let j = viaStdin.json
        XCTAssertEqual(j["schema"] as? String, "bouncewatch.report/1")
        let totals = j["totals"] as? [String: Any]
        XCTAssertEqual(totals?["lines"] as? Int, 5)
        XCTAssertEqual(totals?["messages"] as? Int, 1)
        let deliveries = totals?["deliveries"] as? [String: Int]
        XCTAssertEqual(deliveries, ["sent": 1, "deferred": 0, "bounced": 1, "expired": 0])
        let block = j["blocklist"] as? [String: Any]
        XCTAssertEqual(block?["attempts"] as? Int, 1)
        XCTAssertEqual(block?["affected_users"] as? Int, 1)
        let ips = block?["listed_ips"] as? [[String: Any]]
        XCTAssertEqual(ips?.first?["ip"] as? String, "203.0.113.5")
        XCTAssertEqual(ips?.first?["providers"] as? [String], ["microsoft"])
        XCTAssertEqual(ips?.first?["first_seen"] as? String, "2026-11-28T09:12:04Z")

        let path = try cliTemp(Data(sampleLog.utf8))
        let viaFile = try bw(["report", "-f", "json", "--year", "2026", path])
        XCTAssertEqual(viaFile.status, 0)
        XCTAssertEqual((viaFile.json["blocklist"] as? [String: Any])?["attempts"] as? Int, 1)
        let dash = try bw(["report", "-f", "json", "--year", "2026", "-"], stdin: Data(sampleLog.utf8))
        XCTAssertEqual((dash.json["totals"] as? [String: Any])?["lines"] as? Int, 5)
    }

    func testTextReportLeadsWithTheAnswer() throws {
        let r = try bw(["report", "--year", "2026"], stdin: Data(sampleLog.utf8))
        XCTAssertEqual(r.status, 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.prefix(3).contains { $0.hasPrefix("BLOCKLISTED: 1 listed IP, 1 refused attempt since 2026-11-28 09:12 UTC, 1 user affected") }, r.stdout)
        let row = lines.first { $0.contains("203.0.113.5") }
        XCTAssertNotNil(row)
        XCTAssertTrue(row!.contains("microsoft"))
        XCTAssertFalse(r.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        let forced = try bw(["report", "--year", "2026", "--color", "always"], stdin: Data(sampleLog.utf8))
        XCTAssertTrue(forced.stdout.contains("\u{1B}[1;31mBLOCKLISTED"))
    }

    func testTruncatedGzipReportsFileAndOffsetKeepsCountsExitsOne() throws {
        let lines = (0..<4000).map { i in
            "Nov 28 09:\(String(format: "%02d", i % 60)):00 relay1 postfix/qmgr[99]: \(String(format: "%010X", i + 0x1000)): removed"
        }
        let gz = try cliGzip(Data((lines.joined(separator: "\n") + "\n").utf8))
        let cut = gz.prefix(gz.count * 2 / 3)
        let path = try cliTemp(cut, name: "mail.log.1.gz")
        let r = try bw(["report", "-f", "json", "--year", "2026", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("mail.log.1.gz: truncated gzip stream at byte \(cut.count)"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)")
        let t = r.json["totals"] as? [String: Any]
        let read = t?["lines"] as? Int ?? 0
        XCTAssertGreaterThan(read, 100, "the lines before the cut are counted")
        XCTAssertLessThan(read, 4000)
        XCTAssertEqual(t?["messages"] as? Int, read, "one message per line, none lost")
        XCTAssertEqual((r.json["errors"] as? [String])?.count, 1)
    }

    func testOneBadFileDoesNotStopTheOthers() throws {
        let good = try cliTemp(Data(sampleLog.utf8))
        let r = try bw(["report", "-f", "json", "--year", "2026", "/nonexistent/maillog", good])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("/nonexistent/maillog: cannot open"))
        XCTAssertEqual((r.json["blocklist"] as? [String: Any])?["attempts"] as? Int, 1)
    }

    func testBadFlagsAreUsageErrors() throws {
        let r = try bw(["report", "--format", "xml"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("xml"), r.stderr)
        let z = try bw(["report", "--timezone", "Mars/Olympus"])
        XCTAssertEqual(z.status, 64)
        XCTAssertTrue(z.stderr.contains("unknown time zone"))
    }

    func testHostileBytesNeverCrashAndAreEscaped() throws {
        var bytes = Data()
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
        bytes.append(contentsOf: Array("\nNov 28 09:12:03 h\u{1B}[31m postfix/smtp[1]: 3F1A2B4C5D: to=<a@b>, relay=x[1.2.3.4]:25, dsn=5.0.0, status=bounced (\u{1B}]0;pwned\u{7} blocked using zen.spamhaus.org [203.0.113.9] \u{0})\n".utf8))
        bytes.append(Data(repeating: 0x41, count: 200_000))   // one overlong line
        let path = try cliTemp(bytes)
        let r = try bw(["report", "--year", "2026", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stdout.contains("\u{1B}]0;"), "terminal escapes from logs are neutralised")
        let j = try bw(["report", "-f", "json", "--year", "2026", path])
        XCTAssertEqual(j.status, 0)
        XCTAssertFalse(j.json.isEmpty, "valid JSON whatever the input")
        XCTAssertEqual((j.json["totals"] as? [String: Any])?["overlong"] as? Int, 1)
    }

    func testClassifyJSONLinesAndRelay() throws {
        let input = "554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org\n550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in virtual mailbox table\n"
        let r = try bw(["classify", "--format", "json", "--relay", "cluster5.eu.messagelabs.com"], stdin: Data(input.utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        let objs = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(objs.count, 2)
        XCTAssertEqual(objs[0]["category"] as? String, "blocklist")
        XCTAssertEqual(objs[0]["operator"] as? String, "spamhaus")
        XCTAssertEqual(objs[0]["list"] as? String, "spamhaus-zen")
        XCTAssertEqual(objs[0]["listed_ip"] as? String, "203.0.113.5")
        XCTAssertEqual(objs[0]["provider"] as? String, "messagelabs")
        XCTAssertEqual(objs[1]["category"] as? String, "user-unknown")
        XCTAssertTrue(objs[1]["listed_ip"] is NSNull)
        let none = try bw(["classify", "--format", "json", "250 2.0.0 Ok"])
        let o = try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(o?["category"] as? String, "other")
        XCTAssertTrue(o?["rule"] is NSNull)
    }

    func testExplainShowsRuleGroupsAndVerdict() throws {
        let r = try bw(["explain", "554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("winner: "), r.stdout)
        XCTAssertTrue(r.stdout.contains("verdict: category=blocklist"))
        XCTAssertTrue(r.stdout.contains("listed_ip=203.0.113.5"))
        XCTAssertFalse(r.stdout.contains("rules read:"), "the text as given is what the rules read")
        // a pasted reply: explain shows what the rules read (wrapper cut, continuation codes, mask, entity)
        let p = try bw(["explain", "Remote Server returned '550-5.7.1 Unfortunately, messages from [x.x.x.x] 550-5.7.1 weren&#39;t sent. Please contact your Internet service provider since part of their network is on our block list (S3150).'"])
        XCTAssertTrue(p.stdout.contains("rules read: 550 5.7.1 Unfortunately, messages from [0.0.0.0] weren't sent. Please contact"), p.stdout)
        XCTAssertTrue(p.stdout.contains("listed_ip=-"), p.stdout)
        XCTAssertTrue(p.stdout.contains("group ip = \"0.0.0.0\" (a masked address: no listed IP)"), p.stdout)
        // a generic rule: explain says where the operator came from
        let g = try bw(["explain", "550 5.7.1 You are sending from an IP that is listed in the Mailspike reputation blacklist"])
        XCTAssertTrue(g.stdout.contains("operator=mailspike"), g.stdout)
        XCTAssertTrue(g.stdout.contains("operator: the text names the operator (\"mailspike\""), g.stdout)
        let z = try bw(["explain", "554 Client host [192.0.2.1] blocked using psbl.surriel.com"])
        XCTAssertTrue(z.stdout.contains("operator: the text names the zone psbl.surriel.com"), z.stdout)
        let l = try bw(["explain", "550 Rejected: IP in Barracuda RBL"])
        XCTAssertTrue(l.stdout.contains("operator: the list name the rule captured, \"Barracuda\", is a known operator"), l.stdout)
        // what the winning regex matched, and which branch of a long rule it was (the whole regex on request)
        XCTAssertTrue(l.stdout.contains("matched: \"IP in Barracuda RBL\""), l.stdout)
        XCTAssertTrue(l.stdout.contains("  branch ") && l.stdout.contains("(the whole regex: --full-regex)"), l.stdout)
        let full = try bw(["explain", "--full-regex", "550 Rejected: IP in Barracuda RBL"])
        XCTAssertTrue(full.stdout.contains("  regex:\n    (?x)(?J)\n"), full.stdout)
        XCTAssertFalse(full.stdout.contains("  branch "), full.stdout)
        // no --relay: the MX the bounce names decides the provider, and a generic verdict is its own list
        let m = try bw(["explain", "host mx1.mail.icloud.com[17.158.8.68] said: 550 5.7.0 Your IP address 192.0.2.1 has been blocked (in reply to RCPT TO command)"])
        XCTAssertTrue(m.stdout.contains("provider=apple operator=apple"), m.stdout)
        XCTAssertTrue(m.stdout.contains("provider: from the MX the bounce names, mx1.mail.icloud.com"), m.stdout)
        XCTAssertTrue(m.stdout.contains("taken as the refusing provider's own block list"), m.stdout)
        // '-': the text from standard input, longer than an argument may be, its line breaks as spaces
        let long = "554 5.7.1 Service unavailable;\nClient host [203.0.113.5] blocked using zen.spamhaus.org; " + String(repeating: "x", count: 200_000) + "\n"
        let d = try bw(["explain", "-"], stdin: Data(long.utf8))
        XCTAssertEqual(d.status, 0, d.stderr)
        XCTAssertTrue(d.stdout.contains("listed_ip=203.0.113.5"), String(d.stdout.prefix(2000)))
        let u = try bw(["explain", "host mx.example.net[198.51.100.4] said: 550 Your IP address 192.0.2.1 has been blacklisted"])
        XCTAssertTrue(u.stdout.contains("the MX the bounce names, mx.example.net, is not in patterns/providers.yaml"), u.stdout)
    }

    func testShippedPatternsPassTheirOwnProof() throws {
        let r = try bw(["patterns", "test"])
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix(" 0 failed\n"), r.stdout)
        let lint = try bw(["patterns", "lint"])
        XCTAssertEqual(lint.status, 0, lint.stdout.split(separator: "\n").filter { $0.contains("error") }.joined(separator: "\n"))
    }

    /// `patterns profile`: each rule's regex timed over the texts its literals pass (every candidate, not only up
    /// to the first match), the costliest rules, and each branch of the costliest multi-branch rule.
    func testPatternsProfileTimesTheRulesAndTheirBranches() throws {
        let texts = [
            "554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org",
            "550 5.7.1 Your IP 203.0.113.9 is listed on our blacklist",
            "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in virtual mailbox table",
            "",
        ].joined(separator: "\n")
        let r = try bw(["patterns", "profile", "--top", "50", "--branches", "50"], stdin: Data(texts.utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("3 texts, "), r.stdout)
        // the rules' table, then the guards' (tried after each match of a rule that cites them)
        func table(_ out: String, _ header: String) -> [Substring] {
            let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
            guard let h = lines.firstIndex(where: { $0 == header }) else { return [] }
            return Array(lines[h...].prefix { !$0.isEmpty })
        }
        let rows = table(r.stdout, "rule\truns\tmatches\ttime\tper run\tshare")
        XCTAssertTrue(rows.contains { $0.hasPrefix("spamhaus-zone\t1\t1\t") }, r.stdout)
        XCTAssertTrue(rows.contains { $0.hasPrefix("generic-ip-listed\t") }, r.stdout)
        let guards = table(r.stdout, "guard\truns\tvetoes\ttime\tper run\twhole")
        // spamhaus-zone matched the first text once and cites @dnsbl-error, which does not veto it
        XCTAssertTrue(guards.contains { $0.hasPrefix("@dnsbl-error\t") && $0.split(separator: "\t")[2] == "0" }, r.stdout)
        let few = try bw(["patterns", "profile", "--top", "2", "--branches", "0"], stdin: Data(texts.utf8))
        XCTAssertEqual(table(few.stdout, "rule\truns\tmatches\ttime\tper run\tshare").count, 3, few.stdout)
        XCTAssertEqual(table(few.stdout, "guard\truns\tvetoes\ttime\tper run\twhole").count, 3, few.stdout)
        XCTAssertFalse(few.stdout.contains("each branch alone"), few.stdout)
        XCTAssertTrue(r.stdout.contains(": each branch alone ("), r.stdout)
    }

    /// `patterns profile` counts a guard's vetoes as `classify` judges them: a look-up failure of another list, which
    /// the scoped guard sets aside, is no veto of a listing on this one (session 23: it counted every match).
    func testProfileCountsOnlyTheVetoesClassifyMakes() throws {
        func vetoes(_ text: String) throws -> (runs: Int, vetoes: Int)? {
            let r = try bw(["patterns", "profile", "--top", "100", "--branches", "0"], stdin: Data((text + "\n").utf8))
            XCTAssertEqual(r.status, 0, r.stderr)
            guard let row = r.stdout.split(separator: "\n").first(where: { $0.hasPrefix("@dnsbl-error\t") }) else { return nil }
            let f = row.split(separator: "\t")
            return (Int(f[1]) ?? -1, Int(f[2]) ?? -1)
        }
        // the failure names SpamCop's zone, the listing Barracuda's: the guard matches, classify keeps the listing
        let other = "554 5.7.1 lookup of 5.113.0.203.bl.spamcop.net timed out; Client host [203.0.113.5] blocked using b.barracudacentral.org"
        let c = try bw(["classify", "--format", "json", other])
        XCTAssertTrue(c.stdout.contains("\"category\":\"blocklist\""), c.stdout)
        // it is tried after each rule that matched (Barracuda's, SpamCop's — which reads the reversed query —, the
        // zone-cited catch-alls) and vetoes only SpamCop's, whose list failed (it counted each of its matches)
        let kept = try XCTUnwrap(vetoes(other))
        XCTAssertGreaterThan(kept.runs, 2)
        XCTAssertEqual(kept.vetoes, 1)
        // a failure that names no list vetoes every rule that matched and cites the guard
        let none = "554 5.7.1 Client host [203.0.113.5] blocked using b.barracudacentral.org; Error: open resolver"
        let v = try XCTUnwrap(vetoes(none))
        XCTAssertGreaterThan(v.vetoes, 0)
        XCTAssertLessThanOrEqual(v.vetoes, v.runs)
    }

    /// `patterns lint` judges an overlap as `classify` would: a shipped rule whose list is not the one whose look-up
    /// failed still says its verdict of a user's example, so the overlap is reported (session 23: the shipped
    /// rule's whole look-up-failure guard hid it).
    func testLintReportsAnOverlapThatOnlyAnotherListsFailureHid() throws {
        let dir = try ruleDir("mine.yaml", """
        rules:
          - id: mine-relay-block
            category: policy
            priority: 62
            literals: ["client host"]
            regex: 'Client host \\[[\\d.]+\\] blocked'
            source: https://example.org/
            examples:
              - text: "554 5.7.1 lookup of 5.113.0.203.bl.spamcop.net timed out; Client host [203.0.113.5] blocked using b.barracudacentral.org"
              - text: "554 5.7.1 Client host [203.0.113.5] blocked by our relay policy"
        """)
        let lint = try bw(["patterns", "lint", "--patterns", dir])
        // Barracuda's rule (priority 62, blocklist) says something else of the first example: SpamCop's failure
        // does not veto a listing on Barracuda's list
        XCTAssertTrue(lint.stdout.contains("mine-relay-block: example also matches barracuda-brbl (different verdict, same priority)"), lint.stdout)
        XCTAssertNotEqual(lint.status, 0)
    }

    /// lint's backtracking check: a rule's regex, or one of its guards, that blows the match limit on a crafted text is an
    /// error (the guard's outcome is kept per text for the rules that share it, so a second rule citing it is told too).
    func testLintFindsCatastrophicBacktrackingInARegexAndInAGuard() throws {
        let dir = try ruleDir("mine.yaml", """
        rules:
          - id: mine-nested
            category: blocklist
            operator: spamhaus
            literals: ["zzq"]
            regex: '(?:zzq|(a+)+$)'
            examples: ["550 zzq", "554 zzq listed"]
          - id: mine-guarded
            category: blocklist
            operator: spamhaus
            literals: ["qqz"]
            regex: 'qqz'
            unless: ['(a|aa)+$']
            examples: ["550 qqz", "554 qqz listed"]
          - id: mine-guarded-too
            category: blocklist
            operator: spamhaus
            literals: ["zqz"]
            regex: 'zqz'
            unless: ['(a|aa)+$']
            examples: ["550 zqz", "554 zqz listed"]
          - id: mine-linear
            category: blocklist
            operator: spamhaus
            literals: ["qzq"]
            regex: 'qzq(?:\\s*listed)?'
            unless: ['(?:(?:black|block)\\s*-?\\s*)?listed\\s+by']
            examples: ["550 qzq", "554 qzq listed"]
        """)
        let lint = try bw(["patterns", "lint", "--patterns", dir])
        XCTAssertNotEqual(lint.status, 0)
        for id in ["mine-nested", "mine-guarded", "mine-guarded-too"] {
            XCTAssertTrue(lint.stdout.contains("\(id): hits the match limit on a crafted"), id + "\n" + lint.stdout)
        }
        XCTAssertFalse(lint.stdout.contains("mine-linear: hits the match limit"), lint.stdout)
    }

    func testBrokenUserPatternIsAClearError() throws {
        let dir = try ruleDir("mine.yaml", "rules:\n  - id: mine\n    category: blocklist\n    regex: '(unclosed'\n")
        let r = try bw(["report", "--patterns", dir], stdin: Data())
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("mine.yaml:2"), r.stderr)
        XCTAssertTrue(r.stderr.contains("rule mine: regex does not compile"), r.stderr)
    }
}

extension XCTestCase {
    /// A path named `name` in a fresh directory removed after the test.
    func temp(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "bw-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir + "/" + name
    }

    /// A fresh rule directory (removed after the test) holding one pack, `file`, of `yaml`.
    func ruleDir(_ file: String, _ yaml: String) throws -> String {
        let dir = try temp("rules")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try yaml.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        return dir
    }

    /// A run's standard output as a JSON object.
    func json(_ r: CLIRun) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stderr)
    }
}
