// Bad input gets a one-line error and loses nothing; no byte sequence, option or file kind crashes or hangs a run.
// Each case here is a finding of session 23's black-box fuzzing (a helper that never read the code), made a test.

import Foundation
import XCTest

final class RobustnessTests: XCTestCase {
    private func lines(_ r: CLIRun) throws -> Int {
        let totals = try XCTUnwrap(try json(r)["totals"] as? [String: Any])
        return try XCTUnwrap(totals["lines"] as? Int)
    }

    /// A named pipe in a fresh directory, a thread writing a fixture's bytes into it once a reader opens it.
    private func namedPipe(_ name: String, feeding fixture: String) throws -> String {
        let fifo = try temp(name)
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let data = try XCTUnwrap(FileManager.default.contents(atPath: cliRepoRoot + "/" + fixture))
        Thread {
            if let h = FileHandle(forWritingAtPath: fifo) {
                h.write(data)
                try? h.close()
            }
        }.start()
        return fifo
    }

    /// The fixture's lines, counted here (not by the program).
    private var fixtureLines: Int {
        let data = FileManager.default.contents(atPath: cliRepoRoot + "/fixtures/postfix-bsd.log")!
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// A full disk or a closed descriptor on stdout: one line and status 1 (it was a trap in Foundation's write).
    func testAFailedWriteToStandardOutputIsOneLineNotACrash() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: cliBinary("bouncewatch"))
        p.arguments = ["report", "fixtures/postfix-bsd.log"]
        p.currentDirectoryURL = URL(fileURLWithPath: cliRepoRoot)
        var env = ProcessInfo.processInfo.environment
        env["BOUNCEWATCH_PATTERNS"] = cliRepoRoot + "/patterns"
        p.environment = env
        p.standardOutput = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        p.standardError = err
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit)
        XCTAssertEqual(p.terminationStatus, 1)
        XCTAssertEqual(stderr, "bouncewatch: cannot write to standard output: No space left on device\n")
    }

    /// A gzip member whose check value is wrong: the lines inflated before the check are counted, the error names the
    /// file and offset, status 1 (all 313 lines were dropped).
    func testABadGzipCheckValueKeepsTheLinesBeforeIt() throws {
        let plain = try XCTUnwrap(FileManager.default.contents(atPath: cliRepoRoot + "/fixtures/postfix-bsd.log"))
        let path = try temp("bad-crc.log.gz")
        try plain.write(to: URL(fileURLWithPath: path.replacingOccurrences(of: ".gz", with: "")))
        let gz = Process()
        gz.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gz.arguments = ["-k", "-f", path.replacingOccurrences(of: ".gz", with: "")]
        try gz.run(); gz.waitUntilExit()
        var bytes = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: path)))
        bytes[bytes.count - 8] ^= 0xFF   // the CRC-32 of the trailer
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try bw(["report", "-f", "json", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(try lines(r), fixtureLines)
        XCTAssertTrue(r.stderr.hasPrefix("bouncewatch: \(path): corrupt gzip data at byte "), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("incorrect data check\n"), r.stderr)
    }

    /// Classic Mac line ends (CR only): read as lines, not as one line of no refusal.
    func testCarriageReturnLineEndsAreLines() throws {
        let plain = try XCTUnwrap(FileManager.default.contents(atPath: cliRepoRoot + "/fixtures/postfix-bsd.log"))
        let path = try temp("cr.log")
        try Data(plain.map { $0 == 0x0A ? 0x0D : $0 }).write(to: URL(fileURLWithPath: path))
        let cr = try bw(["report", "-f", "json", "--year", "2026", path])
        let lf = try bw(["report", "-f", "json", "--year", "2026", "fixtures/postfix-bsd.log"])
        XCTAssertEqual(cr.status, 0, cr.stderr)
        XCTAssertEqual(try lines(cr), fixtureLines)
        XCTAssertEqual(try json(cr)["blocklist"] as? NSDictionary, try json(lf)["blocklist"] as? NSDictionary)
    }

    /// One stray CR inside a long first line does not make the whole input CR-ended (session 23's review: a file's LF
    /// lines were read as one overlong line, exit 0).
    func testAStrayCarriageReturnInALongFirstLineChangesNothing() throws {
        let plain = try XCTUnwrap(FileManager.default.contents(atPath: cliRepoRoot + "/fixtures/postfix-bsd.log"))
        let path = try temp("stray-cr.log")
        var first = Array(("Nov 28 08:59:59 relay1 kernel: x" + String(repeating: "y", count: 70_000)).utf8)
        first[30] = 0x0D
        try Data(first + [0x0A] + plain).write(to: URL(fileURLWithPath: path))
        let r = try bw(["report", "-f", "json", "--year", "2026", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try lines(r), fixtureLines + 1)
        let lf = try bw(["report", "-f", "json", "--year", "2026", "fixtures/postfix-bsd.log"])
        XCTAssertEqual(try json(r)["blocklist"] as? NSDictionary, try json(lf)["blocklist"] as? NSDictionary)
    }

    /// A named pipe as input is read once (planning the run opened it and took the writer's data, then waited).
    func testANamedPipeIsReadNotWaitedOn() throws {
        let fifo = try namedPipe("fifo", feeding: "fixtures/postfix-bsd.log")
        let r = try bw(["report", "-f", "json", "-j", "2", fifo])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try lines(r), fixtureLines)
    }

    /// `inflate` opens its input once: gzip data from a named pipe is all counted (it opened the path a second time
    /// for the inflater without read-ahead, and that second open waited for another writer).
    func testInflateReadsGzipFromANamedPipe() throws {
        let fifo = try namedPipe("gz-fifo", feeding: "fixtures/postfix-gz.log.gz")
        let r = try bw(["inflate", fifo])
        XCTAssertEqual(r.status, 0, r.stderr)
        // the fixture's inflated size, counted with zcat
        XCTAssertEqual(r.stdout, "9126 bytes\n")
    }

    /// Impossible dates and clocks are malformed lines, not rolled into other days ("Nov 99 99:99:99" was 2027-02-11),
    /// and an offset beyond +14:00 is none.
    func testImpossibleTimestampsAreMalformed() throws {
        let path = try temp("times.log")
        try """
        Nov 99 09:00:01 relay1 postfix/qmgr[1]: 4B1: removed
        Feb 30 09:00:01 relay1 postfix/qmgr[1]: 4B2: removed
        Nov 28 25:61:61 relay1 postfix/qmgr[1]: 4B3: removed
        2026-02-30T09:00:01+00:00 relay1 postfix/qmgr[1]: 4B4: removed
        2026-11-28T09:00:01+99:99 relay1 postfix/qmgr[1]: 4B5: removed
        0000-01-01T00:00:00+00:00 relay1 postfix/qmgr[1]: 4B6: removed
        Nov 28 09:00:01 relay1 postfix/qmgr[1]: 4B7: removed

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try bw(["report", "-f", "json", "--year", "2026", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let totals = try XCTUnwrap(try json(r)["totals"] as? [String: Any])
        XCTAssertEqual(totals["lines"] as? Int, 7)
        XCTAssertEqual(totals["malformed"] as? Int, 6)
        let period = try XCTUnwrap(try json(r)["period"] as? [String: Any])
        XCTAssertEqual(period["first"] as? String, "2026-11-28T09:00:01Z")
        XCTAssertEqual(period["last"] as? String, "2026-11-28T09:00:01Z")
        // (session 23's review) a rejected date after a year's end does not roll the year a second time; a guessed
        // year (no --year) keeps Feb 29 lines
        try """
        Dec 31 23:59:01 relay1 postfix/qmgr[1]: 4C1: removed
        Feb 30 00:00:01 relay1 postfix/qmgr[1]: 4C2: removed
        Jan 02 00:00:01 relay1 postfix/qmgr[1]: 4C3: removed

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let rolled = try json(try bw(["report", "-f", "json", "--year", "2025", path]))
        XCTAssertEqual((rolled["period"] as? [String: Any])?["last"] as? String, "2026-01-02T00:00:01Z")
        try "Feb 29 10:00:01 relay1 postfix/qmgr[1]: 4C4: removed\n".write(toFile: path, atomically: true, encoding: .utf8)
        let leap = try json(try bw(["report", "-f", "json", path]))
        XCTAssertEqual((leap["totals"] as? [String: Any])?["malformed"] as? Int, 0)
    }

    /// Out-of-range numbers in a snapshot are a one-line error naming the file and field, status 64 (a merge summed
    /// them into an overflow trap); snapshots of different settings do not merge; a snapshot that records an input
    /// read incompletely makes the merge's status 1.
    func testAnEditedSnapshotIsAnErrorNotACrash() throws {
        let snap = try bw(["report", "-f", "snapshot", "fixtures/postfix-bsd.log"])
        XCTAssertEqual(snap.status, 0, snap.stderr)
        let good = try temp("good.json")
        try snap.stdout.write(toFile: good, atomically: true, encoding: .utf8)
        for (field, value) in [("\"attempts\":", "9223372036854775807"), ("\"bytes\":", "-1"), ("\"first_seen\":", "1e308")] {
            let r = try XCTUnwrap(snap.stdout.range(of: field))
            let end = try XCTUnwrap(snap.stdout[r.upperBound...].firstIndex(where: { $0 == "," || $0 == "}" }))
            let bad = try temp("bad.json")
            try (snap.stdout[..<r.upperBound] + value + snap.stdout[end...]).write(toFile: bad, atomically: true, encoding: .utf8)
            let m = try bw(["merge", good, bad])
            XCTAssertEqual(m.status, 64, field)
            let name = String(field.dropFirst().dropLast(2))
            XCTAssertEqual(m.stderr, "bouncewatch: \(bad): '\(name)' out of range: \(value == "1e308" ? "1e+308" : value)\n")
            XCTAssertEqual(m.stdout, "")
        }
        // a byte count beyond the range of times (a year of a fleet's logs) is fine
        let big = try temp("big.json")
        let r = try XCTUnwrap(snap.stdout.range(of: "\"bytes\":"))
        let end = try XCTUnwrap(snap.stdout[r.upperBound...].firstIndex(where: { $0 == "," || $0 == "}" }))
        try (snap.stdout[..<r.upperBound] + "300000000000" + snap.stdout[end...]).write(toFile: big, atomically: true, encoding: .utf8)
        XCTAssertEqual(try bw(["merge", good, big]).status, 0)
        let other = try bw(["report", "-f", "snapshot", "--episode-gap", "1h", "fixtures/postfix-bsd.log"])
        let otherPath = try temp("other.json")
        try other.stdout.write(toFile: otherPath, atomically: true, encoding: .utf8)
        let m = try bw(["merge", good, otherPath])
        XCTAssertEqual(m.status, 64)
        XCTAssertTrue(m.stderr.contains("written with --episode-gap 3600s"), m.stderr)
        XCTAssertEqual(m.stderr.filter { $0 == "\n" }.count, 1, m.stderr)
    }

    /// Options whose values overflowed or were empty: a usage error, not a trap.
    func testOptionsThatOverflowedAreUsageErrors() throws {
        for args in [["--episode-gap", "999999999999999d"], ["--episode-gap", "9223372036854775807"], ["--egress", ""]] {
            let r = try bw(["report"] + args + ["fixtures/postfix-bsd.log"])
            XCTAssertEqual(r.status, 64, "\(args) \(r.stderr)")
        }
    }

    /// A Postfix configuration whose smtp_bind_address is no address is an error naming the file (it was skipped in
    /// silence, leaving the instance's deliveries without their sending IP); an unexpanded variable is left unread.
    func testAPostfixBindAddressThatIsNoAddressIsAnError() throws {
        let main = try temp("main.cf")
        let dir = (main as NSString).deletingLastPathComponent
        try "smtp_bind_address = 999.1.1.1\n".write(toFile: main, atomically: true, encoding: .utf8)
        let r = try bw(["report", "--postfix-config", dir, "fixtures/postfix-bsd.log"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("\(main): smtp_bind_address of postfix is '999.1.1.1', not an IP address"), r.stderr)
        // an unexpanded variable, a loopback or unspecified address, a scoped IPv6 address are valid configuration
        for value in ["$undefined_parameter", "127.0.0.1", "0.0.0.0", "fe80::1%eth0"] {
            try "smtp_bind_address = \(value)\n".write(toFile: main, atomically: true, encoding: .utf8)
            XCTAssertEqual(try bw(["report", "--postfix-config", dir, "fixtures/postfix-bsd.log"]).status, 0, value)
        }
    }

    /// main.cf's parameters expand in smtp_bind_address as Postfix expands them ("$myaddr", "${myaddr}", "$(myaddr)",
    /// one naming another); it was left unread (the deliveries then had no configured sending IP).
    func testAPostfixBindAddressNamingAParameterIsExpanded() throws {
        let main = try temp("main.cf")
        let dir = (main as NSString).deletingLastPathComponent
        for bind in ["$myaddr", "${myaddr}", "$(myaddr)", "$outbound"] {
            try "myaddr = 203.0.113.9\noutbound = ${myaddr}\nmyaddr6 = 2001:db8::9\nsmtp_bind_address = \(bind)\n"
                .write(toFile: main, atomically: true, encoding: .utf8)
            let r = try bw(["report", "-f", "json", "--postfix-config", dir, "fixtures/postfix-bsd.log"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let egress = try XCTUnwrap(try json(r)["egress"] as? [NSDictionary]).compactMap { $0["ip"] as? String }
            XCTAssertTrue(egress.contains("203.0.113.9"), "\(bind): \(egress)")
        }
    }

    /// A user's rule whose id carries terminal escapes is refused at load (list, explain and classify print ids);
    /// an empty rule directory is an error, not a run that calls every text `other`.
    func testRuleNamesWithControlCharactersAndEmptyRuleDirectoriesAreRefused() throws {
        let dir = try ruleDir("evil.yaml", "rules:\n  - id: \"evil\\e]0;pwn\\a\"\n    category: blocklist\n    regex: 'x'\n")
        let r = try bw(["patterns", "list", "--patterns", dir])
        XCTAssertEqual(r.status, 64)
        XCTAssertFalse(r.stdout.contains("\u{1B}") || r.stderr.contains("\u{1B}") || r.stderr.contains("\u{07}"), r.stderr)
        XCTAssertTrue(r.stderr.contains("id contains a control character"), r.stderr)
        let empty = try temp("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let e = try bw(["classify", "--patterns-dir", empty, "550 blocked"])
        XCTAssertEqual(e.status, 64)
        XCTAssertEqual(e.stderr, "bouncewatch: \(empty): no rules found (rule packs are patterns/*.yaml)\n")
    }

    /// explain reads at most what report reads of a log line (64 KiB): a text of megabytes took minutes (the time grew
    /// with its square); the verdict is classify's of the same cut text.
    func testExplainReadsATextOfMegabytesAsALogLine() throws {
        let text = "550 blocked using zen.spamhaus.org " + String(repeating: "[192.0.2.4]", count: 200_000)
        let r = try bw(["explain", "-"], stdin: Data(text.utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("(the text is cut to its first 65536 bytes, as report cuts a log line)"), String(r.stdout.prefix(300)))
        XCTAssertTrue(r.stdout.contains("verdict: category=blocklist"), String(r.stdout.suffix(600)))
    }
}
