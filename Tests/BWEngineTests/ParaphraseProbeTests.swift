import Foundation
import XCTest
@testable import BWEngine

/// Wording probes (fixtures/paraphrase): written refusal sentences, not real deliveries, that say "the
/// sending IP is on a block list" in many ways, and look-alikes that must not be called a listing. They
/// hold the generic rules to the ways of saying it they have learnt; the real-text measure stays the
/// blind held-out samples (heldout/).
final class ParaphraseProbeTests: XCTestCase {
    private struct Probe: Decodable {
        let text: String
        let blocklist: Bool
        let listed_ip: String?
        let listed_domain: String?
        /// The remote MX the reply came from, and who refused (labelled in independent-33 and -34).
        let relay: String?
        let provider: String?
        /// The category of the refusal (labelled in independent-35).
        let category: String?
    }

    private struct Tally {
        var missed: [String] = []
        var falseAlarms: [String] = []
        var wrongIP: [String] = []
        var wrongDomain: [String] = []
        var wrongProvider: [String] = []
        var wrongCategory: [String] = []
    }

    /// Every greeting of Classifier's `greetings` (which keeps a post whole) opens a post for guards.yaml's
    /// `person-post` too, as written and with its first letter capitalised: the two lists, kept in step by hand, are
    /// held together here. A post that says the listing is over is none; without the greeting, the same words are
    /// cut to the quoted refusal (the control).
    func testEveryGreetingOpensAPost() throws {
        let c = Classifier(library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        let tail = "the listing is over now, we were delisted yesterday and mail flows again. The old bounce was: "
            + "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"
        XCTAssertEqual(c.classify(text: tail, relay: nil).category, .blocklist, "control: no greeting")
        for g in greetings {
            let word = String(decoding: g, as: UTF8.self)
            for form in Set([word, word.prefix(1).uppercased() + word.dropFirst()]) {
                XCTAssertNotEqual(c.classify(text: form + ", " + tail, relay: nil).category, .blocklist, form)
            }
        }
    }

    private func tally(_ file: String) throws -> (count: Int, Tally) {
        let c = Classifier(library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        let data = try String(contentsOfFile: repoRoot + "/fixtures/paraphrase/" + file, encoding: .utf8)
        var t = Tally()
        var n = 0
        for line in data.split(separator: "\n") where !line.isEmpty {
            let p = try JSONDecoder().decode(Probe.self, from: Data(line.utf8))
            n += 1
            let v = c.classify(text: p.text, relay: p.relay)
            let listing = v.category == .blocklist
            if p.blocklist && !listing { t.missed.append(p.text) }
            if !p.blocklist && listing { t.falseAlarms.append(p.text + "  -> " + (v.rule ?? "-")) }
            // a listing's address and domain as labelled; a label of none wants none (an address or
            // domain the text does not say is listed is wrong too)
            if p.blocklist && listing && v.listedIP != p.listed_ip { t.wrongIP.append(p.text + "  -> " + (v.listedIP ?? "none")) }
            if p.blocklist && listing && v.listedDomain != p.listed_domain { t.wrongDomain.append(p.text + "  -> " + (v.listedDomain ?? "none")) }
            if let want = p.category, v.category.rawValue != want { t.wrongCategory.append(p.text + "  (" + want + ") -> " + v.category.rawValue) }
            if p.blocklist && listing, let want = p.provider, v.provider != want {
                t.wrongProvider.append(p.text + "  (relay " + (p.relay ?? "-") + ") -> " + v.provider)
            }
        }
        return (n, t)
    }

    /// The probes of `file` stay within the disagreements allowed (ceilings: what the rules reach now;
    /// they may only come down). Each disagreement is printed.
    private func assertProbes(_ file: String, count: Int, missed: Int, falseAlarms: Int, wrongIP: Int, wrongDomain: Int,
                              wrongProvider: Int = .max, wrongCategory: Int = .max, line: UInt = #line) throws {
        let (n, t) = try tally(file)
        XCTAssertEqual(n, count, file, line: line)
        for (what, found, allowed) in [("listings missed", t.missed, missed), ("look-alikes called a listing", t.falseAlarms, falseAlarms),
                                       ("listed IP wrong", t.wrongIP, wrongIP), ("listed domain wrong", t.wrongDomain, wrongDomain),
                                       ("provider wrong", t.wrongProvider, wrongProvider), ("category wrong", t.wrongCategory, wrongCategory)] {
            XCTAssertLessThanOrEqual(found.count, allowed, "\(file): \(what):\n" + found.joined(separator: "\n"), line: line)
        }
    }

    /// 375 probes of the review of session 10's widenings (106 listings, 269 look-alikes aimed at the new
    /// words: personal lists, "check whether your network is listed", monitors, negations and removals in
    /// sixteen languages, login/rate/country blocks, firewalls, web and IRC bans, account compromise, a
    /// reputation list's good rating). Against the widened rules as first written: 18 missed, 158 false
    /// alarms (13 of them already the session start's). After the review's narrowing (refusal context,
    /// conditionals and negations of each language): 3 missed, 12 false alarms, every one of which the
    /// session start's rules raised too but the borderline "netblock … in our dynamic block list". Only the
    /// verdict is held here (the file labels no addresses).
    func testReviewOfSessionTenStaysNarrow() throws {
        try assertVerdicts("review-10.jsonl", count: 375, missed: 3, falseAlarms: 11)
    }

    /// 569 probes of the second review of session 10 (129 listings and 440 look-alikes, every one with a
    /// reply code: the narrowed rules' remaining risk), 7 of whose look-alikes name a domain list and are
    /// listings by this project's convention. Against the rules of its start: 67 false alarms (23 already the
    /// session start's), 9 listings missed. After its narrowing (a person's or a group's list, an intrusion or
    /// protocol test, warm-up and tenant lists, "Your server has been blocked" only for a spam, abuse or
    /// listing reason, terse RBL replies only with a 5xx code): 4 false alarms, all the session start's too, and
    /// 5 missed; 3 since URIBL and SURBL named without their zone count. (Session 26) one more false alarm by
    /// label: "Your server was blocked by the organization's IP block list", which this reviewer labelled a tenant's
    /// policy and seven later writers (independent-43, -46, -50, -53, review-24, -25, -25b) label the receiving
    /// organisation's own block of the sending IP, as the rules now read it.
    func testSecondReviewOfSessionTenStaysNarrow() throws {
        try assertVerdicts("review-10b.jsonl", count: 569, missed: 2, falseAlarms: 5)
    }

    /// The review of session 11's widenings (list sites in a refusal's link, SURBL/URIBL/DBL by name, "our block
    /// list", IPv6 addresses, the other MTAs' wrappers, "RBL restriction:"): 393 texts (138 listings, 255
    /// look-alikes aimed at the new branches). Scored first: 3 missed, 61 false alarms (37 of them the session
    /// start's: refusals for SPF, DMARC, HELO, size … that link a list operator's page); after the narrowing
    /// (a look-up or removal link, a listing word after "RBL restriction:", the shared guard `another-check`):
    /// 0 missed, 9 false alarms (quoted phishing subjects, narrative sentences, an open-proxy test).
    func testReviewOfSessionElevenStaysNarrow() throws {
        try assertVerdicts("review-11.jsonl", count: 393, missed: 0, falseAlarms: 9)
    }

    /// The review of session 12's widenings (a reply quoted in a mail client, in a JSON string, in Exchange
    /// 2003's "<mx #5.0.0 smtp;…>"; "client [ip] blocked using <any name>"; names after "RBL lists:";
    /// MagicSpam's "Server IP <ip> listed as abusive"; Mimecast's CSI with its name masked): 303 texts (104
    /// listings, 199 look-alikes: "blocked using SPF / content filter / fail2ban", mailing lists and personal
    /// block lists after "lists:", monitors' and notices' "listed as abusive", '>' and '#' in other roles).
    /// Scored first: 2 missed, 74 false alarms (63 of them the new branches'); after the narrowing (a refusal,
    /// a list's word or keeper in the name, no check's word; "RBL lists:" with a list's word, never an address
    /// or a mailing list's name; MagicSpam's words after a reply code with the server's address): 1 missed (an
    /// address in escaped quotes after "RBL hit:"), 16 false alarms, all the session start's too (mailing-list
    /// names, "not in the following RBL: zen…", monitors' JSON, notices of removal).
    func testReviewOfSessionTwelveStaysNarrow() throws {
        try assertProbes("review-12.jsonl", count: 303, missed: 0, falseAlarms: 14, wrongIP: 0, wrongDomain: 0)
    }

    /// The review of session 13's widenings (a listing cut where the list is named, `generic-listing-cut` and the
    /// cut forms of the Microsoft, AT&T, FortiGuard and postscreen rules; "the sending IP blocked" in Ukrainian,
    /// Korean, Greek, Vietnamese, Indonesian and Hungarian): 129 texts (48 listings cut in unexpected ways, 81
    /// look-alikes: hashes, connectors, allow lists and zero counts "listed in …", monitors, score reports,
    /// forum titles and help text, reject_rhsbl_recipient, "Attachment …: Blocked - see …", negations, rate,
    /// dynamic, recipient and authentication blocks in the six languages). Scored first: 24 missed, 67 false
    /// alarms (39 of the new rule, 22 of the languages); after the narrowing (a refusal before the subject and
    /// only its address and "is/was" between it and "listed"; a list's word or nothing before the cut; more
    /// elision marks; the six languages' negation, rate and recipient words in `not-an-ip-block`): none missed,
    /// 1 false alarm (a tutorial's title, "what to do when your mail server IP is blacklisted …").
    func testReviewOfSessionThirteenStaysNarrow() throws {
        try assertVerdicts("review-13.jsonl", count: 129, missed: 0, falseAlarms: 1)
    }

    /// The second review of session 13, of the branches that take a list of any name ("Your IP <ip> is listed on
    /// AbuseIPDB", "192.0.2.5 listed in NewRBL") and the quote whose subject was elided ("550 5.7.1 [...] is listed on
    /// a DNSBL"): 138 texts (42 listings on lists with odd or unknown names, 96 look-alikes: allow lists under many
    /// names, local tables, caches, sets, greylisting and country tables, process ids and ports read as reply codes,
    /// an address in another role, questions). Scored first: 11 missed, 70 false alarms (62 of the new branches);
    /// after the narrowing (the list's name must say it is one, or be a zone or a lookup link; a reply code only where
    /// a reply starts; a 40-character veto of allow, table and cache words; no "was listed"): 9 missed (names that say
    /// nothing of a list: "KarmaDB", "QuarantineNet", "SURGATE"), 3 false alarms — two of them a URL's and a sender
    /// domain's DNSBL listing, which this project's labels count as listings (listed_domain), and Hostkarma's
    /// "127.0.0.3 yellow" through the zone rule.
    func testSecondReviewOfSessionThirteenStaysNarrow() throws {
        try assertVerdicts("review-13b.jsonl", count: 138, missed: 8, falseAlarms: 3)
    }

    /// The review of session 15's widenings (cPanel's "JunkMail rejected", a list's look-up link with the sending
    /// address, open relays, infected hosts, products' own block-list replies, cut replies, ZRD and SURBL, nested
    /// masks), 234 texts written by a helper who never read the rules. Scored first: 9 of 79 listings missed, 20 of 155
    /// look-alikes called listings (a content filter or rate limit an admin named "JunkMail rejected", questions, help
    /// text, configuration lines and reports quoting a refusal, an infected attachment); after the narrowing (the
    /// JunkMail prefix needs cPanel's client or a cut after it; @quoted-not-received): 5 missed, none.
    func testReviewOfSessionFifteenStaysNarrow() throws {
        try assertVerdicts("review-15.jsonl", count: 234, missed: 3, falseAlarms: 0)
    }

    /// The review of session 16's widenings (Postfix's and Outlook's RBL replies cut after their frame, cut Yahoo and
    /// GMX/IONOS replies, new list nouns, the receiver's active voice, German, Polish and Turkish list words, "black-holed",
    /// LashBack's record, OpenSMTPD's and the MX's frames, the new guards), 228 texts written by a helper told the
    /// families, not the rules. Scored first (at 8a00e42): 62 of 71 listings, 11 of 157 look-alikes called listings
    /// (the session start's rules: 47, 17). After the narrowing (a recipient's domain on an RHSBL, questions, tips,
    /// configuration tables and tickets before the Spamhaus and zone rules, a trailer "this usually indicates …" kept,
    /// "Connection black-holed" a timeout): 69 missed 2 (a zone no list keeps, a BL23 text naming SpamCop), 2 false
    /// alarms (a help page's code list; a message URL on SURBL, which this project labels a listing).
    func testReviewOfSessionSixteenStaysNarrow() throws {
        try assertVerdicts("review-16.jsonl", count: 228, missed: 2, falseAlarms: 2)
    }

    /// Holds only the verdicts of `file` (its texts label no addresses) to ceilings.
    private func assertVerdicts(_ file: String, count: Int, missed allowedMissed: Int, falseAlarms allowedFalse: Int,
                                line: UInt = #line) throws {
        let c = Classifier(library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        let data = try String(contentsOfFile: repoRoot + "/fixtures/paraphrase/" + file, encoding: .utf8)
        var missed: [String] = [], falseAlarms: [String] = [], n = 0
        for text in data.split(separator: "\n") where !text.isEmpty {
            let p = try JSONDecoder().decode(Probe.self, from: Data(text.utf8))
            n += 1
            let listing = c.classify(text: p.text).category == .blocklist
            if p.blocklist && !listing { missed.append(p.text) }
            if !p.blocklist && listing { falseAlarms.append(p.text) }
        }
        XCTAssertEqual(n, count, file, line: line)
        XCTAssertLessThanOrEqual(missed.count, allowedMissed, "\(file): listings missed:\n" + missed.joined(separator: "\n"), line: line)
        XCTAssertLessThanOrEqual(falseAlarms.count, allowedFalse, "\(file): look-alikes called a listing:\n" + falseAlarms.joined(separator: "\n"), line: line)
    }

    /// 300 probes written by a helper who never saw the rules (150 listings, 150 look-alikes). Scored
    /// once before any rule was fitted to them: 125/150 listings, 10 false alarms. The README lists the
    /// disagreements left (five "false alarms" are domain listings, which this project calls listings
    /// with `listed_domain`).
    func testIndependentProbesStayRecognised() throws {
        try assertProbes("independent.jsonl", count: 300, missed: 1, falseAlarms: 6, wrongIP: 0, wrongDomain: 0)
    }

    /// A second set of 400 by another helper who never saw the rules (200 listings, half of them whole
    /// inbound and outbound log lines of many MTAs; listed domains labelled too). Scored once before
    /// any rule was fitted to it: 179/200 listings, 4 false alarms, listed domain 2/14.
    func testSecondIndependentProbesStayRecognised() throws {
        try assertProbes("independent-2.jsonl", count: 400, missed: 3, falseAlarms: 0, wrongIP: 0, wrongDomain: 1)
    }

    /// A third set of 400 by another helper who never saw the rules, for precision: 300 hard look-alikes
    /// (DNSBL failures, delisting and expiry notices, monitors' clean results, configuration lines and
    /// help sentences that quote a listing, filters' score lines, in MTA logs and ten languages) and 100
    /// listings as controls. Scored once before any fitting: 51 of the 300 called a listing.
    func testHardLookAlikesStayNonListings() throws {
        try assertProbes("independent-3.jsonl", count: 400, missed: 0, falseAlarms: 1, wrongIP: 0, wrongDomain: 1)
    }

    /// A fourth set of 300, written last, by another helper who never saw the rules: refusals inside
    /// many systems' bounces and NDRs, IPv6 senders, providers' coded replies, 30 not in English. Scored
    /// once before any fitting: 134/150 listings, 6 false alarms, listed IP 108/128.
    func testFourthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-4.jsonl", count: 300, missed: 2, falseAlarms: 1, wrongIP: 0, wrongDomain: 0)
    }

    /// A fifth set of 240, written in session 13 by another helper who never saw the rules: the long tail of
    /// 160 listings (many MTAs, countries and list names, 45 not in English, wrappers, masked and IPv6 addresses;
    /// the most famous wordings at most twice) and 80 look-alikes. Scored once before any fitting: 139/160
    /// listings (the session start's rules the same), 4 false alarms, listed IP 126/128. After it was read (a mail
    /// client's wrapper in its user's language, the sending host or server with its address in fourteen
    /// languages, more list words, "too many spam reports", FortiGuard's named list, the subject's own address):
    /// 157/160, 3 false alarms (two domains in a message on SURBL/URIBL, which this project calls listings with
    /// `listed_domain`, and an address in a message's body on the SBL), listed IP 146/146 (one label corrected:
    /// RFC 5952 never shortens a single zero group with "::"); its writer labelled no listed domain, so the three
    /// domain listings it holds count as "listed domain wrong".
    func testFifthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-5.jsonl", count: 240, missed: 3, falseAlarms: 3, wrongIP: 0, wrongDomain: 3)
    }

    /// A sixth set of 317, written in session 16 by a helper who never saw the rules and looked up how less-known
    /// products and receivers word their replies (25 look-ups): 158 listings of the long tail (receivers' own lists,
    /// about 50 named lists and appliances, cut and masked replies, 40 in 18 other languages, every MTA's frame and
    /// receivers' own log lines, 8 domain listings) and 159 look-alikes. Scored once before any fitting: 143/158
    /// listings (the session start's rules the same), 10 false alarms, listed IP 125/137. After it was read ("a list of
    /// bad ones", "our spam database", "blocked-servers list", the active "has denylisted the sending IP", German,
    /// Polish and Turkish list words, OpenSMTPD's result="…", guards for advice, monitors' counts, list configuration
    /// tables, log-in bans and questions): 153/158, 1 false alarm (a list's configuration line quoting Barracuda's
    /// reply), listed IP right on every recognised listing; one listed domain not read (a reverse host name on SORBS's RHSBL,
    /// which the SORBS rule reads as its address list).
    func testSixthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-6.jsonl", count: 317, missed: 3, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }

    /// A seventh set of 322, written in session 16 by another helper who never saw the rules: listings as senders see
    /// them, inside what reports them (sending services' events and webhooks, marketing tools' bounce logs, mail clients'
    /// dialogs, hosting panels' delivery reports, libraries' exceptions, queue listings, Exchange's message tracking),
    /// 163 listings and 159 look-alikes in the same wrappers, 71 not in English. Scored once before any fitting: 155/163
    /// listings (the session start's rules the same), 3 false alarms, listed IP 140/149. After it was read (a structured
    /// record's reply field — JSON's diagnosticCode/reason/message/…, Exchange tracking's LED= — read alone, without the
    /// payload's recipient, sender and subject; a delivery report's "Out Host: <mx> [ip]" never the listed address; a
    /// list check that could not be made; "0 of 92 lists"; Japanese "RBL (…) に登録"; KISA's zone; Sophos Email's
    /// XGEMAIL_0004 code, "Sender IP address failed an RBL test"): 163/163, 1 false alarm (T-Online's NOWL, a listing by
    /// this project's convention), every labelled address and domain right.
    func testSeventhIndependentProbesStayRecognised() throws {
        try assertProbes("independent-7.jsonl", count: 322, missed: 0, falseAlarms: 1, wrongIP: 0, wrongDomain: 0)
    }

    /// An eighth set of 262, written in session 16 by another helper who never saw the rules, testing which list is
    /// named and which address is listed: 207 listings naming 69 list keepers by zone, site, look-up link or name (with
    /// MX addresses, reversed query names and 127.0.0.x answers beside the listed address; 18 domain listings; 25
    /// languages) and 55 look-alikes naming the same lists (look-up failures, clean results, configuration, questions).
    /// Scored once before any fitting: 183/207, 16 false alarms, right operator 160/207, listed IP 164/185 (the session
    /// start's rules: 181, 19, 155, 163). After it was read (the verb of a zone in fourteen more languages, before or
    /// after it; eleven more zones; questions in other languages, list configuration, health checks and "not listed
    /// by" before every list rule; Spamhaus's HBL lists addresses, not hosts): 198/207, 3 false alarms, operator
    /// 181/207 (most of the rest slug conventions: `trendmicro`, `junkemailfilter`), listed IP 178/185. Six listed
    /// domains are not read (lists not known as domain lists); the domain a text says is listed now wins over an
    /// address's or a HELO name's met before it.
    func testEighthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-8.jsonl", count: 262, missed: 6, falseAlarms: 3, wrongIP: 1, wrongDomain: 1)
    }

    /// A ninth set of 266, written in session 16 by another helper who never saw the rules (37 look-ups of providers'
    /// documented codes, some wordings its own): big and regional providers' and filters' coded replies, 129 listings
    /// (their own lists and the third parties' they cite) and 137 look-alikes from the same providers (rate limits,
    /// content, authentication, rDNS, unknown users, policy, greylisting, reputation naming no list). Scored once before
    /// any fitting: 117/129, 5 false alarms, operator 98, listed IP 90/100 (the session start's rules the same). After
    /// it was read (Cox's IPBL code after "blocked." or "rejected.", a zone's verb in Russian and Ukrainian, Czech "na
    /// blacklistu", Russian "чёрный список" as a literal): 122/129; the 5 "false alarms" are this project's conventions
    /// (AOL's RLY:B1, T-Online's NOWL, Yandex's "spam statistics", Naver's filtered IP, Sophos's IP-lookup reply are the
    /// receiver's block of the sending IP here).
    func testNinthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-9.jsonl", count: 266, missed: 7, falseAlarms: 5, wrongIP: 1, wrongDomain: 0)
    }

    /// A tenth set of 251, written in session 17 by a helper who never saw the rules (3 look-ups): replies as they
    /// arrive after transport and encoding — delivery-status fields, quoted-printable bodies joined without decoding,
    /// HTML, JSON and language escapes (Python bytes, Java, .NET), syslog's `#012` and shippers' JSON, joined
    /// multi-line replies, percent-encoded and safe-link-wrapped look-up links, mail clients' quoting, tools' cuts:
    /// 130 listings and 121 look-alikes. Scored once before any fitting: 123/130, 10 false alarms, operator 121, listed
    /// IP 114/124 (the session-16 start's rules: 123, 12 false alarms). After it was read (QP without soft breaks
    /// when a UTF-8 escape shows it, percent-encoded links and texts, Proofpoint URL Defense v2/v3 read back; a
    /// checker's "– not listed;", "(not listed)" and JSON `"listed": false`; a question opening after an HTML tag; a
    /// list refusing an unregistered resolver's queries): 127/130, 2 false alarms; session 18 reads "=20" for every
    /// blank (three or more, outnumbering the text's own blanks): 128/130. Left: a soft break inside "Spamha=us" with no other QP sign, Orange's OFR004_104 (its table's
    /// "too many connections") under a listing's words; the false alarms are a help sentence and a look-up URL alone.
    func testTenthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-10.jsonl", count: 251, missed: 2, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }

    /// An eleventh set of 268, written in session 17 by a helper who never saw the rules (37 look-ups of products'
    /// documentation, sources and users' pastes): about 55 mail server products' own default replies and log lines for
    /// a DNS-list hit or a local IP block (hMailServer, SmarterMail, MDaemon, Kerio, spamdyke, Exchange's agent log,
    /// Domino, Haraka, rspamd, appliances and gateways) and the same products' look-alikes. Scored once before any
    /// fitting: 132/142, 7 false alarms, operator 126, listed IP 115/124 (the session-17 start the same). After it was
    /// read (spamdyke's DENIED_RBL_MATCH/DENIED_BLACKLIST_IP and Exchange's Connection Filtering agent log; "blocked
    /// list", "denied access by" a list, Kerio's "custom blacklist of spammer IP addresses", Symantec's "Global Bad
    /// Senders"; filters' own time-outs, "disabling block zone", a list's self-test): 138/142, 1 false alarm (Exchange's
    /// IP Block List default "does not have permissions to submit", a listing here by its documentation); session 18's
    /// Symantec sender-group rule: 139/142. Left: Cisco's
    /// sender-group log line for a network, a firewall's "Blocked site", rspamd's score line naming an RBL symbol (a
    /// score, as SpamAssassin's), "rejected - listed on" after a bare address.
    func testEleventhIndependentProbesStayRecognised() throws {
        try assertProbes("independent-11.jsonl", count: 268, missed: 3, falseAlarms: 1, wrongIP: 0, wrongDomain: 1)
    }

    /// The review of session 17's widenings, written by a reviewer told the families but not the rules (5 look-ups):
    /// 227 texts, 76 listings (in encoded texts, with "not listed", "timed out" or "query" somewhere in them, the new
    /// list wordings) and 151 look-alikes aimed at the same words. Scored once before any fitting: 70/76, 8 false alarms
    /// (the session-17 start's rules: 47/76, 25). After it was read (a question after "Q:" or in a web page's heading,
    /// a web server's search request line, help opening "To check whether", Exchange's configuration command, a
    /// filter's time-out "for" an address, Symantec's "Local Bad Sender IPs", a list's name "[REDACTED]"): 72/76, no
    /// false alarm. Session 18 (Kerio's and Symantec's groups by their own rules, "blocked list of this domain" names the
    /// list's owner): 75/76. Left: "(local policy, IP)" after the list.
    func testReviewOfSessionSeventeenStaysNarrow() throws {
        try assertProbes("review-17.jsonl", count: 227, missed: 1, falseAlarms: 0, wrongIP: 1, wrongDomain: 0)
    }

    /// A twelfth set of 250, written in session 17 by a helper who never saw the rules (30 look-ups): replies as
    /// providers and lists word them now (2023–2026) — Spamhaus's new look-up site, return codes and DQS, Abusix's
    /// Guardian Mail, Microsoft's, Gmail's and Yahoo's current codes and their look-alikes, iCloud, Proofpoint, Mimecast,
    /// T-Online, GMX, Comcast, Mail.ru, Yandex, self-hosted stacks' defaults: 130 listings, 120 look-alikes. Scored once
    /// before any fitting: 129/130, 5 false alarms, operator 119, listed IP 117/118 (the session-17 start the same).
    /// After it was read (Spamhaus's Hash Blocklist and a DQS key are no listing of the sending IP, "was delisted from",
    /// a Postfix access refusal naming an IP deny list, Hornetsecurity's list by name): 130/130, 2 false alarms —
    /// Exchange Online's 5.7.708 (the receiver's block of the sending IP here, heldout/README.md) and a commentary
    /// sentence on UCEPROTECT Level 3.
    func testTwelfthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-12.jsonl", count: 250, missed: 0, falseAlarms: 1, wrongIP: 0, wrongDomain: 0)
    }

    /// A thirteenth set of 250, written in session 17 by a helper who never saw the rules (12 look-ups): remote
    /// refusals as outbound MTAs and sending platforms other than Postfix and Exim record them — PowerMTA accounting
    /// CSV, KumoMTA and MailerQ JSON, Halon, GreenArrow, Momentum, Postal, Sendmail, qmail-send, Courier, OpenSMTPD,
    /// Haraka, Exchange tracking, MDaemon, hMailServer, SmarterMail and others, with decoy words in other fields
    /// ("pool-blocklisted", "spam-test"): 130 listings, 120 look-alikes. Scored once before any fitting: 119/130, 1
    /// false alarm, operator 111, listed IP 105/118. After it was read (Courier's delivery log frame; Postal's "output",
    /// listmonk's "diagnostic", "bounce_text" and KumoMTA's response "content" as the reply field; an MX in parentheses
    /// before the reply, "via mx2.example.net (ip): 550 …", never the listed address): 124/130. Left:
    /// Gmail's "not authorized to send email directly" (policy by 32 gold labels), Orange's OFR004_104 code, Cisco's
    /// sender group (session 18 reads the "Comcast block list" wording with the BL000000 link: 126/130); the false
    /// alarm is a CSV record whose VMTA is named "pool-blocklisted".
    func testThirteenthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-13.jsonl", count: 250, missed: 4, falseAlarms: 1, wrongIP: 0, wrongDomain: 0)
    }

    /// The review of session 17's later widenings (other platforms' records, the Hash Blocklist, DQS and delisting
    /// guards, deny lists, Symantec's and Hornetsecurity's names), by a reviewer told the families but not the rules
    /// (6 look-ups): 174 texts, 57 listings (several that mention "HBL", "DQS", "delisted" or carry a sender address)
    /// and 117 look-alikes. Scored once before any fitting: 46/57, 4 false alarms (the session-17 start's rules:
    /// 37/57, 12). What it showed: the first HBL veto (any mention) took listings that also mention the HBL; a
    /// Postfix reject line's "; from=<…>" field vetoed an "IP in local deny list" listing. After it was read (the HBL
    /// veto only for what the HBL lists — a hash, a file, a wallet, an address — or with no listing word; its zone):
    /// 48/57, 3 false alarms. Session 18 (Symantec's sender groups and Hornetsecurity's list by their own rules, an
    /// IPv6 address after "IP … in <list>"; Postfix's own "; from=<…>" frame after a "Client host rejected" reply no
    /// longer vetoes, a recipient or sender address refusal with the same frame still does): 57/57. Before: the Postfix line whose "; from=<…>" field vetoes it (exempting that field made a labelled
    /// recipient-address refusal, eval6:9 with "blocklisted" for "blacklisted", a false alarm); the false alarms are a
    /// message body asking about a Spamhaus listing and two URLs in a message body on DBL and URIBL (listings of a
    /// domain by this project's convention).
    func testSecondReviewOfSessionSeventeenStaysNarrow() throws {
        try assertProbes("review-17b.jsonl", count: 174, missed: 0, falseAlarms: 3, wrongIP: 0, wrongDomain: 0)
    }

    /// A fourteenth set of 260, written in session 18 by a helper who never saw the rules (9 look-ups): refusals of
    /// the older internet (1998–2014) in the layouts of the time's DSNs and transcripts — Sendmail, qmail's rblsmtpd,
    /// Exim 3/4, Postfix 1.x/2.x, Exchange 2003/2007, Domino, GroupWise, iMail, InterScan, MailMarshal, IronPort and
    /// others, the lists of the time (MAPS, ORBS, ORDB, Osirusoft, SPEWS, Five-Ten, DSBL, NJABL, AHBL, Blitzed OPM) and
    /// the era's look-alikes: 138 listings, 122 look-alikes. Scored once before any fitting: 130/138, 4 false alarms,
    /// operator 104, listed IP 115/121, listed domain 5/9 (the session-18 start the same). After it was read (SPEWS's
    /// and Five-Ten's look-up links, RFC-Ignorant's domain lists, "If the error you received was …", a question after
    /// "Q:", Sendmail's dnsbl FEATURE line; AHBL's RHSBL zone a domain list): 135/138, 1 false alarm, listed domain 9/9. Left: Yahoo's 4.16.50 deferral (reputation by
    /// earlier sets' gold labels), Trend Micro's "Network Reputation Service (QIL)", Exchange 2003's "on the Connection
    /// Filter of this server"; the false alarm is Exchange's IP Block List default (a listing by its documentation).
    /// Operator labels differ by convention on 30 (MAPS under Trend Micro, CBL under Spamhaus, SPEWS's SORBS copies).
    func testFourteenthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-14.jsonl", count: 260, missed: 3, falseAlarms: 1, wrongIP: 0, wrongDomain: 0)
    }

    /// A fifteenth set of 259, written in session 18 by a helper who never saw the rules (23 look-ups): refusals by 65
    /// regional receivers outside the US/UK big four (Japanese carriers and ISPs, Chinese, Korean, Taiwanese, Indian,
    /// Russian and CIS, Central and Eastern European, Western European national, Latin American, Australian and NZ
    /// providers), their own and third-party lists, often in their language: 134 listings, 125 look-alikes. Scored once
    /// before any fitting: 122/134, 2 false alarms, listed IP 115/127 (the session-18 start the same). After it was
    /// read (Bulgarian "черния списък", unaccented "listee chez", a named list in Japanese "…リスト(SpamCop)に掲載",
    /// Czech "IP adresa odesílatele" as the sender's IP; a checker's "not listed (…)", a French question by inversion):
    /// 126/134, no false alarm; then "IP <ip> in blacklist of …" (the address in angle brackets) and "IP address <ip>
    /// rejected, on … block list": 128/134. Left: docomo's "receive-block list", "@nifty's IP block list", "has be
    /// blocked because send too many spam", Daum's "(BL:IP) … blocked by Daum mail spam policy", Polish "Zablokowano
    /// adres IP"; the listed domain of a Czech and an Italian
    /// sender-domain refusal (the listed-domain finder reads English forms). Session 19: "@nifty's IP block list", Polish
    /// "Zablokowano adres IP" and the two listed domains ("domain" in other languages) are read: 130/134, every listed
    /// domain right; the receivers' own lists name their keeper (providers.yaml's regional providers): operator 67 -> 90.
    func testFifteenthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-15.jsonl", count: 259, missed: 3, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }

    /// A sixteenth set of 255, written in session 19 by a helper who never saw the rules (30 look-ups; the wordings of
    /// the less documented filters its own): refusals by security gateways and cloud filters outside the big four —
    /// their own lists, cited lists and look-alikes: 133 listings, 122 look-alikes. Scored once before any fitting (at
    /// 4dfde7d): 122/133, 4 false alarms, listed IP 112/123, listed domain 4/6. After it was read (a listing after "<ip>
    /// rejected,"; four words or a parenthesis before the list word, "the Forcepoint ThreatSeeker IP reputation
    /// blocklist", "Symantec IP Reputation (Zodiac) blocklist"; Cisco's "matched sender group BLOCKED_LIST"; a look-up
    /// of "RBL <zone>" that timed out; FortiMail's CLI and configuration keys naming their lists): 127/133, 2 false
    /// alarms (MailChannels' "[S10] Blocked", a URL in the message on SURBL — listings by this project's conventions).
    /// Left: Libraesva's "IP reputation list", Proofpoint's deferral with its ipcheck link (reputation here), rspamd's
    /// map and symbol names ("Matched map: IP_BLACKLIST", "RBL_UCEPROTECT_LEVEL1 <ip>"), IMSVA's "RBL+ matches". Then
    /// a listing after "Spam message rejected;" that names rspamd's RBL_ symbol or SenderScore's zone: 128/133.
    func testSixteenthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-16.jsonl", count: 255, missed: 3, falseAlarms: 2, wrongIP: 0, wrongDomain: 1)
    }

    /// A seventeenth set of 250, written in session 19 by a helper who never saw the rules (10 look-ups): receivers in
    /// regions and languages rarely covered (Turkey, Greece, Israel, the Arab world and Iran, Africa, South and
    /// Southeast Asia, the Nordics and Baltics, the Balkans and Hungary, Portugal and Spain), in 27 languages or broken
    /// English: 131 listings, 119 look-alikes. Scored once before any fitting (at 4dfde7d): 98/131, 6 false alarms,
    /// listed IP 90/121, listed domain 1/10 — the weakest first score since independent-6. After it was read (the
    /// server word, list noun and "blocked" verb of those languages; their "not", "none" and "removed"; a question in
    /// any language in a text without a reply code; "If you see '…'"; look-up time-outs in Turkish and Portuguese;
    /// "domain" in other languages for the listed domain): 126/131, 1 false alarm, listed IP 118/121, listed domain
    /// 7/10 (the other three: two domain listings missed, one domain not read). Then non-native English ("your IP <ip>
    /// is blacklist by our system", "Your mailserver ip [<ip>] was blocking by BSNL"): 128/131. Left: Estonian with the
    /// bare address as subject, domain listings in Arabic and Vietnamese. Then help opening with Indonesian "Jika": no
    /// false alarm.
    func testSeventeenthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-17.jsonl", count: 250, missed: 0, falseAlarms: 0, wrongIP: 0, wrongDomain: 1)
    }

    /// An eighteenth set of 253, written in session 19 by a helper who never saw the rules (20 look-ups): hosting
    /// providers, shared-hosting panels and small mailbox services in both directions (inbound MTAs, and outbound
    /// smarthosts refusing a customer whose IP is listed): 131 listings, 122 look-alikes. Scored once before any
    /// fitting (at 4dfde7d): 126/131, 5 false alarms, listed IP 118/123, listed domain 4/6. After it was read (Rackspace's
    /// "ACL dns_rbl; Error: … listed on <zone>" is a listing, not a look-up error; configuration keys and panels' "RBL
    /// servers:" fields): 127/131, 3 false alarms; then a list's own description opening the text is no listing: 2. Left: ISPConfig's "Client host rejected: Access denied" and "You are
    /// not allowed to connect" (policy here), an outbound relay's refusal that mentions authentication; a WHM menu path,
    /// help text on the PBL and a URL in the message on the DBL called listings.
    func testEighteenthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-18.jsonl", count: 253, missed: 4, falseAlarms: 2, wrongIP: 1, wrongDomain: 2)
    }

    /// A nineteenth set of 250, written in session 19 by a helper who never saw the rules (17 look-ups): listings of
    /// networks, ranges, ASNs and providers (UCEPROTECT Level 2/3, SBL ranges, DROP, PBL, SORBS DUHL, SpamRATS,
    /// Microsoft's "part of their network", receivers' blocks of a hosting provider or a country's ranges, IPv6 /64 and
    /// /48) and the look-alikes that share the words: 130 listings, 120 look-alikes. Scored once before any fitting (at
    /// e4d8767): 116/130, 11 false alarms, listed IP 98/112 (the session-19 start's rules: 114/130, 11). After it was read
    /// (the sender's prefix or hosting provider as the subject in a refusal; Outlook's S3150 after a list word in its
    /// reader's language; reverse DNS as the reason of a stated listing; "Free/Proxad local blocklist"; checkers' "0 of 5
    /// ranges listed", "No … entries found", firewall commands and a list's own description opening the text): 124/130,
    /// 1 false alarm (T-Online's NOWL, a listing by this project's convention), listed IP 106/112. Left: "on the
    /// SpamRATS Dyna list", Yahoo's 5.7.9 naming an internal blocklist, an organisation's block list, "a range that our
    /// blacklist covers", "listed in RATS-Dyna" (a list's name alone), a country-wide range.
    func testNineteenthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-19.jsonl", count: 250, missed: 4, falseAlarms: 1, wrongIP: 0, wrongDomain: 0)
    }

    /// The review of session 19's widenings (the languages' server words, list nouns and verbs with their negations,
    /// questions without a reply code, look-up time-outs in other languages, "<ip> rejected, listed in", longer list
    /// names, Cisco's sender groups, configuration keys, regional receivers as keepers, "domain" in other languages), by
    /// a reviewer told the families but not the rules (no look-ups): 195 texts, 83 listings, 112 look-alikes. Scored once
    /// before any fitting (at e4d8767): 68/83, 12 false alarms (the session-19 start's rules: 42/83, 16). After it was
    /// read (negations placed where they negate — Turkish "listede değil", Vietnamese "không nằm", Afrikaans "is nie" —
    /// instead of anywhere; negation look-behinds on the new verbs; removals and time-outs in more languages; Arabic "؟";
    /// Devanagari and Bengali list nouns; "<list> RBL: <ip> listed", "<ip> in blacklist of <keeper>"; Cisco's poor
    /// reputation with its BLOCKLIST sender group named; SURBL/URIBL with "domain" in other languages): 80/83, no false
    /// alarm, every listed domain right. Session 20 read its three leftovers (Afrikaans "se IP" is no Portuguese "if";
    /// Polish "nie została przyjęta" is the message's; "IP <ip> listed by HiNet"): 83/83.
    func testReviewOfSessionNineteenStaysNarrow() throws {
        try assertProbes("review-19.jsonl", count: 195, missed: 0, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }

    /// The review of session 19's later widenings (networks and prefixes as the subject, Outlook's S3150 in eleven
    /// languages, "<list> RBL: <ip> listed", "in blacklist of", slashes, non-native English, reverse DNS as a listing's
    /// reason, checkers' zero counts, firewall lines, lists' descriptions, negations placed where they negate in about
    /// 30 languages), by a reviewer told the families but not the rules (2 look-ups): 192 texts, 71 listings, 121
    /// look-alikes. Scored once before any fitting (at 7848a22): 61/71, 5 false alarms (the session-19 start's rules:
    /// 33/71, 13). After it was read ("delisted on request", "<list>: <ip> not found", French "ne figure pas", Korean
    /// "있지 않", a list's description with its initials in parentheses; "The /48 containing your address is on our
    /// blocklist", "is exist in", "Rejected by the Free/Proxad local blocklist", Polish S3140): 65/71, no false alarm.
    /// Left: "local policy blacklist", reverse DNS after "on our blocklist:", Japanese S3140 cut before its code, Polish
    /// "not removed", "isn't whitelisted and is listed", "RBL check failed: <ip> listed in <zone>". Session 20 read three
    /// of them (reverse DNS given as the reason after "is on our blocklist:", the Japanese S3150 sentence that ends in the
    /// code, "RBL check failed: <ip> listed in"): 68/71.
    func testSecondReviewOfSessionNineteenStaysNarrow() throws {
        try assertProbes("review-19b.jsonl", count: 192, missed: 3, falseAlarms: 0, wrongIP: 1, wrongDomain: 0)
    }

    /// A twentieth set of 259, written in session 19 by a helper who never saw the rules (12 look-ups): refusals in
    /// non-native, broken or machine-translated English by small and mid-size receivers worldwide, and look-alikes in
    /// the same English: 133 listings, 126 look-alikes. Scored once before any fitting (at c1d4a03): 115/133, 6 false
    /// alarms, listed IP 107/124 (the session-19 start's rules: 113/133, 7). After it was read (the address as the
    /// subject of "is blacklisting on", "is listing in", "is block by", "is ban on", "stays in blacklist of", "have a
    /// listing in", "is register in spam black list", "blacklist in our server", "is temporarily in our blacklist";
    /// "blocked from our RBL"; "forbidden list"; "listing in multi.surbl.org"; look-ups that "is fail", "cannot check" or
    /// "could not verify"; "no listing found"; help opening "Jika"): 131/133, 1 false alarm ("the sender IP is in
    /// blacklist. Solution: request delisting", a listing here), listed IP 122/124. Session 20 read its two leftovers
    /// ("NetEase black list: your IP … is forbid to send", "in our \"bad IP\" list"): 133/133.
    func testTwentiethIndependentProbesStayRecognised() throws {
        try assertProbes("independent-20.jsonl", count: 259, missed: 0, falseAlarms: 1, wrongIP: 0, wrongDomain: 1)
    }

    /// A twenty-first set of 262, written in session 20 by a helper who never saw the rules (12 look-ups): the long tail
    /// of named DNS lists — about 130 zones of national, university, hobbyist, Tor/proxy, dynamic-range, backscatter,
    /// vendor, retired and keyed lists under 124 keepers — cited by zone, page or name in about 25 products' frames, and
    /// the look-alikes naming the same lists (allow-list answers, "not listed", time-outs, refused or keyed queries,
    /// descriptions, configuration, sender-address lists): 144 listings, 118 look-alikes. Scored once before any fitting
    /// at the session start's rules (c9cd4e0): 136/144, 10 false alarms, operator 105, listed IP 123/131. After it was
    /// read (an unknown zone "rejected by" or cited in Spanish, Polish, Indonesian, Hungarian; "timed out querying", a
    /// mirror's rsync error, UCEPROTECT's whitelist, Hostkarma's white answer, the MSBL's e-mail list, "uribl_sites =",
    /// Backscatterer's description): 142/144, 3 false alarms. Left: the Habeas Infringers List (its site is the Habeas
    /// safe list's), an rspamd score report, a SURBL listing of a body link (a listing by this project's convention), a
    /// score report and a rate limit that link a list's site.
    func testTwentyFirstIndependentProbesStayRecognised() throws {
        try assertProbes("independent-21.jsonl", count: 262, missed: 2, falseAlarms: 3, wrongIP: 0, wrongDomain: 1)
    }

    /// A twenty-second set of 260, written in session 20 by a helper who never saw the rules (19 look-ups): temporary
    /// refusals and deferrals — 4xx listings at connect and after RCPT, deferral records of Postfix, Exim and Exchange,
    /// delayed-mail notices — and the temporary look-alikes (rate and concurrency limits, greylisting that names a list
    /// score, look-up failures, complaint deferrals, reputation limits): 129 listings, 131 look-alikes. Scored once before
    /// any fitting at c9cd4e0: 124/129, 2 false alarms, operator 117, listed IP 116/122. After it was read ("retry once
    /// delisted" is no delisting; "does not mean your IP is on a blacklist"): 126/129, 1 false alarm (T-Online's NOWL, a
    /// listing by this project's convention). Left: "the Mimecast blocked senders IP list" (read as Mimecast's Blocked
    /// Senders policy), an rspamd soft-reject log line.
    func testTwentySecondIndependentProbesStayRecognised() throws {
        try assertProbes("independent-22.jsonl", count: 260, missed: 3, falseAlarms: 1, wrongIP: 0, wrongDomain: 0)
    }

    /// A twenty-third set of 262, written in session 20 by a helper who never saw the rules (11 look-ups): DOMAIN listings
    /// (Spamhaus DBL, ZRD and DQS zones, SURBL and its sublists, URIBL, Spam Eating Monkey, Invaluement ivmURI, Abusix's
    /// domain lists, SORBS's RHSBL, RFC-Clueless, vendors' URL lists) with the listed domain written plainly, in brackets,
    /// as a URL or as a query name, and their look-alikes: 139 listings, 123 look-alikes. Scored once before any fitting
    /// at c9cd4e0: 103/139, 4 false alarms, listed domain 57/120. After it was read (the domain lists' zones and a rule
    /// for a domain listed in them, dnsbl-domain-listed; Abusix's domain lists; "listed in Spamhaus ZRD"; SURBL's sublists
    /// by name; the listed domain taken from a query name, a look-up link, a filter's symbol option, "URI blacklisted:",
    /// "<zone> lists"; rspamd's DNS errors and SpamAssassin's rule definitions): 114/139, no false alarm. Left, as this
    /// project labels them: score reports that list a domain list's test among others (content, as the collectors
    /// labelled SpamAssassin's reports), the Hash Blocklist's e-mail addresses and hashes (never the sending IP or
    /// domain), a receiver's or a vendor's own domain or URL block list (GMX, T-Online, Mimecast, Proofpoint, Cisco,
    /// Barracuda: policy or content, as eval97's Fastmail reply).
    func testTwentyThirdIndependentProbesStayRecognised() throws {
        try assertProbes("independent-23.jsonl", count: 262, missed: 25, falseAlarms: 0, wrongIP: 2, wrongDomain: 5)
    }

    /// The review of session 20's widenings (domain lists' zones and the listed domain's readings, unknown zones "rejected
    /// by" and in other languages, named lists and keepers, readings that no longer veto, Outlook's S3150 in Japanese,
    /// Chinese and Korean, the new not-listings), by a reviewer told the families but not the rules (2 look-ups): 231
    /// texts, 89 listings, 142 look-alikes. Scored once before any fitting (at 3681eb4): 83/89, 20 false alarms, listed
    /// domain 25/34 (the session-20 start's rules: 54/89, 28). After it was read (negations and removals of the new
    /// verbs in Polish, Indonesian, Hungarian and Korean, "is not in <zone>"; a spam filter's score report unless the
    /// refusal goes on to state the listing; a zone's or a list's description opening the text; SpamAssassin's rule
    /// lines behind a prefix; "if" opening help in ten more languages; "too many" and authentication in seven more
    /// languages; Abusix's domain lists only in a refusal; "rejected by <zone>" only when a label of the zone is a list's
    /// word, not a filter host's; SURBL's sublists named without a link word; S3140 after 清單; the listed domain after
    /// "(<zone>):"): 86/89, no false alarm. Left: rspamd's one-symbol rejections (score output here), a refusal that
    /// names the sender's domain before the listed host ("Mail from domain … refused: sending host … is on our \"bad
    /// IP\" list").
    func testReviewOfSessionTwentyStaysNarrow() throws {
        try assertProbes("review-20.jsonl", count: 231, missed: 3, falseAlarms: 0, wrongIP: 0, wrongDomain: 1)
    }

    /// A twenty-fourth set of 259, written in session 20 by a helper who never saw the rules (10 look-ups): listings that
    /// carry incidental words of other failures (SPF, DKIM, DMARC, reverse DNS, rates, authentication, scores, the sender
    /// address, "removal", "not" in another clause, several lists, MTAs' trailers, sending services' fields, bounce
    /// boilerplate) and look-alikes that carry listing words in passing: 137 listings, 122 look-alikes. Scored once
    /// before any fitting (at b24c478; the session start's rules the same): 128/137, 3 false alarms, operator 124,
    /// listed IP 120/128. After it was read ("this is not a greylisting delay", "Greylisting skipped: <ip> is on <zone>";
    /// "Your DKIM and DMARC pass" after a listing; a listing "at <zone>" beside a spam-score remark; a five-word list
    /// name; Haraka's ETIMEOUT and a disabled zone; "0/92 listed"; help opening "If your IP is listed"): 134/137, no
    /// false alarm. Left: "the blacklist of the receiving organization" (an organisation's list is vetoed), "blocked by
    /// our local policy (firewall block list)", a network "blocked by example.org because of repeated abuse".
    func testTwentyFourthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-24.jsonl", count: 259, missed: 3, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }

    /// A twenty-fifth set of 261, written in session 20 by a helper who never saw the rules (22 look-ups; it read parts of
    /// the project README for operator slugs): refusals as people paste them — masked addresses and names, replies cut
    /// mid-word or at a fixed length, "…" and "[...]" endings, joined and re-wrapped lines, "#012" and "\\n" escapes,
    /// HTML entities, smart quotes, repeated codes — for the common lists and large receivers, and look-alikes treated
    /// the same way: 135 listings, 126 look-alikes. Scored once before any fitting (at the rules of b24c478, the session
    /// start's the same): 129/135, 3 false alarms, listed IP 37/37. After it was read (a link's empty query "lookup.shtml?"
    /// is no question; "ist bei UCEPROTECT gelistet"; a shell "dig" command, a monitor's alert and an admin page's check
    /// boxes are no refusals): 131/135, no false alarm. Left: AOL's RTR:BB (policy, as the collectors labelled it), a
    /// Yahoo TSS09 and a GMX reply cut before their listing words, T-Online's masked "(BL)".
    func testTwentyFifthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-25.jsonl", count: 261, missed: 4, falseAlarms: 0, wrongIP: 1, wrongDomain: 1)
    }

    /// The review of session 20's later widenings (greylisting that is not, words said in passing, score reports, the new
    /// not-listings, negations and removals in Polish, Indonesian, Hungarian and Korean, "rejected by <zone>"), by a
    /// reviewer told the families but not the rules (2 look-ups): 203 texts, 85 listings, 118 look-alikes. Scored once
    /// before any fitting (at a8729c4): 83/85, 4 false alarms (the session-20 start's rules: 76/85, 30). After it was
    /// read ("Blacklist monitor" and "[ALERT]" lines, SpamAssassin rule lines behind two prefixes, German "nicht
    /// (mehr) … gelistet", Hungarian "szerepel a SpamCop listáján"): 83/85, no false alarm. Left: a score report with
    /// "[URIs: …]" and no listing word, a Hungarian listing with no reply code or refusal word.
    func testSecondReviewOfSessionTwentyStaysNarrow() throws {
        try assertProbes("review-20b.jsonl", count: 203, missed: 2, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }

    /// A twenty-sixth set of 250, written in session 20 by a helper who never saw the rules (12 look-ups): listings inside
    /// localized bounce wrappers — Exchange/Microsoft 365, Gmail, Yahoo, translated Postfix and Exim templates, Domino,
    /// GroupWise, MDaemon, Kerio, IceWarp in 15 languages — and look-alikes in the same wrappers: 130 listings, 120
    /// look-alikes. Scored once before any fitting (at a8729c4): 119/130, no false alarm, operator 105, listed IP 105/120.
    /// What it showed: the wrapper's own words for the recipient ("Empfänger", "destinatarios", "příjemcům") vetoed the
    /// generic rules, and the MX address of a translated "host X [ip] said:" frame was taken as the listed one. After it
    /// was read (those words count only in the remote reply, after its code; an address before the reply's code is taken
    /// only when the reply names none; "blacklisted by the recipient's mail server" is the receiver's own block; "n'a pas
    /// été remis" is the message's; the Dutch word for recipient only in the reply): 129/130, no false alarm, listed IP 119/120. Left: a Polish wrapper around a qmail reply.
    func testTwentySixthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-26.jsonl", count: 250, missed: 1, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }

    /// A twenty-seventh set of 254, written in session 20 by a helper who never saw the rules (19 look-ups): which address
    /// is listed when a refusal shows several (MX and client addresses, HELO literals, Received hops, reversed query names,
    /// 127.0.0.x answers, look-up URLs, IPv6 in every form, ports, timestamps, masks): 172 listings, 82 look-alikes. Scored
    /// once before any fitting (at a8729c4): 170/172, no false alarm, listed IP 155/160. After it was read (the address the
    /// reply calls listed — "<ip>, which is listed in" — wins over a bracketed hop; a list's reversed query name, IPv4 or
    /// IPv6 nibbles, gives the listed address when nothing else names one): listed IP 158/160.
    func testTwentySeventhIndependentProbesStayRecognised() throws {
        try assertProbes("independent-27.jsonl", count: 254, missed: 2, falseAlarms: 0, wrongIP: 2, wrongDomain: 0)
    }

    /// The review of session 20's last widenings (localized wrappers whose words no longer veto, which address is listed,
    /// the last not-listings), by a reviewer told the families but not the rules (2 look-ups): 180 texts, 89 listings, 91
    /// look-alikes. Scored once before any fitting (at b53aab4): 83/89, no false alarm, listed IP 75/82 (the session-20
    /// start's rules: 79/89, 5 false alarms, listed IP 65/82). After it was read ("not a rate limit", "not a content
    /// issue" negate nothing of the listing; Comcast's #BL code names a list; a receiving log's "RCPT from host[ip]:" is the
    /// client, not an MX frame; a reversed query whose zone starts with a hex letter, IPv6 nibbles before IPv4): 86/89, no
    /// false alarm, listed IP 80/82. Left: GoDaddy's "IB104" with no list named, "blocked by SURBL lookup of domain …", a
    /// German listing after "Recipient address rejected:".
    func testThirdReviewOfSessionTwentyStaysNarrow() throws {
        try assertProbes("review-20c.jsonl", count: 180, missed: 3, falseAlarms: 0, wrongIP: 1, wrongDomain: 0)
    }

    /// A twenty-eighth set of 258, written in session 20 by a helper who never saw the rules (19 look-ups): the large
    /// receivers' code tables of 2024–2026 (Microsoft, Gmail, Yahoo/AOL, AT&T/Verizon, iCloud, Comcast, Orange/La Poste,
    /// GMX/web.de/IONOS, T-Online, Mail.ru, Yandex, QQ, Zoho, Proofpoint, Mimecast, Barracuda, Cisco): their listing
    /// codes and their other codes, 122 listings, 136 look-alikes. Scored once before any fitting (at 0f83fcd; the session
    /// start's rules the same): 121/122, 8 false alarms, operator 110, listed IP 110/113. After it was read (SES's
    /// "remoteMtaIp" names the MX; a filter's "smtp_reply_filter" line; "DNS query failed for DNSBL"; Orange's OFR…_104
    /// when the reply says the IP is on Orange's list): 122/122, 6 false alarms — Gmail's "unusual rate of unsolicited
    /// mail from your IP" (2), Yahoo's TSS09/TS03 "permanently deferred" (2) and Microsoft's 5.7.708 "traffic not accepted
    /// from this IP", the receivers' own blocks of the sending IP by this project's convention, and a help page quoting
    /// GMX's reply after a colon — listed IP 113/113.
    func testTwentyEighthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-28.jsonl", count: 258, missed: 0, falseAlarms: 6, wrongIP: 0, wrongDomain: 0)
    }

    /// The review of session 20's final widenings (negations of something else, Comcast's and Orange's codes, which
    /// address is listed, configuration and help lines), by a reviewer told the families but not the rules (2 look-ups):
    /// 163 texts, 71 listings, 92 look-alikes. Scored once before any fitting (at 10c9958): 63/71, 4 false alarms, listed
    /// IP 53/61 (the session-20 start's rules: 61/71, 10, listed IP 47/61). After it was read (Comcast's #BL0000nn codes
    /// wherever Comcast names them, with the list each names; a Postfix log's own "; from=<…>" trailer after any "reject:
    /// RCPT from"; "Removal of <ip> from <zone> completed"; a body_checks match quoting listing words): 70/71, 2 false
    /// alarms (help text quoting a reply after a colon, read as the reply), listed IP 60/61.
    func testFourthReviewOfSessionTwentyStaysNarrow() throws {
        try assertProbes("review-20d.jsonl", count: 163, missed: 1, falseAlarms: 2, wrongIP: 0, wrongDomain: 0)
    }

    /// A twenty-ninth set of 277, written in session 20 by a helper who never saw the rules (13 look-ups): refusals in the
    /// receiver's own language by European and Latin American receivers (German, French, Spanish, Portuguese, Italian,
    /// Dutch, Polish, Czech, Slovak, Romanian, Hungarian, Croatian, Slovene, Greek): 142 listings, 135 look-alikes. Scored
    /// once before any fitting (at the rules of 10c9958): 122/142, 5 false alarms, operator 113, listed IP 109/129 (the
    /// session start's rules: 120/142, 6). What it showed: a named list after the sending address in another language's
    /// words ("figurează în UCEPROTECT", "presente nella PSBL", "je uvrščen na seznam Barracuda BRBL", "geblockt durch
    /// bl.mailspike.net") was missed. After it was read (after a reply code, the sending address and a keeper's name in the
    /// same clause; Barracuda's list by its name in any language; look-up failures, "not on any" and removals in
    /// Spanish, Italian, German, Hungarian, Slovene): 140/142, no false alarm. Left: Romanian and Slovak "blocked on this
    /// server" without a list word.
    func testTwentyNinthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-29.jsonl", count: 277, missed: 2, falseAlarms: 0, wrongIP: 0, wrongDomain: 4)
    }

    /// The review of session 20's closing widenings (the sending address and a keeper's name in one clause in any
    /// language, Comcast's codes, the new languages' look-up failures, negations and removals), by a reviewer told the
    /// families but not the rules (1 look-up): 168 texts, 74 listings, 94 look-alikes. Scored once before any fitting (at
    /// ce389eb): 74/74, 20 false alarms (the session-20 start's rules: 66/74, 24). After it was read ("not on" a named list
    /// in Italian, Spanish, Dutch, Romanian, Polish, Bulgarian and German, a check's clean result, look-up failures in
    /// Romanian and Czech, "Removal of <ip> from <list> <level> completed", a subject header check, "This error results
    /// when", SenderScore's reputation score, Hostkarma's white list and Abusix's content filter in any words): 74/74, no
    /// false alarm.
    func testFifthReviewOfSessionTwentyStaysNarrow() throws {
        try assertProbes("review-20e.jsonl", count: 168, missed: 0, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }

    /// A thirtieth set of 261, written in session 20 by a helper who never saw the rules (19 look-ups): refusals in the
    /// receiver's own language by receivers in Asia (Chinese, Japanese, Korean, Thai, Vietnamese, Indonesian, Malay,
    /// Tagalog, Hindi/Urdu, Bengali; Coremail, Tencent, NetEase, Aliyun, HiNet, Japanese carriers, Naver/Daum/Kakao): 132
    /// listings, 129 look-alikes. Scored once before any fitting (at the rules of ce389eb): 113/132, 5 false alarms,
    /// operator 90, listed IP 106/120 (the session start's rules: 107/132, 5). After it was read (a server's reject and
    /// block lists in Chinese, a spam-source list in Japanese, block lists in Korean, Bengali and Malay, the English noun in
    /// Filipino, Hindustani and Thai sentences; KISA's list by name; Barracuda named near "blacklist"; Tencent's "Mail is
    /// rejected by recipients." boilerplate; removals in Chinese, Japanese and Malay; "SPF_REJECT"): 127/132, 1 false
    /// alarm (a Japanese configuration hint), listed IP 120/120. Left: domain listings on SURBL in Chinese and Korean, a
    /// host (no address) on a site's own list, Thai and Vietnamese listings that name no address.
    func testThirtiethIndependentProbesStayRecognised() throws {
        try assertProbes("independent-30.jsonl", count: 261, missed: 5, falseAlarms: 1, wrongIP: 0, wrongDomain: 1)
    }

    /// The review of session 20's last Asian-language widenings (list nouns in Chinese, Japanese, Korean, Bengali, Malay and
    /// the English noun in Filipino, Hindustani and Thai sentences; Tencent's boilerplate; removals; "not on" a named list in
    /// seven languages), by a reviewer told the families but not the rules (2 look-ups): 175 texts, 76 listings, 99
    /// look-alikes. Scored once before any fitting (at 2cb3ffe): 65/76, 4 false alarms (the session-20 start's rules: 36/76,
    /// 13). After it was read ("not yet removed" in Chinese and Malay, "未列入" and "미등록" (not listed), "如需移除" (to be
    /// removed, …) after a listing, Taiwan's "伺服器", the Bengali sentence end before a question, "郵件未被接受" (the
    /// mail's), a list's description after its initials in another language): 71/76, no false alarm. Left: Korean with
    /// the list noun before the address, a listing after the Filipino "Hindi tinanggap" (not accepted), a listing that
    /// names the sender's domain before the address, a SURBL domain listing in Japanese.
    func testSixthReviewOfSessionTwentyStaysNarrow() throws {
        try assertProbes("review-20f.jsonl", count: 175, missed: 5, falseAlarms: 0, wrongIP: 0, wrongDomain: 1)
    }

    /// A thirty-first set of 261, written in session 20 by a second helper on domain listings who never saw the rules (10
    /// look-ups): about 40 products, sending services and gateways, twelve languages: 135 listings, 126 look-alikes.
    /// Scored once before any fitting (at a8dfa8b, after independent-23 had been read): 104/135, 5 false alarms, listed
    /// domain 80/126 (the session start's rules: 102/135, 6, 67/126). After it was read (a domain list's zone by its first
    /// label — rhsbl., dbl., uribl., dblack.; "appears on <zone>"; Exim's "dnslist lookup <query> gave 127.0.0.8"; the listed
    /// domain quoted, after "listing of", after "127.0.0.x for", after "links to", and "(domain)" after a list's name and
    /// zone; a per-list switch line, a rule's own description, a policy described, a rate-limit code; French "n'est pas
    /// répertorié"): 108/135, no false alarm, listed domain 87/126. Left, as this project labels them: 17 rspamd and amavis
    /// score reports naming a domain list's symbol (content, as the collectors labelled SpamAssassin's reports), 5
    /// vendors' URL block lists, Mailspike's and SpamRATS's domain lists, the Hash Blocklist.
    func testThirtyFirstIndependentProbesStayRecognised() throws {
        try assertProbes("independent-31.jsonl", count: 261, missed: 27, falseAlarms: 0, wrongIP: 0, wrongDomain: 13)
    }

    /// A thirty-second set of 276, written in session 20 by a helper who never saw the rules (3 look-ups) to test
    /// PRECISION after the session's widenings: 223 hard look-alikes in 22 languages (negated, removed, conditional,
    /// questions, checkers, look-up failures, allow lists, sender-address and recipient lists, rate limits, content and
    /// authentication refusals linking a list's site, account locks, configuration, descriptions) and 53 listings carrying
    /// the same distracting words. Scored once before any fitting (at d10a4db): 53/53, 32 false alarms (the session start's
    /// rules: 49/53, 39). After it was read (a list look-up's failure or time-out in eleven more languages, removals in ten
    /// more, Chinese "并非" (is not), an entry "for <ip> expired", Vietnamese "Nếu" and Turkish "-deyse" (if), "if it were
    /// listed", a test mode, descriptions with a zone in parentheses, "combines"): 53/53, 2 false alarms (a URL in the
    /// message on SURBL, a listing by this project's convention; a narrative about a list shut down).
    func testThirtySecondIndependentProbesStayPrecise() throws {
        try assertProbes("independent-32.jsonl", count: 276, missed: 0, falseAlarms: 2, wrongIP: 0, wrongDomain: 0)
    }

    /// A thirty-third set of 250, written in session 21 by a helper who never saw the rules (23 look-ups): TERSE replies of
    /// 2-15 words whose relay host carries the meaning, from 89 receivers (large mailbox providers, security clouds, national
    /// ISPs, small companies' servers), 125 listings and 125 look-alikes, each with its relay and who refused. Scored once
    /// before any fitting (at 28ef538, each relay's rows with --relay): 113/125, 3 false alarms, operator 101, provider
    /// 64/113, listed IP 67/74. After it was read (the relay host's organisation names a receiver no table knows; Outlook's
    /// S3140 right after "weren't sent", Yahoo's [BL21-23] alone, Comcast's codes after "see #" and the address, T-Online's
    /// "IP=<ip> - (BL)", Proofpoint's link cut to its host and "Dynamic Reputation", "sender IP on BRBL", "Client <ip> on
    /// blocklist", "Rejected: IP listed", "on the Cloudmark CSI list"; a low SenderScore is a score): 123/125, 2 false alarms.
    /// Left, as this project labels them: Postfix's bare "Access denied", MessageLabs' "Connection rejected by policy" (a
    /// listing by #3) and Proofpoint's "Delayed - see ipcheck…" (a listing's deferral); "HELO host on local block list" is
    /// read since session 24 (generic-local-block). Most provider disagreements are small sites under documentation
    /// domains (`.example`), which name no organisation (that listing's too).
    func testThirtyThirdIndependentProbesStayRecognised() throws {
        try assertProbes("independent-33.jsonl", count: 250, missed: 1, falseAlarms: 2, wrongIP: 0, wrongDomain: 1, wrongProvider: 50)
    }

    /// A thirty-fourth set of 260, written in session 21 by a helper who never saw the rules (30 look-ups): the issue's named
    /// providers and lists (21 receivers, 20 lists), about three listings and two or three of the same receiver's look-alikes
    /// each, with relay and who refused. Scored once before any fitting (at 0386239): 128/134, 5 false alarms, operator 121,
    /// provider 69/75, listed IP 114/120, listed domain 8/8. After it was read (a zone's look-up that timed out after
    /// "blocked using", a resolver blocked for its queries, a wrong DQS key, an unregistered resolver's empty answer, a server
    /// describing what it checks mail against; "is temporarily in <list>", "Rejected: <ip> listed by <keeper>", "Rejected -
    /// listed in <name> block list"): 131/134, no false alarm. Left, as this project labels them: Mimecast's "Local CT IP
    /// Reputation" (reputation, no list named), Gmail's "not authorized to send directly" (policy), a Workspace tenant's IP
    /// block list said only as "the recipient domain's".
    func testThirtyFourthIndependentProbesStayRecognised() throws {
        try assertProbes("independent-34.jsonl", count: 260, missed: 3, falseAlarms: 0, wrongIP: 0, wrongDomain: 0, wrongProvider: 4)
    }

    /// A thirty-fifth set of 331, written in session 21 by a helper who never saw the rules (9 look-ups): the CATEGORY of
    /// every kind of refusal, about 20 in each of the 15 categories (42 listings), 32 not in English. Scored once before
    /// any fitting (the rules of ebdfd7f): category 280/331, listings 42/42, no false alarm. After it was read (poor
    /// reputation in German, French, Russian, Spanish, Italian and Portuguese, a SenderScore below a threshold, a reputation
    /// check failed or still being evaluated; TLS versions no longer supported, TLS not available, cipher and handshake
    /// failures, TLSA mismatches; phishing verdicts, suspicious URLs, amavis's BANNED; Postfix's own "message size N exceeds
    /// size limit"; "Relaying to <x> denied" and in German and French; "Sender rate overlimit", concurrent connections,
    /// Outlook's RP-001; Sendmail's "Deferred: Connection timed out with"; reverse DNS in German and Russian): 313/331.
    func testThirtyFifthIndependentProbesKeepTheirCategories() throws {
        try assertProbes("independent-35.jsonl", count: 331, missed: 0, falseAlarms: 0, wrongIP: 0, wrongDomain: 0, wrongCategory: 18)
    }

    /// A thirty-sixth set of 313, written in session 21 by a second helper on the category of every refusal (12 look-ups),
    /// weighted like a relay's month of refusals (29 listings, ~36 not in English). Scored once before any fitting, after
    /// independent-35 and the real labels had been read (at da1bbf2): category 259/313 (the session start's rules: 251/313),
    /// listings 29/29, 2 false alarms (T-Online's NOWL and MessageLabs' "Connection rejected by policy": conventions).
    /// After it was read (poor reputation in German, Czech, Portuguese and Polish, a negative sender score; too many SMTP
    /// sessions or connections, a message rate exceeded, "ratelim"; forbidden attachment types, password-protected
    /// archives, content restrictions, spam verdicts in French and Japanese): 274/313.
    func testThirtySixthIndependentProbesKeepTheirCategories() throws {
        try assertProbes("independent-36.jsonl", count: 313, missed: 0, falseAlarms: 2, wrongIP: 0, wrongDomain: 0, wrongCategory: 39)
    }

    /// The review of session 21's widenings (terse listings after a refusal word, providers' codes cut short, the new
    /// not-listings, who refused), written by a reviewer told the families but not the rules (4 look-ups): 194 texts, 84
    /// listings and 110 look-alikes with relay and provider. First score (at ebdfd7f): 68/84, 9 false alarms (the session
    /// start's rules: 50/84, 11). After it was read ("IP listed" before another line's code, a bracketed address or a new
    /// sentence; T-Online's "A problem occurred. (BL)" without its help; a code explained — "S3140 means the sending IP is
    /// listed …" — is help; a look-up's failure in a clause after a stated listing no longer vetoes it; "checked against
    /// <zone> : listed" is a listing; "no longer returned"): 79/84, 3 false alarms (T-Online's NOWL, a listing by this
    /// project's convention, and two of the session start's). Left: another list's look-up failure said after a listing in
    /// the old wordings ("lookup of <zone> timed out", "temporary DNS failure"), which still veto it.
    func testReviewOfSessionTwentyOneStaysNarrow() throws {
        try assertProbes("review-21.jsonl", count: 194, missed: 2, falseAlarms: 3, wrongIP: 0, wrongDomain: 0, wrongProvider: 2)
    }

    /// DNS-list look-up failures against listings (review-22, session 22), written by a reviewer who saw neither rules nor
    /// code: 72 pure failures in many products' and languages' wordings, 60 listings that also mention ANOTHER list's
    /// failure (before or after the listing), 30 listings with harmless look-up words. First score (at bcdcb09): 45/90,
    /// 7 false alarms — any failure anywhere vetoed a listing. Since then the failure guard (@dnsbl-error, `scoped_to_zone`)
    /// vetoes only a listing on the list whose look-up failed, Spamhaus's failed answer beside another list's listing is
    /// no longer the open-resolver verdict, and the failures it did not know are read: 85/90 (86 after review-22b), no
    /// false alarm. Left: a
    /// failure and the listing in one clause ("Lookup of <sorbs query> timed out, lookup of <barracuda query> returned
    /// 127.0.0.2: client host [ip] blocked"), listings worded "figura en", "Spamhaus-ZEN matched", and "the check was
    /// made against our own resolver, not a public one".
    func testLookUpFailuresVetoOnlyTheirOwnList() throws {
        try assertProbes("review-22.jsonl", count: 162, missed: 4, falseAlarms: 0, wrongIP: 0, wrongDomain: 1, wrongProvider: 4)
    }

    /// An adversarial review of that change (review-22b, session 22), by a reviewer told the clause rule in words: 87
    /// look-alikes (the cited list failing under another name, a listing and its own list's failure in one clause,
    /// enumerations of failed lists, "could not verify", 4xx replies, other languages) and 76 listings beside another
    /// list's failure in new shapes. First score (at 53e401e): 62/76, 20 false alarms (the session start's rules:
    /// 42/76, 22). After it was read (the lists the failure itself names first, then its parentheses, its part of the
    /// clause between commas or "and" next to it; an enumeration of lists all failed; a list's "not listed" answer is
    /// scoped to that list; more failure wordings; configuration and documentation still veto whatever list is read):
    /// 68/76, 1 false alarm (a checker's per-list report, "bl.spamcop.net OK"; with each text's lines as written, 70/76).
    /// After review-23 (session 23: a list's OK/PASS in a report, the receiver's own block beside another list's
    /// failure, more failure wordings): 74/76, no false alarm; the HELO name a DBL listing names is reported whole
    /// ("mail.promo-vorteil.de", its writer labelled the registered domain).
    func testAReviewOfTheScopedFailuresStaysNarrow() throws {
        try assertProbes("review-22b.jsonl", count: 163, missed: 2, falseAlarms: 0, wrongIP: 0, wrongDomain: 1, wrongProvider: 0)
    }

    /// The classifier's known weak spots (review-23, session 23), by a reviewer who saw neither rules nor code: one list's
    /// look-up failure beside another's listing in every arrangement, a receiver's own block beside a failure, checkers'
    /// and monitors' per-list reports, the listed address among several, the same in eight languages (208 texts, 98
    /// listings). First score (at 8f7aa05): precision 62.3%, recall 72.4% (71/98, 43 false alarms), operator 68.4%,
    /// listed IP 71.4%. After it was read (monitor-report, the failures of a report of several lists, the own block
    /// stated apart from a failure, the list written right before a failure): 90/98, 1 false alarm.
    func testTheKnownWeakSpotsOfTheFailureReading() throws {
        try assertProbes("review-23.jsonl", count: 208, missed: 7, falseAlarms: 1, wrongIP: 2, wrongDomain: 0, wrongProvider: 0)
    }

    /// An adversarial review of those changes (review-23b, session 23), by a reviewer told them in words: monitor reports
    /// without a reply code, one list's failure beside another's listing, the receiver's own block beside a failure,
    /// the DNS-error verdicts yielding (212 texts, 97 listings, 41 not in English). First score (at 34c66c0): precision
    /// 84.6% (77/91), recall 79.4%, operator 80.4%, listed IP 78.3% (the session start's rules: 61.7%, 68.0%). After it
    /// was read (alerting tools' words, failures the guards read unscoped moved into the scoped one, more wordings in
    /// eight languages, the DNS-error verdicts yield to any other keeper's zone or name, URIBL and SURBL named as lists, the list
    /// written before a failure across a clause's start, German "Blacklist eingetragen"): 91/97, no false alarm.
    /// Refusals as pasted and logged without their frame or reply code, and the monitoring alerts, checkers' outputs, DNS
    /// answers, blogs and notes that share their words (independent-40, session 23: a fortieth helper who never saw the
    /// rules; 232 texts, 118 listings, 153 without a reply code). First score (at e1de15f): precision 82.7% (23 false
    /// alarms, nearly all alerting tools' and checkers' words), recall 93.2%; the session start's rules: 79.1%, 93.2%.
    /// After it was read (more alerting tools and words, DNS answers as dig/host/nslookup print them, a ticket that quotes
    /// a bounce is no ticket's closing words): 111/118, 1 false alarm.
    func testRefusalsWithoutTheirFrameAndTheAlertsThatLookLikeThem() throws {
        try assertProbes("independent-40.jsonl", count: 232, missed: 7, falseAlarms: 1, wrongIP: 0, wrongDomain: 0, wrongProvider: 0)
    }

    /// What an admin greps out of a small ISP's logs and Maildir (independent-41, session 23, a forty-first helper who
    /// never saw the rules): whole Postfix and Exim delivery lines at realistic frequencies, inbound reject lines naming
    /// lists, logwatch, cron, monitoring, DMARC and SpamAssassin lines, bounce bodies (194 texts, 66 listings). First
    /// score (at b44fb1b): precision 91.5%, recall 98.5%; the session start's rules: 89.0%, 98.5%. Now 66/66; the three
    /// false alarms left are logwatch's counts of the receiver's own rejects ("blocked using zen.spamhaus.org … 37
    /// Time(s)"), which a real set's collector labelled a listing (heldout/eval14:33).
    func testWhatAnAdminGrepsOutOfTheLogs() throws {
        try assertProbes("independent-41.jsonl", count: 194, missed: 0, falseAlarms: 3, wrongIP: 0, wrongDomain: 0, wrongProvider: 0)
    }

    /// The one-line border without a reply code on both sides (independent-42, session 23, a forty-second helper who
    /// never saw the rules): 119 look-alikes from monitoring tools, checkers, lookup pages, reputation portals, admins'
    /// chat, runbooks, configuration management, and 113 refusal sentences, many with alert words. First score (at
    /// fcec260): precision 72.0% (40 false alarms), recall 91.2%; the session start's rules: 66.2% (53), 92.0%. After it
    /// was read (alerting in any tool's and several languages' words, never when the text says the mail was refused,
    /// blocked, deferred or not accepted): 104/113, 12 false alarms (admins' chat, a status page, a ticket, changelogs).
    func testTheOneLineBorderWithoutAReplyCode() throws {
        try assertProbes("independent-42.jsonl", count: 232, missed: 9, falseAlarms: 12, wrongIP: 0, wrongDomain: 0, wrongProvider: 0)
    }

    /// The receiver's own block of the sending IP, host or network as about 40 products and small sites word it, and its
    /// look-alikes (independent-43, session 24, a forty-third helper who never saw the rules; 247 texts, 121 listings).
    /// First score (at 4f667cf, the session start's rules the same): precision 95.5%, recall 70.2% — own blocks said
    /// with "local", "here", "on this server", "by the administrator", a blocked range, products' own lists. After it
    /// was read (generic-local-block; "by administrator" and "to get unblocked" no longer veto an IP's block; a
    /// Sendmail access entry, an OpenSMTPD filter rule and Russian log-in words are no listing): 112/121, no false
    /// alarm. Left: Postfix's bare "Client host rejected: Access denied" (policy: generic-access-denied) and receivers'
    /// own inbound log lines of products no rule knows.
    func testTheReceiversOwnBlock() throws {
        try assertProbes("independent-43.jsonl", count: 247, missed: 8, falseAlarms: 0, wrongIP: 0, wrongDomain: 1, wrongProvider: 0)
    }

    /// An adversarial review of generic-local-block and the relaxed guards (review-24, session 24, told them in words; a
    /// development set after its first score): 225 texts, 89 listings in new own-block wordings, products, security
    /// clouds and 14 languages; 136 look-alikes (local lists of words, attachments and sender addresses, users blocked
    /// here, firewall and brute-force bans, postscreen's PASS lines, Cisco's ACCEPT, MDaemon's other screens, guides,
    /// removals). First score (at 27f3396): precision 94.4%, recall 75.3%; the session start's rules: 95.2%, 66.3%.
    /// After it was read (a bare address as the subject, local IP deny/reject tables, files and databases, "our mail
    /// system has banned your sending IP", "put your server on a permanent block", the recipient organisation's or
    /// domain's IP block list, Cisco's TCPREFUSE, MDaemon's IP Screen log, Czech "místním černém seznamu"; brute force,
    /// "not on our local blocklist", Japanese log-in words and a server down for maintenance are none): 80/89, 1 false
    /// alarm (postscreen's "DNSBL rank 1", a list's hit below the reject threshold).
    func testAReviewOfTheOwnBlockReading() throws {
        try assertProbes("review-24.jsonl", count: 225, missed: 9, falseAlarms: 1, wrongIP: 1, wrongDomain: 0, wrongProvider: 1)
    }

    /// An outbound relay's week of Postfix and Exim log lines while two of its IPs are listed (independent-44, session
    /// 24, a forty-fourth helper who never saw the rules; 236 lines, 116 listings at 60+ receivers). First score (at
    /// 56c8b08, the session start's rules the same): precision 99.1%, recall 99.1%; the one miss ("Client host
    /// rejected: IP blocked locally") is read since. The false alarm left is T-Online's NOWL reply, a listing of
    /// T-Online's own list by the convention of eval2's collector (t-online-nowl).
    func testAnOutboundRelaysWeekOfRefusals() throws {
        try assertProbes("independent-44.jsonl", count: 236, missed: 0, falseAlarms: 1, wrongIP: 0, wrongDomain: 0, wrongProvider: 0)
    }

    /// Whole bounce messages (independent-45, session 24, a forty-fifth helper who never saw the rules): Postfix, Exim,
    /// cPanel, Plesk, Microsoft 365, Gmail, Yahoo, qmail, Sendmail, Domino, GroupWise, MDaemon and Zimbra bounces in 9
    /// languages, 30 with several recipients whose refusals differ, 106 quoting the original headers (200 texts, 100
    /// listings). First score (at bb7c615, the session start's rules the same): precision 100%, recall 89.0%: a later
    /// recipient's listing lost to the first recipient's refusal, and the quoted headers' words vetoed listings. After it
    /// was read (a bounce is read reply by reply, `bounceListing`): 100/100, no false alarm.
    func testWholeBounceMessages() throws {
        try assertProbes("independent-45.jsonl", count: 200, missed: 0, falseAlarms: 0, wrongIP: 0, wrongDomain: 0, wrongProvider: .max)
    }

    /// An adversarial review of the bounce reading (review-24b, session 24, told it in words; a development set after its
    /// first score): 164 multi-line texts — bounces where one of several recipients' refusals is a listing, headers
    /// before the refusal, and people's posts, tickets, digests, help and docs quoting two refusals or more. First score
    /// (at 618a409): precision 65.2%, recall 96.8%; the session start's rules: 58.9%, 69.4%. After it was read (no
    /// reply-by-reply reading of a text the guards call a question, notes, a notice or a report; the copy of the message
    /// cut only after a reply; "have removed <ip> from our …"; a text that opens as a person's post, letter, reply,
    /// ticket, chat export, help or docs page, postmortem, status page or auto-reply and quotes a reply code after it is
    /// no refusal, `monitor-report`; the reply after a recipient's "host NAME [ip]" frame ends before the next): 62/62,
    /// listed IP 58/60 (two listings read whole name the MX's address beside them), 10 false alarms as the texts are written (9 with their lines joined, as score.py reads them) — four domain listings of a link in the body its writer called content (listings
    /// by this project's convention), help text inside bounces, a delisting letter, a delay warning.
    func testAReviewOfTheBounceReading() throws {
        try assertProbes("review-24b.jsonl", count: 164, missed: 0, falseAlarms: 10, wrongIP: 2, wrongDomain: 0, wrongProvider: .max)
    }

    /// A second writer on the receiver's own block (independent-46, session 24, a forty-sixth helper who never saw the
    /// rules; 211 texts, 104 listings, 17 languages). First score (at 18fc1c5, after generic-local-block was fitted to
    /// independent-43 and review-24): precision 98.8%, recall 77.9%; the session start's rules: 98.7%, 74.0%. After it was
    /// read ("<org> has blocked the sending IP", "banned from this system", "blocked at our edge", "the rules of this
    /// mail server", a list of this gateway, "blacklisted by the receiving server", German, French, Italian, Portuguese,
    /// Czech and Japanese own-list words; a ban for virus traffic is no content verdict): 93/104, 1 false alarm.
    func testASecondWriterOnTheReceiversOwnBlock() throws {
        try assertProbes("independent-46.jsonl", count: 211, missed: 11, falseAlarms: 1, wrongIP: 0, wrongDomain: 0, wrongProvider: .max)
    }

    /// A second writer on whole bounce messages, as users forward them (independent-47, session 24, a forty-seventh helper
    /// who never saw the rules; 150 texts, 75 listings: 33 bounce styles, forwarding wrappers and a user's question on
    /// top). First score (at 2f61257): precision 97.6%, recall 53.3%; the session start's rules: 96.8%, 40.0% — a user's
    /// "are we blacklisted again??" above the forward made the whole a question. After it was read (a text quoting a mail
    /// system's bounce — MAILER-DAEMON, "Undelivered Mail Returned", "Delivery Status Notification", … — is read reply by
    /// reply whatever its top says; a reply that is an example in help text, "a message like \"554 …\"", is none; a
    /// label's colon before a reply code ends the reply before it): 69/75, 3 false alarms.
    func testForwardedBounceMessages() throws {
        try assertProbes("independent-47.jsonl", count: 150, missed: 6, falseAlarms: 3, wrongIP: 3, wrongDomain: 0, wrongProvider: .max)
    }

    /// An outbound relay's log lines refused by the long tail of receivers (independent-48, session 25, a forty-eighth
    /// helper who never saw the rules; 235 lines, 115 listings: regional ISPs, universities, hosters, gateways and
    /// appliances in 20 languages). First score (at 707b976): precision 98.2%, recall 95.7%, listed IP 95.5%. After it
    /// was read (Polish "na liście blokowanych", Chinese "拒收名單", Russian and Dutch look-up failures): 112/115, no false
    /// alarm; the misses are a Postfix "Access denied" (policy by this project's convention) and two invented codes.
    func testTheLongTailOfReceiversInLogLines() throws {
        try assertProbes("independent-48.jsonl", count: 235, missed: 3, falseAlarms: 0, wrongIP: 0, wrongDomain: 0, wrongProvider: .max)
    }

    /// What people paste when they ask for help (independent-49, session 25, a forty-ninth helper who never saw the rules;
    /// 223 texts, 109 listings: a quoted refusal with questions, checker results, NDR frames, '>' quotes and wrapping
    /// around it, in 10 languages). First score (at 707b976): precision 92.6%, recall 91.7% — a post that opened "Hi all,"
    /// or "Bonjour" was no refusal whatever it quoted (review-24b's opener guard). After it was read (such a post is read
    /// as its quoted refusal unless it says the listing is over or the refusal an example; a hoster's account of the
    /// lists it uses, a checker's verdict set against the bounce, "asks whether … is blacklisted", "our IP … blacklisted?"
    /// are none; "listed in Trend Micro ERS"): 105/109 and 2 false alarms as written (106 and 1 with lines joined, as
    /// score.py reads them).
    func testWhatPeoplePasteWhenTheyAskForHelp() throws {
        try assertProbes("independent-49.jsonl", count: 223, missed: 4, falseAlarms: 2, wrongIP: 1, wrongDomain: 0, wrongProvider: .max)
    }

    /// A third writer on the receiver's own block (independent-50, session 25, a fiftieth helper who never saw the rules;
    /// 221 texts, 112 listings, 27 languages). First score (at b566668, after two fittings of generic-local-block):
    /// precision 97.7%, recall 75.0%. After it was read ("on/by this <product> server", "denied by the configuration of
    /// this … server", a blocked IP group, range or table, a configured or local deny list, Exim's host_reject_connection,
    /// a firewall's or a ban for sending spam, "put on the IP Block List by the administrator", the recipient
    /// organisation's block list; French, Czech, Slovak, Norwegian, Vietnamese, Chinese and Japanese own-block words):
    /// 105/112, 2 false alarms (the misses: Postfix's bare "Access denied", policy by this project's convention; a
    /// tenant's list; a ban "after sending spam to non-existent users"; a spam filter's block; two admin pages labelled
    /// listings; TSS09 reworded).
    func testAThirdWriterOnTheReceiversOwnBlock() throws {
        try assertProbes("independent-50.jsonl", count: 221, missed: 7, falseAlarms: 2, wrongIP: 0, wrongDomain: 1, wrongProvider: .max)
    }

    /// An adversarial review of the reading of people's posts (review-25, session 25, told it in words; a development set
    /// after its first score): 207 multi-line posts, 103 listings. First score (at b566668): precision 67.5%, recall
    /// 78.6% — a post said over in words and languages the cues did not know, a client's-sentence reading that cut a
    /// person's words off the reply ("El error que teníamos era: 554 …"), cue words about another matter. After it was
    /// read (greetings of 20 languages keep a post whole; the block said over in more words and languages, the quote
    /// framed as past; a post that says before its quote that the trouble is current is read as its quote; an example
    /// cue only where it introduces a reply): 84/103 and 15 false alarms as written (88 and 16 with lines joined, as
    /// score.py reads them) — keywords cannot tell every "delisted last month" from "delisted this morning".
    func testAReviewOfThePostReading() throws {
        try assertProbes("review-25.jsonl", count: 207, missed: 19, falseAlarms: 15, wrongIP: 1, wrongDomain: 0, wrongProvider: .max)
    }

    /// A third writer on whole bounces as users paste or forward them (independent-51, session 25, a fifty-first helper
    /// who never saw the rules; 163 texts, 82 listings, 40 products' layouts, notes in 11 languages). First score (at
    /// a361b7b): precision 100%, recall 86.6% (the second writer's had been 53.3% before the bounce reading's fitting).
    /// After it was read (MDaemon's "PERMANENT fatal delivery errors", Gmail's "Message not delivered", NDR subjects in
    /// nine languages mark a bounce; a mail system's mark is enough to read it reply by reply; a multi-line reply after
    /// its label's line, or joined on it, and a reply in full-width brackets start a reply): 80/82, no false alarm (the
    /// two misses: Postfix's bare "Client host rejected: Access denied", policy by this project's convention).
    func testAThirdWriterOnForwardedBounces() throws {
        try assertProbes("independent-51.jsonl", count: 163, missed: 2, falseAlarms: 0, wrongIP: 1, wrongDomain: 0, wrongProvider: .max)
    }

    /// An adversarial review of the session's own-block widening (review-25b, session 25, told it in words; a development
    /// set after its first score): 208 texts, 108 listings. First score (at b014547): precision 94.1%, recall 74.1% (the
    /// session start's rules: 97.6%, 74.1%) — the new phrases took a country's block, a Japanese account's, a Chinese rate
    /// ban, an Exim ACL's configuration line. After it was read (those vetoed; a site's, an MTA's or an MX's own reject,
    /// drop or deny list or rules, IP access rules, tcp_wrappers, a firewalled network, eight more languages): 102/108, 1
    /// false alarm (the misses: Postfix's bare "Access denied", an AS number's networks, a recipient domain's
    /// administrator, a spamtrap's quarantine, two wordings of its own).
    func testAReviewOfTheOwnBlockWidening() throws {
        try assertProbes("review-25b.jsonl", count: 208, missed: 6, falseAlarms: 1, wrongIP: 1, wrongDomain: 1, wrongProvider: .max)
    }

    /// A second writer on what people paste when mail bounces (independent-52, session 25, a fifty-second helper who
    /// never saw the rules; 230 texts, 111 listings, 14 languages). First score (at 992b582, after the post reading was
    /// fitted to independent-49 and review-25): precision 87.9%, recall 91.9% (the session start's rules: 87.8%, 91.0%).
    /// After it was read (a ticket with the customer's quoted reply is read as a post; status updates ("Update:",
    /// "Statusmeldung", "Обновление", …) and their words for "we're off the list"; a post saying it is over needs no
    /// reply code; a reply quoted as an example in a manual or help text in eight languages; "if your IP were
    /// listed"): 107/111 and 10 false alarms as written (107 and 9 with lines joined, as score.py reads them);
    /// session 26 (greetings in every case, a question apart from the reply it quotes): 108/111, 8 false alarms.
    func testASecondWriterOnPastedPosts() throws {
        try assertProbes("independent-52.jsonl", count: 230, missed: 3, falseAlarms: 8, wrongIP: 1, wrongDomain: 1, wrongProvider: .max)
    }

    /// A fourth writer on the receiver's own block (independent-53, session 26, a fifty-third helper who never saw the
    /// rules; 233 texts, 117 listings, about 70 products, 38 languages). First score (at e8036b5): precision 98.7%, recall
    /// 63.2% — after three writers' 70%, 78% and 75% and a fitting to each. After it was read (the rules read their
    /// languages without accents; a firewall's ban of the sending IP; Postfix's client frame naming the block's owner;
    /// the recipient organisation's and its administrator's block of the IP; connections refused by the receiver's own
    /// rule or owner; the IP refused by the administrator; an address after an enhanced code as the subject): 93/117, no false alarm (the misses: languages without a
    /// word the rules know, access-table and fail2ban log lines, Postfix's bare "Access denied", networks named by range).
    func testAFourthWriterOnOwnBlocks() throws {
        try assertProbes("independent-53.jsonl", count: 233, missed: 24, falseAlarms: 0, wrongIP: 0, wrongDomain: 0, wrongProvider: .max)
    }

    /// Real, named receivers' replies in an outbound relay's Postfix and Exim lines (independent-54, session 26; 240 texts,
    /// 116 listings, 145 real MX host names). First score (at d40f8e2): precision 99.1%, recall 91.4%, operator 80.2%.
    /// After it was read (an Exim mainlog line's H= field names the receiver, and so the owner of "our blacklist";
    /// T-Online's (BL) after its contact in other words; "client [ip] blocked by <owner>"): 108/116, 1 false alarm (MessageLabs' "Connection rejected by policy", a listing
    /// by #3's own list of wordings; the misses: dynamic-range refusals, policy by this project's convention, and
    /// reputation lists).
    func testNamedReceiversInRelayLogs() throws {
        try assertProbes("independent-54.jsonl", count: 240, missed: 8, falseAlarms: 1, wrongIP: 0, wrongDomain: 0, wrongProvider: .max)
    }

    /// A third writer on what people paste when mail bounces (independent-55, session 26; 207 texts, 102 listings, 25
    /// languages). First score (at 4f90fc5): precision 82.7%, recall 79.4% — the post reading, fitted twice, is still a
    /// keyword border. After it was read (greetings in every case and script; a question vetoes only what it asks when
    /// the text quotes a reply apart from it; a text without a reply that says the listing is over is none): 83/102 and 13
    /// false alarms as written (one more since a quoted "blocked using" in a post said over is read as the listing:
    /// the reading without an opener stops at a refusal's frame, whose trailer may say how a listing ends) (help, tips and runbooks quoting a reply; prose that states a current listing and asks a
    /// question without quoting a reply stays none).
    func testAThirdWriterOnPastedPosts() throws {
        try assertProbes("independent-55.jsonl", count: 207, missed: 19, falseAlarms: 13, wrongIP: 0, wrongDomain: 0, wrongProvider: .max)
    }

    /// A fifth writer on the receiver's own block (independent-56, session 26, written after the session's fitting to
    /// the fourth; 232 texts, 115 listings, about 36 languages). First score (at fb6fda0): precision 96.2%, recall 66.1%
    /// (the session start's rules: 94.7%, 61.7%). After it was read (a block on behalf of the recipient; the IP on the
    /// organisation's block list; connections from the address refused; .NET's wrapper; an address after an enhanced
    /// code as the subject, Czech, Slovak and Catalan words): 85/115, 3 false alarms — the
    /// receiver's own words stay a long tail.
    func testAFifthWriterOnOwnBlocks() throws {
        try assertProbes("independent-56.jsonl", count: 232, missed: 30, falseAlarms: 3, wrongIP: 1, wrongDomain: 0, wrongProvider: .max)
    }

    /// A second writer on real, named receivers in relay logs (independent-57, session 26; 228 texts, 110 listings, 169
    /// MX host names). First score (at fb6fda0): precision 100%, recall 90.0%, operator 80.0%. After it was read (a list
    /// named by a name no keeper has is the receiver's own; "to get removed from DNSBLs" is advice): 100/110, no false
    /// alarm (the misses: dynamic ranges and "poor reputation", this project's policy and reputation, and wordings of
    /// the writer's own).
    func testASecondWriterOnNamedReceivers() throws {
        try assertProbes("independent-57.jsonl", count: 228, missed: 10, falseAlarms: 0, wrongIP: 0, wrongDomain: 0, wrongProvider: .max)
    }

    func testAReviewOfTheMonitorAndOwnBlockReadings() throws {
        try assertProbes("review-23b.jsonl", count: 212, missed: 6, falseAlarms: 0, wrongIP: 0, wrongDomain: 0, wrongProvider: 0)
    }

    /// The category of a mid-sized relay's month of refusals (independent-38, session 22, a third writer: 344 texts, 15
    /// categories) and listings in the wordings receivers use in 2025–2026 (independent-39: 224 texts, 112 listings from
    /// 37 receivers). First scores (at 132966b): independent-38 category 307/344 (listings 37/37, 3 false alarms);
    /// independent-39 112/112, 1 false alarm, listed IP 101/101.
    func testThisYearsWordingsAndAMonthsCategories() throws {
        try assertProbes("independent-38.jsonl", count: 344, missed: 0, falseAlarms: 3, wrongIP: 0, wrongDomain: 0, wrongCategory: 37)
        try assertProbes("independent-39.jsonl", count: 224, missed: 0, falseAlarms: 1, wrongIP: 0, wrongDomain: 1)
    }

    /// The listed address among distractors (independent-37, session 22): the MX's own address in the frame, reversed
    /// queries, return codes, PTR names with an address in them, internal hops, banners, ranges, headers of the returned
    /// message; 158 listings (118 naming the listed address, 40 naming none or only a range) and 63 look-alikes that name
    /// addresses. First score (at bcdcb09): 154/158, 1 false alarm, listed IP 116/118 (148/154 counting the texts that
    /// name none). After it was read (a network's prefix "192.0.2.0/24 listed" is no checker's "0/24 listed"; an internal
    /// hop that "reports:", a greeting's "ESMTP at <ip>", a returned message's Received header and a range's bounds are
    /// not the listed address; "<zone> temporarily unavailable" is a failure): 155/158, no false alarm, listed IP 152/155.
    /// Left (conventions): Mimecast's "Local CT IP Reputation" is reputation, "blocked by local policy list" is policy,
    /// and a range listing gives the address the text names as ours (UCEPROTECT's "?ipr=", "Connecting IP:"). Provider:
    /// the writer named small sites under `.example` by their label, a TLD the organisation reading leaves out (reserved
    /// names are no organisation), so it is not held.
    func testTheListedAddressAmongDistractors() throws {
        try assertProbes("independent-37.jsonl", count: 221, missed: 3, falseAlarms: 0, wrongIP: 3, wrongDomain: 0)
    }

    /// The review of session 18's widenings, written by a reviewer told the families but not the rules (4 look-ups):
    /// 185 texts, 75 listings and 110 look-alikes aimed at the new appliance-list rules (Symantec's groups, Kerio,
    /// Hornetsecurity, Comcast's BL000000, FortiGuard, Libraesva), the address and domain readings, the encodings and
    /// languages and the new "not a listing" readings. Scored once before any fitting: 68/75, 13 false alarms (the
    /// session-18 start's rules: 46/75, 14). After it was read (an admin page's menu path, entry count or switch naming
    /// a group; a request to remove "has been completed"; a checker's "<zone>: <ip> OK"; Japanese "掲載されていません";
    /// "Q:" with a full-width question mark or a question word; a filter's "dnsbl_sites =" line; Bulgarian "не е" and
    /// "премахнат"; Czech "uvedena v seznamu"; FortiGuard "listed in"; RFC-Ignorant "found in"; QP shorter than one QP line): 71/75, no false alarm.
    /// Then the generic rule's question veto and the French inversion guard were kept to the text's first sentence (a
    /// listing followed by "Pourquoi ?" or "Votre IP est-elle dynamique ?" is one): 73/75. Left: a zone of a
    /// documentation domain, "the domain blacklist of example.com".
    func testReviewOfSessionEighteenStaysNarrow() throws {
        try assertProbes("review-18.jsonl", count: 185, missed: 2, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }

    /// The review of session 18's later widenings (the first-sentence question veto, addresses in angle brackets,
    /// "rejected, on … block list", appliance admin pages, checkers' rows, configuration and help lines), by a reviewer
    /// told the families but not the rules (3 look-ups): 156 texts, 69 listings, 87 look-alikes. Scored once before any
    /// fitting: 64/69, 12 false alarms (the session-18 start's rules: 61/69, 19). After it was read (a question anywhere
    /// in a text with no reply code, "Q:" in any words only before a reply code; a status switch on an admin page; a
    /// completed removal request, "no longer on the", French "n'est pas listée", a checker's table row "| OK"): 65/69,
    /// 5 false alarms. Left: Kerio admin lines naming Spamhaus and SpamCop, a help sentence explaining Spamhaus's reply,
    /// a monitor's removal alert, SpamAssassin's configuration line naming the DBL (the session start called all five
    /// listings too); Cisco's "poor reputation" (reputation by #3's definition), "the recipient's block list", Kerio's
    /// "IP Address Group 'Blacklist'", a post that pastes an SMG refusal beside the admin menu path.
    func testSecondReviewOfSessionEighteenStaysNarrow() throws {
        try assertProbes("review-18b.jsonl", count: 156, missed: 4, falseAlarms: 5, wrongIP: 1, wrongDomain: 0)
    }

    /// 180 texts in 23 languages by a helper who never saw the rules (session 13), all naming the sending address:
    /// 120 look-alikes (greylisting, rates, log-in failures, relay, reverse DNS, SPF, a person's or a recipient's
    /// list, sender addresses, country and dynamic-IP policy, content, "not listed", removals, look-up errors) and 60
    /// listings. Scored once before any fitting: 39/60 listings, 1 false alarm (the session start's rules: 37/60,
    /// 1). After it was read (the sending address alone as the subject; block-list words of fourteen languages; the
    /// code of Microsoft's banned-IP reply in any language; Italian "il mittente <ip>", Swedish "inte är", Ukrainian
    /// negations): 58/60, no false alarm.
    func testTwentyThreeLanguagesStayNarrow() throws {
        try assertVerdicts("languages-13.jsonl", count: 180, missed: 0, falseAlarms: 0)
    }

    /// A refusal often says how its listing ends or what another list answered: that never undoes the
    /// listing it states (a second review's texts); a text that states no listing stays none.
    func testListingsThatTalkAboutDelistingKeepTheirVerdict() throws {
        let c = Classifier(library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        assertListings(c, ["550 5.7.1 Rejected: 198.51.100.23 listed at b.barracudacentral.org. Addresses are normally removed from the list within 12 hours.",
                     "554 5.7.1 Service unavailable; Client host [203.0.113.45] blocked using zen.spamhaus.org; once removed from the list, retry delivery",
                     "550 5.7.1 Rejected: 198.51.100.23 is listed on zen.spamhaus.org; no entries found in our allowlist",
                     "554 5.7.1 Rejected by RBL check - zen.spamhaus.org: listed (127.0.0.4); bl.spamcop.net: not listed",
                     "554 5.7.1 Client host [198.51.100.23] blocked using bl.spamcop.net; previous lookup defer for dnsbl.sorbs.net",
                     "550 5.7.1 Ihre IP-Adresse 198.51.100.23 ist bei zen.spamhaus.org gelistet. E-Mails von diesem Server werden nicht mehr angenommen."],
                       notListings: ["IP 192.0.2.19 is UNLISTED in UCEPROTECT-Level 1. The listing expired automatically after 7 days.",
                     "No entries were found in the SORBS database for 192.0.2.200.",
                     "CHECK_RBL OK - 203.0.113.17 BLACKLISTED on 0 servers of 31",
                     "Checking DNS-BL hosts for 198.51.100.30 ... zen.spamhaus.org: not listed; bl.spamcop.net: not listed",
                     "550 5.7.1 Vaše IP adresa 198.51.100.23 není na seznamu blokovaných adres, zpráva odmítnuta kvůli obsahu"])
    }

    /// The rule writer's own probes (the forms the generic rules were widened for this session, and
    /// their look-alikes): every one keeps its verdict and its listed IP.
    func testRuleWritersProbesKeepTheirVerdicts() throws {
        try assertProbes("rule-writer.jsonl", count: 118, missed: 0, falseAlarms: 0, wrongIP: 0, wrongDomain: 0)
    }
}
