// The generated world: our relay hosts and egress IPs, users, recipient
// domains with their MX hosts, and the remote sites' refusal texts.

import Foundation

// MARK: - Relay classes (who runs the MX a recipient domain points to)

enum RC: Int, CaseIterable {
    case gmail, msConsumer, msEOP, yahoo, aol, apple, tonline, gmx, webde
    case messagelabs, proofpoint, mimecast, cisco, barracuda, godaddy, generic, store

    /// Provider that `patterns/providers.yaml` gives the MX host names of this class.
    var relayProvider: String {
        switch self {
        case .gmail: return "gmail"
        case .msConsumer, .msEOP: return "microsoft"
        case .yahoo, .aol: return "yahoo"        // aol.com's MX is mx-aol.mail.gm0.yahoodns.net
        case .apple: return "apple"
        case .tonline: return "t-online"
        case .gmx, .webde: return "gmx"
        case .messagelabs: return "messagelabs"
        case .proofpoint: return "proofpoint"
        case .mimecast: return "mimecast"
        case .cisco: return "cisco"
        case .barracuda: return "barracuda"
        case .godaddy: return "godaddy"
        case .generic, .store: return "other"
        }
    }

    /// Destinations reached over IPv6 from the IPv6-capable transport.
    var ipv6: Bool { self == .gmail || self == .msConsumer || self == .msEOP }
}

final class MX {
    let host: Bytes
    let ip4: [Bytes]
    let ip6: [Bytes]
    init(host: Bytes, ip4: [Bytes], ip6: [Bytes]) { self.host = host; self.ip4 = ip4; self.ip6 = ip6 }
}

final class Domain {
    let name: Bytes
    let rc: RC
    /// Provider of the recipient domain itself (providers.yaml `domains:`), used when relay=none.
    let domainProvider: String?
    let mx: [MX]
    init(name: Bytes, rc: RC, domainProvider: String?, mx: [MX]) {
        self.name = name; self.rc = rc; self.domainProvider = domainProvider; self.mx = mx
    }

    /// Who a refusal of this domain's MX is from when no text names it: the class's provider, and for a small
    /// company's own server (`generic`: "mx01.bauer-holz.de", "mail.w1w2.co.uk") the organisation its MX and its
    /// name are under, the label before the public suffix (what bouncewatch names a receiver providers.yaml does not know).
    var refusingProvider: String {
        rc == .generic ? String(decoding: name.prefix { $0 != 0x2E }, as: UTF8.self) : rc.relayProvider
    }
}

// MARK: - Egress

/// Our sending addresses; the texts name these as the listed IP.
let egressIPs = ["203.0.113.5", "203.0.113.6", "203.0.113.7", "203.0.113.8", "2001:db8::25"]
let egressV6 = 4
let egressOut2V4 = 3

// MARK: - Refusal texts

enum Stage { case greeting, mailFrom, rcpt, data, local }

/// Placeholders in text templates.
enum Slot: UInt8 {
    case ip = 1, rcpt, domain, sender, senderDomain, mx, mxip, msid, gsmtp, mcid, size, yahooMTA, hex8
}

enum Seg {
    case lit(Bytes)
    case slot(Slot)
}

func template(_ s: String) -> [Seg] {
    var out: [Seg] = []
    var lit = Bytes()
    var b = Array(s.utf8)[...]
    let names: [(String, Slot)] = [("{ip}", .ip), ("{rcpt}", .rcpt), ("{domain}", .domain), ("{sender}", .sender),
                                   ("{senderdomain}", .senderDomain), ("{mx}", .mx), ("{mxip}", .mxip),
                                   ("{msid}", .msid), ("{gsmtp}", .gsmtp), ("{mcid}", .mcid), ("{size}", .size),
                                   ("{yahoomta}", .yahooMTA), ("{hex8}", .hex8)]
    outer: while let c = b.first {
        if c == 0x7B {
            for (name, slot) in names where b.starts(with: name.utf8) {
                if !lit.isEmpty { out.append(.lit(lit)); lit = [] }
                out.append(.slot(slot))
                b = b.dropFirst(name.utf8.count)
                continue outer
            }
        }
        lit.append(c)
        b = b.dropFirst()
    }
    if !lit.isEmpty { out.append(.lit(lit)) }
    return out
}

/// One refusal text of a remote site, with the verdict it must get.
final class RText: @unchecked Sendable {
    let key: String
    /// Category expected for the Postfix and the Exim rendering of this text.
    let category: String
    let eximCategory: String
    /// Provider named by the rule; nil: the relay host (or the recipient domain for relay=none) decides.
    let provider: String?
    let op: String?
    let list: String?
    /// The text names the listed IP (our egress address).
    let namesIP: Bool
    /// SMTP reply code: 4xx defers, 5xx bounces (a 5xx greeting defers in Postfix: the MX is skipped).
    let code: Int
    let stage: Stage
    let dsn: Bytes
    let body: [Seg]
    /// Exim's own text for `.local` stage texts ("defer (110): Connection timed out ...").
    let eximBody: [Seg]
    let eximErrno: Bytes
    /// The pattern rule (or dsn fallback) that decides it, for the record.
    let rule: String
    /// Where the text was taken from.
    let source: String

    let isBlocklist: Bool
    /// Index of `category` / `eximCategory` in `allCategories`.
    let categoryIndex: Int
    let eximCategoryIndex: Int

    init(key: String, category: String, eximCategory: String, provider: String?, op: String?, list: String?, namesIP: Bool,
         code: Int, stage: Stage, dsn: Bytes, body: [Seg], eximBody: [Seg], eximErrno: Bytes, rule: String, source: String) {
        self.key = key; self.category = category; self.eximCategory = eximCategory; self.provider = provider; self.op = op
        self.list = list; self.namesIP = namesIP; self.code = code; self.stage = stage; self.dsn = dsn; self.body = body
        self.eximBody = eximBody; self.eximErrno = eximErrno; self.rule = rule; self.source = source
        isBlocklist = category == "blocklist"
        categoryIndex = allCategories.firstIndex(of: category)!
        eximCategoryIndex = allCategories.firstIndex(of: eximCategory)!
    }
}

func T(_ key: String, _ category: String, exim eximCategory: String? = nil, provider: String? = nil, op: String? = nil,
       list: String? = nil, namesIP: Bool = false, code: Int, _ stage: Stage, dsn: String, _ body: String,
       eximBody: String = "", errno: String = "", rule: String, source: String) -> RText {
    RText(key: key, category: category, eximCategory: eximCategory ?? category, provider: provider, op: op, list: list,
          namesIP: namesIP, code: code, stage: stage, dsn: B(dsn), body: template(body), eximBody: template(eximBody),
          eximErrno: B(errno), rule: rule, source: source)
}

/// The table. Blocklist texts are the real example responses of `patterns/*.yaml`
/// (the IP replaced by our egress address); the others are real texts of the
/// same packs or of `fixtures/refusals/corpus.txt`.
let refusalTable: [RText] = [
    // ── blocklist ────────────────────────────────────────────────────────────
    T("ms-outlook-s3150", "blocklist", provider: "microsoft", op: "microsoft", list: "microsoft-outlook-block-list", namesIP: true,
      code: 550, .mailFrom, dsn: "5.7.1",
      "550 5.7.1 Unfortunately, messages from [{ip}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [{msid}]",
      rule: "microsoft-outlook-block-list", source: "patterns/microsoft.yaml"),
    T("ms-outlook-as3140", "blocklist", provider: "microsoft", op: "microsoft", list: "microsoft-outlook-block-list", namesIP: true,
      code: 550, .mailFrom, dsn: "5.7.1",
      "550 5.7.1 Unfortunately, messages from [{ip}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (AS3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
      rule: "microsoft-outlook-block-list", source: "patterns/microsoft.yaml"),
    T("ms-banned-sending-ip", "blocklist", provider: "microsoft", op: "microsoft", list: "microsoft-banned-ip", namesIP: true,
      code: 550, .rcpt, dsn: "5.7.606",
      "550 5.7.606 Access denied, banned sending IP [{ip}]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 (AS16012609) [{msid}]",
      rule: "microsoft-banned-sending-ip", source: "patterns/microsoft.yaml"),
    T("ms-banned-sender-511", "blocklist", provider: "microsoft", op: "microsoft", list: "microsoft-banned-ip", namesIP: true,
      code: 550, .rcpt, dsn: "5.7.511",
      "550 5.7.511 Access denied, banned sender[{ip}]. To request removal from this list please forward this message to delist@messaging.microsoft.com. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. AS(1410) [{msid}]",
      rule: "microsoft-banned-sender-511", source: "patterns/microsoft.yaml"),
    T("ms-eop-spamhaus", "blocklist", provider: "microsoft", op: "spamhaus", list: "spamhaus", namesIP: true,
      code: 550, .rcpt, dsn: "5.7.1",
      "550 5.7.1 Service unavailable, Client host [{ip}] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/{ip} (AS3130). [{msid}]",
      rule: "spamhaus-outlook", source: "patterns/spamhaus.yaml"),
    T("messagelabs-policy-7.7", "blocklist", provider: "messagelabs", op: "messagelabs", list: "messagelabs-ip-reputation",
      code: 501, .greeting, dsn: "4.0.0",
      "501 Connection rejected by policy [7.7] 20805, please visit www.messagelabs.com/support for more details about this error message.",
      rule: "messagelabs-connection-rejected-by-policy", source: "patterns/messagelabs.yaml"),
    T("messagelabs-pbl", "blocklist", provider: "messagelabs", op: "spamhaus", list: "spamhaus-pbl",
      code: 553, .rcpt, dsn: "5.0.0",
      "553-mail rejected because your IP is in the PBL. See http://www.spamhaus.org/pbl",
      rule: "messagelabs-spamhaus-pbl", source: "patterns/messagelabs.yaml"),
    T("t-online-bl", "blocklist", provider: "t-online", op: "t-online", list: "t-online-bl", namesIP: true,
      code: 554, .greeting, dsn: "4.0.0",
      "554 IP={ip} - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)",
      rule: "t-online-bl", source: "patterns/t-online.yaml"),
    T("gmx-black-listed", "blocklist", provider: "gmx", op: "gmx", list: "gmx-blocklist", namesIP: true,
      code: 554, .greeting, dsn: "4.0.0",
      "554-gmx.net (mxgmx116) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is black listed. 554 For explanation visit https://postmaster.gmx.net/en/error-messages?ip={ip}&c=bip",
      rule: "gmx-ip-block-listed", source: "patterns/gmx.yaml"),
    T("yahoo-tss09", "blocklist", provider: "yahoo", op: "yahoo", list: "yahoo-tss09", namesIP: true,
      code: 553, .mailFrom, dsn: "5.7.2",
      "553 5.7.2 [TSS09] All messages from {ip} will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes",
      rule: "yahoo-permanently-deferred", source: "patterns/yahoo.yaml"),
    T("yahoo-bl21", "blocklist", provider: "yahoo", op: "spamhaus", list: "spamhaus", namesIP: true,
      code: 553, .mailFrom, dsn: "5.7.1",
      "553 5.7.1 [BL21] Connections will not be accepted from {ip}, because the ip is in Spamhaus's list; see https://help.yahoo.com/kb/postmaster/SLN5070.html",
      rule: "yahoo-spamhaus-bl21", source: "patterns/yahoo.yaml"),
    T("spamhaus-zen", "blocklist", op: "spamhaus", list: "spamhaus-zen", namesIP: true,
      code: 554, .rcpt, dsn: "5.7.1",
      "554 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/{ip}",
      rule: "spamhaus-zone", source: "patterns/spamhaus.yaml"),
    T("spamhaus-mentioned", "blocklist", op: "spamhaus", list: "spamhaus",
      code: 550, .rcpt, dsn: "5.0.0",
      "550 Email blocked by SPAMHAUS",
      rule: "spamhaus-mentioned", source: "patterns/spamhaus.yaml"),
    T("uceprotect-l1", "blocklist", op: "uceprotect", list: "uceprotect-l1", namesIP: true,
      code: 553, .rcpt, dsn: "5.0.0",
      "553 Your IP is BLACKLISTED at UCEPROTECT-LEVEL 1 - See: http://www.uceprotect.net/rblcheck.php?ipr={ip}",
      rule: "uceprotect-listed", source: "patterns/uceprotect.yaml"),
    T("barracuda-brbl", "blocklist", op: "barracuda", list: "barracuda-brbl", namesIP: true,
      code: 554, .rcpt, dsn: "5.7.1",
      "554 5.7.1 Service unavailable; Client host [{ip}] blocked using b.barracudacentral.org; http://www.barracudanetworks.com/reputation/?pr=1&ip={ip}",
      rule: "barracuda-brbl", source: "patterns/barracuda.yaml"),
    T("proofpoint-ipcheck", "blocklist", op: "proofpoint", list: "proofpoint-pdr", namesIP: true,
      code: 550, .data, dsn: "5.7.0",
      "550 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip={ip}",
      rule: "proofpoint-blocked-see-ipcheck", source: "patterns/proofpoint.yaml"),
    T("mimecast-spamcop", "blocklist", provider: "mimecast", op: "spamcop", list: "spamcop-scbl", namesIP: true,
      code: 550, .rcpt, dsn: "5.0.0",
      "550 spamcop.mimecast.org Blocked - see https://www.spamcop.net/bl.shtml?{ip}. - https://community.mimecast.com/docs/DOC-1369#550 [{mcid}.us380]",
      rule: "mimecast-spamcop", source: "patterns/mimecast.yaml"),
    T("mimecast-csi", "blocklist", provider: "mimecast", op: "cloudmark", list: "cloudmark-csi",
      code: 550, .rcpt, dsn: "5.0.0",
      "550 csi.mimecast.org Poor Reputation Sender. - https://community.mimecast.com/docs/DOC-1369#550 [{mcid}.eu149]",
      rule: "mimecast-cloudmark-csi", source: "patterns/mimecast.yaml"),
    T("spamcop-scbl", "blocklist", op: "spamcop", list: "spamcop-scbl", namesIP: true,
      code: 554, .rcpt, dsn: "5.7.1",
      "554 5.7.1 Service unavailable; Client host [{ip}] blocked using bl.spamcop.net; Blocked - see https://www.spamcop.net/bl.shtml?{ip}",
      rule: "spamcop-scbl", source: "patterns/spamcop.yaml"),
    T("sorbs-dnsbl", "blocklist", op: "sorbs", list: "sorbs-dnsbl", namesIP: true,
      code: 554, .rcpt, dsn: "5.7.1",
      "554 5.7.1 Service unavailable; Client host [{ip}] blocked using dnsbl.sorbs.net; Currently Sending Spam See: http://www.sorbs.net/lookup.shtml?{ip}",
      rule: "sorbs-listed", source: "patterns/sorbs.yaml"),
    T("hostkarma", "blocklist", op: "junkemailfilter", list: "junkemailfilter-hostkarma", namesIP: true,
      code: 454, .rcpt, dsn: "4.7.1",
      "454 4.7.1 Temp Spam Reject; Client host [{ip}] deferred using hostkarma.junkemailfilter.com=127.0.0.2; Black listed at hostkarma http://ipadmin.junkemailfilter.com/remove.php?ip={ip}",
      rule: "junkemailfilter-hostkarma", source: "patterns/junkemailfilter.yaml"),
    T("godaddy-sbl", "blocklist", provider: "godaddy", op: "spamhaus", list: "spamhaus-sbl",
      code: 554, .greeting, dsn: "4.0.0",
      "554 Connection refused. This IP address is listed on the Spamhaus Block List (SBL). IB104",
      rule: "godaddy-spamhaus", source: "patterns/godaddy.yaml"),

    // ── look-alikes: name our IP or a list's words, but are not blocklist ─────
    T("gmail-low-reputation", "reputation", code: 421, .data, dsn: "4.7.0",
      "421-4.7.0 [{ip}      15] Our system has detected that this message is 421-4.7.0 suspicious due to the very low reputation of the sending IP address. 421-4.7.0 To protect our users from spam, mail sent from your IP address has 421-4.7.0 been temporarily rate limited. Please visit 421 4.7.0  https://support.google.com/mail/answer/188131 for more information. {gsmtp} - gsmtp",
      rule: "gmail-low-reputation", source: "patterns/gmail.yaml"),
    T("gmail-unsolicited-rate", "rate-limit", code: 421, .data, dsn: "4.7.28",
      "421-4.7.28 [{ip}       4] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421-4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError to 421 4.7.28 review our Bulk Email Senders Guidelines. {gsmtp} - gsmtp",
      rule: "gmail-unsolicited-rate", source: "patterns/gmail.yaml"),
    T("gmail-unauthenticated", "auth", code: 550, .data, dsn: "5.7.26",
      "550-5.7.26 This mail is unauthenticated, which poses a security risk to the 550-5.7.26 sender and Gmail users, and has been blocked. The sender must 550-5.7.26 authenticate with at least one of SPF or DKIM. For this message, 550-5.7.26 DKIM checks did not pass and SPF check for [{senderdomain}] did not 550-5.7.26 pass with ip: [{ip}]. The sender should visit 550-5.7.26  https://support.google.com/mail/answer/81126#authentication for 550 5.7.26 instructions on setting up authentication.  - gsmtp",
      rule: "gmail-unauthenticated", source: "patterns/gmail.yaml"),
    T("gmail-unsolicited-message", "content", code: 550, .data, dsn: "5.7.1",
      "550-5.7.1 [{ip}      12] Our system has detected that this message is 550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail, 550-5.7.1 this message has been blocked. Please visit 550-5.7.1 https://support.google.com/mail/?p=UnsolicitedMessageError 550 5.7.1  for more information. {gsmtp} - gsmtp",
      rule: "gmail-unsolicited-message", source: "patterns/gmail.yaml"),
    T("ms-ip-reputation-4.7.650", "reputation", code: 451, .rcpt, dsn: "4.7.650",
      "451 4.7.650 The mail server [{ip}] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775) [{msid}]",
      rule: "microsoft-ip-reputation-rate-limited", source: "patterns/microsoft.yaml"),
    T("ms-server-busy", "rate-limit", code: 451, .rcpt, dsn: "4.7.500",
      "451 4.7.500 Server busy. Please try again later from [{ip}]. (S77714)",
      rule: "microsoft-server-busy", source: "patterns/microsoft.yaml"),
    // No list named: reputation (#3's definition), though IronPort answers it from its BLOCKED_LIST sender group.
    T("cisco-sbrs", "reputation", provider: "cisco", op: "cisco", list: "cisco-sbrs",
      code: 554, .greeting, dsn: "4.0.0",
      "554-{mx} 554 Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.",
      rule: "cisco-poor-reputation (IronPort SBRS: the BLOCKED_LIST sender group)", source: "patterns/cisco.yaml"),
    T("proofpoint-deferred", "reputation", code: 421, .mailFrom, dsn: "4.0.0",
      "421 Deferred - see https://ipcheck.proofpoint.com/?ip={ip}",
      rule: "proofpoint-deferred-ip-reputation", source: "patterns/proofpoint.yaml"),
    T("spamhaus-open-resolver", "dns", code: 554, .rcpt, dsn: "5.7.1",
      "554 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org; Error: open resolver; https://check.spamhaus.org/returnc/pub/46.38.225.230/",
      rule: "spamhaus-open-resolver", source: "patterns/spamhaus.yaml"),

    // ── ordinary refusals ────────────────────────────────────────────────────
    T("gmail-no-such-user", "user-unknown", code: 550, .rcpt, dsn: "5.1.1",
      "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser {gsmtp} - gsmtp",
      rule: "gmail-no-such-user", source: "patterns/gmail.yaml"),
    T("gmail-over-quota", "mailbox-full", code: 452, .rcpt, dsn: "4.2.2",
      "452-4.2.2 The recipient's inbox is out of storage space. Please direct the 452-4.2.2 recipient to 452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp {gsmtp} - gsmtp",
      rule: "gmail-mailbox-full", source: "patterns/gmail.yaml"),
    T("ms-recipient-not-found", "user-unknown", code: 550, .rcpt, dsn: "5.1.10",
      "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient {rcpt} not found by SMTP address lookup",
      rule: "generic-user-unknown", source: "fixtures/refusals/corpus.txt"),
    T("ms-dbeb-access-denied", "user-unknown", code: 550, .rcpt, dsn: "5.4.1",
      "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [{msid}]",
      rule: "generic-microsoft-dbeb-access-denied", source: "fixtures/refusals/corpus.txt"),
    T("yahoo-no-such-user", "user-unknown", code: 554, .rcpt, dsn: "5.0.0",
      "554 delivery error: dd This user doesn't have a {domain} account ({rcpt}) [-5] - {yahoomta}",
      rule: "yahoo-no-such-user", source: "patterns/yahoo.yaml"),
    T("apple-user-unknown", "user-unknown", code: 550, .rcpt, dsn: "5.1.1",
      "550 5.1.1 <{rcpt}>: user does not exist",
      rule: "apple-user-unknown", source: "patterns/apple.yaml"),
    T("messagelabs-invalid-recipient", "user-unknown", code: 550, .rcpt, dsn: "5.1.1",
      "550 Invalid recipient <{rcpt}> (#5.1.1)",
      rule: "messagelabs-invalid-recipient", source: "patterns/messagelabs.yaml"),
    T("proofpoint-invalid-recipient", "user-unknown", code: 550, .rcpt, dsn: "5.7.1",
      "550 5.7.1 <{rcpt}>: Recipient address rejected: User email address is marked as invalid.",
      rule: "proofpoint-invalid-recipient", source: "patterns/proofpoint.yaml"),
    T("mimecast-invalid-recipient", "user-unknown", code: 550, .rcpt, dsn: "5.0.0",
      "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550 [{mcid}.eu45]",
      rule: "mimecast-invalid-recipient", source: "patterns/mimecast.yaml"),
    T("mimecast-greylisted", "greylist", code: 451, .rcpt, dsn: "4.0.0",
      "451 Internal resource is temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451 [{mcid}.us32]",
      rule: "mimecast-greylisted", source: "patterns/mimecast.yaml"),
    T("postfix-user-unknown", "user-unknown", code: 550, .rcpt, dsn: "5.1.1",
      "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table",
      rule: "generic-postfix-user-unknown-table", source: "fixtures/refusals/corpus.txt"),
    T("postgrey", "greylist", code: 450, .rcpt, dsn: "4.2.0",
      "450 4.2.0 <{rcpt}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/{domain}.html",
      rule: "generic-greylisted", source: "fixtures/refusals/corpus.txt"),
    T("mailbox-full", "mailbox-full", code: 552, .data, dsn: "5.2.2",
      "552 5.2.2 <{rcpt}> Quota exceeded (mailbox for user is full)",
      rule: "generic-mailbox-full", source: "fixtures/refusals/corpus.txt"),
    T("size-exceeded", "size", code: 552, .data, dsn: "5.3.4",
      "552 5.3.4 Message size exceeds fixed limit",
      rule: "generic-message-too-big", source: "fixtures/refusals/corpus.txt"),
    T("connect-timeout", "network", exim: "network", code: 400, .local, dsn: "4.4.1",
      "connect to {mx}[{mxip}]:25: Connection timed out",
      eximBody: "Connection timed out H={mx} [{mxip}]", errno: "110",
      rule: "generic-postfix-connect-failed / generic-exim-network", source: "fixtures/refusals/corpus.txt"),
    T("dns-not-found", "dns", exim: "dns", code: 400, .local, dsn: "4.4.3",
      "Host or domain name not found. Name service error for name={domain} type=MX: Host not found, try again",
      eximBody: "host lookup did not complete", errno: "-1",
      rule: "generic-domain-not-found", source: "Postfix / Exim wording"),
    T("tls-not-offered", "tls", code: 400, .local, dsn: "4.7.4",
      "TLS is required, but was not offered by host {mx}[{mxip}]",
      eximBody: "", errno: "",
      rule: "generic-tls", source: "fixtures/refusals/corpus.txt"),
    T("exim-retry-timeout", "network", code: 500, .local, dsn: "5.4.7",
      "", eximBody: "retry timeout exceeded", errno: "",
      rule: "generic-exim-network", source: "Exim wording"),
]

/// Index of a text by key.
func textIndex(_ key: String) -> Int {
    guard let i = refusalTable.firstIndex(where: { $0.key == key }) else { fatalError("no text \(key)") }
    return i
}

// MARK: - Listing episodes

/// During [start, end] (fractions of the generated time span), egress IP `egress`
/// is refused by the sites of `classes` (the share `domainShare` of their domains that
/// use this list) with one of `texts`, for a share of the deliveries.
struct Episode {
    let egress: Int
    let classes: [RC]
    let texts: [Int]
    let start: Double
    let end: Double
    /// Share of the classes' domains whose MX consults this list (stable per domain).
    var domainShare = 1.0
    /// A sticky listing refuses every delivery while it lasts; the others refuse
    /// min(1, k * strength) of them, k calibrated to `--listed-share`.
    var sticky = false
    var strength = 1.0
    var share = 1.0
}

func defaultEpisodes() -> [Episode] {
    [
        // Outlook.com consumer block list on relay1's address.
        Episode(egress: 0, classes: [.msConsumer], texts: [textIndex("ms-outlook-s3150"), textIndex("ms-outlook-as3140")], start: 0.15, end: 0.55),
        // The motivating incident: relay2's address on UCEPROTECT, which MessageLabs uses: every
        // MessageLabs-protected company refuses it (greeting: Postfix defers and retries) for almost a day.
        Episode(egress: 1, classes: [.messagelabs], texts: [textIndex("messagelabs-policy-7.7")], start: 0.30, end: 0.62, sticky: true),
        Episode(egress: 1, classes: [.generic], texts: [textIndex("uceprotect-l1")], start: 0.30, end: 0.62, domainShare: 0.3, sticky: true),
        // Spamhaus listing of relay3's address, seen by Exchange Online, Yahoo, GoDaddy and small sites.
        Episode(egress: 2, classes: [.msEOP], texts: [textIndex("ms-eop-spamhaus")], start: 0.50, end: 0.80),
        Episode(egress: 2, classes: [.yahoo, .aol], texts: [textIndex("yahoo-bl21")], start: 0.50, end: 0.80),
        Episode(egress: 2, classes: [.generic], texts: [textIndex("spamhaus-zen"), textIndex("spamhaus-mentioned")], start: 0.50, end: 0.80, domainShare: 0.6),
        Episode(egress: 2, classes: [.godaddy], texts: [textIndex("godaddy-sbl")], start: 0.50, end: 0.80),
        // T-Online's own block list on the out2 transport, longer than the queue lifetime: deferred until expired.
        Episode(egress: 3, classes: [.tonline], texts: [textIndex("t-online-bl")], start: 0.10, end: 0.55, sticky: true),
        // A temporary (4xx) listing on the few small sites that use hostkarma, longer than the queue lifetime.
        Episode(egress: 2, classes: [.generic], texts: [textIndex("hostkarma")], start: 0.22, end: 0.62, domainShare: 0.05, sticky: true),
        Episode(egress: 3, classes: [.yahoo, .aol], texts: [textIndex("yahoo-tss09")], start: 0.65, end: 0.75),
        // Exchange Online bans the IPv6 address.
        Episode(egress: 4, classes: [.msEOP], texts: [textIndex("ms-banned-sending-ip"), textIndex("ms-banned-sender-511")], start: 0.60, end: 0.90),
        // Shorter ones.
        Episode(egress: 0, classes: [.gmx], texts: [textIndex("gmx-black-listed")], start: 0.70, end: 0.85),
        Episode(egress: 0, classes: [.barracuda], texts: [textIndex("barracuda-brbl")], start: 0.40, end: 0.50),
        Episode(egress: 0, classes: [.generic], texts: [textIndex("barracuda-brbl")], start: 0.40, end: 0.50, domainShare: 0.2),
        Episode(egress: 0, classes: [.generic], texts: [textIndex("sorbs-dnsbl")], start: 0.40, end: 0.50, domainShare: 0.1),
        Episode(egress: 1, classes: [.proofpoint], texts: [textIndex("proofpoint-ipcheck")], start: 0.10, end: 0.30),
        Episode(egress: 2, classes: [.mimecast], texts: [textIndex("mimecast-spamcop")], start: 0.20, end: 0.40),
        Episode(egress: 2, classes: [.generic], texts: [textIndex("spamcop-scbl")], start: 0.20, end: 0.40, domainShare: 0.3),
        Episode(egress: 3, classes: [.mimecast], texts: [textIndex("mimecast-csi")], start: 0.85, end: 0.97),
        Episode(egress: 2, classes: [.messagelabs], texts: [textIndex("messagelabs-pbl")], start: 0.10, end: 0.20),
        Episode(egress: 0, classes: [.cisco], texts: [textIndex("cisco-sbrs")], start: 0.55, end: 0.70),
    ]
}

// MARK: - Background refusal rates per relay class (not listing episodes)

struct Background {
    /// Refusals of the whole connection (all recipients of the group): (text, probability).
    var connection: [(Int, Double)] = []
    /// Refusals of one recipient.
    var recipient: [(Int, Double)] = []
    /// Refusals only on a first attempt (greylisting).
    var firstAttempt: [(Int, Double)] = []
}

func backgroundTable() -> [Background] {
    var t = [Background](repeating: Background(), count: RC.allCases.count)
    let timeout = (textIndex("connect-timeout"), 0.003)
    for rc in RC.allCases where rc != .store { t[rc.rawValue].connection.append(timeout) }
    t[RC.gmail.rawValue].connection += [(textIndex("gmail-low-reputation"), 0.006), (textIndex("gmail-unsolicited-rate"), 0.002)]
    t[RC.gmail.rawValue].recipient += [(textIndex("gmail-no-such-user"), 0.012), (textIndex("gmail-over-quota"), 0.003),
                                       (textIndex("gmail-unsolicited-message"), 0.001)]
    t[RC.msConsumer.rawValue].connection += [(textIndex("ms-ip-reputation-4.7.650"), 0.005)]
    t[RC.msConsumer.rawValue].recipient += [(textIndex("ms-recipient-not-found"), 0.01)]
    t[RC.msEOP.rawValue].connection += [(textIndex("ms-server-busy"), 0.003)]
    t[RC.msEOP.rawValue].recipient += [(textIndex("ms-dbeb-access-denied"), 0.012), (textIndex("ms-recipient-not-found"), 0.004)]
    for rc in [RC.yahoo, .aol] {
        t[rc.rawValue].recipient += [(textIndex("yahoo-no-such-user"), 0.015)]
    }
    t[RC.apple.rawValue].recipient += [(textIndex("apple-user-unknown"), 0.01)]
    t[RC.messagelabs.rawValue].recipient += [(textIndex("messagelabs-invalid-recipient"), 0.015)]
    t[RC.proofpoint.rawValue].connection += [(textIndex("proofpoint-deferred"), 0.004)]
    t[RC.proofpoint.rawValue].recipient += [(textIndex("proofpoint-invalid-recipient"), 0.01)]
    t[RC.mimecast.rawValue].firstAttempt += [(textIndex("mimecast-greylisted"), 0.03)]
    t[RC.mimecast.rawValue].recipient += [(textIndex("mimecast-invalid-recipient"), 0.01)]
    t[RC.generic.rawValue].connection += [(textIndex("spamhaus-open-resolver"), 0.002), (textIndex("dns-not-found"), 0.001),
                                          (textIndex("tls-not-offered"), 0.0005)]
    t[RC.generic.rawValue].recipient += [(textIndex("postfix-user-unknown"), 0.02), (textIndex("mailbox-full"), 0.004),
                                         (textIndex("size-exceeded"), 0.001)]
    t[RC.generic.rawValue].firstAttempt += [(textIndex("postgrey"), 0.04)]
    return t
}

// MARK: - Names

let firstNames: [String] = ["anna", "paul", "maria", "thomas", "julia", "michael", "laura", "stefan", "sarah", "andreas",
    "lisa", "christian", "katharina", "daniel", "sophie", "markus", "lena", "martin", "hannah", "peter", "emma",
    "jan", "lea", "tobias", "nina", "frank", "claudia", "oliver", "sandra", "jens", "petra", "uwe", "sabine",
    "karl", "monika", "david", "james", "olivia", "noah", "chloe", "lucas", "amelie", "felix", "mia", "jonas"]
let lastNames: [String] = ["mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "schulz",
    "hoffmann", "koch", "richter", "klein", "wolf", "neumann", "schwarz", "zimmermann", "braun", "krueger", "hartmann",
    "lange", "werner", "krause", "lehmann", "koehler", "maier", "kaiser", "fuchs", "peters", "scholz", "smith", "jones",
    "brown", "taylor", "wilson", "martin", "dubois", "rossi", "jansen", "novak"]
let companyWords: [String] = ["baeckerei", "autohaus", "praxis", "kanzlei", "elektro", "bau", "holz", "metall", "druck",
    "medien", "technik", "logistik", "reisen", "immobilien", "garten", "optik", "apotheke", "dental", "steuer", "consult",
    "software", "hotel", "gasthof", "weingut", "fliesen", "maler", "sanitaer", "schreinerei", "verlag", "agentur",
    "handel", "service", "systems", "solutions", "partner", "gruppe", "werke", "textil", "moebel", "kuechen",
    "nordlicht", "sonnenberg", "alpen", "rhein", "elbe", "hansa", "westfalen", "bayern", "sachsen", "havel"]
let tlds: [String] = ["de", "de", "de", "com", "eu", "at", "ch", "nl", "co.uk", "net", "info"]
let subjects: [String] = ["Angebot", "Re: Termin", "Rechnung", "AW: Anfrage", "Bestellung", "Fw: Unterlagen", "Meeting",
    "Re: Projekt", "Protokoll", "Einladung", "Lieferschein", "Bewerbung", "Re: Frage", "Newsletter", "Status"]
