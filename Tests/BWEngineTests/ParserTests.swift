import XCTest
@testable import BWEngine

final class HeaderTests: XCTestCase {
    func testBSDSyslogTimestampAndHost() throws {
        let s = try analyze("Nov  8 09:12:03 relay1 postfix/qmgr[99]: 3F1A2B4C5D: from=<a@example.com>, size=1, nrcpt=1 (queue active)")
        XCTAssertEqual(s.firstTime.map(rfc3339), "2026-11-08T09:12:03Z")
        XCTAssertEqual(s.totals.postfixLines, 1)
        XCTAssertEqual(s.totals.malformed, 0)
        XCTAssertEqual(s.totals.messages, 1)
    }

    func testRFC3339AndJournaldOffsets() throws {
        let log = """
        2026-11-28T09:12:03.123456+01:00 mx1 postfix/qmgr[1]: 3F1A2B4C5D: removed
        2026-11-28T09:12:03Z mx1 postfix/qmgr[1]: 3F1A2B4C5E: removed
        2026-11-28T07:00:00-0300 mx1 postfix/qmgr[1]: 3F1A2B4C5F: removed
        """
        let s = try analyze(log)
        XCTAssertEqual(s.firstTime.map(rfc3339), "2026-11-28T08:12:03Z")
        XCTAssertEqual(s.lastTime.map(rfc3339), "2026-11-28T10:00:00Z")
        XCTAssertEqual(s.totals.messages, 3)
    }

    /// RFC 5424 (rsyslog's and syslog-ng's protocol-23 format: priority, version, timestamp, host, app, procid, msgid,
    /// structured data, a byte-order mark), RFC 3164 with its priority kept, journald's short-precise fractions, a
    /// template's "YYYY-MM-DD hh:mm:ss" date before a Postfix line. Each
    /// line below is one Postfix listing refusal; the times are counted by hand from the headers.
    func testRFC5424PriorityAndFractionalBSDHeaders() throws {
        let zen = "to=<b@far.example>, relay=mx.far.example[198.51.100.9]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (host mx.far.example[198.51.100.9] said: 554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org (in reply to RCPT TO command))"
        let log = [
            "<22>1 2026-11-28T12:00:00.123456+01:00 relay1 postfix/smtp 2345 - - 4F3C2A1B0C: " + zen,
            "<22>1 2026-11-28T11:30:00Z relay1 postfix-out/smtp 2346 - [origin ip=\"203.0.113.5\" x=\"a\\]b\"][meta sequenceId=\"7\"] \u{FEFF}4F3C2A1B0D: " + zen,
            "<22>Nov 28 12:00:03 relay1 postfix/smtp[2345]: 4F3C2A1B0E: " + zen,
            "Nov 28 12:00:02.123456 relay1 postfix/smtp[2345]: 4F3C2A1B0F: " + zen,
            // a template's date with a blank (no Exim message ID follows it)
            "2026-11-28 12:00:01.500 relay1 postfix/smtp[2345]: 4F3C2A1B13: " + zen,
            // RFC 5424 of another program: a well-formed header, not ours
            "<30>1 2026-11-28T12:00:04Z relay1 dovecot 99 - - imap-login: Login: user=<a>",
            // malformed: no '>' after the priority, a nil timestamp, structured data never closed
            "<22 Nov 28 12:00:05 relay1 postfix/smtp[2345]: 4F3C2A1B10: " + zen,
            "<22>1 - relay1 postfix/smtp 2345 - - 4F3C2A1B11: " + zen,
            "<22>1 2026-11-28T12:00:06Z relay1 postfix/smtp 2345 - [unclosed a=\"b\" 4F3C2A1B12: " + zen,
        ].joined(separator: "\n")
        let s = try analyze(log)
        XCTAssertEqual(s.totals.lines, 9)
        XCTAssertEqual(s.totals.postfixLines, 5)
        XCTAssertEqual(s.totals.eximLines, 0)
        XCTAssertEqual(s.totals.malformed, 3)
        XCTAssertEqual(s.totals.bounced, 5)
        XCTAssertEqual(s.blocklist.attempts, 5)
        XCTAssertEqual(s.firstTime.map(rfc3339), "2026-11-28T11:00:00Z")
        XCTAssertEqual(s.lastTime.map(rfc3339), "2026-11-28T12:00:04Z")
        XCTAssertEqual(s.blocklist.firstSeen.map(rfc3339), "2026-11-28T11:00:00Z")
        XCTAssertEqual(s.blocklist.lastSeen.map(rfc3339), "2026-11-28T12:00:03Z")
    }

    /// Exim logging through syslog (`log_file_path = syslog`): its lines behind a syslog header, with Exim's own
    /// timestamp (the default) or without it, message IDs kept per syslog host, in RFC 3164/3339 and RFC 5424 headers.
    /// Counted by hand: one message from alice (SASL) refused once for a listing, one from another host with the same ID,
    /// one from dave (SASL) through RFC 5424 refused once for a listing.
    func testEximThroughSyslog() throws {
        let log = """
        Nov 28 09:00:00 mx1 exim[123]: 2026-11-28 09:00:00 1tGabc-000123-Ab <= alice@ours.example H=client.example [192.0.2.20] P=esmtpsa A=plain:alice S=100
        Nov 28 09:00:01 mx1 exim[124]: 1tGabc-000123-Ab ** bob@far.example R=dnslookup T=remote_smtp H=mx.far.example [198.51.100.9]: SMTP error from remote mail server after RCPT TO:<bob@far.example>: 550 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org
        Nov 28 09:00:02 mx1 exim[124]: 2026-11-28 09:00:02 [124] 1tGabc-000123-Ab Completed
        2026-11-28T09:00:03+00:00 mx2 exim4[9]: 1tGabc-000123-Ab <= carol@ours.example H=client2.example [192.0.2.21] P=esmtp S=100
        <22>1 2026-11-28T09:00:04Z mx3 exim4 77 - - 2026-11-28 09:00:04 1tGabd-000124-Ab <= dave@ours.example H=client3.example [192.0.2.22] P=esmtpsa A=plain:dave S=100
        <22>1 2026-11-28T09:00:05Z mx3 exim4 77 - [meta sequenceId="5"] 1tGabd-000124-Ab ** erin@far.example R=dnslookup T=remote_smtp H=mx.far.example [198.51.100.9]: SMTP error from remote mail server after RCPT TO:<erin@far.example>: 550 5.7.1 Service unavailable; Client host [203.0.113.6] blocked using zen.spamhaus.org
        """
        let s = try analyze(log)
        XCTAssertEqual(s.totals.eximLines, 6)
        XCTAssertEqual(s.totals.malformed, 0)
        XCTAssertEqual(s.totals.messages, 3, "the same ID on two hosts is two messages")
        XCTAssertEqual(s.totals.bounced, 2)
        XCTAssertEqual(s.blocklist.attempts, 2)
        XCTAssertEqual(s.blocklist.users.count(atMost: 10), 2, "alice and dave, by their SASL names")
        XCTAssertEqual(s.lastTime.map(rfc3339), "2026-11-28T09:00:05Z")
    }

    func testEximTimestampShapes() throws {
        let log = """
        2026-11-28 09:12:03 1tGabc-000123-Ab Completed
        2026-11-28 09:12:04.250 +0100 [4242] 1tGabd-00000000123-Abcd Completed
        2026-11-28 09:12:05 [77] 1tGabe-000124-Ab Completed
        """
        let s = try analyze(log)
        XCTAssertEqual(s.totals.eximLines, 3)
        XCTAssertEqual(s.totals.messages, 3)
        XCTAssertEqual(s.firstTime.map(rfc3339), "2026-11-28T08:12:04Z")
        XCTAssertEqual(s.lastTime.map(rfc3339), "2026-11-28T09:12:05Z")
    }

    func testMalformedLinesAreCountedNotFatal() throws {
        let log = "garbage\n\u{0}\u{1}\u{2} binary junk that is long enough to look at\n2026-13-99 nonsense nonsense nonsense\nNox 28 09:12:03 host prog: x\n\n"
        let s = try analyze(log)
        XCTAssertEqual(s.totals.lines, 5)
        XCTAssertEqual(s.totals.malformed, 4)
    }

    func testYearInferredFromModificationTimeWithDecemberRollover() throws {
        // File modified 2027-01-02: December lines belong to 2026, January lines to 2027.
        let mtime = (daysFromCivil(2027, 1, 2) * 86400)
        let log = """
        Dec 31 23:59:59 h postfix/qmgr[1]: 3F1A2B4C5D: removed
        Jan  1 00:00:01 h postfix/qmgr[1]: 3F1A2B4C5E: removed
        """
        let s = try analyze(log, year: nil, mtime: mtime)
        XCTAssertEqual(s.firstTime.map(rfc3339), "2026-12-31T23:59:59Z")
        XCTAssertEqual(s.lastTime.map(rfc3339), "2027-01-01T00:00:01Z")
    }

    func testExplicitYearRollsOverAtNewYear() throws {
        let log = """
        Dec 31 23:59:59 h postfix/qmgr[1]: 3F1A2B4C5D: removed
        Jan  1 00:00:01 h postfix/qmgr[1]: 3F1A2B4C5E: removed
        """
        let s = try analyze(log, year: 2026)
        XCTAssertEqual(s.lastTime.map(rfc3339), "2027-01-01T00:00:01Z")
    }

    func testCivilDateRoundTrip() {
        for t: Int64 in [0, 86399, 951_782_400, 1_798_761_599, 4_102_444_800] {
            let c = civilFromEpoch(t)
            XCTAssertEqual(Int64(daysFromCivil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second), t)
        }
        XCTAssertEqual(rfc3339(951_782_400), "2000-02-29T00:00:00Z")
    }
}

final class PostfixTests: XCTestCase {
    let outlook = "to=<x@outlook.com>, relay=outlook-com.olc.protection.outlook.com[52.101.0.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.7.1, status=bounced (host outlook-com.olc.protection.outlook.com[52.101.0.1] said: 550 5.7.1 Service unavailable, Client host [203.0.113.5] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/203.0.113.5 (AS3130) (in reply to RCPT TO command))"

    func testSaslUserWinsOverSenderAndIsLowerCased() throws {
        let log = """
        Nov 28 09:12:03 relay1 postfix/submission/smtpd[1234]: 3F1A2B4C5D: client=host.example.net[192.0.2.10], sasl_method=PLAIN, sasl_username=Alice
        Nov 28 09:12:03 relay1 postfix/qmgr[99]: 3F1A2B4C5D: from=<alice@example.com>, size=1234, nrcpt=2 (queue active)
        Nov 28 09:12:04 relay1 postfix-out2/smtp[555]: 3F1A2B4C5D: \(outlook)
        Nov 28 09:13:03 relay1 postfix/qmgr[99]: 4F1A2B4C5D: from=<Bob@Example.com>, size=1234, nrcpt=1 (queue active)
        Nov 28 09:13:04 relay1 postfix/smtp[555]: 4F1A2B4C5D: \(outlook)
        Nov 28 09:14:03 relay1 postfix/qmgr[99]: 5F1A2B4C5D: from=<bob@example.com>, size=1234, nrcpt=1 (queue active)
        Nov 28 09:14:04 relay1 postfix/smtp[555]: 5F1A2B4C5D: \(outlook)
        """
        let s = try analyze(log)
        XCTAssertEqual(s.blocklist.attempts, 3)
        XCTAssertEqual(s.blocklist.users.count, 2, "alice (SASL) and bob (sender, case folded)")
        XCTAssertEqual(s.blocklist.providers.map(\.provider), ["microsoft"])
        XCTAssertEqual(s.blocklist.listedIPs.map(\.ip), ["203.0.113.5"])
        XCTAssertEqual(s.blocklist.listedIPs.first.map { rfc3339($0.firstSeen) }, "2026-11-28T09:12:04Z")
        XCTAssertEqual(s.blocklist.listedIPs.first.map { rfc3339($0.lastSeen) }, "2026-11-28T09:14:04Z")
        XCTAssertEqual(s.blocklist.operators.first?.lists, ["spamhaus": 3])
    }

    func testTwoHostsReusingOneQueueIDAreTwoMessages() throws {
        let log = """
        Nov 28 09:12:03 relay1 postfix/qmgr[99]: 3F1A2B4C5D: from=<alice@example.com>, size=1, nrcpt=1 (queue active)
        Nov 28 09:12:03 relay2 postfix/qmgr[99]: 3F1A2B4C5D: from=<carol@example.com>, size=1, nrcpt=1 (queue active)
        Nov 28 09:12:04 relay1 postfix/smtp[555]: 3F1A2B4C5D: \(outlook)
        Nov 28 09:12:04 relay2 postfix/smtp[555]: 3F1A2B4C5D: \(outlook)
        Nov 28 09:12:05 relay1 postfix/qmgr[99]: 3F1A2B4C5D: removed
        Nov 28 09:12:05 relay2 postfix/qmgr[99]: 3F1A2B4C5D: removed
        Nov 28 09:20:00 relay1 postfix/qmgr[99]: 3F1A2B4C5D: from=<dave@example.com>, size=1, nrcpt=1 (queue active)
        """
        let s = try analyze(log)
        XCTAssertEqual(s.totals.messages, 3, "two hosts, and the ID reused after removed")
        XCTAssertEqual(s.blocklist.users.count, 2)
    }

    func testBounceNotificationsAndTheirOwnDeliveries() throws {
        let log = """
        Nov 28 09:12:03 relay1 postfix/qmgr[99]: 3F1A2B4C5D: from=<alice@example.com>, size=1, nrcpt=1 (queue active)
        Nov 28 09:12:04 relay1 postfix/smtp[555]: 3F1A2B4C5D: to=<nobody@example.org>, relay=mx.example.org[198.51.100.1]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host mx.example.org[198.51.100.1] said: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))
        Nov 28 09:12:04 relay1 postfix/cleanup[7]: 9ABCDEF012: message-id=<x@relay1>
        Nov 28 09:12:04 relay1 postfix/bounce[8]: 3F1A2B4C5D: sender non-delivery notification: 9ABCDEF012
        Nov 28 09:12:04 relay1 postfix/qmgr[99]: 9ABCDEF012: from=<>, size=3000, nrcpt=1 (queue active)
        Nov 28 09:12:04 relay1 postfix/qmgr[99]: 3F1A2B4C5D: removed
        Nov 28 09:12:05 relay1 postfix/smtp[555]: 9ABCDEF012: \(outlook)
        Nov 28 09:12:05 relay1 postfix/qmgr[99]: 9ABCDEF012: removed
        Nov 28 09:13:00 relay1 postfix/qmgr[99]: AAAAAAAAAA: from=<>, size=3000, nrcpt=1 (queue active)
        """
        let s = try analyze(log)
        XCTAssertEqual(s.totals.bounceNotifications, 2, "one named by bounce(8), one only by from=<>; each counted once")
        XCTAssertEqual(s.totals.bounced, 2)
        XCTAssertEqual(s.categories["user-unknown"], 1)
        XCTAssertEqual(s.blocklist.attempts, 1, "the notification's own refused delivery counts")
        XCTAssertEqual(s.blocklist.users.count, 0, "a null sender is nobody's")
    }

    func testDeferredThenBouncedExpiredAndSent() throws {
        let deferred = "to=<u@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.27]:25, delay=300, delays=0/0/1/0, dsn=4.7.0, status=deferred (host gmail-smtp-in.l.google.com[142.250.1.27] said: 421-4.7.0 This message has been blocked because the sending IP has a very low reputation (in reply to end of DATA command))"
        let log = """
        Nov 28 09:12:03 r postfix/qmgr[1]: 4Xq5V1Rzbz9sRh: from=<bob@example.org>, size=10, nrcpt=1 (queue active)
        Nov 28 09:12:04 r postfix/smtp[2]: 4Xq5V1Rzbz9sRh: \(deferred)
        Nov 28 10:12:04 r postfix/smtp[2]: 4Xq5V1Rzbz9sRh: \(deferred)
        Nov 28 11:12:04 r postfix/smtp[2]: 4Xq5V1Rzbz9sRh: to=<u@gmail.com>, relay=none, delay=7000, delays=0/0/0/0, dsn=4.4.1, status=deferred (connect to gmail-smtp-in.l.google.com[142.250.1.27]:25: Connection timed out)
        Nov 28 12:12:04 r postfix/qmgr[1]: 4Xq5V1Rzbz9sRh: from=<bob@example.org>, status=expired, returned to sender
        Nov 28 12:12:05 r postfix/local[3]: 4Xq5V1Rzbz9sRj: to=<root@r.example>, relay=local, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)
        """
        let s = try analyze(log)
        XCTAssertEqual(s.totals.deferred, 3)
        XCTAssertEqual(s.totals.expired, 1)
        XCTAssertEqual(s.totals.sent, 1)
        XCTAssertEqual(s.categories["reputation"], 2)
        XCTAssertEqual(s.categories["network"], 1, "no rule: the line's dsn=4.4.1 decides")
        XCTAssertEqual(s.totals.messages, 2, "long queue IDs")
    }

    func testNoqueueRejectsAndNonQueueIDs() throws {
        let log = """
        Nov 28 09:12:03 r postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[198.51.100.9]: 554 5.7.1 Service unavailable; Client host [198.51.100.9] blocked using zen.spamhaus.org; from=<a@b.example> to=<c@d.example> proto=ESMTP helo=<x>
        Nov 28 09:12:03 r postfix/smtpd[1]: warning: hostname x does not resolve to address 198.51.100.9
        Nov 28 09:12:03 r postfix/smtpd[1]: connect from unknown[198.51.100.9]
        Nov 28 09:12:03 r postfix/postscreen[1]: NOQUEUE: reject: RCPT from [198.51.100.10]:4242: 550 5.7.1 Service unavailable; client [198.51.100.10] blocked using zen.spamhaus.org; from=<a@b.example>, to=<c@d.example>, proto=ESMTP, helo=<x>
        Nov 28 09:12:03 r postfix/cleanup[1]: 3F1A2B4C5D: milter-reject: END-OF-MESSAGE from x[1.2.3.4]: 5.7.1 spam; from=<a@b> to=<c@d>
        Nov 28 09:12:03 r dovecot: imap-login: Login: user=<x>
        """
        let s = try analyze(log)
        XCTAssertEqual(s.totals.smtpRejects, 3)
        XCTAssertEqual(s.totals.messages, 1)
        XCTAssertEqual(s.blocklist.attempts, 0, "inbound rejections are not our listings")
        XCTAssertEqual(s.totals.malformed, 0)
    }
}

final class EximTests: XCTestCase {
    func testEximLifecycleUsersEgressAndBounces() throws {
        let log = """
        2026-11-28 09:12:03 1tGabc-000123-Ab <= alice@example.com H=client.example.net [192.0.2.20] I=[203.0.113.6]:587 P=esmtpsa A=dovecot_plain:Alice S=1234 id=x@y
        2026-11-28 09:12:04 1tGabc-000123-Ab ** x@y.example R=dnslookup T=remote_smtp H=mx.y.example [198.51.100.20] I=[203.0.113.6]: SMTP error from remote mail server after RCPT TO:<x@y.example>: 550 5.7.1 Service unavailable; Client host [203.0.113.6] blocked using zen.spamhaus.org
        2026-11-28 09:12:04 1tGabc-000123-Ab == z@cluster1.eu.messagelabs.com R=dnslookup T=remote_smtp defer (-44) H=cluster1.eu.messagelabs.com [198.51.100.30]: SMTP error from remote mail server after RCPT TO:<z@cluster1.eu.messagelabs.com>: 451 4.7.1 blocked using spamhaus
        2026-11-28 09:12:04 1tGabc-000123-Ab => ok@example.net R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.40] C="250 OK"
        2026-11-28 09:12:04 1tGabc-000123-Ab -> ok2@example.net R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.40] C="250 OK"
        2026-11-28 09:12:04 1tGabc-000123-Ab *> suppressed@example.net R=dnslookup T=remote_smtp
        2026-11-28 09:12:05 1tGabf-00000000124-Abcd <= <> R=1tGabc-000123-Ab U=Debian-exim P=local S=2345
        2026-11-28 09:12:05 1tGabc-000123-Ab Completed
        2026-11-28 09:12:06 H=(helo) [198.51.100.30] F=<spam@example.net> rejected RCPT <u@ourdomain.example>: relay not permitted
        2026-11-28 09:12:07 1tGabg-000125-Ab <= <> H=mx.remote.example [198.51.100.50] P=esmtp S=100
        """
        let s = try analyze(log)
        XCTAssertEqual(s.totals.messages, 3)
        XCTAssertEqual(s.totals.sent, 2)
        XCTAssertEqual(s.totals.bounced, 1)
        XCTAssertEqual(s.totals.deferred, 1)
        XCTAssertEqual(s.totals.bounceNotifications, 1, "<= <> with R= only")
        XCTAssertEqual(s.totals.smtpRejects, 1)
        XCTAssertEqual(s.blocklist.attempts, 2)
        XCTAssertEqual(s.blocklist.users.count, 1)
        // The second refusal names no IP: the message's egress address (I=) is the listed one.
        XCTAssertEqual(s.blocklist.listedIPs.map(\.ip), ["203.0.113.6"])
        XCTAssertEqual(s.blocklist.listedIPs.first?.attempts, 2)
        XCTAssertEqual(s.blocklist.providers.map(\.provider).sorted(), ["messagelabs", "other"])
    }
}
