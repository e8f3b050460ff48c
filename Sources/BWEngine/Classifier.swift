// Classifier: refusal text (+ relay host) → verdict.
//
// Literal prefilter over all rules in one pass, then the candidate regexes in
// priority order; the first match wins. When no rule matches, the enhanced
// status code (RFC 3463) decides the category. Verdicts are cached per distinct
// text; the relay host only decides the provider, cached per relay host.

import BWRegex
#if canImport(Glibc)
import Glibc
#endif

/// A verdict, with strings resolved. Used by `classify`, `explain` and tests.
public struct Verdict: Equatable, Sendable {
    public var category: Category
    public var provider: String
    public var operatorName: String?
    public var list: String?
    public var listedIP: String?
    public var listedDomain: String?
    public var rule: String?
    public var delist: String?
    public var code: String?
}

/// The relay-independent part of a verdict, as symbol ids (-1 = none).
struct TextVerdict {
    var category: Category
    var rule: Int32        // rule order, -1 none
    var ruleName: Int32    // symbol of rule id or dsn:X.Y.Z, -1 none
    var provider: Int32    // from the rule, -1: from the relay host
    var op: Int32
    var list: Int32
    var ip: Int32
    var domain: Int32
    var delist: Int32
    var code: Int32
    /// The text says the receiver blocks the sending IP itself: an `own_block` rule, or a listing on
    /// "our block list" (see `isOwnBlock`).
    var ownBlock: Bool = false
    /// A listing on a domain list (DBL, SURBL, URIBL, …): what is listed is a domain, not the sending IP.
    var domainListing: Bool = false
}

public final class Classifier {
    public let library: PatternLibrary
    /// Strings of verdicts: slugs, IPs, domains, URLs, rule ids.
    public let symbols = SymbolTable()
    let scratch = MatchScratch()
    /// (session 24) Where a refusal's reply begins in a whole bounce message: its code after "said:", "returned '",
    /// "Diagnostic-Code: smtp;", "talk to me:", "<<<", "[ip]:", or a reply code with its enhanced status code.
    private static let replyStart = try! Regex(#"""
        (?x) (?: \bsaid: | \breturned\s+' | \bDiagnostic-Code:\s*smtp\s*; | \btalk\s+to\s+me: | <<<\s* | \]:\s ) \s* (?=[45]\d\d[\s-])
        | (?<=\p{L})\s?:\s* (?=[45]\d\d\s)
        | (?<=\p{L})\s?:[\ \t]*\n\s* (?=[45]\d\d-)
        # (session 25, independent-51) a multi-line reply joined on the label's line ("Gemeldeter Fehler: 554-gmx.net …
        # 554-IP address is block listed. 554 For explanation …"); a reply in full-width brackets or after a full-width
        # colon ("退信原因：对方服务器拒收（550 …）")
        | (?<=\p{L})\s?:\s* (?=[45]\d\d-[^\n]{0,300}?\s[45]\d\d\s)
        | [（：]\s* (?=[45]\d\d\s)
        | (?<![\w.:/-]) (?=[45]\d\d[\ -][245]\.\d{1,3}\.\d{1,3}\b)
        """#, options: [.caseless, .utf])
    /// Where a reply ends in a bounce message: Postfix's "(in reply to … command)", a delivery-status or header field, a
    /// rule of dashes or equals signs, the next recipient's frame ("host NAME [ip]", "said:", "SMTP error from remote").
    private static let replyEnd = try! Regex(#"""
        (?x) \(\s*in\s+reply\s+to\b
        | \b(?:Reporting-MTA|Final-Recipient|Original-Recipient|Remote-MTA|Action|Status|Diagnostic-Code|Received|Return-Path
             |Subject|From|To|Cc|Date|Message-ID|Content-Type|Content-Transfer-Encoding|MIME-Version|X-[\w-]+|Authentication-Results
             |DKIM-Signature|Arrival-Date|Last-Attempt-Date|Will-Retry-Until)\s*:
        | -{4,} | ={4,} | \bsaid: | \bSMTP\s+error\s+from\s+remote | \bRemote\s+Server\s+(?:returned|at)\b | \btalk\s+to\s+me:
        | '(?=\s*(?:$|\n|\d{1,2}/\d{1,2}/\d{2,4}\b))
        | (?<!\\)"\s*[,}\]]
        | \bhost\s+[\w.-]+\s*\[[0-9a-f.:]+\]
        | (?<=\p{L})\s?:\s*(?=[45]\d\d\s)
        | ）
        """#, options: [.caseless, .utf])
    /// A mail system's bounce message: its sender, subject or opening words (also forwarded by a user who asks about it).
    private static let bounceMarker = try! Regex(#"""
        (?x) MAILER-DAEMON | \bMail\s+Delivery\s+(?:System|Subsystem)\b | \bUndelivered\s+Mail\s+Returned\b
        | \bDelivery\s+Status\s+Notification\b | \bReturned\s+mail: | \bUndeliverable: | \bmail\s+system\s+at\s+host\b
        | \bcreated\s+automatically\s+by\s+mail\s+delivery\s+software\b | \bDelivery\s+has\s+failed\s+to\s+these\s+recipients\b
        | \bdid\s+not\s+reach\s+some\s+or\s+all\b | \bReporting-MTA: | \bFinal-Recipient: | \bqmail-send\s+program\b
        | \bDiagnostic\s+information\s+for\s+administrators\b
        # (session 25, independent-51) MDaemon's, Gmail's and Yahoo's wording, and the subjects of non-delivery reports
        # in other languages
        | \bPERMANENT\s+fatal\s+delivery\s+errors\b | \bPermanent\s+Delivery\s+Failure\b | \bMessage\s+not\s+delivered\b
        | \bfailure\s+notice\b | \bUnzustellbar\b | \bNon\s+remis\b | \bOnbestelbaar\b | \bn[ãa]o\s+entregue\b
        | \bNo\s+se\s+puede\s+entregar\b | \bNon\s+recapitabile\b | \bNiedostarczaln | Недоставленн | 配信不能 | 系统退信
        """#, options: [.caseless])
    /// Words right before a reply that make it an example in help text ("a message like \"554 …\"", "e.g. 550 …").
    private static let exampleLead = try! Regex(#"""
        (?x) (?: \blike | \bsuch\s+as | \be\.g\. | \bfor\s+example | \bthe\s+form | \bexample\s*\d*\s*: | \bz\.\s*B\. | \bwie
               | \bcomme | \bcomo | \bad\s+esempio | \bpor\s+ejemplo | \bpar\s+exemple | \bbeispielsweise ) \s*[:"'“„«]?\s*\z
        | (?<![:=\[,{])["“„«]\s*\z
        """#, options: [.caseless])
    /// A bounce message's delivery-status fields or the original message's headers quoted in it.
    private static let bounceField = try! Regex(#"""
        (?x) \b(?: Received:\s+from | Return-Path: | Reporting-MTA: | Final-Recipient: | Original-Recipient: | Message-ID:
                  | X-Spam[\w-]*: | Authentication-Results: | Content-Type: | Subject: )
        """#, options: [.caseless])

    /// "our block list", "our blacklist", "our own IP block list", "our company's block list": the receiver's
    /// own list (a listing rule's verdict that names no list is then the receiver's own block). Not "our
    /// RBL/DNSBL" (the lists it queries), nor "our list" of senders, addresses, words or recipients, nor "our
    /// blacklist team". Looked for only in the sentence of the listing (`verdict`).
    private static let ourList = try! Regex(#"""
        (?x) \bour\s+ (?: (?! (?:senders?|recipients?|address(?:es)?|e-?mails?|domains?|words?|users?|customers?|RBLs?|DNSBLs?|DNS)\b ) [\w'’-]+\s+ ){0,3}?
        (?:black|block|deny|ban)\s*-?\s*lists?\b
        (?! \s+(?:of|for)\s+(?:senders?|addresses|e-?mails?|words|domains|recipients|users) | \s+team )
        # (session 19) non-native English: "your IP … is blacklist on our server", "blacklisting by our anti-spam system"
        | \b(?:black|block)\s*-?\s*list(?:ed|ing)?\s+(?:on|in|by)\s+our\s+(?:anti-?\s*spam\s+)?(?:server|system|gateway|filter)\b
        # (session 24, independent-43) the receiver's own list in other words: "the local blocklist (of this server)",
        # "blacklisted on this server", "banned here", "bei uns auf der schwarzen Liste"
        | \blocal\s+(?:IP\s+|host\s+)?(?:black|block|deny|ban)\s*-?\s*list\b
        | \b(?:black|block|deny|ban)\s*-?\s*list(?:ed)?\s+(?:on|of|at)\s+this\s+(?:server|host|system|site|machine)\b
        | \b(?:black\s*-?\s*listed|blocked|banned)\s+(?:here|locally)\b | \bbei\s+uns\b | \bauf\s+(?:diesem|unserem)\s+Server\b
        # (session 26, independent-57) a list named by a name no list keeper has: "… is on the Bell block list (BL1)",
        # "the Vodafone block list" — the receiver's own (a known list's name gives its keeper before this is asked)
        | \bthe\s+(?-i:[A-Z][\w&!.-]*)(?:\s+(?-i:[A-Z][\w&!.-]*)){0,3}\s+(?:IP\s+)?(?:black|block|deny|ban)\s*-?\s*list\b
        """#, options: [.caseless, .utf])
    private var bits: [UInt64]
    private let textIDs = ByteInterner(capacity: 4096)
    private var cache: [TextVerdict] = []
    private var hostProvider: [String: Int32] = [:]
    /// Bound on distinct texts kept in the verdict cache (it is cleared when full).
    public var cacheLimit = 100_000
    /// Bound on the bytes the verdict cache holds (texts and tables).
    public var cacheBytes = 4 << 20
    public private(set) var cacheHits = 0
    public private(set) var cacheMisses = 0
    public private(set) var regexRuns = 0
    public private(set) var regexErrors = 0
    let otherProvider: Int32
    /// The list of a generic rule that captured no list name.
    let unnamedList: Int32
    /// Per rule (by order): symbols of its id, provider, operator, fixed list and fixed delist URL.
    private var ruleSymbols: [(id: Int32, provider: Int32, op: Int32, list: Int32, delist: Int32)] = []
    /// Scratch: the text being evaluated, case-folded once (prefilter and zone search).
    private var lowered: [UInt8] = []
    /// Scratch: a reply with qmail's '_' or written-out line breaks turned back into spaces (`withReply`).
    private var unscored: [UInt8] = []
    /// Scratch: the enhanced status code `normalised` dropped with a continuation line's reply code
    /// when the reply wrote no other (empty: none).
    private var foldedDSN: [UInt8] = []
    /// The listed domain of a domain-list verdict whose rule captured none.
    private let domainFinder: ListedDomainFinder
    /// The organisations of the lists' zones (spamhaus, surbl, barracudacentral, …): never a receiver's.
    private let listOrganisations: Set<String>

    public init(library: PatternLibrary) {
        self.library = library
        domainFinder = ListedDomainFinder(zones: library.zones.map(\.zone), domainWord: library.fragments["domain-word"])
        listOrganisations = Set(library.zones.compactMap { organisationName(ofHost: $0.zone) })
        bits = [UInt64](repeating: 0, count: max(1, library.prefilter.wordCount))
        otherProvider = symbols.id("other")
        unnamedList = symbols.id("dnsbl")
        func sym(_ s: String?) -> Int32 { s.map { symbols.id($0) } ?? -1 }
        ruleSymbols = library.rules.map { r in
            (sym(r.id), sym(r.provider), sym(r.operatorName), r.listTemplate ? -1 : sym(r.list),
             (r.delistIP || r.delistDomain) ? -1 : sym(r.delist))
        }
        // the shared guards' compiled regexes, as the rules that cite them have them
        var context: [String: Regex] = [:]
        for r in library.rules {
            for (k, name) in r.unlessNames.enumerated() where Classifier.contextGuards.contains(name) && context[name] == nil {
                context[name] = r.unless[k]
            }
        }
        contextGuardRegexes = Array(context.values)
    }

    /// Calls `body` with the remote reply inside the text's MTA wrapper. In a scratch copy, a
    /// qmail-send reply gets its spaces back (qmail writes them as '_'), the escaped line
    /// breaks of a multi-line reply logged as a string literal (Python's `b'5.7.1 ...\nIP
    /// blacklisted'`, also with the backslash doubled) become spaces, and a multi-line reply
    /// joined onto one line loses its continuation codes: "550-5.7.1 messages from [ip] 550-5.7.1
    /// weren't sent ... 550 5.7.1 block list" reads "550 5.7.1 messages from [ip] weren't sent ...
    /// block list", so every rule sees the sentence whole (`foldedReplyCode`).
    func withReply<T>(_ full: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let w = mtaWrapper(full)
        let r = UnsafeBufferPointer(start: full.p + w.reply.lowerBound, count: w.reply.count)
        return normalised(r, underscores: w.underscores, qp: quotedPrintableReading(full), body)
    }

    /// `body` on the reply `r` as the rules read it (see `withReply`).
    private func normalised<T>(_ r: UnsafeBufferPointer<UInt8>, underscores: Bool, qp: QuotedPrintable, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        foldedDSN.removeAll(keepingCapacity: true)
        let escapes = r.count > 1 && memchr(r.p, 0x5C, r.count) != nil
        let fold = foldedReplyCode(r)
        let masked = firstMaskedIPv4(r)
        let webText = hasWebSpacesOrEntities(r)
        let blanks = hasBlankRun(r)
        let markdown = hasMarkdownLink(r)
        let quotes = hasQuoteMarker(r)
        let nested = hasNestedMask(r)
        let percent = hasPercentEscapes(r)
        let defense = urlDefenseMarks(r)
        guard underscores || escapes || fold != nil || masked != nil || webText || blanks || markdown || quotes || nested || qp != .none
                || percent || defense != nil else { return body(r) }
        if unscored.count < r.count { unscored = [UInt8](repeating: 0, count: r.count + 256) }
        return unscored.withUnsafeMutableBufferPointer { buf in
            var i = 0, o = 0
            var firstCode = true
            var wroteEnhanced = false
            var nextMask = masked ?? r.count
            while i < r.count {
                let c = r[i]
                if i > nextMask { nextMask = firstMaskedIPv4(r, from: i) ?? r.count }
                if i == nextMask {
                    // a fully masked address ("x.x.x.x", "[***.***.***.***]", "XX.XXX.XX.XXX") reads as
                    // zeros of the same shape: rules see an address where the sender's was, and
                    // `normalizeIP` never reports 0.x as the listed one
                    let len = maskedIPv4Length(r, at: i)
                    for k in 0..<len { buf[o + k] = r[i + k] == 0x2E ? 0x2E : 0x30 }
                    o += len; i += len
                    nextMask = firstMaskedIPv4(r, from: i) ?? r.count
                    continue
                }
                if nested && c == 0x5B, let inner = nestedMask(r, at: i) {
                    // a poster's mask put inside the reply's own brackets ("Client host [[IP]] blocked",
                    // "[<my ip address>]"): the mask's words in the reply's brackets ("[IP]", "[my ip address]"),
                    // as if the address had been replaced in place
                    buf[o] = 0x5B; o += 1
                    for k in inner { buf[o] = r[k]; o += 1 }
                    buf[o] = 0x5D; o += 1
                    i = inner.upperBound + 2
                    continue
                }
                if markdown && c == 0x5B, let (text, end) = markdownLink(r, at: i) {
                    // a forum's Markdown link "[http://x/](http://x/)" or "[zone](http://...)": its text
                    for k in text { buf[o] = r[k]; o += 1 }
                    i = end
                    continue
                }
                if blanks && (c == 0x20 || c == 0x09) && i + 1 < r.count && (r[i + 1] == 0x20 || r[i + 1] == 0x09) {
                    // a run of blanks reads as one space: a bounce's indented continuation lines joined
                    // ("has been\n    temporarily blocked"), a reply padded for alignment
                    var j = i
                    while j < r.count && (r[j] == 0x20 || r[j] == 0x09) { j += 1 }
                    if o == 0 || buf[o - 1] != 0x20 { buf[o] = 0x20; o += 1 }
                    i = j
                    continue
                }
                if let f = fold, c == f.0, i + 3 < r.count, r[i + 1] == f.1, r[i + 2] == f.2,
                   r[i + 3] == 0x2D || r[i + 3] == 0x20, i == 0 || foldTokenStart(r[i - 1]) {
                    if firstCode {
                        // the reply's own code stays, as the last line writes it ("550 ")
                        firstCode = false
                        buf[o] = c; buf[o + 1] = r[i + 1]; buf[o + 2] = r[i + 2]; buf[o + 3] = 0x20
                        o += 4; i += 4
                        if enhancedCodeEnd(r, at: i, cls: c) > i { wroteEnhanced = true }
                        continue
                    }
                    // a continuation's code (and its repeated enhanced code) is dropped, unless it
                    // follows another reply code ("550 550-5.7.1": a wrapper's code before the reply's);
                    // the look back is bounded (a run of blanks between codes is no wrapper's code)
                    var k = o - 1
                    while k >= 0 && o - k <= 8 && (buf[k] == 0x20 || buf[k] == 0x09 || buf[k] == 0x0A || buf[k] == 0x0D) { k -= 1 }
                    let afterCode = k >= 2 && o - k <= 8 && Scan.isDigit(buf[k]) && Scan.isDigit(buf[k - 1]) && (buf[k - 2] == 0x34 || buf[k - 2] == 0x35)
                        && (k == 2 || !(Scan.isDigit(buf[k - 3]) || buf[k - 3] == 0x2E || buf[k - 3] == 0x3A))
                    if !afterCode {
                        i += 4
                        // the enhanced code goes too; when it is the reply's only one the status-code
                        // fallback still gets it ("550-Mailbox check 550 5.1.1 nope": `foldedDSN`)
                        let e = enhancedCodeEnd(r, at: i, cls: c)
                        if e > i && (e == r.count || r[e] == 0x20 || r[e] == 0x2D) {
                            if !wroteEnhanced { wroteEnhanced = true; foldedDSN = Array(r[i..<e]) }
                            i = min(r.count, e + 1)
                        }
                        // one space stands for the line break
                        if o > 0 && buf[o - 1] != 0x20 && buf[o - 1] != 0x0A { buf[o] = 0x20; o += 1 }
                        continue
                    }
                }
                if quotes && c == 0x3E, let end = quoteMarkerEnd(r, at: i) {
                    // a mail client's quote marker ("> ", "> > ") at a line's start, the line joined to
                    // the one before: a space
                    if o > 0 && buf[o - 1] != 0x20 { buf[o] = 0x20; o += 1 }
                    i = end
                    continue
                }
                if qp != .none && c == 0x3D {
                    // quoted-printable read back: a soft break joined with a space is nothing, an escape its byte
                    if i + 1 < r.count && r[i + 1] == 0x20 { i += 2; continue }
                    if qp == .escapes {
                        if i + 2 < r.count, let h = hexValue(r[i + 1]), let l = hexValue(r[i + 2]) {
                            buf[o] = h << 4 | l; o += 1; i += 3
                            continue
                        }
                        // QP writes every '=' as "=3D": any other is a soft break, its line joined
                        // without a blank ("Spamha=us") or kept ("li=\nst")
                        i += 1
                        if i < r.count && r[i] == 0x0D { i += 1 }
                        if i < r.count && r[i] == 0x0A { i += 1 }
                        continue
                    }
                }
                if webText && (c == 0x26 || c == 0x3D || c >= 0xC2) {
                    // a text copied from a web page or a mail's source: a no-break or other Unicode space
                    // reads as a space, a zero-width one, a byte-order mark or a quoted-printable soft line
                    // break as nothing, an HTML entity as its character
                    let (len, out) = webCharacter(r, at: i)
                    if len > 0 {
                        if let out { buf[o] = out; o += 1 }
                        i += len
                        continue
                    }
                }
                if let d = defense {
                    if d.encoded.contains(i) {
                        // Proofpoint URL Defense v2's link, its own encoding read back: "-3F" is '?', "_" is '/'
                        if c == 0x5F { buf[o] = 0x2F; o += 1; i += 1; continue }
                        if c == 0x2D, i + 2 < d.encoded.upperBound, let h = hexValue(r[i + 1]), let l = hexValue(r[i + 2]) {
                            buf[o] = h << 4 | l; o += 1; i += 3
                            continue
                        }
                    } else if i == d.open || i == d.close {
                        // URL Defense v3's "__" around the link it wraps: a blank, so the link's last parameter ends
                        buf[o] = 0x20; o += 1; i += 2
                        continue
                    }
                }
                if percent && c == 0x25, let b = percentEscape(r, at: i) {
                    // a percent-encoded link or text ("ip%3D192.0.2.1", a safe-link's "?url=https%3A%2F%2F…"): its byte
                    buf[o] = b; o += 1; i += 3
                    continue
                }
                if c == 0x5C {
                    // "\n", "\\n", "\r", "\t" written out: the backslashes and the letter become a space
                    var j = i
                    while j < r.count && r[j] == 0x5C { j += 1 }
                    if j < r.count && (r[j] == 0x6E || r[j] == 0x72 || r[j] == 0x74) {
                        // one space for "\r\n" or " \n"
                        if o == 0 || buf[o - 1] != 0x20 { buf[o] = 0x20; o += 1 }
                        i = j + 1
                    } else if j < r.count && (r[j] == 0x2F || r[j] == 0x22 || r[j] == 0x27) {
                        // a JSON string's "\/" and "\"" (an ESP's event log, a webhook): the character
                        buf[o] = r[j]; o += 1
                        i = j + 1
                    } else {
                        while i < j { buf[o] = 0x5C; o += 1; i += 1 }
                    }
                    continue
                }
                buf[o] = underscores && c == 0x5F ? 0x20 : c
                o += 1; i += 1
            }
            return body(UnsafeBufferPointer(rebasing: buf[0..<o]))
        }
    }

    /// Classifies a text (cached). `dsn` is the status code from the log line, used
    /// when the text has none.
    func classify(_ full: UnsafeBufferPointer<UInt8>, dsn: UnsafeBufferPointer<UInt8>?) -> TextVerdict {
        // The cache is keyed by the reply as written inside the outer wrapper: the same reply reads the
        // same way, so the reading (a wrapper inside it, `normalised`) is done once per distinct reply, not
        // once per line. A qmail-send reply reads otherwise ('_' as spaces): its key keeps the
        // "Remote_host_said:_" before it.
        let outer = mtaWrapperOnce(full)
        let keyStart = outer.underscores ? outer.reply.lowerBound - qmailReplyMarker.utf8CodeUnitCount : outer.reply.lowerBound
        let key = UnsafeBufferPointer(start: full.p + keyStart, count: outer.reply.upperBound - keyStart)
        let id = textIDs.intern(key.p, key.count)
        if Int(id) < cache.count {
            cacheHits += 1
            return withLineDSN(cache[Int(id)], dsn)
        }
        cacheMisses += 1
        // a bounce message's copy of the original message (its headers name lists and addresses: SpamAssassin's
        // report, Received lines) is not read
        let whole = full
        let full = withoutQuotedMessage(whole)
        let w = mtaWrapper(full, outer: full.count == whole.count ? outer : mtaWrapperOnce(full))
        let text = UnsafeBufferPointer(start: full.p + w.reply.lowerBound, count: w.reply.count)
        // what the text says is cached; the log line's own status code (which differs between lines
        // with the same reply) decides only a text that says nothing, per line
        var quoted = false
        var v = normalised(text, underscores: w.underscores, qp: quotedPrintableReading(full)) { reply -> TextVerdict in
            var v: TextVerdict
            (v, quoted) = evaluate(UnsafeRawBufferPointer(reply))
            if v.rule < 0 {
                foldedDSN.withUnsafeBufferPointer { applyDSN(&v, text: reply, lineDSN: $0.isEmpty ? nil : $0) }
            }
            return v
        }
        // a whole bounce message, read reply by reply as written (the reading above drops a reply's repeated codes and
        // the wrapper's, and reads the first recipient's reply alone when its frame comes first); a listing read whole,
        // or a text the context guards called none, only when it is a mail system's bounce
        if let listing = bounceListing(UnsafeRawBufferPointer(full), quotedCut: full.count < whole.count,
                                       onlyIfBounce: v.category == .blocklist || quoted) {
            v = listing
        }
        if cache.count >= cacheLimit || textIDs.footprint > cacheBytes {
            // Bound memory: start over (ids restart too).
            textIDs.removeAll()
            cache.removeAll(keepingCapacity: true)
            _ = textIDs.intern(key.p, key.count)
        }
        cache.append(v)
        return withLineDSN(v, dsn)
    }

    /// `v`, or, when neither a rule nor the text's status code decided it, the category of the log
    /// line's status code (`dsn=`).
    private func withLineDSN(_ v: TextVerdict, _ dsn: UnsafeBufferPointer<UInt8>?) -> TextVerdict {
        guard v.rule < 0, v.ruleName < 0, let dsn else { return v }
        var out = v
        applyDSN(&out, text: UnsafeBufferPointer(start: nil, count: 0), lineDSN: dsn)
        return out
    }

    /// Provider symbol for a relay host (and recipient domain as a fallback).
    func provider(relayHost: String, recipientDomain: String?) -> Int32 {
        let key = relayHost + "\u{0}" + (recipientDomain ?? "")
        if let p = hostProvider[key] { return p }
        let name = whoRefused(relayKnown: { library.providers.provider(forHost: relayHost) },
                              domainKnown: { recipientDomain.flatMap(library.providers.provider(forDomain:)) },
                              relayOrganisation: { organisationName(ofHost: relayHost) },
                              domainOrganisation: { recipientDomain.flatMap(organisationName(ofHost:)) })?.who
        let p = name.map { symbols.id($0) } ?? otherProvider
        if hostProvider.count > 50_000 { hostProvider.removeAll() }
        hostProvider[key] = p
        return p
    }

    /// The receiver a text names (`namedReceiver`), where the server name after the reply code is not a list
    /// keeper's or a look-up service's host: the zone a reply writes first ("550 5.7.1 mw.surbl.org lists …")
    /// is not who refused.
    func receiverNamed(_ full: UnsafeBufferPointer<UInt8>) -> (wrapper: String?, banner: String?) {
        var named = namedReceiver(full)
        if let b = named.banner, let org = organisationName(ofHost: b), listOrganisations.contains(org) || Classifier.isLookupService(org) {
            named.banner = nil
        }
        return named
    }

    /// Case-folds `text` into `lowered` (eight zero bytes after it) and runs the prefilter on it:
    /// the folded copy then serves the zone, operator-name and listed-IP searches.
    private func foldAndScan(_ text: UnsafeRawBufferPointer) {
        if lowered.count < text.count + 8 { lowered = [UInt8](repeating: 0, count: text.count + 256) }
        lowered.withUnsafeMutableBufferPointer { buf in
            let b = buf.baseAddress!
            asciiLowerTable.withUnsafeBufferPointer { table in
                for i in 0..<text.count { b[i] = table[Int(text[i])] }
            }
            (b + text.count).initialize(repeating: 0, count: 8)
            library.prefilter.scan(folded: b, count: text.count, into: &bits)
        }
    }

    /// Calls `body` with the index of each rule the last `foldAndScan` made a candidate, in evaluation order,
    /// until `body` returns true.
    @inline(__always) private func forEachCandidate(_ body: (Int) -> Bool) {
        let rules = library.rules.count
        for w in bits.indices {
            var word = bits[w]
            while word != 0 {
                let b = word.trailingZeroBitCount
                word &= word - 1
                let i = w * 64 + b
                if i >= rules || body(i) { return }   // the gates' bits follow the rules'
            }
        }
    }

    /// The first rule's verdict that applies to `text` (`other` when none does), and whether a rule before it was vetoed
    /// by one of `contextGuards` (the text is a question, notes, a notice or a report rather than a refusal).
    private func evaluate(_ text: UnsafeRawBufferPointer) -> (verdict: TextVerdict, context: Bool) {
        foldAndScan(text)
        var found: TextVerdict? = nil
        var context = false
        forEachCandidate { i in
            regexRuns += 1
            let j = judge(library.rules[i], text)
            if case .vetoed(let k) = j, Classifier.contextGuards.contains(library.rules[i].unlessNames[k]) { context = true }
            guard case .applies(_, let v, _) = j else { return false }
            found = v
            return true
        }
        return (found ?? TextVerdict(category: .other, rule: -1, ruleName: -1, provider: -1, op: -1, list: -1,
                                     ip: -1, domain: -1, delist: -1, code: -1), context)
    }

    /// The guards that say what a text is rather than what a refusal says: a question, help text, a person's notes
    /// quoting a refusal, a monitor's report, a delisting notice, an admin page.
    static let contextGuards: Set<String> = ["@quoted-not-received", "@monitor-report", "@person-post", "@listing-notice", "@admin-page"]
    /// The compiled `contextGuards`.
    private var contextGuardRegexes: [Regex] = []

    /// Marks that begin the copy of the original message in a bounce (lower case).
    static let quotedMessageMarks: [[UInt8]] = [
        "below this line is a copy of the message", "this is a copy of the message", "original message headers",
        "----- original message", "content-type: message/rfc822", "content-type: text/rfc822-headers",
        "header of the original message", "copy of the original message", "original message follows", "return-path:",
    ].map { Array($0.utf8) }

    /// (session 24) A text without the copy of the original message a bounce quotes after its refusals: the headers
    /// there ("X-Spam-Report: … [Blocked - see https://www.spamcop.net/bl.shtml?10.1.2.3]", Received lines) are no
    /// refusal, and were read as one. Only texts of 150 bytes or more, cut at a mark with a reply before it (a bounce
    /// forwarded with its own headers on top keeps its refusal).
    func withoutQuotedMessage(_ t: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard t.count >= 150 else { return t }
        let raw = UnsafeRawBufferPointer(t)
        var cut = t.count
        for mark in Classifier.quotedMessageMarks {
            var from = 40
            while let i = Scan.firstCaseless(mark, in: UnsafeRawBufferPointer(rebasing: raw[0..<cut]), from: from) {
                if (try? Classifier.replyStart.matches(UnsafeRawBufferPointer(rebasing: raw[0..<i]), scratch: scratch)) == true {
                    cut = i
                    break
                }
                from = i + 1
            }
        }
        return cut == t.count ? t : UnsafeBufferPointer(rebasing: t[0..<cut])
    }

    /// (session 24, independent-45) A whole bounce message — several recipients' refusals, or one refusal with the
    /// delivery-status fields and the original message's headers quoted after it — read reply by reply: a listing in
    /// any one is the bounce's verdict, as each recipient's refusal is one delivery in a log. Read whole, the first
    /// rule by priority wins over a later recipient's listing (a DMARC reject before it), and words of the quoted
    /// headers ("Subject", "RCVD_IN_ZEN_BLOCKED_OPENDNS", "Authentication-Results") veto a listing they are no part
    /// of. Only a text with two replies or more, or one with such fields, is read so; nil when no reply is a listing.
    /// A text the context guards call a post, help page, notice or digest is not read so, unless it quotes a mail
    /// system's bounce (`bounceMarker`: a user's "are we blacklisted again??" above a forward); `onlyIfBounce`: read
    /// only a mail system's bounce (a listing read whole yields to the reply that states it only there).
    /// `quotedCut`: the text is a bounce whose copy of the original message was cut off (`withoutQuotedMessage`).
    /// Of several listings, the first that names its address. Leaves `lowered` and the prefilter's bits as the last
    /// reply read left them.
    private func bounceListing(_ raw: UnsafeRawBufferPointer, quotedCut: Bool, onlyIfBounce: Bool) -> TextVerdict? {
        guard raw.count >= 120 else { return nil }
        var starts: [Int] = []
        var from = 0
        while starts.count < 64, from < raw.count,
              let m = try? Classifier.replyStart.firstMatch(in: raw, scratch: scratch, from: from), let whole = m[0] {
            starts.append(whole.upperBound)
            from = whole.upperBound + 3
        }
        guard !starts.isEmpty else { return nil }
        // a mail system's marks are looked for once, and only where they decide
        var markedKnown: Bool? = nil
        func marked() -> Bool {
            if let m = markedKnown { return m }
            let m = (try? Classifier.bounceMarker.matches(raw, scratch: scratch)) == true
            markedKnown = m
            return m
        }
        guard quotedCut || starts.count >= 2 || (try? Classifier.bounceField.matches(raw, scratch: scratch)) == true || marked()
        else { return nil }
        if !marked() {
            // a guard that fails (match limit) counts as matching, as in `judge`
            if onlyIfBounce || contextGuardRegexes.contains(where: { (try? $0.matches(raw, scratch: scratch)) != false }) { return nil }
        }
        var first: TextVerdict? = nil
        var covered = 0
        for s in starts where s >= covered {
            var end = min(raw.count, s + 1000)
            if let t = try? Classifier.replyEnd.firstMatch(in: raw, scratch: scratch, from: min(raw.count, s + 3)), let r = t[0], r.lowerBound < end {
                end = r.lowerBound
            }
            covered = end
            // a reply that is the whole text was read already; an example in help text is none
            guard end - s >= 8, s > 0 || end < raw.count else { continue }
            if s > 0, (try? Classifier.exampleLead.matches(UnsafeRawBufferPointer(rebasing: raw[max(0, s - 80)..<s]), scratch: scratch)) == true {
                continue
            }
            let v = evaluate(UnsafeRawBufferPointer(rebasing: raw[s..<end])).verdict
            if v.category == .blocklist {
                if v.ip >= 0 { return v }
                if first == nil { first = v }
            }
        }
        return first
    }

    /// What one rule says of a text.
    private enum Judgement {
        case noMatch
        /// The regex matched and the rule's `unless` guard of this index vetoed it.
        case vetoed(Int)
        /// The regex matched, no guard vetoed: its match, the verdict, and the lists whose look-up failed (set aside).
        case applies(Match, TextVerdict, failed: Set<String>)
    }

    /// What `rule` says of the text the last `foldAndScan` read: its regex, then its guards (their gated parts only
    /// where the scan found their literals). A guard scoped to the zone it names (`scoped_to_zone:` of guards.yaml,
    /// the look-up failures) does not veto a listing on another operator's list (`failedLists`).
    private func judge(_ rule: Rule, _ text: UnsafeRawBufferPointer) -> Judgement {
        let m: Match
        do {
            guard let found = try rule.regex.firstMatch(in: text, scratch: scratch) else { return .noMatch }
            m = found
        } catch {
            regexErrors += 1
            return .noMatch
        }
        var v: TextVerdict? = nil
        var failed: Set<String> = []
        for (k, plan) in rule.unlessPlans.enumerated() {
            // a guard that fails (match limit) counts as matching: better no verdict from this rule than a wrong one
            let hit = (try? plan.matches(text, scratch: scratch, firstBit: library.gateBits[rule.order][k], candidates: bits)) ?? true
            guard hit else { continue }
            // (the match's last byte: a rule's match may open at the text's start to capture the address)
            if library.questionScoped[rule.order][k], let whole = m[0], whole.upperBound > 0,
               questionApart(rule.unless[k], text, from: (whole.upperBound - 1)..<whole.upperBound) { continue }
            if let scope = library.guardScopes[rule.order][k], (try? scope.firstMatch(in: text, scratch: scratch)) == nil,
               let (ops, read) = failedLists(rule.unless[k], text) {
                failed.formUnion(ops)
                // read with the failed lists set aside; an earlier reading stands unless its operator has failed since
                let verdict: TextVerdict
                if let earlier = v, earlier.op < 0 || !failed.contains(symbols[earlier.op]) { verdict = earlier } else {
                    verdict = self.verdict(rule, m, text, notOperators: failed)
                }
                v = verdict
                if verdict.category == .blocklist, verdict.op >= 0, !failed.contains(symbols[verdict.op]) { continue }
                // (session 23, review-23) a listing that names no list — the receiver's own block — stated apart from
                // every failure and naming none of the failed lists ("Your IP … is blocked by our local blacklist
                // (note: zen.spamhaus.org lookup timed out)"): another list's failure says nothing of it
                if verdict.category == .blocklist, verdict.op < 0, let whole = m[0] {
                    // the listing as stated: the match and its words up to the next ',', ';' or '(' of its clause
                    let clause = Classifier.clause(around: whole, in: text)
                    var end = whole.upperBound
                    while end < clause.upperBound && text[end] != 0x2C && text[end] != 0x3B && text[end] != 0x28 { end += 1 }
                    let stated = whole.lowerBound..<max(end, whole.upperBound)
                    if read.allSatisfy({ !$0.overlaps(stated) }),
                       !listsNamed(in: stated).contains(where: { failed.contains($0.info.operatorName) }) { continue }
                }
            }
            return .vetoed(k)
        }
        return .applies(m, v ?? verdict(rule, m, text), failed: failed)
    }

    /// Whether every match of a `scoped_to_question` guard is made of questions (it ends at a '?', '？' or '؟') whose
    /// sentences do not hold `stated`, where the rule's match ends, in a text that quotes a reply (a 4xx or 5xx code outside them):
    /// "Anyone else's mail bouncing? Ours say \"554 Your IP … is on the Spamhaus SBL\"" states a listing apart from
    /// its question; "Is our IP 192.0.2.1 listed on Spamhaus?" asks it, and prose without a reply around a question
    /// ("We use black.uribl.com. Any false positives?", a checker's result) stays a discussion. A question's sentence
    /// runs from the last '.', '!' or '?' before a blank, '。', '！', '？' or line break before its mark.
    private func questionApart(_ guardRegex: Regex, _ text: UnsafeRawBufferPointer, from stated: Range<Int>) -> Bool {
        var start = 0
        var questions: [Range<Int>] = []
        while start < text.count {
            guard let g = (try? guardRegex.firstMatch(in: text, scratch: scratch, from: start)) ?? nil, let span = g[0] else { break }
            guard span.upperBound > span.lowerBound, isQuestionMark(text, span.upperBound) else { return false }
            // every question in the match (a greedy match may run over several: "Why is … listed? How do I …?")
            var k = span.lowerBound
            while k < span.upperBound {
                k += 1
                guard isQuestionMark(text, k) else { continue }
                let sentence = Classifier.sentenceStart(text, before: k)..<k
                if sentence.overlaps(stated) { return false }
                questions.append(sentence)
            }
            start = max(span.upperBound, span.lowerBound + 1)
        }
        guard !questions.isEmpty else { return false }
        // a reply code outside the questions: "554 ", "421-", "550 5.7.1"
        let p = text.baseAddress!.assumingMemoryBound(to: UInt8.self)
        for i in 0..<text.count where (i == 0 || !Scan.isAlnum(p[i - 1])) && isReplyCode(p, i, text.count)
            && !questions.contains(where: { $0.contains(i) }) { return true }
        return false
    }

    /// A question mark ends at `end` (exclusive): '?', '？' (EF BC 9F) or '؟' (D8 9F).
    private func isQuestionMark(_ text: UnsafeRawBufferPointer, _ end: Int) -> Bool {
        guard end >= 1, end <= text.count else { return false }
        if text[end - 1] == 0x3F { return true }
        return text[end - 1] == 0x9F && end >= 2 && (text[end - 2] == 0xD8 || (end >= 3 && text[end - 2] == 0xBC && text[end - 3] == 0xEF))
    }

    /// Where the sentence ending at `end` starts: after the last '.', '!' or '?' followed by a blank (not an address's
    /// or a host name's dots), '。', '！', '？' or line break before it.
    static func sentenceStart(_ text: UnsafeRawBufferPointer, before end: Int) -> Int {
        var s = end - 1
        while s > 0 {
            let c = text[s - 1]
            if c == 0x0A || ((c == 0x2E || c == 0x21 || c == 0x3F) && (text[s] == 0x20 || text[s] == 0x0A)) { break }
            // '。' E3 80 82, '！' EF BC 81, '？' EF BC 9F: their last byte
            if s >= 3, (text[s - 3] == 0xE3 && text[s - 2] == 0x80 && c == 0x82) || (text[s - 3] == 0xEF && text[s - 2] == 0xBC && (c == 0x81 || c == 0x9F)) { break }
            s -= 1
        }
        return s
    }

    /// The operators whose look-up failed, by every match of a look-up-failure guard in the text: the known zones
    /// and operator names (zones.yaml) of each failure's clause — of the parentheses it is written in when they
    /// name one ("(bl.mailspike.net lookup timed out) Your IP … is listed in zen.spamhaus.org"). "lookup of
    /// 5.113.0.203.bl.spamcop.net timed out; Client host [203.0.113.5] blocked using b.barracudacentral.org":
    /// spamcop. Another list's failure says nothing of a listing on this one; nil when a failure names no list (it
    /// vetoes whatever list is read).
    /// Also returns, for each failure, the part of the text its lists were read from (the failure itself, its
    /// parentheses, its part of the clause, or the clause).
    private func failedLists(_ guardRegex: Regex, _ text: UnsafeRawBufferPointer) -> (Set<String>, [Range<Int>])? {
        var start = 0
        var ops = Set<String>()
        var read: [Range<Int>] = []
        var failures = 0
        var clauseRead: (clause: Range<Int>, all: [(at: Range<Int>, info: ZoneInfo)], enumerated: Bool)? = nil
        while start < text.count, let found = try? guardRegex.firstMatch(in: text, scratch: scratch, from: start), let r = found[0] {
            // a text of hundreds of failures is no refusal to read list by list (each failure reads its clause again):
            // past 64 the failures veto whatever list is read
            failures += 1
            if failures > 64 { return nil }
            let clause = Classifier.clause(around: r, in: text)
            // a clause that enumerates lists names them all as failed ("zen.spamhaus.org, bl.spamcop.net and
            // psbl.surriel.com did not answer"); else the lists the failure itself names ("lookup of
            // 5.113.0.203.bl.spamcop.net timed out", "not listed in psbl.surriel.com"), else those of its parentheses,
            // else of its part of the clause between commas or "and" ("blocked using bl.spamcop.net, lookup of
            // zen.spamhaus.org timed out") written next to it ("…/bl.shtml?198.51.100.130 DNS list zen.spamhaus.org:
            // lookup deferred"), else the clause's
            // (the failures of one clause read its lists once)
            if clauseRead?.clause != clause {
                let named = listsNamed(in: clause)
                clauseRead = (clause, named, Classifier.enumerates(named.map(\.at), text))
            }
            let all = clauseRead!.all
            var lists = all, from = clause
            var resume: Int? = nil
            if !clauseRead!.enumerated {
                (lists, from) = (listsNamed(in: r), r)
                // (session 23) a failure that runs over several lists not enumerated ("RBL check for <ip>:
                // bl.spamcop.net=LISTED, zen.spamhaus.org=TIMEOUT"): its failure words end it, so the last list; the
                // failures after its first list are looked for again ("DNSBL errors: zen.spamhaus.org SERVFAIL,
                // bl.spamcop.net timeout")
                if let last = lists.max(by: { $0.at.upperBound < $1.at.upperBound }),
                   let first = lists.filter({ $0.at.upperBound <= last.at.lowerBound }).min(by: { $0.at.upperBound < $1.at.upperBound }),
                   !Classifier.enumerates(lists.map(\.at), text) {
                    lists = lists.filter { $0.at.overlaps(last.at) }
                    resume = first.at.upperBound
                }
                // the list written right before the failure ("zen.spamhaus.org query failed 203.0.113.99 is listed in
                // bl.spamcop.net", "zen.spamhaus.org: ETIMEOUT"): that list alone
                // (also across the clause's start when the failure's clause names no list: "zen.spamhaus.org; Error:
                // open resolver; https://…/returnc/…", not "… on bl.mailspike.net; Error: open resolver (zen.spamhaus.org)")
                if lists.isEmpty {
                    let preceding = all.isEmpty ? listsNamed(in: max(0, r.lowerBound - 120)..<r.lowerBound) : all.filter { $0.at.upperBound <= r.lowerBound }
                    if let before = preceding.max(by: { $0.at.upperBound < $1.at.upperBound }),
                       text[before.at.upperBound..<r.lowerBound].allSatisfy({ $0 == 0x20 || $0 == 0x3A || $0 == 0x3D || $0 == 0x22 || $0 == 0x3B }) {
                        lists = preceding.filter { $0.at.upperBound == before.at.upperBound }
                        from = before.at.lowerBound..<r.upperBound
                    }
                }
                if lists.isEmpty, let p = Classifier.parentheses(around: r, in: clause, text) { (lists, from) = (listsNamed(in: p), p) }
                if lists.isEmpty {
                    from = Classifier.part(around: r, in: clause, text)
                    lists = listsNamed(in: from)
                    let near = lists.filter { $0.at.upperBound >= r.lowerBound - 40 && $0.at.lowerBound <= r.upperBound + 60 }
                    if !near.isEmpty { lists = near }
                }
                if lists.isEmpty { (lists, from) = (all, clause) }
            }
            guard !lists.isEmpty else { return nil }
            ops.formUnion(lists.map(\.info.operatorName))
            read.append(from)
            // on after this failure
            start = max(resume ?? r.upperBound, r.lowerBound + 1)
            while start < text.count && text[start] & 0xC0 == 0x80 { start += 1 }
        }
        return ops.isEmpty ? nil : (ops, read)
    }

    /// The clause of the text around a range: from the boundary before it to the boundary after it (';', '|', a
    /// line break, " - ", or '.', '!' or '?' before white space).
    static func clause(around r: Range<Int>, in text: UnsafeRawBufferPointer) -> Range<Int> {
        func isBoundary(_ k: Int) -> Bool {
            let c = text[k]
            if c == 0x3B || c == 0x7C || c == 0x0A || c == 0x0D { return true }
            if c == 0x2D { return k > 0 && k + 1 < text.count && text[k - 1] == 0x20 && text[k + 1] == 0x20 }
            return (c == 0x2E || c == 0x21 || c == 0x3F) && (k + 1 == text.count || text[k + 1] == 0x20 || text[k + 1] == 0x09)
        }
        // a match that begins with its boundary (";\s*Error:") belongs to the clause after it
        var lo = r.lowerBound
        while lo < r.upperBound && (isBoundary(lo) || text[lo] == 0x20) { lo += 1 }
        var a = lo
        while a > 0 && !isBoundary(a - 1) { a -= 1 }
        var b = max(lo, r.upperBound)
        while b < text.count && !isBoundary(b) { b += 1 }
        return a..<b
    }

    /// The part of a clause around a range between ", " and " and " (or the clause's ends).
    static func part(around r: Range<Int>, in clause: Range<Int>, _ text: UnsafeRawBufferPointer) -> Range<Int> {
        func cut(_ k: Int) -> Int? {   // the length of a cut that starts at k
            if text[k] == 0x2C { return 1 }
            guard text[k] == 0x20 else { return nil }
            for w in partCuts where k + w.count <= clause.upperBound {
                var j = 1
                while j < w.count && (text[k + j] < 0x80 ? text[k + j] | 0x20 : text[k + j]) == w[j] { j += 1 }
                if j == w.count { return j }
            }
            return nil
        }
        var a = r.lowerBound
        while a > clause.lowerBound && cut(a - 1) == nil
                && !partCuts.contains(where: { a >= clause.lowerBound + $0.count && cut(a - $0.count) == $0.count }) { a -= 1 }
        var b = r.upperBound
        while b < clause.upperBound && cut(b) == nil { b += 1 }
        return a..<b
    }

    /// " and " between two parts of a clause, in the languages the look-up failures are read in (lower case).
    static let partCuts: [[UInt8]] = [" and ", " und ", " et ", " y ", " e ", " en ", " i ", " и ", " og ", " och ", " ve ", " és "]
        .map { Array($0.utf8) }

    /// The words before a list that name it as the one listing the address.
    static let listingLead = ["listed in ", "listed on ", "listed at ", "listed by ", "blocked using ", "black list at ",
                              "blacklist at ", "blacklisted at ", "blacklisted by ", "found in ", "found on ", "listed: "]

    /// Whether two of the lists named at `at` stand next to each other with only commas, "and", "or" or blanks between
    /// (an enumeration of lists).
    static func enumerates(_ at: [Range<Int>], _ text: UnsafeRawBufferPointer) -> Bool {
        // a name inside a zone ("spamhaus" in "zen.spamhaus.org") is that zone's
        var outer: [Range<Int>] = []
        for r in at.sorted(by: { $0.lowerBound != $1.lowerBound ? $0.lowerBound < $1.lowerBound : $0.count > $1.count }) {
            if let last = outer.last, r.upperBound <= last.upperBound { continue }
            outer.append(r)
        }
        for (x, y) in zip(outer, outer.dropFirst()) where y.lowerBound >= x.upperBound {
            // not the list a listing names ("is listed in psbl.surriel.com and zen.spamhaus.org did not respond")
            let before = String(decoding: UnsafeRawBufferPointer(rebasing: text[max(0, x.lowerBound - 24)..<x.lowerBound]), as: UTF8.self).lowercased()
            if listingLead.contains(where: { before.hasSuffix($0) }) { continue }
            let gap = String(decoding: UnsafeRawBufferPointer(rebasing: text[x.upperBound..<y.lowerBound]), as: UTF8.self).lowercased()
            // quotes around names ('"Spamhaus ZEN" and "SpamCop"'); "and" and "or" in the languages the failures are read in
            // a list's own word after its keeper's name ('"Spamhaus ZEN" and "SpamCop"') is part of the name
            let words = gap.split(whereSeparator: { " ,&/\"'“”„«»".contains($0) }).filter { !Classifier.listWords.contains(String($0)) }
            if words.count <= 1 && words.allSatisfy({ Classifier.conjunctions.contains(String($0)) }) { return true }
        }
        return false
    }

    /// "and" and "or" between two lists' names, in the languages the look-up failures are read in.
    static let conjunctions: Set<String> = ["and", "or", "und", "oder", "et", "ou", "y", "o", "e", "en", "of", "i", "и",
                                            "или", "oraz", "lub", "og", "eller", "och", "ve", "és", "a", "nebo", "ja"]

    /// Words that follow a keeper's name in a list's name ("Spamhaus ZEN", "UCEPROTECT Level 1", "SORBS DNSBL").
    static let listWords: Set<String> = ["zen", "sbl", "xbl", "pbl", "dbl", "css", "drop", "rbl", "dnsbl", "bl", "brbl",
                                         "list", "blacklist", "blocklist", "level", "1", "2", "3", "spam", "csi"]

    /// The inside of the parentheses around a range, within a clause; nil when it is not in parentheses.
    static func parentheses(around r: Range<Int>, in clause: Range<Int>, _ text: UnsafeRawBufferPointer) -> Range<Int>? {
        var a = r.lowerBound
        while a > clause.lowerBound && text[a - 1] != 0x28 { if text[a - 1] == 0x29 { return nil }; a -= 1 }
        var b = r.upperBound
        while b < clause.upperBound && text[b] != 0x29 { if text[b] == 0x28 { return nil }; b += 1 }
        guard a > clause.lowerBound, b < clause.upperBound else { return nil }
        return a..<b
    }

    /// The known zones and operator names (zones.yaml) in a part of the text the last `foldAndScan` read, where each
    /// is first written (a zone as a whole name, also at the end of a query "5.113.0.203.bl.spamcop.net"; a name as
    /// a word, also before '-': "SORBS-DNSBL").
    private func listsNamed(in part: Range<Int>) -> [(at: Range<Int>, info: ZoneInfo)] {
        guard !part.isEmpty else { return [] }
        return lowered.withUnsafeMutableBufferPointer { buf -> [(at: Range<Int>, info: ZoneInfo)] in
            let b = UnsafePointer(buf.baseAddress!) + part.lowerBound
            let n = part.count
            var out: [(at: Range<Int>, info: ZoneInfo)] = []
            for z in library.zones {
                if let j = Classifier.wholeZone(z, in: b, count: n) { out.append((part.lowerBound + j ..< part.lowerBound + j + z.zoneBytes.count, z)) }
            }
            for z in library.operatorNames {
                if let j = Classifier.firstOccurrence(of: z.zoneBytes, in: b, limit: n, { j, end in
                    (j == 0 || !Scan.isAlnum(b[j - 1])) && (end == n || !Scan.isAlnum(b[end]))
                }) { out.append((part.lowerBound + j ..< part.lowerBound + j + z.zoneBytes.count, z)) }
            }
            return out
        }
    }

    /// The first set group among `groups` (a name may be used by several groups).
    private func group(_ groups: [Int], _ m: Match, _ text: UnsafeRawBufferPointer) -> String? {
        for g in groups {
            if let r = m[g], !r.isEmpty { return String(decoding: UnsafeRawBufferPointer(rebasing: text[r]), as: UTF8.self) }
        }
        return nil
    }

    /// `notOperators`: lists whose look-up the text says failed (`failedLists`): a zone of theirs does not name the
    /// operator of a rule that reads the zone from the text.
    private func verdict(_ rule: Rule, _ m: Match, _ text: UnsafeRawBufferPointer, notOperators: Set<String> = []) -> TextVerdict {
        func sym(_ s: String?) -> Int32 { s.map { symbols.id($0) } ?? -1 }
        let fixed = ruleSymbols[rule.order]
        var ip = group(rule.ipGroup, m, text).flatMap(normalizeIP)
        // A domain never holds white space: a pasted "example . net" is example.net. A URL's "www." is
        // the web host, not what a URI list lists ("www . lxr . group" is lxr.group).
        var domain = group(rule.domainGroup, m, text).map { d -> String in
            let t = trimmingDotsAndSpaces(String(d.lowercased().filter { !$0.isWhitespace }))
            return t.hasPrefix("www.") && t.dropFirst(4).contains(".") ? String(t.dropFirst(4)) : t
        }
        var list: String? = rule.list
        var listSym = fixed.list
        let listPart = rule.listTemplate ? group(rule.listGroup, m, text).map(slugify) : nil
        if rule.listTemplate {
            list = Classifier.list(rule, listPart: listPart)
            listSym = sym(list)
        }
        var delist = rule.delist
        var delistSym = fixed.delist
        var opSym = fixed.op
        if let source = operatorSource(rule, list: list, listPart: listPart, text: text, notOperators: notOperators) {
            let z: ZoneInfo
            switch source {
            case .zone(let info), .name(let info): z = info
            case .listName(let name, let info):
                z = ZoneInfo(zone: name, operatorName: name, list: info?.list ?? name, delist: info?.delist)
            case .unknownList(let op):
                z = ZoneInfo(zone: op, operatorName: op, list: list ?? op, delist: nil)
            case .listPage(let op), .providerList(let op):
                z = ZoneInfo(zone: op, operatorName: op, list: op, delist: nil)
            }
            opSym = sym(z.operatorName)
            // A zone the rule captured stays the list when only a name elsewhere says whose it is.
            var keepsCapturedList = false
            if case .name = source { keepsCapturedList = !(list == nil || list == "dnsbl") }
            if !keepsCapturedList { listSym = sym(z.list) }
            if z.delist != nil { delist = z.delist; delistSym = -1 }
        }
        let domainList = rule.category == .blocklist && listSym >= 0 && ListedDomainFinder.isDomainList(symbols[listSym])
        if domain == nil && domainList {
            // `lowered` holds the text case-folded (done by `evaluate`).
            domain = lowered.withUnsafeBytes { domainFinder.find(in: text, folded: UnsafeRawBufferPointer(rebasing: $0[0..<text.count])) }
        }
        // the address a listing names, when the rule captured none; a domain list lists no address
        if ip == nil && rule.category == .blocklist && !domainList {
            ip = lowered.withUnsafeBytes { ListedIPFinder.find(in: text, folded: UnsafeRawBufferPointer(rebasing: $0[0..<text.count])) }
        }
        if delistSym < 0, let d = delist {
            delistSym = sym(d.replacingAll("{ip}", with: ip ?? "").replacingAll("{domain}", with: domain ?? ""))
        }
        // a listing on the receiver's own list ("your IP is on our block list"): its own block, as an
        // `own_block` rule's verdict
        let own = rule.ownBlock || (rule.category == .blocklist && opSym < 0 && listSym == unnamedList && saysOurList(text, after: m))
        return TextVerdict(category: rule.category, rule: Int32(rule.order), ruleName: fixed.id,
                           provider: fixed.provider, op: opSym, list: listSym,
                           ip: sym(ip), domain: sym(domain), delist: delistSym,
                           code: rule.codeGroup.isEmpty ? -1 : sym(group(rule.codeGroup, m, text)), ownBlock: own,
                           domainListing: domainList || (rule.category == .blocklist && domain != nil))
    }

    /// Whether the sentence of the listing (from the match's start to the first ". ", ";" or line break
    /// after it, at most 120 bytes on) calls the list the receiver's own ("… is on our block list").
    private func saysOurList(_ text: UnsafeRawBufferPointer, after m: Match) -> Bool {
        guard let whole = m[0] else { return false }
        var end = min(text.count, whole.upperBound + 120)
        var k = whole.upperBound
        while k < end {
            let c = text[k]
            if c == 0x3B || c == 0x0A || (c == 0x2E && (k + 1 == text.count || text[k + 1] == 0x20)) { end = k; break }
            k += 1
        }
        guard end > whole.lowerBound else { return false }
        let sentence = UnsafeRawBufferPointer(rebasing: text[whole.lowerBound..<end])
        return ((try? Classifier.ourList.firstMatch(in: sentence, scratch: scratch)) ?? nil) != nil
    }

    /// The rule's list with its `{list}` template filled by the captured list name (or dropped).
    static func list(_ rule: Rule, listPart: String?) -> String? {
        guard let l = rule.list, rule.listTemplate else { return rule.list }
        return listPart.map { l.replacingAll("{list}", with: $0) } ?? l.replacingAll("-{list}", with: "").replacingAll("{list}", with: "")
    }

    /// Where a blocklist verdict's operator comes from when the rule does not fix it.
    enum OperatorSource {
        /// A zone of zones.yaml named in the text (a rule without operator, or a generic `dnsbl-` list).
        case zone(ZoneInfo)
        /// The list name the rule captured is a known operator ("IP in Barracuda RBL"); the names
        /// table's entry gives its usual list and delisting page.
        case listName(String, ZoneInfo?)
        /// An operator's name written in the text ("listed in the Mailspike reputation blacklist").
        case name(ZoneInfo)
        /// A list nobody's tables know, named by the text: its name ("blocked by ROTA DNSBL" → `rota`) or
        /// the organisation of its zone ("listed in bl.example-isp.de" → `example-isp`). Only the operator
        /// is set; the list stays the rule's ("dnsbl-rota").
        case unknownList(String)
        /// An unnamed list whose reply links its keeper's site (blacklist.kpnmail.nl): the site's organisation
        /// is the operator and names the list (as a receiver's own block list is named).
        case listPage(String)
        /// A provider of providers.yaml named as the list's keeper ("on Mimecast block list", "Mail.ru
        /// blacklist", "blocked by Zoho"): that provider's own list.
        case providerList(String)
    }

    /// The operator source for `rule`'s verdict on `text` (whose folded copy is in `lowered`):
    /// `list` is the rule's list after its template, `listPart` the captured list name (slug).
    func operatorSource(_ rule: Rule, list: String?, listPart: String?, text: UnsafeRawBufferPointer,
                        notOperators: Set<String> = []) -> OperatorSource? {
        guard rule.category == .blocklist else { return nil }
        // (session 22) the zone the rule captured as the list, when the tables know it: not another zone the text names
        // first or longer ("temporary DNS failure on dnsbl-1.uceprotect.net; … blocked using bl.mailspike.net")
        if rule.operatorName == nil, let name = listPart, name.contains("."),
           let z = library.zones.first(where: { name == $0.zone || name.hasSuffix("." + $0.zone) }) {
            // the list the rule read is one whose look-up failed: no operator (its failure vetoes the verdict)
            return notOperators.contains(z.operatorName) ? nil : .zone(z)
        }
        if rule.operatorName == nil || (list.map { $0.utf8.starts(with: "dnsbl-".utf8) } ?? true),
           let z = zoneInfo(in: text, notOperators: notOperators) {
            return .zone(z)
        }
        guard rule.operatorName == nil else { return nil }
        if let name = listPart, library.knownOperators.contains(name) {
            return .listName(name, library.operatorNames.first { $0.zone == name && $0.operatorName == name })
        }
        // a known operator's name joined to another word: "Barracuda-Central RBL"
        if let name = listPart, !name.contains("."),
           let part = name.split(separator: "-").map(String.init).first(where: { library.knownOperators.contains($0) }) {
            return .listName(part, library.operatorNames.first { $0.zone == part && $0.operatorName == part })
        }
        // A name inside the zone the rule captured ("barracuda.example.org") is not the operator's; inside a
        // captured name ("Barracuda-Central RBL") it is.
        if let n = operatorName(in: text, notOperators: notOperators), !(listPart.map { $0.contains(".") && $0.contains(n.zone) } ?? false) { return .name(n) }
        // a captured list name that is a provider's own domain ("listed in Mail.ru blacklist"), or a zone under a
        // provider's hosts ("blocked using pf-ip4tset.blagr.emailsrvr.com": Rackspace's, eval67)
        if let name = listPart, let p = library.providers.provider(forDomain: name)
            ?? (name.contains(".") ? library.providers.provider(forHost: name) : nil) { return .providerList(p) }
        // a captured host under a list's own domain that `names:` knows ("www.blocklist.de" of a look-up link)
        if let name = listPart, name.contains("."),
           let n = library.operatorNames.first(where: { $0.zone.contains(".") && (name == $0.zone || name.hasSuffix("." + $0.zone)) }) {
            return .name(n)
        }
        if let name = listPart, let op = Classifier.operatorOfUnknownList(name) { return .unknownList(op) }
        return lowered.withUnsafeBytes { b -> OperatorSource? in
            let folded = UnsafeRawBufferPointer(rebasing: b[0..<text.count])
            // Neither of the two below when the text says the list is someone else's ("blacklisted by a public
            // blacklist … see http://www.bta.com/blacklisted for background information").
            if Classifier.namesAThirdPartyList(folded) { return nil }
            // A provider named as the list's keeper ("on Mimecast block list"), unless the rule captured a zone
            // (second review, session 10).
            if !(listPart?.contains(".") ?? false), let p = library.providers.listKeeper(in: folded) { return .providerList(p) }
            // An unnamed list whose reply links its keeper's site ("Your IP is blacklisted, please see
            // http://blacklist.kpnmail.nl/Help/17"): that site's provider as providers.yaml names it (kpn), else
            // its organisation.
            if list == nil || list == "dnsbl", let site = Classifier.listPageHost(in: folded) {
                return .listPage(library.providers.provider(forHost: site.host) ?? slugify(site.organisation))
            }
            return nil
        }
    }

    /// True when the folded text calls the list someone else's: "a public blacklist", "third-party",
    /// "external" lists.
    static func namesAThirdPartyList(_ t: UnsafeRawBufferPointer) -> Bool {
        guard let b = t.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        return thirdPartyWords.contains { w in firstOccurrence(of: w, in: b, limit: t.count) { _, _ in true } != nil }
    }
    static let thirdPartyWords: [[UInt8]] = ["public black", "public block", "public rbl", "public dnsbl", "third-party",
        "third party", "external black", "external block", "external rbl", "external dnsbl"].map { Array($0.utf8) }

    /// Sites that look an address up in many lists, or lists whose own rules know them: a link to them names
    /// no unnamed list's keeper (nor does a zone under them).
    static let lookupSites: Set<String> = [
        "mxtoolbox", "valli", "dnsbl", "multirbl", "whatismyipaddress", "debouncer", "hetrixtools", "dnschecker",
        "blacklistalert", "blacklistmaster", "anti-abuse", "intodns", "mail-tester", "senderscore", "google",
        "bing", "wikipedia", "microsoft", "aka", "github", "stackoverflow", "serverfault", "spamhaus", "rbl",
        "ipvoid", "talosintelligence", "barracudacentral", "spamcop", "sorbs", "abuseat", "uceprotect", "rbls",
        "ipwhois", "whatismyip", "mail-blacklist-check", "dnsbl-check", "rbl-check", "rblcheck", "rblmon"]

    /// Words of a service that checks, looks up or monitors addresses (in a site's name or a link's path).
    static let serviceWords = ["check", "lookup", "monitor", "tool", "test"]

    /// An organisation name that says it checks, looks up, monitors or delists (a service, not a list's keeper).
    static func isLookupService(_ org: String) -> Bool {
        lookupSites.contains(org) || anonymousListWords.contains(org)
            || (serviceWords + ["whois", "delist", "blacklist", "blocklist", "rbl", "dnsbl"]).contains(where: { org.contains($0) })
    }

    /// The words a list's own site has as a label (or a '-' part of one) before its organisation's.
    static let listSiteWords: Set<String> = ["blacklist", "blocklist", "blackhole", "rbl", "dnsbl", "unblock", "delist", "deny"]

    /// A host label that is, or has as a '-' part, one of `listSiteWords` ("blacklist", "rbl-block").
    static func isListSiteLabel(_ label: Substring) -> Bool {
        label.split(separator: "-").contains { listSiteWords.contains(String($0)) }
    }

    /// The host of the first link in the folded text `t` that is a list's own site: a label before its
    /// organisation's, or a '-' part of one, is one of `listSiteWords` ("http://blacklist.kpnmail.nl/Help/17"
    /// → "blacklist.kpnmail.nl", "rbl-block.example-isp.net"), or the link's first path segment starts with
    /// one ("http://tk-open-systems.com/unblockme/…"; not "/blacklist-check"). A deeper path, a host that only says "spam" or
    /// "postmaster", a word inside a longer one ("superblast") are not enough: such pages explain a
    /// receiver's filtering or are someone else's. Nil when that link is a look-up or delisting service
    /// (`isLookupService`), and for an address or a name `organisationName(ofHost:)` does not name.
    /// Returns the host and its organisation.
    static func listPageHost(in t: UnsafeRawBufferPointer) -> (host: String, organisation: String)? {
        let n = t.count
        var i = 0
        while i + 8 < n {
            // "http://" or "https://"
            guard t[i] == 0x68, t[i + 1] == 0x74, t[i + 2] == 0x74, t[i + 3] == 0x70,
                  (i == 0 || !Scan.isAlnum(t[i - 1])) else { i += 1; continue }
            var j = i + 4
            if j < n && t[j] == 0x73 { j += 1 }
            guard j + 3 <= n, t[j] == 0x3A, t[j + 1] == 0x2F, t[j + 2] == 0x2F else { i += 1; continue }
            j += 3
            let hostStart = j
            while j < n && (Scan.isAlnum(t[j]) || t[j] == 0x2D || t[j] == 0x2E) { j += 1 }
            var hostEnd = j
            while hostEnd > hostStart && t[hostEnd - 1] == 0x2E { hostEnd -= 1 }
            i = max(j, i + 1)
            guard hostEnd > hostStart else { continue }
            let host = String(decoding: UnsafeRawBufferPointer(rebasing: t[hostStart..<hostEnd]), as: UTF8.self)
            guard let org = organisationName(ofHost: host) else { continue }
            // the labels before the organisation's
            let labels = host.split(separator: ".")
            guard let at = labels.lastIndex(where: { $0 == org }) else { continue }
            let listSite = labels[..<at].contains(where: isListSiteLabel)
            // or the link's first path segment starts with such a word ("http://tk-open-systems.com/unblockme/"),
            // unless it says it checks, looks up or explains ("/blacklist-check", "/rbl-faq")
            var pathSite = false
            if !listSite, j < n, t[j] == 0x2F {
                var k = j + 1
                while k < n, t[k] != 0x2F, t[k] != 0x3F, t[k] != 0x23, t[k] > 0x20 { k += 1 }
                let segment = String(decoding: UnsafeRawBufferPointer(rebasing: t[(j + 1)..<k]), as: UTF8.self)
                pathSite = listSiteWords.contains { segment.hasPrefix($0) }
                    && !(serviceWords + ["explain", "faq", "info", "wiki", "help", "why"]).contains { segment.contains($0) }
            }
            guard listSite || pathSite else { continue }
            return isLookupService(org) ? nil : (host, org)
        }
        // a bare host name whose first label is a list site's word, written without its scheme: "Your IP
        // is blacklisted. Click delist.emailfiltering.com to delist" (eval60)
        i = 0
        while i + 8 < n {
            guard i == 0 || t[i - 1] == 0x20 || t[i - 1] == 0x28 || t[i - 1] == 0x3C || t[i - 1] == 0x22 || t[i - 1] == 0x27 else { i += 1; continue }
            var j = i
            while j < n && (Scan.isAlnum(t[j]) || t[j] == 0x2D || t[j] == 0x2E) { j += 1 }
            var end = j
            while end > i && t[end - 1] == 0x2E { end -= 1 }
            defer { i = max(j, i + 1) }
            guard end > i, j == n || t[j] != 0x40 else { continue }   // not a mail address's local part
            let host = String(decoding: UnsafeRawBufferPointer(rebasing: t[i..<end]), as: UTF8.self)
            let labels = host.split(separator: ".")
            guard labels.count >= 3, let first = labels.first,
                  isListSiteLabel(first),
                  let org = organisationName(ofHost: host), labels.firstIndex(where: { $0 == org }).map({ $0 > 0 }) ?? false else { continue }
            return isLookupService(org) ? nil : (host, org)
        }
        return nil
    }

    /// Words a rule may capture as a list's name that name no one ("our DNSBL", "the local RBL").
    static let anonymousListWords: Set<String> = [
        "a", "an", "the", "our", "this", "that", "any", "no", "my", "your", "their", "its", "local", "some",
        "internal", "private", "public", "global", "own", "custom", "default", "main", "primary", "realtime",
        "real-time", "dns", "dnsbl", "rbl", "rbls", "dnsbls", "spam", "black", "block", "blacklist", "blocklist",
        "ip", "sender", "senders", "url", "uri", "domain", "customer", "known", "configured", "used", "other",
        "external", "several", "multiple", "one", "two", "many", "which", "following", "above", "same", "user",
        "client", "host", "server", "mail", "email", "e-mail", "smtp", "reputation", "abuse", "threat", "list", "services", "service",
        "lists", "filter", "antispam", "anti-spam", "site", "sites", "zone", "zones", "provider", "providers",
        "www", "inbound", "outbound", "incoming", "outgoing", "company", "corporate", "enterprise", "gateway",
        "firewall", "ipv4", "ipv6", "isp", "bad", "suspicious", "hostile", "malicious", "spamtrap", "trap",
        "postfix", "postscreen", "sendmail", "exim", "qmail", "mailscanner", "spamassassin", "amavis", "rspamd",
        "cpanel", "plesk", "fail2ban", "network", "net", "security", "protection", "dynamic", "static", "new",
        "old", "test", "temporary", "permanent", "manual", "automatic", "auto"]

    /// The operator of a list no table knows, from the name a rule captured: a single word that names
    /// someone (not "local", "our", "dnsbl"), or the organisation of a zone's host name
    /// (`organisationName(ofHost:)`); nil otherwise.
    static func operatorOfUnknownList(_ name: String) -> String? {
        if name.utf8.contains(0x2E) {
            // a test zone ("dnsbltest.porcupine.org", Postfix's) is no one's list
            guard !name.split(separator: ".").contains(where: { $0 == "test" || $0.hasPrefix("dnsbltest") || $0.hasPrefix("rbltest") || $0.hasSuffix("-test") }),
                  let org = organisationName(ofHost: name) else { return nil }
            // a keeper that named the zone's domain after the list ("bl.cloud86-dnsbl.io", eval66): the other
            // part of the name ("cloud86"); never a look-up service's ("dnsbl-check", "mail-blacklist-check")
            let parts = org.split(separator: "-").map(String.init)
            let keeper = parts.filter { !listSiteWords.contains($0) }.joined(separator: "-")
            if parts.count > 1, !keeper.isEmpty, keeper != org {
                // a documentation name ("example-rbl") or a word that names no one is none
                guard keeper != "example", !anonymousListWords.contains(keeper), !isLookupService(keeper) else { return nil }
                return slugify(keeper)
            }
            guard !isLookupService(org) else { return nil }
            return slugify(org)
        }
        guard name.utf8.count >= 2, name.utf8.count <= 30, !anonymousListWords.contains(name),
              !name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              !name.split(separator: "-").contains(where: { anonymousListWords.contains(String($0)) })
        else { return nil }
        return name
    }

    /// The first known DNSBL zone named in the text (longest zone names are tried first).
    /// A byte that continues a DNS label (letter, digit, '-', '_').
    static func isZoneByte(_ c: UInt8) -> Bool { Scan.isAlnum(c) || c == 0x2D || c == 0x5F }

    /// True when a zone name ending at k is not continued by more of a name (a sentence's
    /// full stop after it is fine).
    static func zoneEnds(_ b: UnsafePointer<UInt8>, at k: Int, _ n: Int) -> Bool {
        if k == n { return true }
        if b[k] == 0x2E { return k + 1 == n || !isZoneByte(b[k + 1]) }
        return !isZoneByte(b[k])
    }

    /// Where a zone is first written as a whole name in b[0..<n] (case-folded): not the tail of a longer label ("orbs.org"
    /// in "sorbs.org") nor the head of a longer name; after a query's dot it is ("5.113.0.203.bl.spamcop.net").
    static func wholeZone(_ z: ZoneInfo, in b: UnsafePointer<UInt8>, count n: Int) -> Int? {
        firstOccurrence(of: z.zoneBytes, in: b, limit: n) { j, end in (j == 0 || !isZoneByte(b[j - 1])) && zoneEnds(b, at: end, n) }
    }

    private func zoneInfo(in text: UnsafeRawBufferPointer, notOperators: Set<String> = []) -> ZoneInfo? {
        guard !library.zones.isEmpty, text.count > 0 else { return nil }
        // `lowered` holds the text case-folded (done by `evaluate`).
        return lowered.withUnsafeMutableBufferPointer { buf -> ZoneInfo? in
            let b = UnsafePointer(buf.baseAddress!)
            return library.zones.first { z in !notOperators.contains(z.operatorName) && Classifier.wholeZone(z, in: b, count: text.count) != nil }
        }
    }

    /// The operator name (`names:` of zones.yaml) written first in the text, as a whole word
    /// ("mailspike" in "Mailspike's", "spamhaus" in "www.spamhaus.org"; never inside "spamhausxyz").
    private func operatorName(in text: UnsafeRawBufferPointer, notOperators: Set<String> = []) -> ZoneInfo? {
        guard !library.operatorNames.isEmpty, text.count > 0 else { return nil }
        // `lowered` holds the text case-folded (done by `evaluate`).
        return lowered.withUnsafeMutableBufferPointer { buf -> ZoneInfo? in
            let b = UnsafePointer(buf.baseAddress!)
            let n = text.count
            var best: (at: Int, info: ZoneInfo)? = nil
            for z in library.operatorNames where !notOperators.contains(z.operatorName) {
                // only an occurrence that starts before the best one so far can win
                let limit = min(n, best.map { $0.at - 1 + z.zoneBytes.count } ?? n)
                // a whole word, not a label joined by '-' to a longer host name ("sophos-gw1")
                if let j = Classifier.firstOccurrence(of: z.zoneBytes, in: b, limit: limit, { j, end in
                    (j == 0 || !(Scan.isAlnum(b[j - 1]) || b[j - 1] == 0x2D))
                        && (end == n || !(Scan.isAlnum(b[end]) || b[end] == 0x2D))
                }) {
                    best = (j, z)
                }
            }
            return best?.info
        }
    }

    /// The first position where `needle` occurs wholly inside b[0..<limit] and `accept(start, end)`
    /// agrees (the caller's word-boundary test).
    static func firstOccurrence(of needle: [UInt8], in b: UnsafePointer<UInt8>, limit: Int,
                                _ accept: (Int, Int) -> Bool) -> Int? {
        needle.withUnsafeBufferPointer { zb in
            guard let first = zb.first, zb.count <= limit else { return nil }
            var i = 0
            while i + zb.count <= limit {
                guard let hit = memchr(b + i, Int32(first), limit - zb.count + 1 - i) else { return nil }
                let j = UnsafeRawPointer(hit) - UnsafeRawPointer(b)
                if memcmp(b + j, zb.baseAddress!, zb.count) == 0 && accept(j, j + zb.count) { return j }
                i = j + 1
            }
            return nil
        }
    }

    private func applyDSN(_ v: inout TextVerdict, text: UnsafeBufferPointer<UInt8>, lineDSN: UnsafeBufferPointer<UInt8>?) {
        var code = findEnhancedCode(text)
        if code == nil, let d = lineDSN { code = findEnhancedCode(d) }
        guard let (cls, subject, detail) = code else { return }
        guard let cat = categoryForDSN(cls, subject, detail) else { return }
        v.category = cat
        v.ruleName = symbols.id("dsn:\(cls).\(subject).\(detail)")
    }

    /// The operator of a blocklist verdict once the refusing provider is known from the relay
    /// (or the MX the text names; never from the recipient's domain): a verdict of an `own_block`
    /// rule ("your IP address has been blocked") that names no list and no operator is the
    /// refusing provider's own block list, when the provider is a known one. A rule that cites an
    /// unnamed DNSBL, or a provider's own rule that names no list (NetEase's "DT:RBL"), means a
    /// third party's list: no operator.
    ///
    /// When the refusing receiver is no provider providers.yaml knows, its own block list is named by
    /// the organisation of the relay host (`organisationName(ofHost:)`: "mx.aruba.it" → "aruba").
    func operatorFor(_ v: TextVerdict, provider: Int32, relayHost: String? = nil) -> Int32 {
        guard isOwnBlock(v) else { return v.op }
        if provider != otherProvider { return provider }
        return relayHost.flatMap(organisationName(ofHost:)).map { symbols.id($0) } ?? v.op
    }

    /// The list of a verdict whose operator is `op`: a receiver's own block named by the provider or its
    /// organisation is that one's own list (not the unnamed "dnsbl" that other receivers' own blocks share).
    func listFor(_ v: TextVerdict, operator op: Int32) -> Int32 {
        op >= 0 && op != v.op && isOwnBlock(v) ? op : v.list
    }

    /// `operatorFor` and `listFor` of a delivery whose relay named the refusing `receiver` (`report`, and the stitch of
    /// a split run, which has the verdict's own-block flag rather than the verdict): a receiver's own block is that
    /// receiver's own list; any other verdict keeps its operator and list.
    func ownedBy(_ receiver: Int32, ownBlock: Bool, op: Int32, list: Int32) -> (op: Int32, list: Int32) {
        ownBlock && receiver >= 0 && receiver != otherProvider ? (receiver, receiver) : (op, list)
    }

    /// A verdict of an `own_block` rule, or a listing on "our block list", that names no list, no
    /// operator and no provider of its own: the refusing receiver's own block of the sending IP.
    func isOwnBlock(_ v: TextVerdict) -> Bool {
        v.op < 0 && v.provider < 0 && v.category == .blocklist && v.list == unnamedList && v.rule >= 0 && v.ownBlock
    }

    // MARK: - Public, string-level API (classify / explain / tests)

    func resolve(_ v: TextVerdict, relayHost: String?, recipientDomain: String?, signedBy: String? = nil) -> Verdict {
        func s(_ i: Int32) -> String? { i >= 0 ? symbols[i] : nil }
        let provider = v.provider >= 0 ? v.provider
            : signedBy.map { symbols.id($0) } ?? self.provider(relayHost: relayHost ?? "", recipientDomain: recipientDomain)
        let op = operatorFor(v, provider: provider, relayHost: relayHost)
        return Verdict(category: v.category, provider: symbols[provider],
                       operatorName: s(op), list: s(listFor(v, operator: op)),
                       listedIP: s(v.ip), listedDomain: s(v.domain), rule: s(v.ruleName), delist: s(v.delist),
                       code: s(v.code))
    }

    /// The category of a text, without resolving names (the per-line path, for benchmarks).
    public func category(of text: UnsafeBufferPointer<UInt8>) -> Category {
        classify(text, dsn: nil).category
    }

    /// A text's verdict; without `relay`, the MX that the text's MTA wrapper names
    /// (`host mx.example.net[192.0.2.1] said: ...`) decides the provider.
    public func classify(text: String, relay: String? = nil) -> Verdict {
        var t = text
        return t.withUTF8 { resolve(classify($0, dsn: nil), relay: relay, wrapperOf: $0) }
    }

    /// Resolves a verdict of the string API: the relay given, else the MX the text's wrapper names.
    private func resolve(_ v: TextVerdict, relay: String?, wrapperOf full: UnsafeBufferPointer<UInt8>) -> Verdict {
        if let relay { return resolve(v, relayHost: relay, recipientDomain: nil) }
        let named = receiverNamed(full)
        if let host = named.wrapper ?? named.banner ?? postmasterSite(full) { return resolve(v, relayHost: host, recipientDomain: nil) }
        // no MX named: a token the provider's servers write in their replies ("… - gsmtp")
        return resolve(v, relayHost: nil, recipientDomain: nil, signedBy: library.providers.provider(signedIn: full))
    }

    /// Without a wrapper or a server name, a known provider's postmaster site the reply links ("… visit
    /// http://postmaster.free.fr/", eval69) names the receiver: that site's host, when providers.yaml knows it.
    func postmasterSite(_ t: UnsafeBufferPointer<UInt8>) -> String? {
        let needle = Array("postmaster.".utf8)
        var i = 0
        while i + needle.count < t.count {
            defer { i += 1 }
            guard asciiLowerTable[Int(t[i])] == 0x70, (0..<needle.count).allSatisfy({ asciiLowerTable[Int(t[i + $0])] == needle[$0] }),
                  i == 0 || !(Scan.isAlnum(t[i - 1]) || t[i - 1] == 0x2D || t[i - 1] == 0x2E || t[i - 1] == 0x40) else { continue }
            guard let r = hostName(t.p, from: i, to: t.count), r.count > needle.count else { continue }
            let host = String(decoding: UnsafeBufferPointer(rebasing: t[r]), as: UTF8.self).lowercased()
            if library.providers.provider(forHost: host) != nil { return host }
        }
        return nil
    }

    /// What `rule` alone would say of a text (nil when the prefilter finds none of its literals, its
    /// regex does not match or a guard vetoes it), resolved like `classify(text:relay:)`; not cached.
    /// `patterns test` uses it to prove that a rule still says the right thing of an example that
    /// another rule wins first.
    public func verdict(of rule: Rule, text: String, relay: String? = nil) -> Verdict? {
        var t = text
        return t.withUTF8 { full -> Verdict? in
            let v = withReply(full) { reply -> TextVerdict? in
                let raw = UnsafeRawBufferPointer(reply)
                foldAndScan(raw)
                // tried at all only when the prefilter found one of its literals
                guard bits[rule.order / 64] & (1 << UInt64(rule.order % 64)) != 0,
                      case .applies(_, let v, _) = judge(rule, raw) else { return nil }
                return v
            }
            return v.map { resolve($0, relay: relay, wrapperOf: full) }
        }
    }

    /// What each of `rules` says of `text` on its own, as `verdict(of:text:relay:)` does, the text read and scanned
    /// once (`patterns lint` asks every rule about every example).
    public func verdicts(of rules: [Rule], text: String, relay: String? = nil) -> [Verdict?] {
        var t = text
        return t.withUTF8 { full -> [Verdict?] in
            let vs = withReply(full) { reply -> [TextVerdict?] in
                let raw = UnsafeRawBufferPointer(reply)
                foldAndScan(raw)
                return rules.map { rule -> TextVerdict? in
                    guard bits[rule.order / 64] & (1 << UInt64(rule.order % 64)) != 0,
                          case .applies(_, let v, _) = judge(rule, raw) else { return nil }
                    return v
                }
            }
            return vs.map { $0.map { resolve($0, relay: relay, wrapperOf: full) } }
        }
    }

    /// What one rule's regex cost over a set of texts (`patterns profile`).
    public struct RuleCost {
        public let rule: Rule
        /// Texts whose literals put the rule among the candidates (its regex ran on each).
        public var runs = 0
        public var matches = 0
        public var nanos: UInt64 = 0
    }

    /// A text as the rules read it (`withReply`) and the rules its literals made candidates (the prefilter's
    /// bits): what `profile` hands `profileBranches`.
    public struct ReadText {
        let reply: [UInt8]
        let candidates: [UInt64]
    }

    /// What one `unless` guard cost over a set of texts (`patterns profile`): tried after each match of a rule
    /// that cites it, as `classify` tries it (its gated alternatives only when the prefilter found one of their
    /// literals) and whole (`fullNanos`); `vetoes`: the matches of a rule it vetoed as `classify` judges them (the
    /// first guard of a rule that vetoes; a scoped guard's look-up failure of another list is no veto).
    public struct GuardCost {
        public let name: String
        public var runs = 0
        public var vetoes = 0
        public var nanos: UInt64 = 0
        public var fullNanos: UInt64 = 0
    }

    /// Each rule's regex run on every text (as the rules read it: `withReply`) that its literals pass, timed;
    /// unlike `classify`, every candidate runs (not only up to the first match), so each rule's own cost shows.
    /// After a match, the rule's guards are timed too. Also returns the texts as read, with their candidates, for
    /// `profileBranches`.
    public func profile(_ texts: [String]) -> (costs: [RuleCost], guards: [GuardCost], read: [ReadText]) {
        var costs = library.rules.map { RuleCost(rule: $0) }
        var guardCosts: [GuardCost] = []
        var guardIndex: [String: Int] = [:]
        var read: [ReadText] = []
        read.reserveCapacity(texts.count)
        for text in texts {
            var t = text
            let reply = t.withUTF8 { full in withReply(full) { Array($0) } }
            reply.withUnsafeBytes { raw in
                foldAndScan(raw)
                read.append(ReadText(reply: reply, candidates: bits))
                forEachCandidate { i in
                    let t0 = monotonicNanos()
                    let m = try? library.rules[i].regex.firstMatch(in: raw, scratch: scratch)
                    costs[i].nanos += monotonicNanos() - t0
                    costs[i].runs += 1
                    guard m != nil else { return false }
                    costs[i].matches += 1
                    let rule = library.rules[i]
                    var indices: [Int] = []
                    for (k, plan) in rule.unlessPlans.enumerated() {
                        let name = rule.unlessNames[k].hasPrefix("@") ? rule.unlessNames[k] : "\(rule.id) (unless \(k + 1))"
                        let g = guardIndex[name] ?? { guardIndex[name] = guardCosts.count; guardCosts.append(GuardCost(name: name)); return guardCosts.count - 1 }()
                        indices.append(g)
                        let t1 = monotonicNanos()
                        _ = try? plan.matches(raw, scratch: scratch, firstBit: library.gateBits[i][k], candidates: bits)
                        let t2 = monotonicNanos()
                        _ = try? rule.unless[k].firstMatch(in: raw, scratch: scratch)
                        guardCosts[g].fullNanos += monotonicNanos() - t2
                        guardCosts[g].nanos += t2 - t1
                        guardCosts[g].runs += 1
                    }
                    // the veto as classify judges it: the first guard that vetoes, a look-up failure of another
                    // operator's list set aside (scoped guards)
                    if !indices.isEmpty, case .vetoed(let k) = judge(rule, raw) { guardCosts[indices[k]].vetoes += 1 }
                    return false
                }
            }
        }
        return (costs, guardCosts, read)
    }

    /// The cost of each top-level branch of `rule`'s regex (`RegexBranches`), compiled on its own, over the
    /// texts (as read) its literals pass; nil when the regex is not a group of alternatives.
    public func profileBranches(_ rule: Rule, read: [ReadText]) -> [(index: Int, note: String, nanos: UInt64, matches: Int)]? {
        guard let (written, regexes) = branchRegexes(rule) else { return nil }
        var nanos = [UInt64](repeating: 0, count: regexes.count), matches = [Int](repeating: 0, count: regexes.count)
        for text in read where text.candidates[rule.order >> 6] & (1 << UInt64(rule.order & 63)) != 0 {
            text.reply.withUnsafeBytes { raw in
                for (k, re) in regexes.enumerated() {
                    guard let re else { continue }
                    let t0 = monotonicNanos()
                    let m = try? re.firstMatch(in: raw, scratch: scratch)
                    nanos[k] += monotonicNanos() - t0
                    if m != nil { matches[k] += 1 }
                }
            }
        }
        return written.branches.indices.map { ($0, written.branches[$0].note, nanos[$0], matches[$0]) }
    }

    /// Everything `explain` shows.
    public struct Explanation {
        public var verdict: Verdict
        public var literalsFound: [(rule: String, literals: [String])]
        public var tried: [(rule: String, matched: Bool)]
        public var captures: [(name: String, value: String)]
        public var winner: Rule?
        public var otherMatches: [String]
        public var dsn: String?
        /// Rules whose regex matched but an `unless` guard vetoed them: rule id → the guard.
        public var vetoed: [String: String] = [:]
        /// For each vetoed rule, the part of what the rules read that its guard matched.
        public var vetoedBy: [String: String] = [:]
        /// Where the operator came from when the winning rule does not name one.
        public var operatorReason: String? = nil
        /// The MX the text's MTA wrapper names (the provider's source when no relay is given).
        public var wrapperHost: String? = nil
        /// Without a wrapper, the server name the reply writes after its code (`bannerHost`).
        public var bannerHost: String? = nil
        /// What the rules read when it is not the text as given: the reply without its MTA wrapper,
        /// continuation codes, masks, web-page characters (`withReply`).
        public var readAs: String? = nil
        /// The part of what the rules read that the winning regex matched.
        public var matched: String? = nil
        /// The winning regex's branch that matched (its index, how many it has, as written, its note),
        /// when the regex is a group of alternatives (`RegexBranches`).
        public var branch: (index: Int, count: Int, body: String, note: String)? = nil
    }

    /// `rule`'s regex split into its top-level branches (`RegexBranches`): as written (bodies and notes) and
    /// each compiled on its own from the regex as compiled (fragments and zones expanded; nil where a branch
    /// does not compile alone); nil when the regex is not a group of alternatives.
    func branchRegexes(_ rule: Rule) -> (written: RegexBranches, regexes: [Regex?])? {
        guard let compiled = RegexBranches(rule.expandedPattern), let written = RegexBranches(rule.pattern),
              compiled.branches.count == written.branches.count, compiled.branches.count > 1 else { return nil }
        return (written, compiled.branches.map {
            try? Regex(compiled.prefix + "(?:" + $0.body + ")" + compiled.suffix, options: rule.regexOptions)
        })
    }

    /// The branch of `rule`'s regex that matches `text` where the whole regex matched (`start`): each
    /// top-level alternative compiled on its own (as written for the note, as compiled to match).
    func matchingBranch(_ rule: Rule, _ text: UnsafeRawBufferPointer, start: Int) -> (index: Int, count: Int, body: String, note: String)? {
        guard let (written, regexes) = branchRegexes(rule) else { return nil }
        var firstMatching: Int? = nil
        for (k, re) in regexes.enumerated() {
            guard let re, let m = try? re.firstMatch(in: text, scratch: scratch), let r = m[0] else { continue }
            if r.lowerBound == start { firstMatching = k; break }
            if firstMatching == nil { firstMatching = k }
        }
        return firstMatching.map { (k: Int) in (k, written.branches.count, written.branches[k].body, written.branches[k].note) }
    }

    public func explain(text: String, relay: String? = nil) -> Explanation {
        var t = text
        return t.withUTF8 { full -> Explanation in
            // The rules see what `classify` gives them: the reply without the MTA's wrapper (a copy:
            // `classify` below uses the same scratch for a qmail reply).
            let reply = withReply(full) { Array($0) }
            return reply.withUnsafeBufferPointer { buf -> Explanation in
            let raw = UnsafeRawBufferPointer(buf)
            foldAndScan(raw)
            var found: [(String, [String])] = []
            var tried: [(String, Bool)] = []
            var winner: Rule? = nil
            var winMatch: Match? = nil
            var others: [String] = []
            var vetoed: [String: String] = [:]
            var vetoedBy: [String: String] = [:]
            var winFailed: Set<String> = []
            for rule in library.rules where bits[rule.order >> 6] & (1 << UInt64(rule.order & 63)) != 0 {
                let hit = rule.literals.filter { Scan.findCaseless(Array($0.utf8), in: raw) }
                found.append((rule.id, hit))
                var m: Match? = nil
                var ruleFailed: Set<String> = []
                switch judge(rule, raw) {
                case .noMatch: break
                case .applies(let match, _, let failed): m = match; ruleFailed = failed
                case .vetoed(let g):
                    vetoed[rule.id] = rule.unlessNames[g]
                    if let gm = try? rule.unless[g].firstMatch(in: raw, scratch: scratch), let r = gm[0] {
                        vetoedBy[rule.id] = String(decoding: UnsafeRawBufferPointer(rebasing: raw[r]), as: UTF8.self)
                    }
                }
                if winner == nil {
                    tried.append((rule.id, m != nil))
                    if let m { winner = rule; winMatch = m; winFailed = ruleFailed }
                } else if m != nil {
                    others.append(rule.id)
                }
            }
            var caps: [(String, String)] = []
            if let winner, let winMatch {
                for (g, name) in winner.regex.groupNames.enumerated() {
                    guard let name, let r = winMatch[g] else { continue }
                    caps.append((name, String(decoding: UnsafeRawBufferPointer(rebasing: raw[r]), as: UTF8.self)))
                }
            }
            let v = classify(text: text, relay: relay)
            // (classify may have read a bounce message's replies one by one: what follows reads this text folded)
            foldAndScan(raw)
            let named = receiverNamed(full)
            let dsn = findEnhancedCode(buf).map { "\($0.0).\($0.1).\($0.2)" }
            var reason: String? = nil
            if let winner, let winMatch {
                // The same resolution `classify` made (its verdict may come from the cache);
                // `lowered` still holds this text folded (classify folds the same reply).
                let listPart = winner.listTemplate ? group(winner.listGroup, winMatch, raw).map(slugify) : nil
                let list = Classifier.list(winner, listPart: listPart)
                switch operatorSource(winner, list: list, listPart: listPart, text: raw, notOperators: winFailed) {
                case .zone(let z): reason = "the text names the zone \(z.zone) (zones.yaml)"
                case .listName(let name, _):
                    reason = "the list name the rule captured, \"\(caps.first { $0.0 == "list" }?.1 ?? name)\", is a known operator"
                case .name(let n): reason = "the text names the operator (\"\(n.zone)\", names: of zones.yaml)"
                case .listPage(let op):
                    reason = "the text names no list but links a list's own site: its organisation (\(op)) keeps the list"
                case .providerList(let op):
                    reason = "the text names the provider whose list it is (\(op), providers.yaml)"
                case .unknownList(let op):
                    reason = "the list the rule captured, \"\(caps.first { $0.0 == "list" }?.1 ?? op)\", is no list the tables know: its operator is named after it (\(op))"
                case nil:
                    if winner.operatorName == nil, let o = v.operatorName, o == v.provider || v.provider == "other" {
                        // a receiver providers.yaml knows, or one named by the organisation of its MX
                        let mx = relay ?? named.wrapper ?? named.banner
                        if let mx, library.providers.provider(forHost: mx) == nil, organisationName(ofHost: mx) == o {
                            reason = "the text names no list: taken as the refusing receiver's own block list (\(o), the organisation of its MX \(mx))"
                        } else {
                            reason = "the text names no list: taken as the refusing provider's own block list (provider \(o))"
                        }
                    }
                }
            }
            if !winFailed.isEmpty {
                let note = "the look-up of \(winFailed.sorted().joined(separator: ", ")) failed (@dnsbl-error): another list's failure, set aside"
                reason = reason.map { $0 + "; " + note } ?? note
            }
            // a question guard that matched and did not veto: its question asks apart from the reply the text quotes
            if let winner, let k = winner.unless.indices.first(where: { library.questionScoped[winner.order][$0]
                && ((try? winner.unless[$0].firstMatch(in: raw, scratch: scratch)) ?? nil) != nil }) {
                let note = "the text asks a question (\(winner.unlessNames[k])) apart from the reply it quotes: set aside"
                reason = reason.map { $0 + "; " + note } ?? note
            }
            var e = Explanation(verdict: v, literalsFound: found, tried: tried, captures: caps, winner: winner,
                                otherMatches: others, dsn: dsn, vetoed: vetoed, operatorReason: reason,
                                wrapperHost: named.wrapper, bannerHost: named.banner,
                                readAs: buf.elementsEqual(full) ? nil : String(decoding: raw, as: UTF8.self))
            e.vetoedBy = vetoedBy
            if let winner, let winMatch, let r = winMatch[0] {
                e.matched = String(decoding: UnsafeRawBufferPointer(rebasing: raw[r]), as: UTF8.self)
                e.branch = matchingBranch(winner, raw, start: r.lowerBound)
            }
            return e
            }
        }
    }
}


/// What qmail-send writes before the remote reply in its delivery log (every space as '_').
let qmailReplyMarker: StaticString = "Remote_host_said:_"
/// The marker as qmail writes it and folded to lower or upper case (a log shipper may fold a line).
let qmailReplyMarkers: [StaticString] = [qmailReplyMarker, "remote_host_said:_", "REMOTE_HOST_SAID:_"]

/// The reply code of a multi-line SMTP reply joined onto one line: a 4xx/5xx code written with
/// '-' (a continuation line, "550-5.7.1 ...") at a word's start, that comes back later at a word's
/// start ("... 550-5.7.1 ..." or the last line's "550 ..."). Nil when the text has none (a phone
/// number's "555-0100" appears once).
func foldedReplyCode(_ r: UnsafeBufferPointer<UInt8>) -> (UInt8, UInt8, UInt8)? {
    let n = r.count
    guard n >= 10, memchr(r.p, 0x2D, n) != nil else { return nil }
    // one pass: per code 400-599 (k = 0..<200), how often it starts a word before '-' or ' ' (t[k]),
    // where it first does so before '-' (t[200 + k], position + 1, 0: never), and whether an enhanced
    // code of its class follows it (t[400 + k]); the fold's code is one written with '-' that comes
    // back. One stack buffer per distinct reply, no arrays.
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 600) { t -> (UInt8, UInt8, UInt8)? in
        t.initialize(repeating: 0)
        var i = 0
        while i + 3 < n {
            let c = r[i]
            if Scan.isRefusalCode(r.p, at: i, end: n), i == 0 || foldTokenStart(r[i - 1]) {
                let k = Int(c - 0x34) * 100 + Int(r[i + 1] - 0x30) * 10 + Int(r[i + 2] - 0x30)
                if t[k] < Int32.max { t[k] += 1 }
                if r[i + 3] == 0x2D && t[200 + k] == 0 { t[200 + k] = Int32(i) + 1 }
                if enhancedCodeEnd(r, at: i + 4, cls: c) > i + 4 { t[400 + k] = 1 }
                i += 4
                continue
            }
            i += 1
        }
        // a code followed by an enhanced code of its class ("550-5.7.1") wins over a ticket number's
        // ("Ticket 421-77 421-78: 550-5.7.1 …"); then the earliest
        var best: (enhanced: Bool, at: Int32, k: Int)? = nil
        for k in 0..<200 where t[200 + k] > 0 && t[k] >= 2 {
            let enhanced = t[400 + k] != 0
            if let b = best, b.enhanced && !enhanced || (b.enhanced == enhanced && b.at <= t[200 + k]) { continue }
            best = (enhanced, t[200 + k], k)
        }
        guard let b = best else { return nil }
        return (UInt8(0x34 + b.k / 100), UInt8(0x30 + (b.k / 10) % 10), UInt8(0x30 + b.k % 10))
    }
}

/// Where the first fully masked IPv4 address of `r` (from `from` on) starts: four dot-separated
/// groups of one to three mask characters ('x', 'X', '*', '#') standing alone ("x.x.x.x",
/// "[xxx.xxx.xxx.xxx]"; not "23.83.x.y", not a host name's "x.x.x.x.example").
func firstMaskedIPv4(_ r: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
    let n = r.count
    var i = from
    while i + 7 <= n {
        let c = r[i]
        if isMaskByte(c) && maskedIPv4Length(r, at: i) > 0 { return i }
        i += 1
    }
    return nil
}

/// Whether some occurrence of `byte` in `r` starts what `starts` recognises there.
func anyOccurrence(of byte: UInt8, in r: UnsafeBufferPointer<UInt8>, starts: (Int) -> Bool) -> Bool {
    var from = 0
    while from < r.count, let i = Scan.index(of: byte, r.p, from: from, to: r.count) {
        if starts(i) { return true }
        from = i + 1
    }
    return false
}

/// Whether `r` holds a mask inside brackets (`nestedMask`).
func hasNestedMask(_ r: UnsafeBufferPointer<UInt8>) -> Bool {
    anyOccurrence(of: 0x5B, in: r) { nestedMask(r, at: $0) != nil }
}

/// A word mask of an address put inside a reply's brackets at `i`: "[[IP]]", "[[ip address]]", "[<my ip
/// address>]", "[(IP-Adresse)]" — an opening bracket, a second opening bracket or '<' or '(', up to 40
/// letters, blanks, '-' or '_' that name an address ("ip" or "addr" in them), its closing mark and the closing
/// bracket. Returns the range of the mask's words ("IP", "my ip address"); its closing mark and the outer ']'
/// follow.
func nestedMask(_ r: UnsafeBufferPointer<UInt8>, at i: Int) -> Range<Int>? {
    let n = r.count
    guard i + 5 < n, r[i] == 0x5B else { return nil }
    let open = r[i + 1]
    let close: UInt8
    switch open {
    case 0x5B: close = 0x5D
    case 0x3C: close = 0x3E
    case 0x28: close = 0x29
    default: return nil
    }
    var j = i + 2
    while j < n && j - i <= 42 && r[j] != close {
        let c = r[j] | 0x20
        guard (c >= 0x61 && c <= 0x7A) || r[j] == 0x20 || r[j] == 0x2D || r[j] == 0x5F else { return nil }
        j += 1
    }
    guard j + 1 < n, j > i + 2, r[j] == close, r[j + 1] == 0x5D else { return nil }
    // it names an address: "ip" or "adr"/"addr" among its letters
    var named = false
    for k in (i + 2)..<(j - 1) {
        let a = r[k] | 0x20, b = r[k + 1] | 0x20
        if (a == 0x69 && b == 0x70) || (a == 0x61 && b == 0x64 && k + 2 < j && ((r[k + 2] | 0x20) == 0x72 || (r[k + 2] | 0x20) == 0x64)) { named = true; break }
    }
    guard named else { return nil }
    return (i + 2)..<j
}

/// A byte that stands for a digit in a masked address: 'x', 'X', '*', '#'.
@inline(__always) func isMaskByte(_ c: UInt8) -> Bool { c == 0x78 || c == 0x58 || c == 0x2A || c == 0x23 }

/// The length of a fully masked IPv4 address starting at `i` (see `firstMaskedIPv4`), or 0.
func maskedIPv4Length(_ r: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
    let n = r.count
    @inline(__always) func isWordByte(_ c: UInt8) -> Bool { Scan.isAlnum(c) || c == 0x2D || c == 0x5F || c == 0x2E }
    if i > 0 && (isWordByte(r[i - 1]) || isMaskByte(r[i - 1])) { return 0 }
    var j = i
    for group in 0..<4 {
        var len = 0
        while j < n && isMaskByte(r[j]) && len < 4 { j += 1; len += 1 }
        guard len >= 1 && len <= 3 else { return 0 }
        if group < 3 {
            guard j < n && r[j] == 0x2E else { return 0 }
            j += 1
        }
    }
    // not followed by more of a name ("x.x.x.x.example", "xxx.xxx.xxx.xxxy"); a full stop may end it
    if j < n && (Scan.isAlnum(r[j]) || r[j] == 0x2D || r[j] == 0x5F || isMaskByte(r[j])) { return 0 }
    if j + 1 < n && r[j] == 0x2E && (Scan.isAlnum(r[j + 1]) || isMaskByte(r[j + 1])) { return 0 }
    return j - i
}

/// True when `r` holds a Unicode space, a zero-width character, a byte-order mark, an HTML entity or
/// a quoted-printable soft line break that `webCharacter` rewrites (texts copied from web pages or a
/// mail's source).
func hasWebSpacesOrEntities(_ r: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = r.count
    while i < n {
        let c = r[i]
        if (c == 0x26 || c == 0x3D || c >= 0xC2) && webCharacter(r, at: i).length > 0 { return true }
        i += 1
    }
    return false
}

/// The byte a percent escape at `i` stands for, when it is one of URL punctuation or a blank ("%20", "%3A", "%2F",
/// "%3F", "%3D", "%26", "%5B", "%5D", "%40", "%2C", "%3B", "%7C", "%22", "%27", "%3C", "%3E", "%23", "%28", "%29"; either
/// case); nil otherwise (a literal "100%" or "%d" stays).
func percentEscape(_ r: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt8? {
    guard i + 2 < r.count, r[i] == 0x25 else { return nil }
    func hex(_ c: UInt8) -> UInt8? { hexValue(c) ?? (c >= 0x61 && c <= 0x66 ? c - 0x57 : nil) }
    guard let h = hex(r[i + 1]), let l = hex(r[i + 2]) else { return nil }
    let b = h << 4 | l
    switch b {
    case 0x20, 0x3A, 0x2F, 0x3F, 0x3D, 0x26, 0x5B, 0x5D, 0x40, 0x2C, 0x3B, 0x7C, 0x22, 0x27, 0x3C, 0x3E, 0x23, 0x28, 0x29: return b
    default: return nil
    }
}

/// Whether the reply holds an encoded link's punctuation ("%3D", "%3F", "%26", "%3A") or two or more other percent
/// escapes (`percentEscape`): a link's query or a whole text read back from a URL. One "%20" alone stays as written
/// (a list's FAQ link "DNSBL%20Usage").
func hasPercentEscapes(_ r: UnsafeBufferPointer<UInt8>) -> Bool {
    guard r.count > 2 else { return false }
    var seen = 0
    var i = 0
    while i + 2 < r.count, let k = Scan.index(of: 0x25, r.p, from: i, to: r.count) {
        if let b = percentEscape(r, at: k) {
            // a link's own punctuation encoded ("?ip%3D…", "https%3A") is one already; a blank is not
            if b == 0x3D || b == 0x3F || b == 0x26 || b == 0x3A { return true }
            seen += 1
            if seen >= 2 { return true }
        }
        i = k + 1
    }
    return false
}

/// Where a link rewritten by Proofpoint's URL Defense sits: v2's encoded target ("urldefense.proofpoint.com/v2/url?u=
/// https-3A__ipcheck.proofpoint.com_-3Fip-3D192.0.2.1&d=…": `encoded`, up to its '&' or blank) or v3's "__" before and
/// after the target it keeps as written ("urldefense.com/v3/__http://…?ip=192.0.2.1__;!!…": `open`, `close`).
/// Only the first such link in a text is read back.
func urlDefenseMarks(_ r: UnsafeBufferPointer<UInt8>) -> (encoded: Range<Int>, open: Int, close: Int)? {
    let n = r.count
    guard n > 24, let u = Scan.find("urldefense", r.p, from: 0, to: n) else { return nil }
    let v2: StaticString = ".proofpoint.com/v2/url?u="
    if let v = Scan.find(v2, r.p, from: u, to: min(n, u + 40)) {
        let s = v + v2.utf8CodeUnitCount
        var e = s
        while e < n && r[e] != 0x26 && r[e] != 0x20 && r[e] != 0x09 { e += 1 }
        return (s..<e, -1, -1)
    }
    if let v = Scan.find("/v3/__", r.p, from: u, to: min(n, u + 30)) {
        let open = v + 4
        let close = Scan.find("__", r.p, from: open + 2, to: n) ?? -1
        return (0..<0, open, close)
    }
    return nil
}

/// Whether the reply holds a mail client's quote marker (`quoteMarkerEnd`).
func hasQuoteMarker(_ r: UnsafeBufferPointer<UInt8>) -> Bool {
    anyOccurrence(of: 0x3E, in: r) { quoteMarkerEnd(r, at: $0) != nil }
}

/// Where a quote marker at `i` ends, with the blanks after it: one or two '>' (also "> > >", a quote
/// of a quote), after a line break, a blank or the text's start and before a blank, a line break or the
/// end. Never Sendmail's ">>> " transcript arrows, never '>' ending a word ("<user@example.net>").
func quoteMarkerEnd(_ r: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
    let n = r.count
    guard i == 0 || r[i - 1] == 0x20 || r[i - 1] == 0x0A || r[i - 1] == 0x0D || r[i - 1] == 0x09 else { return nil }
    var j = i
    var run = 0
    while j < n {
        if r[j] == 0x3E {
            run += 1
            if run > 2 { return nil }
            j += 1
        } else if (r[j] == 0x20 || r[j] == 0x09) && j + 1 < n && r[j + 1] == 0x3E {
            run = 0
            j += 1
        } else {
            break
        }
    }
    guard j == n || r[j] == 0x20 || r[j] == 0x0A || r[j] == 0x0D || r[j] == 0x09 else { return nil }
    while j < n && (r[j] == 0x20 || r[j] == 0x09) { j += 1 }
    return j
}

/// Whether the reply holds a Markdown link's "](http".
func hasMarkdownLink(_ r: UnsafeBufferPointer<UInt8>) -> Bool {
    r.count >= 8 && Scan.find("](http", r.baseAddress!, from: 0, to: r.count) != nil
}

/// A Markdown link "[TEXT](http…)" at `i` (a '['): the range of TEXT and where the link ends. TEXT holds
/// no bracket or line break and at most 300 bytes; the target is a URL without blanks, at most 2,000 bytes.
func markdownLink(_ r: UnsafeBufferPointer<UInt8>, at i: Int) -> (Range<Int>, Int)? {
    let n = r.count
    var j = i + 1
    while j < n && j - i <= 301 {
        let c = r[j]
        if c == 0x5D { break }
        if c == 0x5B || c == 0x0A || c == 0x0D { return nil }
        j += 1
    }
    guard j < n, r[j] == 0x5D, j > i + 1, j + 5 < n, r[j + 1] == 0x28, r[j + 2] == 0x68, r[j + 3] == 0x74, r[j + 4] == 0x74,
          r[j + 5] == 0x70 else { return nil }
    var k = j + 2
    while k < n && k - j <= 2_002 {
        let c = r[k]
        if c == 0x29 { return (i + 1..<j, k + 1) }
        if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x28 { return nil }
        k += 1
    }
    return nil
}

/// How a pasted text reads as quoted-printable (a bounce copied from a mail's source, its lines joined with spaces).
enum QuotedPrintable { case none, softBreaks, escapes }

/// The quoted-printable reading of a whole text `t` (before its MTA wrapper is cut: QP's lines are the text's):
/// `.escapes` when it holds a soft break ("= ") and QP's own escapes — "=3D" for '=', "=20"/"=09" before a blank,
/// a UTF-8 character "=E2=80=99" — or, without a soft break, a UTF-8 character or two "=3D" (lines joined with
/// nothing between them): then every "=XX" is its byte and any other '=' a soft break; `.softBreaks` when its soft breaks sit where QP's
/// 76-byte lines end (the first 60–80 bytes into the text, each next 60–82 bytes on): they are taken out, any
/// other '=' stays ("IP=192.0.2.1"); else `.none`.
func quotedPrintableReading(_ t: UnsafeBufferPointer<UInt8>) -> QuotedPrintable {
    let n = t.count
    // (a soft break sits 60–80 bytes in; escapes alone can show QP in a shorter text)
    guard n > 24, memchr(t.p, 0x3D, n) != nil else { return .none }
    var breaks: [Int] = []
    var escape = false
    // escapes no accidental '=' makes: a UTF-8 character ("=C3=A9") or "=3D" for '='; two of them read as
    // QP without a soft break (a body whose lines were joined with nothing between them)
    var strong = 0
    // "=20"/"=09" not before a blank: an encoder that wrote every blank so ("554=205.7.1=20Rejected=20because…")
    var blanks = 0
    var from = 0
    // from one '=' to the next (memchr), not byte by byte: most log lines hold a few ("to=<", "relay=")
    while from + 1 < n, let i = Scan.index(of: 0x3D, t.p, from: from, to: n - 1) {
        from = i + 1
        if t[i + 1] == 0x20 && (i == 0 || t[i - 1] != 0x3D) {
            breaks.append(i)
            if breaks.count > 64 { break }
        } else if strong < 2, i + 2 < n, hexValue(t[i + 1]) != nil, hexValue(t[i + 2]) != nil {
            let a = t[i + 1], b = t[i + 2]
            if a == 0x33 && b == 0x44 { escape = true; strong += 1 }                      // =3D
            else if a == 0x32 && b == 0x30 || a == 0x30 && b == 0x39 {                       // =20, =09 before a blank
                let beforeBlank = i + 3 == n || t[i + 3] == 0x20 || t[i + 3] == 0x0A || t[i + 3] == 0x0D
                escape = escape || beforeBlank
                if !beforeBlank { blanks += 1 }
            } else if a >= 0x43, i + 5 < n, t[i + 3] == 0x3D, t[i + 4] == 0x38 || t[i + 4] == 0x39 || t[i + 4] == 0x41 || t[i + 4] == 0x42,
                      hexValue(t[i + 5]) != nil {
                escape = true                                                                // =C2=A0, =E2=80=99
                strong += 2
            }
        }
    }
    guard let first = breaks.first else {
        if strong >= 2 { return .escapes }
        // every blank written "=20": at least three of them, and more than the text's own blanks
        if blanks >= 3 {
            var spaces = 0
            for k in 0..<n where t[k] == 0x20 { spaces += 1; if spaces >= blanks { return .none } }
            return .escapes
        }
        return .none
    }
    if escape { return .escapes }
    guard first >= 60 && first <= 80 else { return .none }
    for k in breaks.indices.dropFirst() where !(60...82).contains(breaks[k] - breaks[k - 1]) { return .none }
    return .softBreaks
}

/// An upper-case hex digit's value (QP writes its escapes so), nil for any other byte.
@inline(__always) func hexValue(_ c: UInt8) -> UInt8? {
    if c >= 0x30 && c <= 0x39 { return c - 0x30 }
    if c >= 0x41 && c <= 0x46 { return c - 0x37 }
    return nil
}

/// Whether the reply holds two blanks (spaces or tabs) in a row.
func hasBlankRun(_ r: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 1
    let n = r.count
    while i < n {
        let c = r[i]
        if c == 0x20 || c == 0x09 {
            let b = r[i - 1]
            if b == 0x20 || b == 0x09 { return true }
            i += 1
        } else {
            // the next blank cannot pair with this byte: skip ahead two
            i += 2
        }
    }
    return false
}

/// The web-page character at `i`: its length in bytes (0 when it is none) and the ASCII byte it reads
/// as (nil: nothing). U+00A0 and U+2000-U+200A, U+202F, U+205F, U+3000 are spaces; U+200B-U+200D,
/// U+2060 and U+FEFF are dropped; &lt; &gt; &amp; &quot; &apos; &#39; &#34; &nbsp; are their characters;
/// a quoted-printable soft line break ("=" at a line's end: "[109.2=\n30.239.214]") is dropped.
func webCharacter(_ r: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, byte: UInt8?) {
    let n = r.count
    let c = r[i]
    if c == 0x3D {
        if i + 1 < n && r[i + 1] == 0x0A { return (2, nil) }
        if i + 2 < n && r[i + 1] == 0x0D && r[i + 2] == 0x0A { return (3, nil) }
        return (0, nil)
    }
    if c == 0xC2 { return i + 1 < n && r[i + 1] == 0xA0 ? (2, 0x20) : (0, nil) }
    if c == 0xE2, i + 2 < n {
        let b1 = r[i + 1], b2 = r[i + 2]
        if b1 == 0x80 {
            if b2 >= 0x80 && b2 <= 0x8A || b2 == 0xAF { return (3, 0x20) }
            if b2 >= 0x8B && b2 <= 0x8D { return (3, nil) }
        }
        if b1 == 0x81 && b2 == 0x9F { return (3, 0x20) }
        if b1 == 0x81 && b2 == 0xA0 { return (3, nil) }
        return (0, nil)
    }
    if c == 0xE3, i + 2 < n, r[i + 1] == 0x80, r[i + 2] == 0x80 { return (3, 0x20) }
    if c == 0xEF, i + 2 < n, r[i + 1] == 0xBB, r[i + 2] == 0xBF { return (3, nil) }
    if c == 0x26 {
        func has(_ s: StaticString) -> Bool {
            let len = s.utf8CodeUnitCount
            guard i + len <= n else { return false }
            let p = s.utf8Start
            for k in 0..<len where asciiLowerTable[Int(r[i + k])] != p[k] { return false }
            return true
        }
        if has("&lt;") { return (4, 0x3C) }
        if has("&gt;") { return (4, 0x3E) }
        if has("&amp;") { return (5, 0x26) }
        if has("&quot;") { return (6, 0x22) }
        if has("&apos;") { return (6, 0x27) }
        if has("&#39;") { return (5, 0x27) }
        if has("&#34;") { return (5, 0x22) }
        if has("&nbsp;") { return (6, 0x20) }
    }
    return (0, nil)
}

/// A byte after which a reply code starts a word: white space, a quote or an opening bracket.
@inline(__always) func foldTokenStart(_ c: UInt8) -> Bool {
    c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x22 || c == 0x27 || c == 0x28 || c == 0x5B
}

/// The end of an enhanced status code of class `cls` ("5.7.1") starting at `i`, or `i` when none.
func enhancedCodeEnd(_ r: UnsafeBufferPointer<UInt8>, at i: Int, cls: UInt8) -> Int {
    guard i + 4 < r.count, r[i] == cls, let p = parseEnhancedCode(r, at: i) else { return i }
    return p.end
}

/// An enhanced status code's "C.SSS.DDD" at `i` (class digit, then one to three digits each for
/// subject and detail): where it ends and its subject and detail. No word-boundary checks: the
/// callers (`findEnhancedCode`, `enhancedCodeEnd`) make their own.
func parseEnhancedCode(_ t: UnsafeBufferPointer<UInt8>, at i: Int) -> (end: Int, subject: Int, detail: Int)? {
    let n = t.count
    guard i + 1 < n, Scan.isDigit(t[i]), t[i + 1] == 0x2E else { return nil }
    var j = i + 2
    var subject = 0, sd = 0
    while j < n && Scan.isDigit(t[j]) && sd < 3 { subject = subject * 10 + Int(t[j] - 0x30); j += 1; sd += 1 }
    guard sd > 0, j < n, t[j] == 0x2E else { return nil }
    j += 1
    var detail = 0, dd = 0
    while j < n && Scan.isDigit(t[j]) && dd < 3 { detail = detail * 10 + Int(t[j] - 0x30); j += 1; dd += 1 }
    return dd > 0 ? (j, subject, detail) : nil
}

/// The registered domain of a host name: its organisation's label and public suffix ("mx.aruba.it" →
/// "aruba.it", "www.spamhaus.org" → "spamhaus.org"); nil as for `organisationName(ofHost:)`.
func registeredDomain(ofHost host: String) -> String? {
    guard let (labels, start) = organisationLabels(host) else { return nil }
    return labels[(start - 1)...].joined(separator: ".")
}

/// Who refused a delivery, in the one order of the report (`Analyzer.providerOf`: per-id caches, a bound on organisations)
/// and of `classify` (`Classifier.provider(relayHost:recipientDomain:)`): the relay host as providers.yaml knows it, the
/// recipient's domain as it knows it, the relay host's organisation, the recipient domain's. nil: none of them (`other`).
@inline(__always)
func whoRefused<T>(relayKnown: () -> T?, domainKnown: () -> T?, relayOrganisation: () -> T?,
                   domainOrganisation: () -> T?) -> (who: T, byRelay: Bool)? {
    if let p = relayKnown() { return (p, true) }
    if let p = domainKnown() { return (p, false) }
    if let p = relayOrganisation() { return (p, true) }
    if let p = domainOrganisation() { return (p, false) }
    return nil
}

/// The organisation a host name belongs to, as an operator slug: the label before its public
/// suffix ("mx.aruba.it" → "aruba", "mail.example.co.uk" → "example", "mx.isp.kiev.ua" → "isp"),
/// with the system's Public Suffix List when present (`PublicSuffixes`). Nil for an address, a
/// single label, a name that is all suffix, labels that are not a host name's, and the names kept
/// for documentation and local use (example.com, .test, .invalid, .localhost, .local, .lan,
/// .internal, .localdomain, .arpa, .corp, .intranet), and a top-level domain the list does not know.
public func organisationName(ofHost host: String) -> String? {
    guard let (labels, start) = organisationLabels(host) else { return nil }
    return String(labels[start - 1])
}

/// The lower-cased labels of a host name and the index of its public suffix's first label, when the
/// name has an organisation label before the suffix (see `organisationName(ofHost:)`).
private func organisationLabels(_ host: String) -> ([Substring], Int)? {
    var labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false)
    if labels.last?.isEmpty == true { labels.removeLast() }
    // a host name's labels: letters, digits and inner hyphens (no '_', no leading or trailing '-')
    guard labels.count >= 2, labels.count <= 16,
          labels.allSatisfy({ l in !l.isEmpty && l.utf8.count <= 63 && l.first != "-" && l.last != "-"
              && l.utf8.allSatisfy { Scan.isAlnum($0) || $0 == 0x2D } }),
          !labels.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
          !["example", "test", "invalid", "localhost", "local", "lan", "internal", "localdomain", "arpa", "home", "corp", "intranet", "private"]
              .contains(labels[labels.count - 1]),
          let start = PublicSuffixes.shared.suffixStart(labels)
    else { return nil }
    let name = labels[start - 1]
    guard name.utf8.count >= 2, name != "example", !name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    return (labels, start)
}

/// Where a wrapper's closing quote (an NDR's `'`, OpenSMTPD's `"`) stands when the text ends with it (trailing
/// blanks aside), nil when it does not; `s` is where the quoted reply starts.
private func closingQuote(_ p: UnsafePointer<UInt8>, after s: Int, count n: Int, quote: UInt8 = 0x27) -> Int? {
    var q = n
    while q > s, p[q - 1] == 0x20 || p[q - 1] == 0x0A || p[q - 1] == 0x0D || p[q - 1] == 0x09 { q -= 1 }
    return q > s && p[q - 1] == quote ? q - 1 : nil
}

/// The receiving server's own name where its reply writes it, right after a 4xx/5xx reply code (and an
/// enhanced code, and at most one session id such as "opmta1mti33nd1" or "imp06" before it): "550
/// opmta1mti33nd1 smtp.orange.fr svxso…", "554 resimta-po-09v.sys.comcast.net comcast …". Used when no
/// relay is given and no MTA wrapper names the MX. Not a name the reply goes on to give as the client's
/// (followed by "[ip]" or "(ip)", or by ": Client host rejected" and the like), not a name of fewer than
/// three labels ("RCPT.TO", "ASP.NET"; two after a session id), an address, a mailbox, or a name without an organisation
/// (`organisationName(ofHost:)`: documentation and local names).
func bannerHost(_ t: UnsafeBufferPointer<UInt8>) -> String? {
    bannerHost(t, reply: mtaWrapper(t).reply)
}

/// `bannerHost` of the reply at `r` in `t` (the wrapper already parsed).
private func bannerHost(_ t: UnsafeBufferPointer<UInt8>, reply r: Range<Int>) -> String? {
    let p = t.p
    var i = r.lowerBound
    let end = r.upperBound
    func skipBlanks() { while i < end && (p[i] == 0x20 || p[i] == 0x09) { i += 1 } }
    func token() -> Range<Int> {
        let s = i
        while i < end && p[i] > 0x20 { i += 1 }
        return s..<i
    }
    skipBlanks()
    // the reply code: "550 " or "550-", a refusal (4xx or 5xx)
    guard Scan.isRefusalCode(p, at: i, end: end) else { return nil }
    i += 4
    skipBlanks()
    // an enhanced status code "5.7.1"
    var k = token()
    if k.count >= 5, Scan.isDigit(p[k.lowerBound]), p[k.lowerBound + 1] == 0x2E { skipBlanks(); k = token() }
    // a session id before the name: letters and digits only, with a digit ("imp06", "mwinf5c14")
    let id = UnsafeBufferPointer(rebasing: t[k])
    var afterID = false
    if !id.isEmpty, id.count <= 24, id.allSatisfy({ Scan.isAlnum($0) }), id.contains(where: { Scan.isDigit($0) }) {
        skipBlanks(); k = token(); afterID = true
    }
    guard !k.isEmpty, k.count <= 253 else { return nil }
    var name = UnsafeBufferPointer(rebasing: t[k])
    // a trailing ':', ',' or '.' is punctuation
    while let last = name.last, last == 0x3A || last == 0x2C || last == 0x2E { name = UnsafeBufferPointer(rebasing: name[..<(name.endIndex - 1)]) }
    // three labels at least, or two after a session id ("421 imp06 charter.net")
    guard name.filter({ $0 == 0x2E }).count >= (afterID ? 1 : 2), !name.contains(0x40),
          name.allSatisfy({ Scan.isAlnum($0) || $0 == 0x2D || $0 == 0x2E }),
          !name.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) else { return nil }
    // the client's name, as the reply goes on to give it: "NAME [192.0.2.1]", "NAME: Client host rejected"
    skipBlanks()
    if i < end && (p[i] == 0x5B || p[i] == 0x28) { return nil }
    // ... or followed by an address: "mail-wr1-f54.google.com 209.85.221.54 is blacklisted"
    let save = i
    let next = UnsafeBufferPointer(rebasing: t[token()])
    i = save
    if !next.isEmpty, next.allSatisfy({ Scan.isDigit($0) || $0 == 0x2E || $0 == 0x3A }), next.contains(where: { Scan.isDigit($0) }),
       next.filter({ $0 == 0x2E }).count == 3 || next.filter({ $0 == 0x3A }).count >= 2 { return nil }
    let rest = String(decoding: UnsafeBufferPointer(rebasing: t[i..<min(end, i + 40)]), as: UTF8.self).lowercased()
    if ["client host rejected", "helo command rejected", "sender address rejected", "is not", "does not"].contains(where: { rest.hasPrefix($0) }) { return nil }
    let host = String(decoding: name, as: UTF8.self).lowercased()
    // a web host or a sending platform's outbound host names no receiver
    let labels = host.split(separator: ".")
    if labels.first == "www" || labels.contains(where: { ["outbound", "out", "smtp-out", "mailout", "mail-out"].contains($0) }) { return nil }
    return organisationName(ofHost: host) != nil ? host : nil
}

/// The MX host name the MTA's wrapper names (`host NAME[ip] said:`, Exim's `host NAME [ip]:`
/// and `host: NAME`), nil when there is no wrapper or it names an address only.
func remoteHost(_ t: UnsafeBufferPointer<UInt8>) -> String? {
    wrapperHostName(t, mtaWrapper(t).host)
}

/// The host name at `h` in `t`: letters, digits, '-', '.', '_' and at least one dot; not an address.
private func wrapperHostName(_ t: UnsafeBufferPointer<UInt8>, _ h: Range<Int>?) -> String? {
    guard let h, !h.isEmpty else { return nil }
    let name = UnsafeBufferPointer(rebasing: t[h])
    guard name.contains(0x2E), name.allSatisfy({ Scan.isAlnum($0) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }),
          !name.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) else { return nil }
    return String(decoding: name, as: UTF8.self).lowercased()
}

/// The receiver a pasted text names, the wrapper parsed once: the MX its MTA wrapper names
/// (`remoteHost`), else the server name its reply writes after the code (`bannerHost`).
func namedReceiver(_ t: UnsafeBufferPointer<UInt8>) -> (wrapper: String?, banner: String?) {
    let w = mtaWrapper(t)
    if let name = wrapperHostName(t, w.host) { return (name, nil) }
    return (nil, bannerHost(t, reply: w.reply))
}

/// The remote site's own reply inside an MTA's wrapper: Postfix's
/// `host mx.example.net[192.0.2.1] said: ... (in reply to RCPT TO command)` and
/// `... refused to talk to me: ...` (also after a pasted log prefix such as
/// `to=<x>, ..., status=deferred (delivery temporarily suspended: host ...`), Exim's
/// `SMTP error from remote mail server after RCPT TO:<x>: [host mx [192.0.2.1]: ]...` and
/// `SMTP error from remote server for RCPT TO command, host: mx (ip) reason: ...`, and the
/// bounce wording `SMTP error from remote server after RCPT command: host: mx <reply>`, and
/// qmail-send's `Remote_host_said:_<reply>/Giving_up_on_<mx>./`, qmail's bounce `<mx> does not like
/// recipient. Remote host said: <reply> Giving up on <mx>.`, Exchange's `Remote Server [at mx (ip)]
/// returned '<reply>'` (also in German and French), Gmail's `... by mx.example.net. [ip]. The error
/// that the other server returned was: <reply>`, Sendmail's `... while talking to mx.example.net.:
/// >>> DATA <<< <reply>` and a DSN's `Diagnostic-Code: smtp; <reply>`. The wrapper names the remote MX
/// (never the listed address) and the recipient (unique per delivery); without it, rules see only the
/// reply and repeats cache.
///
/// Where the remote reply lies in `t` (all of it without a wrapper) and the MX name's range.
/// `underscores`: the reply is qmail-send's, whose delivery log writes every space as '_'.
///
/// A wrapper inside the reply is taken off too (twice at most): a relay quoting the next hop's refusal
/// ("host smarthost[192.0.2.1] said: … host mx.example.net[192.0.2.2] refused to talk to me: 554 …",
/// an Exim bounce of a Postfix deferral). The innermost MX named is the one that refused (`host`); no
/// MX's address is left for the listed-IP finder. A qmail-send reply ('_' for spaces) ends the descent.
/// `outer`: the first level, when the caller has it already (`classify` keys its cache by it).
func mtaWrapper(_ t: UnsafeBufferPointer<UInt8>,
                outer: (reply: Range<Int>, host: Range<Int>?, underscores: Bool)? = nil) -> (reply: Range<Int>, host: Range<Int>?, underscores: Bool) {
    var w = outer ?? mtaWrapperOnce(t)
    for _ in 0..<2 {
        guard !w.underscores, w.reply.lowerBound > 0, !w.reply.isEmpty else { break }
        let off = w.reply.lowerBound
        let inner = mtaWrapperOnce(UnsafeBufferPointer(rebasing: t[w.reply]))
        guard inner.reply.lowerBound > 0 else { break }
        w = (reply: (inner.reply.lowerBound + off)..<(inner.reply.upperBound + off),
             host: inner.host.map { ($0.lowerBound + off)..<($0.upperBound + off) } ?? w.host,
             underscores: inner.underscores)
    }
    return w
}

/// One wrapper (see `mtaWrapper`).
func mtaWrapperOnce(_ t: UnsafeBufferPointer<UInt8>) -> (reply: Range<Int>, host: Range<Int>?, underscores: Bool) {
    let p = t.p
    let n = t.count
    var s = 0
    var e = n
    var host: Range<Int>? = nil
    var underscores = false
    // (session 16) a record that opens as JSON ("{…", "[{…") is a sending service's event: its reply field first,
    // before any MTA wrapper quoted inside that field is looked for (the next pass reads that one)
    var lead = 0
    while lead < min(n, 8), p[lead] == 0x20 || p[lead] == 0x09 { lead += 1 }
    let opensAsJSON = lead < n && (p[lead] == 0x7B || (p[lead] == 0x5B && lead + 1 < n && p[lead + 1] == 0x7B))
    if opensAsJSON, let (vs, ve) = structuredReply(p, n) {
        return (vs..<max(vs, ve), nil, false)
    }
    // Postfix: "host NAME[ADDR] said: " / "... refused to talk to me: ", at the start (a log's
    // delivery text) or within the first few hundred bytes of a pasted line.
    // Each "host " is tried in turn: a syslog host name ("mailhost postfix/smtp[555]: ...") may come first.
    var from = 0
    // "host" and a blank — a line break too where a bounce message wrapped the line ("host\n    mx.example.net[…]")
    while s == 0, let h = Scan.find("host", p, from: from, to: min(n, 400)) {
        from = h + 4
        guard h + 4 < n, isBlankByte(p[h + 4]) else { continue }
        let ns = skipBlanks(p, from: h + 5, end: n)
        guard let close = Scan.index(of: 0x5D, p, from: ns, to: min(n, ns + 300)) else { break }
        if let r = postfixReply(p, close: close, end: n, phrase: "said") { s = r }
        else if let r = postfixReply(p, close: close, end: n, phrase: "refused to talk to me", periodToo: true) { s = r }
        // (session 16) Exim's bounce line "host NAME [ADDR]: 554 …" without its "SMTP error from …" line before it
        else if Scan.has("]: ", p, at: close, end: n) || Scan.has("]:\n", p, at: close, end: n), let frame = ListedIPFinder.mxFrame(p, count: n, close: close),
                frame.name == ns { s = frame.end }
        if s > 0, let open = Scan.index(of: 0x5B, p, from: ns, to: close) {
            // "host NAME[ADDR]", or "host NAME [ADDR]" as some clients render the bounce
            host = ns..<(open > ns && p[open - 1] == 0x20 ? open - 1 : open)
        }
        if s > 0, e - s > 20, p[e - 1] == 0x29, let open = lastIndex(of: " (in reply to ", p, from: s, to: e), Scan.has(" command)", p, at: e - 9, end: n) {
            e = open
        }
    }
    // (session 17) Courier's delivery log: "courieresmtp: id=…,from=<sender>,addr=<recipient>: 550 …" (the sender's
    // address in the frame is no part of the reply)
    if s == 0, let x = Scan.find("courieresmtp: id=", p, from: 0, to: min(n, 300)),
       let a = Scan.find(",addr=<", p, from: x + 17, to: min(n, x + 1_200)),
       let c = Scan.find(">: ", p, from: a + 7, to: min(n, a + 600)) {
        s = c + 3
    }
    if s == 0 {
        // Exim: at the start (the reply part of a log line) or after a pasted log line's prefix
        // ("... ** user@example.com R=dnslookup T=remote_smtp: SMTP error from ...").
        if let x = Scan.find("SMTP error from remote mail server after ", p, from: 0, to: min(n, 400)) {
            if let r = eximReplyStart(p, from: x + 41, end: n) {
                s = skipEximHost(p, at: r, end: n)
                if s > r, let sp = Scan.index(of: 0x20, p, from: r + 5, to: s) { host = (r + 5)..<sp }
                // (session 26) a mainlog line names the MX before the phrase: "** a@b R=dnslookup T=remote_smtp
                // H=mxs.mail.ru [192.0.2.1]: SMTP error from …" (its address is the MX's, never the listed one)
                if host == nil, x >= 4, let h = lastIndex(of: " H=", p, from: max(0, x - 300), to: x) {
                    host = hostName(p, from: h + 3, to: x)
                }
            }
        } else if let x = Scan.find("SMTP error from remote server for ", p, from: 0, to: min(n, 400)) {
            if let c = Scan.find(" reason: ", p, from: x + 34, to: min(n, x + 600)) {
                s = c + 9
                if let h = Scan.find("host: ", p, from: x + 34, to: c) {
                    host = (h + 6)..<(Scan.index(of: 0x20, p, from: h + 6, to: c) ?? c)
                }
            }
        } else if let x = Scan.find("SMTP error from remote server after ", p, from: 0, to: min(n, 400)),
                  let h = Scan.find(": host: ", p, from: x + 36, to: min(n, x + 120)),
                  let sp = Scan.index(of: 0x20, p, from: h + 8, to: min(n, h + 300)) {
            host = (h + 8)..<sp
            s = sp + 1
            // the MX's address may follow the name: " [ADDR]", " (ADDR)", then an optional ':'
            if s < n, p[s] == 0x5B || p[s] == 0x28,
               let close = Scan.index(of: p[s] == 0x5B ? 0x5D : 0x29, p, from: s + 1, to: min(n, s + 48)) {
                s = close + 1
                if s < n, p[s] == 0x3A { s += 1 }
                while s < n, p[s] == 0x20 { s += 1 }
            }
        } else if let f = Scan.find(" failed-command ", p, from: 0, to: min(n, 400)),
                  let x = Scan.find(" result=\"", p, from: f + 16, to: min(n, f + 1_000)) {
            // OpenSMTPD's log of a refused command, the reply in quotes: "smtp failed-command command=\"RCPT
            // TO:<u@example.net>\" result=\"550 …\"" (the command's addresses are not the reply's)
            s = x + 9
            if let q = closingQuote(p, after: s, count: n, quote: 0x22) { e = q }
        } else if let x = Scan.findAny(qmailReplyMarkers, p, from: 0, to: min(n, 600)) {
            // qmail-send: "delivery 1: failure: 192.0.2.1_does_not_like_recipient./Remote_host_said:_554_
            // 5.7.1_..._blocked_using_zen.spamhaus.org/Giving_up_on_192.0.2.1./" (the IP is the MX's)
            s = x + qmailReplyMarker.utf8CodeUnitCount
            if let g = Scan.findAny(["/Giving_up_on_", "/giving_up_on_", "/GIVING_UP_ON_"], p, from: s, to: n) { e = g }
            else if n > s, p[n - 1] == 0x2F { e = n - 1 }
            underscores = true
        } else if let x = Scan.find("emote Server returned '", p, from: 0, to: min(n, 400))
                    ?? Scan.find("emote server returned '", p, from: 0, to: min(n, 400)), x > 0,
                  p[x - 1] == 0x52 || p[x - 1] == 0x72 {
            // Exchange's NDR: "Remote Server returned '550 5.7.1 ...'" (the closing quote, when the
            // text ends with it, is the wrapper's)
            s = x + 23
            if let q = closingQuote(p, after: s, count: n) { e = q }
        } else if let x = Scan.find("emote Server at ", p, from: 0, to: min(n, 400)) ?? Scan.find("emote server at ", p, from: 0, to: min(n, 400)),
                  x > 0, p[x - 1] == 0x52 || p[x - 1] == 0x72,
                  let r = Scan.find(" returned '", p, from: x + 16, to: min(n, x + 16 + 300)) {
            // Exchange 2007–2013's NDR naming the MX: "Remote Server at mx.example.net (192.0.2.1) returned
            // '550 5.7.1 ...'" (the address is the MX's)
            host = hostName(p, from: x + 16, to: r)
            s = r + 11
            if let q = closingQuote(p, after: s, count: n) { e = q }
        } else if let x = Scan.find("he server response was: ", p, from: 0, to: min(n, 600)), x > 0, p[x - 1] == 0x54 || p[x - 1] == 0x74 {
            // (session 26) .NET's SmtpException: "Mailbox unavailable. The server response was: 5.7.1 …" — the words
            // before are .NET's name for the reply code (SmtpStatusCode), not the receiver's: "Mailbox unavailable"
            // would read an unknown user into a listing of the sending IP
            s = x + 24
        } else if let x = Scan.findAny(["Remote host said: ", "remote host said: ", "REMOTE HOST SAID: "], p, from: 0, to: min(n, 600)) {
            // qmail's bounce: "192.0.2.1 does not like recipient.\nRemote host said: 554 ...\nGiving up on
            // 192.0.2.1." (also "Connected to 192.0.2.1 but sender was rejected."): the address is the MX's
            s = x + 18
            if let g = Scan.findAny(["Giving up on ", "giving up on ", "GIVING UP ON "], p, from: s, to: n) { e = g }
        } else if let (x, len) = Scan.find("he error that the other server returned was:", p, from: 0, to: min(n, 1_000)).map({ ($0, 44) })
                    ?? Scan.find("he response from the remote server was:", p, from: 0, to: min(n, 1_000)).map({ ($0, 39) }) {
            // Gmail's bounce: "... rejected by the server for the recipient domain example.net by
            // mx.example.net. [192.0.2.1].\n\nThe error that the other server returned was:\n550 ..."
            s = x + len
            while s < n, p[s] == 0x20 || p[s] == 0x0A || p[s] == 0x0D { s += 1 }
            if let d = Scan.find("recipient domain ", p, from: 0, to: x), let b = Scan.find(" by ", p, from: d + 17, to: x) {
                host = hostName(p, from: b + 4, to: x)
            }
        } else if let x = Scan.find("... while talking to ", p, from: 0, to: min(n, 600)),
                  let r = Scan.find("<<< ", p, from: x + 21, to: min(n, x + 21 + 600)) {
            // Sendmail's transcript: "... while talking to mx.example.net.:\n>>> DATA\n<<< 554 5.7.1 ..."
            host = hostName(p, from: x + 21, to: r)
            s = r + 4
            // Sendmail's own summary after the reply's last "<<< " line, on a line of its own or joined to it
            // ("<<< 550 black ip. 554 5.0.0 Service unavailable"): the last " 5xx 5.0.0 " ends the reply
            var last = r
            while let more = Scan.find("<<< ", p, from: last + 4, to: n) { last = more }
            var k = n - 11
            while k > last + 6 {
                if p[k] == 0x20 || p[k] == 0x0A || p[k] == 0x0D, p[k + 1] == 0x34 || p[k + 1] == 0x35, Scan.isDigit(p[k + 2]), Scan.isDigit(p[k + 3]),
                   p[k + 4] == 0x20, p[k + 5] == p[k + 1], Scan.has(".0.0 ", p, at: k + 6, end: n) {
                    e = k
                    while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x0A || p[e - 1] == 0x0D { e -= 1 }
                    break
                }
                k -= 1
            }
        } else if let x = Scan.find("Remoteserver hat '", p, from: 0, to: min(n, 1_000)), let z = Scan.find("' zur", p, from: x + 18, to: n) {
            // the same NDR in German: "Remoteserver hat '550 5.7.1 ...' zurückgegeben"
            s = x + 18; e = z
        } else if let x = Scan.find("serveur distant a retourné '", p, from: 0, to: min(n, 1_000)) {
            // and in French: "Le serveur distant a retourné '550 5.7.1 ...'"
            s = x + "serveur distant a retourné '".utf8.count
            if let q = closingQuote(p, after: s, count: n) { e = q }
        } else if let x = Scan.find("Diagnostic-Code: ", p, from: 0, to: min(n, 400)) ?? Scan.find("Diagnostic-code: ", p, from: 0, to: min(n, 400)),
                  x + 22 <= n, (p[x + 17] | 0x20) == 0x73, (p[x + 18] | 0x20) == 0x6D, (p[x + 19] | 0x20) == 0x74,
                  (p[x + 20] | 0x20) == 0x70, p[x + 21] == 0x3B {
            // a DSN's "Diagnostic-Code: smtp; 550 ..." (RFC 3464): the remote reply follows; its
            // "Remote-MTA: dns; mx.example.net" before it names the MX
            s = x + 22
            while s < n, p[s] == 0x20 { s += 1 }
            if let r = Scan.find("Remote-MTA: dns; ", p, from: 0, to: x) ?? Scan.find("Remote-MTA: DNS; ", p, from: 0, to: x) {
                host = hostName(p, from: r + 17, to: x)
            }
        } else if let c = localizedWrapperEnd(p, n) {
            // a mail client's words before the reply, in its user's language (session 13)
            s = c
        } else if !opensAsJSON, let (vs, ve) = structuredReply(p, n) {
            // (session 16) a sending service's event (JSON) or Exchange's message tracking: the reply is one field's
            // value; the payload's other fields (recipient, sender, subject, token, mx-host) are not the reply's words
            s = vs; e = ve
        }
    }
    if !underscores, let (reply, mx) = exchangeLegacyReply(p, from: s, to: e) {
        s = reply.lowerBound; e = reply.upperBound
        if host == nil { host = mx }
    }
    return (s..<max(s, e), host, underscores)
}

/// The keys under which sending services' events (SES, SendGrid, Mailgun, Postmark, SparkPost, Resend, …) carry
/// the receiver's reply, most specific first.
/// The first six hold nothing but the reply; the others only when their value starts with a reply code.
private let replyKeys: [StaticString] = ["\"diagnosticCode\":", "\"diagnostic_code\":", "\"diagnostic-code\":",
    "\"smtp_response\":", "\"smtpResponse\":", "\"bounce_reason\":", "\"response\":", "\"reason\":",
    "\"message\":", "\"error\":", "\"description\":", "\"raw_reason\":", "\"Details\":",
    // (session 17) Postal's "output", listmonk's "diagnostic", Mautic-style "bounce_text", KumoMTA's response "content"
    "\"output\":", "\"diagnostic\":", "\"bounce_text\":", "\"content\":"]
private let replyOnlyKeys = 6

/// The receiver's reply inside a structured record, as the range of its value: a JSON string under one of
/// `replyKeys` whose value starts (after an optional "smtp;") with a 4xx/5xx reply code, or Exchange message
/// tracking's "{LED=550 …}" (the last error). Nil when there is none.
func structuredReply(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Int, Int)? {
    let lim = min(n, 8_000)
    if let l = Scan.find("{LED=", p, from: 0, to: lim), isReplyCode(p, l + 5, n) {
        return (l + 5, Scan.index(of: 0x7D, p, from: l + 5, to: n) ?? n)
    }
    guard Scan.index(of: 0x7B, p, from: 0, to: min(n, 200)) != nil else { return nil }
    for (ki, key) in replyKeys.enumerated() {
        var from = 0
        while let k = Scan.find(key, p, from: from, to: lim) {
            from = k + 1
            var v = k + key.utf8CodeUnitCount
            while v < n, p[v] == 0x20 { v += 1 }
            guard v < n, p[v] == 0x22 else { continue }
            v += 1
            var c = v
            // "smtp; " / "smtp;" before the code, as SES and DSNs write it
            if c + 5 <= n, (p[c] | 0x20) == 0x73, (p[c + 1] | 0x20) == 0x6D, (p[c + 2] | 0x20) == 0x74, (p[c + 3] | 0x20) == 0x70, p[c + 4] == 0x3B {
                c += 5
                while c < n, p[c] == 0x20 { c += 1 }
            }
            // KumoMTA writes the code apart ("response":{"code":550,…,"content":"…"}): its content is the reply
            let kumoContent = Scan.has("\"content\":", p, at: k, end: n) && Scan.find("\"response\":{", p, from: max(0, k - 200), to: k) != nil
            guard ki < replyOnlyKeys || kumoContent || isReplyCode(p, c, n) else { continue }
            // the closing quote: the first '"' not escaped by a backslash
            var e = c
            while e < n, !(p[e] == 0x22 && p[e - 1] != 0x5C) { e += 1 }
            return (c, e)
        }
    }
    return nil
}

/// Greetings a person's post or letter opens with (compared case-insensitively for ASCII letters, then a blank, ',',
/// '!', ':' or the end), in the languages of the probe sets: the words after one are a person's, not a mail client's.
/// One that opens with a letter of another alphabet is kept capitalised too ("Привет"). guards.yaml's `person-post`
/// lists them as openers (ParaphraseProbeTests.testEveryGreetingOpensAPost holds the two together).
let greetings: [[UInt8]] = [
    "hi", "hey", "hello", "hallo", "hola", "bonjour", "bonsoir", "salut", "buongiorno", "salve", "ciao", "buenos días",
    "buenas tardes", "bom dia", "boa tarde", "olá", "oi", "goedemorgen", "goedemiddag", "hoi", "dag allemaal",
    "dzień dobry", "cześć", "guten morgen", "guten tag", "servus", "moin", "good morning", "morning",
    "всем привет", "привет", "здравствуйте", "добрый день", "お疲れ様です", "お世話になります", "こんにちは", "您好", "你好",
    "大家好", "各位好", "안녕하세요",
].flatMap { (word: String) -> [[UInt8]] in
    let capital = word.prefix(1).uppercased() + word.dropFirst()
    return word.utf8.first! < 0x80 || capital == word ? [Array(word.utf8)] : [Array(word.utf8), Array(capital.utf8)]
}

/// Whether the text (after blanks) opens with one of `greetings`.
func opensWithGreeting(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 }
    for g in greetings where i + g.count <= n {
        var k = 0
        while k < g.count && asciiLowerTable[Int(p[i + k])] == g[k] { k += 1 }
        guard k == g.count else { continue }
        let e = i + k
        // the greeting's own word ends there (Cyrillic, CJK and Hangul greetings are followed by anything)
        if e == n || g[0] >= 0x80 { return true }
        let c = p[e]
        if c == 0x20 || c == 0x2C || c == 0x21 || c == 0x3A || c == 0x0A || c == 0x0D || c == 0x2E { return true }
    }
    return false
}

/// A 4xx or 5xx reply code at `i`, followed by a blank, '-', ':' or the end.
private func isReplyCode(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Bool {
    guard i + 3 <= n, p[i] == 0x34 || p[i] == 0x35, Scan.isDigit(p[i + 1]), Scan.isDigit(p[i + 2]) else { return false }
    return i + 3 == n || p[i + 3] == 0x20 || p[i + 3] == 0x2D || p[i + 3] == 0x3A
}

/// A mail client's own sentence before the remote reply, in its user's language ("Serwer odbiorcy odrzucił
/// wiadomość: 550 …", "Afleveren mislukt: 554 …", "Il server remoto ha risposto: 554 …", "Ответ удалённого
/// сервера: 554 …", "Le serveur a répondu : 550 …", "对方服务器返回：550 …"): words (at least two, or three
/// Chinese, Japanese or Korean characters) without a digit, a bracket, '<', '>' or '@', ended by the text's first
/// colon before the reply (also the full-width "："; an earlier colon may end a first sentence), or by an opening quote after a blank ("сервер ответил «550 …»", "a répondu
/// “554 …”"), and then the reply code ("5xx " or "4xx-"), a quote mark allowed before it. Where the reply starts,
/// or nil. Its words are the client's, not the receiver's: "the recipient's server rejected the message" is no
/// recipient's block list.
func localizedWrapperEnd(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
    // (session 25, review-25) a person's post ("Hola, ya está resuelto … El error que teníamos era: 554 …") is no
    // client's sentence: its words say whether the refusal it quotes is still current, so the rules read it whole
    if opensWithGreeting(p, n) { return nil }
    let lim = min(n - 5, 200)
    var i = 0, spaces = 0, wide = 0
    while i < lim {
        let c = p[i]
        if Scan.isDigit(c) || c == 0x5B || c == 0x5D || c == 0x3C || c == 0x3E || c == 0x40 || c == 0x28 || c == 0x29 { return nil }
        if c == 0x20 { spaces += 1 }
        // the lead byte of a three-byte character of the CJK and Hangul blocks
        if c >= 0xE3 && c <= 0xED { wide += 1 }
        let words = spaces >= 1 || wide >= 3
        var colonEnd = 0
        if c == 0x3A {
            // a colon right after a word, or after one blank as French writes it ("a répondu : 550")
            guard i > 0, p[i - 1] != 0x20 || (i > 1 && p[i - 2] != 0x20) else { return nil }
            colonEnd = i + 1
        } else if c == 0xEF, i + 2 < n, p[i + 1] == 0xBC, p[i + 2] == 0x9A {
            colonEnd = i + 3
        }
        if colonEnd > 0 {
            var j = colonEnd
            while j < n, p[j] == 0x20 { j += 1 }
            j = openingQuoteEnd(p, j, n) ?? j
            if words, Scan.isRefusalCode(p, at: j, end: n) { return j }
            // a colon ending a first sentence, the reply after a second ("Nicht zugestellt: der Server
            // antwortete: 550 …")
            i = colonEnd
            continue
        }
        if words, i > 0, p[i - 1] == 0x20, let q = openingQuoteEnd(p, i, n), quotedToEnd(p, open: i, n) {
            var j = q
            while j < n, p[j] == 0x20 { j += 1 }
            if Scan.isRefusalCode(p, at: j, end: n) { return j }
        }
        i += 1
    }
    return nil
}

/// True when the quote opened at `open` is closed at the text's end (a full stop or blanks may follow): the
/// client's sentence and then the quoted reply, nothing after it ("сервер ответил «550 …»"; not "If a bounce
/// says "550 …", check …").
func quotedToEnd(_ p: UnsafePointer<UInt8>, open: Int, _ n: Int) -> Bool {
    var e = n
    while e > open, p[e - 1] == 0x20 || p[e - 1] == 0x0A || p[e - 1] == 0x0D || p[e - 1] == 0x2E { e -= 1 }
    if e >= 3, p[e - 3] == 0xE3, p[e - 2] == 0x80, p[e - 1] == 0x82 { e -= 3 }  // "。"
    func ends(_ b: [UInt8]) -> Bool { e - b.count > open && (0..<b.count).allSatisfy { p[e - b.count + $0] == b[$0] } }
    switch p[open] {
    case 0x22: return ends([0x22])
    case 0x27: return ends([0x27])
    case 0xC2: return ends([0xC2, 0xBB])                                 // « … »
    case 0xE2: return ends([0xE2, 0x80, 0x9D]) || ends([0xE2, 0x80, 0x9C]) // “ … ”, „ … “
    default: return ends([0xE3, 0x80, p[open + 2] + 1])                  // 「 … 」, 『 … 』
    }
}

/// Where an opening quote mark at `i` ends ('"', '\'', «, “, „, 「, 『), or nil.
func openingQuoteEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int? {
    guard i < n else { return nil }
    let c = p[i]
    if c == 0x22 || c == 0x27 { return i + 1 }
    if c == 0xC2, i + 1 < n, p[i + 1] == 0xAB { return i + 2 }
    if c == 0xE2, i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0x9C || p[i + 2] == 0x9E { return i + 3 }
    if c == 0xE3, i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0x8C || p[i + 2] == 0x8E { return i + 3 }
    return nil
}

/// Exchange 2003's form of a remote reply, "<mx.example.net #5.0.0 smtp;554 5.7.1 …>" (the MX's name may
/// be missing: "< #5.0.0 smtp;…>"), as its NDRs write it inside "Remote Server returned '…'" or after the
/// recipient ("user@example.net#< #5.0.0 smtp;554 …>#SMTP#"): the reply inside and the MX's name, or nil.
/// The '<' comes within 300 bytes of `from`, the "smtp;" right after the status code.
func exchangeLegacyReply(_ p: UnsafePointer<UInt8>, from s: Int, to e: Int) -> (reply: Range<Int>, host: Range<Int>?)? {
    let lim = min(e, s + 300)
    // '#' is rare in a reply: no scan for '<' without one
    guard lim - s > 12, var hash = Scan.index(of: 0x23, p, from: s + 1, to: lim) else { return nil }
    while true {
        // "<", the MX's name (or nothing), blanks, "#", a status code, blanks, "smtp;"
        var j = hash
        while j > s, p[j - 1] == 0x20 { j -= 1 }
        let nameEnd = j
        while j > s, Scan.isAlnum(p[j - 1]) || p[j - 1] == 0x2D || p[j - 1] == 0x2E || p[j - 1] == 0x5F { j -= 1 }
        let nameStart = j
        while j > s, p[j - 1] == 0x20 { j -= 1 }
        if j > s, p[j - 1] == 0x3C {
            var k = hash + 1
            var dots = 0, digits = 0
            while k < e, Scan.isDigit(p[k]) || (p[k] == 0x2E && digits > 0) {
                if p[k] == 0x2E { dots += 1; digits = 0 } else { digits += 1 }
                k += 1
            }
            if dots == 2, digits > 0, p[hash + 1] == 0x34 || p[hash + 1] == 0x35 {
                while k < e, p[k] == 0x20 { k += 1 }
                if k + 5 <= e, (p[k] | 0x20) == 0x73, (p[k + 1] | 0x20) == 0x6D, (p[k + 2] | 0x20) == 0x74,
                   (p[k + 3] | 0x20) == 0x70, p[k + 4] == 0x3B {
                    var rs = k + 5
                    while rs < e, p[rs] == 0x20 { rs += 1 }
                    var re = e
                    func trimBlanks() { while re > rs, p[re - 1] == 0x20 || p[re - 1] == 0x0A || p[re - 1] == 0x0D || p[re - 1] == 0x09 { re -= 1 } }
                    trimBlanks()
                    if re - rs > 6, p[re - 1] == 0x23, (p[re - 2] | 0x20) == 0x70, (p[re - 3] | 0x20) == 0x74, (p[re - 4] | 0x20) == 0x6D,
                       (p[re - 5] | 0x20) == 0x73, p[re - 6] == 0x23 { re -= 6; trimBlanks() }
                    if re > rs, p[re - 1] == 0x3E { re -= 1 }
                    return (rs..<re, nameEnd > nameStart ? nameStart..<nameEnd : nil)
                }
            }
        }
        guard let next = Scan.index(of: 0x23, p, from: hash + 1, to: lim) else { return nil }
        hash = next
    }
}

/// The host name a wrapper writes at `from` (letters, digits, '-', '_', '.'), without the full stop(s)
/// that end a fully qualified name or a sentence ("mx.example.net.:", "mx.example.net. [ip]"); nil when
/// there is none before `to`.
private func hostName(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Range<Int>? {
    var e = from
    while e < to, Scan.isAlnum(p[e]) || p[e] == 0x2D || p[e] == 0x5F || p[e] == 0x2E { e += 1 }
    while e > from, p[e - 1] == 0x2E { e -= 1 }
    return e > from ? from..<e : nil
}

/// Where the reply starts after Exim's "SMTP error from remote mail server after <command>:" (`from` just after
/// "after "): past the first ':' followed by a blank — a space, or in a bounce message's body a line break and the
/// reply's indentation ("RCPT TO:<a@b>:\n    550 …"; the ':' of "TO:<" is followed by no blank) — and the blanks
/// after it. Nil when there is none.
func eximReplyStart(_ p: UnsafePointer<UInt8>, from: Int, end n: Int) -> Int? {
    var c = from
    while c + 1 < n && !(p[c] == 0x3A && isBlankByte(p[c + 1])) { c += 1 }
    return c + 1 < n ? skipBlanks(p, from: c + 1, end: n) : nil
}

/// A space, a tab or a line break: what a bounce message puts where a log line has one space.
@inline(__always) func isBlankByte(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

/// The first position at or after `from` that holds no blank (or `n`).
@inline(__always) func skipBlanks(_ p: UnsafePointer<UInt8>, from: Int, end n: Int) -> Int {
    var k = from
    while k < n && isBlankByte(p[k]) { k += 1 }
    return k
}

/// Where Postfix's reply starts when `phrase` ("said", "refused to talk to me") follows the ']' at `close` of "host
/// NAME[ADDR]" after a blank, then ':' (or, with `periodToo`, '.') and a blank — a line break too where a bounce message
/// wrapped it ("…[66.102.1.27]\nsaid: 550 …", "said:\n    553 …", "…]\nrefused to talk to me: …"; session 19); nil otherwise.
func postfixReply(_ p: UnsafePointer<UInt8>, close: Int, end n: Int, phrase: StaticString, periodToo: Bool = false) -> Int? {
    guard close + 1 < n, isBlankByte(p[close + 1]) else { return nil }
    let k = skipBlanks(p, from: close + 1, end: n), m = phrase.utf8CodeUnitCount
    guard k + m + 1 < n, Scan.has(phrase, p, at: k, end: n), p[k + m] == 0x3A || (periodToo && p[k + m] == 0x2E),
          isBlankByte(p[k + m + 1]) else { return nil }
    return skipBlanks(p, from: k + m + 1, end: n)
}

/// After Exim's "SMTP error from remote mail server after ...: ", its bounce message (and older
/// logs) name the MX next, "host mx.example [192.0.2.1]: " (or ":" and a line break in a bounce message): the position after that
/// and its blanks, or `at`.
/// Shared by `mtaWrapper` and the listed-IP finder, so the MX address is never taken as listed.
func skipEximHost(_ p: UnsafePointer<UInt8>, at s: Int, end n: Int) -> Int {
    guard Scan.has("host ", p, at: s, end: n) else { return s }
    let space = Scan.find("]: ", p, from: s + 5, to: min(n, s + 300)), lineBreak = Scan.find("]:\n", p, from: s + 5, to: min(n, s + 300))
    guard let close = space.map({ min($0, lineBreak ?? $0) }) ?? lineBreak else { return s }
    return skipBlanks(p, from: close + 3, end: n)
}

/// Start of the last occurrence of a needle in [from, to).
func lastIndex(of needle: StaticString, _ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
    let n = needle.utf8CodeUnitCount
    var i = to - n
    while i >= from {
        if memcmp(p + i, needle.utf8Start, n) == 0 { return i }
        i -= 1
    }
    return nil
}

/// Lower-case; letters, digits and inner dots kept (zone names), anything else becomes one '-'.
func slugify(_ s: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count)
    for c in s.utf8 {
        let l = asciiLowerTable[Int(c)]
        if (l >= 0x61 && l <= 0x7A) || (l >= 0x30 && l <= 0x39) || (l == 0x2E && !out.isEmpty && out.last != 0x2E) { out.append(l) }
        else if !out.isEmpty && out.last != 0x2D { out.append(0x2D) }
    }
    while let last = out.last, last == 0x2D || last == 0x2E { out.removeLast() }
    return String(decoding: out, as: UTF8.self)
}

/// A captured domain without surrounding dots and spaces.
func trimmingDotsAndSpaces(_ s: String) -> String {
    let u = Array(s.utf8)
    var lo = 0, hi = u.count
    while lo < hi && (u[lo] == 0x2E || u[lo] == 0x20) { lo += 1 }
    while hi > lo && (u[hi - 1] == 0x2E || u[hi - 1] == 0x20) { hi -= 1 }
    return lo == 0 && hi == u.count ? s : String(decoding: u[lo..<hi], as: UTF8.self)
}

extension String {
    /// Every occurrence of `target` replaced by `value`, byte-wise (templates such as
    /// `{ip}` in delist URLs; no Foundation on the classification path).
    func replacingAll(_ target: StaticString, with value: String) -> String {
        let t = UnsafeBufferPointer(start: target.utf8Start, count: target.utf8CodeUnitCount)
        let s = Array(utf8)
        guard !t.isEmpty, s.count >= t.count else { return self }
        var out: [UInt8] = []
        var i = 0
        var changed = false
        while i < s.count {
            if i + t.count <= s.count && s[i] == t[0] && s[i..<(i + t.count)].elementsEqual(t) {
                if !changed { out.reserveCapacity(s.count + value.utf8.count); out.append(contentsOf: s[0..<i]); changed = true }
                out.append(contentsOf: value.utf8)
                i += t.count
            } else {
                if changed { out.append(s[i]) }
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : self
    }
}

/// Validates and normalises an IP captured from text; nil when it is not a
/// usable listed address (not an IP, or a 127/8 DNSBL return code).
public func normalizeIP(_ raw: String) -> String? {
    var s = raw
    return s.withUTF8 { normalizeIP(bytes: UnsafeRawBufferPointer($0)) }
}

/// `normalizeIP` on bytes: surrounding brackets, quotes and punctuation trimmed; an IPv4
/// address as dotted decimal without leading zeros, an IPv6 address lower-cased.
func normalizeIP(bytes raw: UnsafeRawBufferPointer) -> String? {
    @inline(__always) func trimmed(_ c: UInt8) -> Bool {
        switch c {
        case 0x5B, 0x5D, 0x28, 0x29, 0x20, 0x2C, 0x3B, 0x3C, 0x3E, 0x22, 0x27: return true   // [ ] ( ) space , ; < > " '
        default: return false
        }
    }
    var lo = 0, hi = raw.count
    while lo < hi && trimmed(raw[lo]) { lo += 1 }
    while hi > lo && trimmed(raw[hi - 1]) { hi -= 1 }
    var colons = 0
    for k in lo..<hi where raw[k] == 0x3A { colons += 1 }
    if colons > 0 {
        // IPv6: hex groups and colons (an embedded IPv4 tail allowed), written the one way RFC 5952 asks
        // (lower case, no leading zeros, the longest run of zero groups as "::"), so "2001:DB8:0:0:0:0:0:1F"
        // and "2001:db8::1f" are one address. A colon that ends a sentence ("ip=2001:db8::1: …") is not
        // the address's.
        if hi - lo > 2, raw[hi - 1] == 0x3A, raw[hi - 2] != 0x3A { hi -= 1; colons -= 1 }
        let n = hi - lo
        guard n >= 2, n <= 45, colons >= 2 else { return nil }
        var text = [CChar](repeating: 0, count: n + 1)
        for k in 0..<n {
            let c = raw[lo + k]
            guard ListedIPFinder.isHex(c) || c == 0x3A || c == 0x2E else { return nil }
            text[k] = CChar(bitPattern: c)
        }
        var addr = in6_addr()
        guard inet_pton(AF_INET6, text, &addr) == 1 else { return nil }
        // an IPv4 address written as IPv6 by a dual-stack socket ("::ffff:192.0.2.1", Courier, Exim) is that
        // IPv4 address
        let bytes = withUnsafeBytes(of: addr) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            guard bytes[12] != 127, bytes[12] != 0 else { return nil }
            return "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])"
        }
        var out = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &addr, &out, socklen_t(INET6_ADDRSTRLEN)) != nil else { return nil }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    // IPv4: four dot-separated decimal parts of 1-3 digits, each at most 255.
    var octets: (Int, Int, Int, Int) = (0, 0, 0, 0)
    var part = 0, value = 0, digits = 0
    for k in lo...hi {
        let c: UInt8 = k < hi ? raw[k] : 0x2E
        if c == 0x2E {
            guard digits > 0, value <= 255, part < 4 else { return nil }
            switch part { case 0: octets.0 = value; case 1: octets.1 = value; case 2: octets.2 = value; default: octets.3 = value }
            part += 1; value = 0; digits = 0
        } else {
            guard Scan.isDigit(c), digits < 3 else { return nil }
            value = value * 10 + Int(c - 0x30)
            digits += 1
        }
    }
    guard part == 4, octets.0 != 127, octets.0 != 0 else { return nil }
    return "\(octets.0).\(octets.1).\(octets.2).\(octets.3)"
}

/// Finds the first enhanced status code (RFC 3463) `c.s.d` with c in {2,4,5}.
func findEnhancedCode(_ t: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
    let n = t.count
    var i = 0
    while i + 4 < n {
        let c = t[i]
        if (c == 0x32 || c == 0x34 || c == 0x35) && t[i + 1] == 0x2E && (i == 0 || !(Scan.isDigit(t[i - 1]) || t[i - 1] == 0x2E)),
           let p = parseEnhancedCode(t, at: i) {
            let j = p.end
            if j == n || !(Scan.isDigit(t[j]) || (t[j] == 0x2E && j + 1 < n && Scan.isDigit(t[j + 1]))) {
                return (Int(c - 0x30), p.subject, p.detail)
            }
        }
        i += 1
    }
    return nil
}

/// Category of an enhanced status code (RFC 3463, RFC 7372, RFC 8098 registry).
func categoryForDSN(_ cls: Int, _ subject: Int, _ detail: Int) -> Category? {
    guard cls == 4 || cls == 5 else { return nil }
    switch (subject, detail) {
    case (1, 1), (1, 6), (1, 10), (2, 1), (7, 13): return .userUnknown
    case (1, 2), (1, 8), (4, 3), (4, 4), (7, 25): return .dns
    case (2, 2): return .mailboxFull
    case (2, 3), (3, 4): return .size
    case (4, _): return .network
    case (5, 3): return .rateLimit
    case (7, 28): return .rateLimit
    case (7, 8), (7, 20), (7, 21), (7, 22), (7, 23), (7, 24), (7, 26), (7, 27): return .auth
    case (7, 10), (7, 11), (7, 5), (7, 4): return .tls
    case (7, 1), (7, 0), (7, 14): return .policy
    case (1, 7): return .policy
    default: return nil
    }
}

/// A monotonic clock in nanoseconds (`patterns profile`).
func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
