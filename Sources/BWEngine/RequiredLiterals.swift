#if canImport(Glibc)
import Glibc
#endif

/// The literals that every match of a regex must contain, read from the pattern: a prefilter for regexes that
/// are not rules (the `unless` guards), whose long alternations were tried at every position of every text
/// a rule had matched (session 21: more than half the cost of a distinct listing text was one guard).
///
/// `requiredLiterals` returns a set of ASCII case-folded byte strings, each at least `minLength` long, such that
/// a text with a match contains at least one of them (compared case-folded, as the rules' prefilter compares);
/// nil when the pattern does not show such a set. It reads PCRE2 syntax: groups and alternatives (a union of
/// the alternatives' sets), quantifiers (an optional item requires nothing; a repeated character ends a run),
/// character classes, escapes, extended mode's white space and comments (also switched by `(?x)` inside the
/// pattern), look-arounds and assertions (they consume nothing, so the characters around them are adjacent).
/// What it cannot read (a back reference, a conditional, a non-ASCII character) requires nothing: the answer
/// is always sound, at worst less selective.
func requiredLiterals(_ pattern: String, extended: Bool = false, minLength: Int = 3) -> [String]? {
    var scan = LiteralScan(s: Array(pattern.utf8), minLength: minLength)
    var ext = extended
    guard let set = scan.alternation(&ext), scan.i == scan.s.count else { return nil }
    return set.map { String(decoding: $0, as: UTF8.self) }.sorted()
}

/// Whether one alternative of a pattern depends on the others: it refers to groups by number or name (back
/// references, recursion, conditionals) or sets options that would carry into the alternatives after it. Such
/// alternatives cannot be compiled apart.
func refersToGroups(_ pattern: String, extended: Bool) -> Bool {
    var scan = LiteralScan(s: Array(pattern.utf8), minLength: 1)
    var ext = extended
    _ = scan.alternation(&ext)
    return scan.refersToGroups || scan.setsOptions
}

/// In how many refusals of a small table of the words refusals are made of a (lower-case) literal occurs: 0 for
/// a literal that gates well.
func literalCommonness(_ literal: String) -> Int { LiteralScan.commonness(Array(literal.utf8)) }

private struct LiteralScan {
    let s: [UInt8]
    var i = 0
    let minLength: Int
    /// Seen a back reference, a recursion or a conditional.
    var refersToGroups = false
    /// Seen an option setting outside any group's own scope ("(?i)" mid-pattern): it carries into later
    /// alternatives, so they cannot be compiled apart.
    var setsOptions = false

    private enum Atom {
        case char(UInt8)
        case group(Set<[UInt8]>?)
        case zeroWidth
        case other
        case none   // a comment or an option setting: no item at all
    }

    private func at(_ k: Int) -> UInt8 { k < s.count ? s[k] : 0 }
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C }
    private static func isAlnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) }

    /// Alternatives up to an unbalanced ')' or the end: the union of their sets (nil if one has none).
    /// Option settings carry from one alternative into the next, as in PCRE2.
    mutating func alternation(_ ext: inout Bool) -> Set<[UInt8]>? {
        var result: Set<[UInt8]>? = []
        while true {
            let seq = sequence(&ext)
            if let q = seq, let r = result { result = r.union(q) } else { result = nil }
            guard at(i) == UInt8(ascii: "|") else { break }
            i += 1
        }
        return result
    }

    private mutating func skipSpaceAndComments(_ ext: Bool) {
        guard ext else { return }
        while i < s.count {
            if Self.isSpace(s[i]) { i += 1; continue }
            if s[i] == UInt8(ascii: "#") {
                while i < s.count && s[i] != 0x0A { i += 1 }
                continue
            }
            break
        }
    }

    /// One alternative: the best of the sets it requires (its literal runs and its required groups' sets).
    private mutating func sequence(_ ext: inout Bool) -> Set<[UInt8]>? {
        var candidates: [Set<[UInt8]>] = []
        var run: [UInt8] = []
        func flush() {
            if run.count >= minLength { candidates.append([run]) }
            run = []
        }
        while true {
            skipSpaceAndComments(ext)
            guard i < s.count, s[i] != UInt8(ascii: "|"), s[i] != UInt8(ascii: ")") else { break }
            let atom = self.atom(&ext)
            if case .none = atom { continue }
            let minCount = quantifier(ext)
            switch atom {
            case .char(let c):
                if minCount == 0 { flush() } else {
                    run.append(c >= 0x41 && c <= 0x5A ? c + 32 : c)
                    if minCount != nil { flush() }   // repeated: what follows is not adjacent
                }
            case .group(let set):
                flush()
                if let set, minCount != 0 { candidates.append(set) }
            case .zeroWidth, .none:
                break
            case .other:
                flush()
            }
        }
        flush()
        // The most selective: the fewest of its literals among the words refusals are made of, then the longest
        // shortest literal, then the fewest literals.
        let scored = candidates.map { set in
            (set: set, common: set.reduce(0) { $0 + Self.commonness($1) }, shortest: set.map(\.count).min() ?? 0)
        }
        return scored.min { a, b in
            if a.common != b.common { return a.common < b.common }
            return a.shortest != b.shortest ? a.shortest > b.shortest : a.set.count < b.set.count
        }?.set
    }

    /// In how many of `common`'s lines a literal occurs.
    static func commonness(_ literal: [UInt8]) -> Int {
        literal.withUnsafeBufferPointer { lit in
            common.withUnsafeBufferPointer { text in
                guard let l = lit.baseAddress, let t = text.baseAddress, lit.count > 0 else { return 0 }
                var n = 0, k = 0
                while k + lit.count <= text.count {
                    guard let hit = memchr(t + k, Int32(l[0]), text.count - lit.count + 1 - k) else { break }
                    let at = t.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(t + at, l, lit.count) == 0 {
                        n += 1
                        // on to the next line
                        guard let eol = memchr(t + at, 0x0A, text.count - at) else { break }
                        k = t.distance(to: eol.assumingMemoryBound(to: UInt8.self)) + 1
                    } else {
                        k = at + 1
                    }
                }
                return n
            }
        }
    }

    /// What the texts a guard is tried on are made of: refusals, mostly listings, as the large receivers and the
    /// lists word them (written for this table, documentation addresses). A literal found in them would let its
    /// alternatives run on most texts.
    private static let common: [UInt8] = [
        "554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.5",
        "host mx.example.net[198.51.100.7] said: 550 5.7.1 Rejected: 203.0.113.5 listed at bl.spamcop.net (in reply to RCPT TO command)",
        "SMTP error from remote mail server after RCPT TO:<user@example.com>: 550 Mail from 203.0.113.5 refused - see http://www.spamcop.net/bl.shtml?203.0.113.5",
        "554 Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.",
        "550 5.7.606 Access denied, banned sending IP [203.0.113.5]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)",
        "550 5.7.1 Unfortunately, messages from [203.0.113.5] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
        "421 4.7.0 [TSS04] Messages from 203.0.113.5 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
        "553 5.7.1 [BL21] Connections will not be accepted from 203.0.113.5, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes",
        "550 5.7.1 Service unavailable; client [203.0.113.5] blocked using Barracuda Reputation, see http://www.barracudanetworks.com/reputation/?r=1&ip=203.0.113.5",
        "554 5.7.1 Rejected 203.0.113.5 found in dnsbl-1.uceprotect.net, see http://www.uceprotect.net/rblcheck.php?ipr=203.0.113.5",
        "421 4.7.0 Our system has detected an unusual rate of unsolicited mail originating from your IP address. Mail sent from your IP address has been temporarily rate limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines.",
        "Diagnostic-Code: smtp; 550 5.7.1 Connection rejected by policy [7.7] 203.0.113.5, please visit www.messagelabs.com/support for more details about this error message.",
        "550 Rejected - IP 203.0.113.5 is listed by the RBL of Mimecast. https://community.mimecast.com/docs/DOC-1369#550 [abc123]",
        "554 5.7.1 Message blocked due to spam content in the message.",
        "550 5.1.1 <user@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
        "554 5.7.1 Client host rejected: cannot find your reverse hostname, [203.0.113.5]",
        "451 4.7.1 Greylisting in action, please come back later",
        "550 5.7.1 SPF check failed: 203.0.113.5 is not allowed to send mail from example.com",
        "554 IP=203.0.113.5 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)",
        "550 5.7.0 Local Policy Violation - Your IP address 203.0.113.5 is on the Sophos block list",
        "554 5.7.1 Your IP 203.0.113.5 is in RBL, please check https://mxtoolbox.com/blacklists.aspx",
        "Remote server returned '550 5.7.1 Sender IP address 203.0.113.5 is blacklisted by DNSBL server b.barracudacentral.org'",
        "521 5.7.1 Your server 203.0.113.5 has been blocked. The server is listed in a DNS-based blacklist (bl.mailspike.net)",
        "550 5.7.1 Message rejected because of unacceptable content or reputation. Contact the administrator for details.",
    ].joined(separator: "\n").utf8.map { asciiLowerTable[Int($0)] }

    /// A quantifier after an item: nil when there is none, else its least count.
    private mutating func quantifier(_ ext: Bool) -> Int? {
        skipSpaceAndComments(ext)
        let c = at(i)
        var least: Int
        switch c {
        case UInt8(ascii: "?"), UInt8(ascii: "*"): least = 0; i += 1
        case UInt8(ascii: "+"): least = 1; i += 1
        case UInt8(ascii: "{"):
            // {n}, {n,}, {n,m}, {,m}; anything else is a literal '{'
            var k = i + 1
            var digits = 0, n = 0
            while Self.isDigit(at(k)) { n = min(n * 10 + Int(at(k) - 0x30), 100_000); k += 1; digits += 1 }
            var upperDigits = 0
            if at(k) == UInt8(ascii: ",") {
                k += 1
                while Self.isDigit(at(k)) { k += 1; upperDigits += 1 }
            }
            guard at(k) == UInt8(ascii: "}"), digits + upperDigits > 0 else { return nil }
            least = digits > 0 ? n : 0
            i = k + 1
        default:
            return nil
        }
        if at(i) == UInt8(ascii: "?") || at(i) == UInt8(ascii: "+") { i += 1 }   // lazy, possessive
        return least
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Skips to just after the byte `close` (for names and braces).
    private mutating func skip(past close: UInt8) {
        while i < s.count && s[i] != close { i += 1 }
        if i < s.count { i += 1 }
    }

    private mutating func atom(_ ext: inout Bool) -> Atom {
        let c = s[i]
        switch c {
        case UInt8(ascii: "\\"):
            return escape()
        case UInt8(ascii: "["):
            characterClass()
            return .other
        case UInt8(ascii: "("):
            return group(&ext)
        case UInt8(ascii: "."):
            i += 1
            return .other
        case UInt8(ascii: "^"), UInt8(ascii: "$"):
            i += 1
            return .zeroWidth
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            i += 1
            return .other
        default:
            if c >= 0x80 {   // a non-ASCII character: its case variants are other bytes
                i += 1
                while i < s.count && s[i] & 0xC0 == 0x80 { i += 1 }
                return .other
            }
            i += 1
            return .char(c)
        }
    }

    private mutating func escape() -> Atom {
        i += 1
        guard i < s.count else { return .other }
        let e = s[i]
        i += 1
        if e >= 0x80 {
            while i < s.count && s[i] & 0xC0 == 0x80 { i += 1 }
            return .other
        }
        guard Self.isAlnum(e) else { return .char(e) }   // "\." "\ " "\/" "\$": the character itself
        switch e {
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "A"), UInt8(ascii: "z"), UInt8(ascii: "Z"),
             UInt8(ascii: "G"), UInt8(ascii: "K"), UInt8(ascii: "E"):
            return .zeroWidth
        case UInt8(ascii: "Q"):   // quoted until \E: read as no literal
            while i + 1 < s.count && !(s[i] == UInt8(ascii: "\\") && s[i + 1] == UInt8(ascii: "E")) { i += 1 }
            i = min(s.count, i + 2)
            return .other
        case UInt8(ascii: "p"), UInt8(ascii: "P"), UInt8(ascii: "x"), UInt8(ascii: "o"), UInt8(ascii: "N"):
            if at(i) == UInt8(ascii: "{") { skip(past: UInt8(ascii: "}")) } else if e == UInt8(ascii: "p") || e == UInt8(ascii: "P") { i += 1 } else if e == UInt8(ascii: "x") {
                var k = 0
                while k < 2 && Self.isHex(at(i)) { i += 1; k += 1 }
            }
            return .other
        case UInt8(ascii: "c"):
            i += 1
            return .other
        case UInt8(ascii: "g"), UInt8(ascii: "k"):
            refersToGroups = true
            switch at(i) {
            case UInt8(ascii: "{"): skip(past: UInt8(ascii: "}"))
            case UInt8(ascii: "<"): skip(past: UInt8(ascii: ">"))
            case UInt8(ascii: "'"): i += 1; skip(past: UInt8(ascii: "'"))
            default: while at(i) == UInt8(ascii: "-") || at(i) == UInt8(ascii: "+") || Self.isDigit(at(i)) { i += 1 }
            }
            return .other
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            refersToGroups = true
            while Self.isDigit(at(i)) { i += 1 }
            return .other
        default:   // \d \s \w \h \v \R \X \n \t \0 …: no literal
            return .other
        }
    }

    private static func isHex(_ c: UInt8) -> Bool { isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) }

    private mutating func characterClass() {
        i += 1
        if at(i) == UInt8(ascii: "^") { i += 1 }
        if at(i) == UInt8(ascii: "]") { i += 1 }
        while i < s.count && s[i] != UInt8(ascii: "]") {
            if s[i] == UInt8(ascii: "\\") { i += 2; continue }
            if s[i] == UInt8(ascii: "["), at(i + 1) == UInt8(ascii: ":") {   // [:alpha:]
                var k = i + 2
                while k + 1 < s.count && !(s[k] == UInt8(ascii: ":") && s[k + 1] == UInt8(ascii: "]")) && s[k] != UInt8(ascii: "]") { k += 1 }
                if k + 1 < s.count && s[k] == UInt8(ascii: ":") { i = k + 2; continue }
            }
            i += 1
        }
        if i < s.count { i += 1 }
    }

    /// The inside of a group up to its ')', with the group's own copy of the options.
    private mutating func inner(_ ext: Bool) -> Set<[UInt8]>? {
        var local = ext
        let set = alternation(&local)
        if at(i) == UInt8(ascii: ")") { i += 1 }
        return set
    }

    private mutating func group(_ ext: inout Bool) -> Atom {
        i += 1   // '('
        if at(i) == UInt8(ascii: "*") {   // a verb "(*SKIP)" or "(*pla:" …
            var k = i + 1
            while Self.isAlnum(at(k)) || at(k) == UInt8(ascii: "_") { k += 1 }
            if at(k) == UInt8(ascii: ":") && k > i + 1 && (at(i + 1) | 0x20) == at(i + 1) {
                i = k + 1
                _ = inner(ext)
                return .other
            }
            skip(past: UInt8(ascii: ")"))
            return .zeroWidth
        }
        guard at(i) == UInt8(ascii: "?") else { return .group(inner(ext)) }   // a capturing group
        i += 1
        let c = at(i)
        switch c {
        case UInt8(ascii: "#"):
            skip(past: UInt8(ascii: ")"))
            return .none
        case UInt8(ascii: ":"), UInt8(ascii: "|"), UInt8(ascii: ">"):
            i += 1
            return .group(inner(ext))
        case UInt8(ascii: "="), UInt8(ascii: "!"):
            i += 1
            _ = inner(ext)
            return .zeroWidth
        case UInt8(ascii: "<"):
            if at(i + 1) == UInt8(ascii: "=") || at(i + 1) == UInt8(ascii: "!") {
                i += 2
                _ = inner(ext)
                return .zeroWidth
            }
            skip(past: UInt8(ascii: ">"))   // (?<name>
            return .group(inner(ext))
        case UInt8(ascii: "'"):
            i += 1
            skip(past: UInt8(ascii: "'"))
            return .group(inner(ext))
        case UInt8(ascii: "P"):
            if at(i + 1) == UInt8(ascii: "<") {
                i += 1
                skip(past: UInt8(ascii: ">"))
                return .group(inner(ext))
            }
            refersToGroups = true   // (?P>name) (?P=name)
            skip(past: UInt8(ascii: ")"))
            return .other
        case UInt8(ascii: "("):   // a conditional
            refersToGroups = true
            var depth = 0
            while i < s.count {
                if s[i] == UInt8(ascii: "\\") { i += 2; continue }
                if s[i] == UInt8(ascii: "(") { depth += 1 }
                if s[i] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { i += 1; break } }
                i += 1
            }
            _ = inner(ext)
            return .other
        case UInt8(ascii: "C"):
            skip(past: UInt8(ascii: ")"))
            return .zeroWidth
        case UInt8(ascii: "R"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            refersToGroups = true
            skip(past: UInt8(ascii: ")"))
            return .other
        case UInt8(ascii: "-") where Self.isDigit(at(i + 1)):
            refersToGroups = true
            skip(past: UInt8(ascii: ")"))
            return .other
        default:
            // options: (?x) (?i-x) (?^) for the rest of the group, or (?x: … ) for a group of its own
            var on = true
            var newExt = ext
            while i < s.count {
                let o = s[i]
                if o == UInt8(ascii: "-") { on = false } else if o == UInt8(ascii: "^") { newExt = false } else if o == UInt8(ascii: "x") { newExt = on } else if !Self.isAlnum(o) { break }
                i += 1
            }
            if at(i) == UInt8(ascii: ":") {
                i += 1
                return .group(inner(newExt))
            }
            if at(i) == UInt8(ascii: ")") { i += 1 }
            ext = newExt
            setsOptions = true
            return .none
        }
    }
}
