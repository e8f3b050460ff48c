// Finds the address a blocklist refusal says is listed, for rules whose regex
// does not capture it. Runs once per distinct text (verdicts are cached).
//
// The MTA's own wrapper is skipped first (Postfix "host mx[ip] said: ",
// Exim "SMTP error from remote mail server after RCPT TO:<x>: "), so the
// remote MX address is never taken. Reversed DNSBL query names
// (4.3.2.1.zen.spamhaus.org) and 127/8 return codes are never taken.
// Nor is the MX qmail names ("Giving up on ip", "ip does not like recipient", "Connected to ip").
// Among the remaining addresses, one in a listing context wins:
// `[ip]`, `ip=`, `?ip`, `/ip/`, `IP ip`, `from ip`, `address ip`.

#if canImport(Glibc)
import Glibc
#endif

enum ListedIPFinder {
    /// First occurrence of a lower-case needle in the case-folded text, at or after `from`.
    static func indexOf(_ needle: StaticString, in folded: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        guard from >= 0, folded.count > 0 else { return nil }
        return Scan.find(needle, folded.baseAddress!.assumingMemoryBound(to: UInt8.self), from: from, to: folded.count)
    }

    /// Whether an IPv4 address (four dotted numbers) is written from `from` on (`forward`), or ends at `from` (reading
    /// back to `end`).
    static func ipv4Bounds(_ f: UnsafePointer<UInt8>, from: Int, end: Int, forward: Bool) -> Bool {
        var k = from, dots = 0, digits = 0
        while forward ? k < end : k >= end {
            let c = f[k]
            if Scan.isDigit(c) { digits += 1 } else if c == 0x2E { dots += 1 } else { break }
            k += forward ? 1 : -1
        }
        return dots == 3 && digits >= 4
    }

    /// Last occurrence of a lower-case needle in the case-folded text that starts at or after `from` and before `before`.
    static func lastIndexOf(_ needle: StaticString, in folded: UnsafeRawBufferPointer, before: Int, from: Int) -> Int? {
        var at = from, last: Int? = nil
        while let k = indexOf(needle, in: folded, from: at), k < before { last = k; at = k + 1 }
        return last
    }

    static func isHex(_ c: UInt8) -> Bool { Scan.isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) }
    static func isWordish(_ c: UInt8) -> Bool { Scan.isAlnum(c) || c == 0x2E || c == 0x2D || c == 0x5F }

    /// Start of the remote site's own words (searched in the case-folded text).
    static func bodyStart(_ folded: UnsafeRawBufferPointer) -> Int {
        var start = 0
        // Postfix's "said:" (also wrapped by a bounce message: "…[66.102.1.27]\nsaid: 550 …", "said:\n    553 …")
        if let r = replyAfter("said:", in: folded, from: 0, before: 300) { start = r }
        if let e = indexOf("smtp error from remote mail server after ", in: folded, from: start) {
            // the reply after the command's ':' and a blank or, in a bounce message's body, a line break (session 19)
            let f = folded.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if let r = eximReplyStart(f, from: e + 41, end: folded.count) {
                start = max(start, skipEximHost(f, at: r, end: folded.count))
            }
        }
        // Postfix's "host mx[ip] refused to talk to me: " and the MX frame of Exim's and other bounces, "host
        // mx.example.com [198.51.100.7]: 554 …" (also without "host"): a host name, its bracketed address, ": " and a
        // reply code — or its address in parentheses, as delivery logs write it ("via mx2.example.net (203.0.113.52):
        // 550 …", session 17). That address is the MX's own, never the listed one.
        if let r = replyAfter("refused to talk to me:", in: folded, from: start, before: 400) { start = max(start, r) }
        let f = folded.baseAddress!.assumingMemoryBound(to: UInt8.self)
        for close in mxFrameCloses {
            if let c = indexOf(close, in: folded, from: start), c < start + 300, let frame = mxFrame(f, count: folded.count, close: c),
               // (session 20, review-20c) not a receiving log's client ("NOQUEUE: reject: RCPT from mail.example.com[ip]: 550 …")
               !(frame.name >= 5 && Scan.has("from ", f, at: frame.name - 5, end: folded.count)) {
                return frame.end
            }
        }
        return start
    }

    /// After the first `phrase` (it ends in ':') that starts at or after `from` and before `limit` with a blank (a line
    /// break too) on both sides: where the reply starts, its blanks skipped; nil when there is none.
    static func replyAfter(_ phrase: StaticString, in folded: UnsafeRawBufferPointer, from: Int, before limit: Int) -> Int? {
        let f = folded.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let n = folded.count, m = phrase.utf8CodeUnitCount
        var at = from
        while let k = indexOf(phrase, in: folded, from: at), k < limit {
            at = k + m
            guard k > 0, isBlankByte(f[k - 1]), k + m < n, isBlankByte(f[k + m]) else { continue }
            return skipBlanks(f, from: k + m, end: n)
        }
        return nil
    }

    /// The ends of an MX frame's address before its reply, tried in this order by `bodyStart`.
    static let mxFrameCloses: [StaticString] = ["]: ", "): ", "]:\n", "):\n"]

    /// "<host name> [<address>]: <4xx/5xx>" around the "]" at `close` of its "]: ": where the host name starts and
    /// where the reply after ": " starts; nil when the text there is not that frame. The name is letters, digits, '-'
    /// and dots, with a dot in it (a blank may stand before the bracket); the bracket holds up to 45 hex digits, dots
    /// and colons. The MX's frame of Exim's and other bounces, read by `mtaWrapperOnce` and `bodyStart`; `bodyStart`
    /// also reads it with parentheses, "<host name> (<address>): <4xx/5xx>" (MDaemon's and other MTAs' delivery logs).
    static func mxFrame(_ f: UnsafePointer<UInt8>, count n: Int, close c: Int) -> (name: Int, end: Int)? {
        // a reply code after ": "
        guard c + 6 <= n, f[c + 3] == 0x34 || f[c + 3] == 0x35, Scan.isDigit(f[c + 4]), Scan.isDigit(f[c + 5]),
              c + 6 == n || f[c + 6] == 0x20 || f[c + 6] == 0x2D else { return nil }
        // the bracket's content is an address (digits, dots, hex and colons only)
        var o = c - 1
        while o >= 0 && (isHex(f[o]) || f[o] == 0x2E || f[o] == 0x3A) { o -= 1 }
        guard o >= 1, o < c - 1, c - 1 - o <= 45, f[o] == (f[c] == 0x29 ? 0x28 : 0x5B) else { return nil }
        // a host name right before it (a space between allowed): letters, digits, dots and '-', with a dot in it
        var h = o - 1
        if f[h] == 0x20 { h -= 1 }
        var dot = false
        let nameEnd = h
        while h >= 0 && (Scan.isAlnum(f[h]) || f[h] == 0x2E || f[h] == 0x2D) { if f[h] == 0x2E { dot = true }; h -= 1 }
        guard dot, h < nameEnd else { return nil }
        return (h + 1, c + 3)
    }

    /// Works on the bytes in place: a String is made only for an address that passes.
    /// `folded` is the same text ASCII-lower-cased.
    static func find(in b: UnsafeRawBufferPointer, folded: UnsafeRawBufferPointer) -> String? {
        let start = bodyStart(folded)
        let count = b.count
        // (session 20, independent-26) an address before the remote reply's code belongs to a wrapper the frames above
        // do not know — a bounce template in another language ("Vzdálený server mx [198.51.100.212] odpověděl: 554 …",
        // "198.51.100.157 lehnte die Nachricht ab. Antwort des Remote-Servers: 554 …"), a receiving log's client: it is
        // taken only when the reply names none
        let reply = firstReplyCode(folded, from: start)
        var best: (score: Int, ip: String)? = nil
        var reversedFallback: String? = nil
        var i = start
        while i < count {
            let c = b[i]
            // Candidates start at a digit or hex letter not inside a word.
            guard isHex(c) || c == 0x3A, i == 0 || !isWordish(b[i - 1]) else { i += 1; continue }
            var j = i
            var colons = 0
            while j < count && (isHex(b[j]) || b[j] == 0x2E || b[j] == 0x3A) {
                if b[j] == 0x3A { colons += 1 }
                j += 1
            }
            var tokenEnd = j
            // Trailing punctuation that is not part of an address.
            while tokenEnd > i && (b[tokenEnd - 1] == 0x2E || b[tokenEnd - 1] == 0x3A) {
                if b[tokenEnd - 1] == 0x3A { colons -= 1 }
                tokenEnd -= 1
            }
            defer { i = max(j, i + 1) }
            // A letter, digit, '-' or '_' right after: part of a longer name (reversed query, hostname). A reversed query
            // whose zone starts with a hex letter ("4.3.2.1.bl.spamcop.net") is read below.
            if j < count && (Scan.isAlnum(b[j]) || b[j] == 0x2D || b[j] == 0x5F) {
                if reversedFallback == nil { reversedFallback = reversedQuery(b, folded: folded, from: i, end: count) }
                continue
            }
            // a network in CIDR notation ("198.51.100.0/24 is listed"): a range, not one listed address
            if j + 1 < count && b[j] == 0x2F && Scan.isDigit(b[j + 1]) { continue }
            // "1.2.3.4.zen.spamhaus.org": the token ends with '.' followed by a name — a list's query name, never an
            // address as written; (session 20, independent-27) its reversed address (IPv4, or IPv6's 32 nibbles) is the
            // listed one when the name is a list's and nothing else names an address
            if tokenEnd < j && b[tokenEnd] == 0x2E && j < count && Scan.isAlnum(b[j]) {
                if reversedFallback == nil { reversedFallback = reversedQuery(b, folded: folded, from: i, end: count) }
                continue
            }
            let isV6 = colons > 0
            if isV6 && colons < 2 { continue }
            if !isV6 && nonEmptyParts(b, i, tokenEnd) != 4 { continue }
            guard let ip = normalizeIP(bytes: UnsafeRawBufferPointer(rebasing: b[i..<tokenEnd])) else { continue }
            // Context before the address (in the case-folded text).
            func endsWith(_ suffix: StaticString) -> Bool {
                let m = suffix.utf8CodeUnitCount
                guard i - m >= start else { return false }
                return memcmp(folded.baseAddress! + (i - m), suffix.utf8Start, m) == 0
            }
            // qmail names the MX it gave up on ("Giving up on 192.0.2.1.", "192.0.2.1 does not like
            // recipient.", "Connected to 192.0.2.1 but sender was rejected."), wherever a wrapper left it
            if endsWith("giving up on ") || endsWith("giving_up_on_") || endsWith("connected to ") { continue }
            // (session 20, independent-28) a sending service's field for the MX's address (SES's "remoteMtaIp")
            if endsWith("mtaip=") || endsWith("mtaip\":\"") || endsWith("mtaip\": \"") || endsWith("mta_ip=") { continue }
            let f = folded.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if Scan.has(" does not like recipient", f, at: tokenEnd, end: count) || Scan.has("_does_not_like_recipient", f, at: tokenEnd, end: count) { continue }
            // Postfix's MX where no wrapper was cut ("mx.example.net[192.0.2.1] refused to talk to me:" pasted
            // without its "host ")
            if Scan.has("] said: ", f, at: tokenEnd, end: count) || Scan.has("] refused to talk to me", f, at: tokenEnd, end: count) { continue }
            // (session 22, independent-37) another hop that relays the reply ("Relay mx-in-03.example [192.0.2.14] reports:
            // 550 …"), a greeting's own address ("220 mx.example ESMTP at 198.51.100.250 ready"), the bounds of a range
            // ("203.0.113.128 - 203.0.113.191 is blacklisted"), a header of the returned message ("Received: from
            // exch02.example (192.0.2.33)"): none is the listed address
            if Scan.has("] reports", f, at: tokenEnd, end: count) || Scan.has(") reports", f, at: tokenEnd, end: count)
                || endsWith("esmtp at ") || Scan.has(" ready", f, at: tokenEnd, end: count) { continue }
            if Scan.has(" - ", f, at: tokenEnd, end: count) && ipv4Bounds(f, from: tokenEnd + 3, end: count, forward: true) { continue }
            if i - 3 >= start && Scan.has(" - ", f, at: i - 3, end: count) && ipv4Bounds(f, from: i - 4, end: start, forward: false) { continue }
            if let h = lastIndexOf("received: from ", in: folded, before: i, from: start), i - h < 200,
               Scan.find(";", f, from: h, to: i) == nil { continue }
            // a delivery report's MX field after the reply ("Out Host: mx.example.net [192.0.2.1]", cPanel's Track
            // Delivery; "Target server: …", "mx-host": …): a host name labelled as the MX, then its address
            if (endsWith("[") || endsWith("(")) && labelledMX(f, before: i - 1, start: start) { continue }
            var score = 1
            // (session 20, independent-27) the address the reply itself calls listed ("… it passed through 198.51.100.31,
            // which is listed in zen.spamhaus.org … Received: from relay [203.0.113.250]") wins over a bracketed hop
            if listedAfter(f, at: tokenEnd + (tokenEnd < count && b[tokenEnd] == 0x5D ? 1 : 0), end: count) { score = 5 }
            else if endsWith("[") || endsWith("[ipv6:") { score = 4 }
            else if endsWith("ip=") || endsWith("ip: ") || endsWith("/ip/") || endsWith("ip:") { score = 4 }
            else if endsWith("?") || endsWith("=") || endsWith("/") || afterZoneColon(f, at: i, start: start) { score = 3 }
            else if endsWith("ip ") || endsWith("from ") || endsWith("address ") || endsWith("host ") || endsWith("(") || endsWith("<")
                        || endsWith("< ") || endsWith("-adres ") || endsWith("-adresse ") || endsWith("-adress ") || endsWith("-address ") { score = 2 }
            // a bare colon-hex run is too often a time or a code; an address written with "::" or all
            // eight groups is not
            if isV6 && score < 2 {
                var double = false
                for k in i..<(tokenEnd - 1) where b[k] == 0x3A && b[k + 1] == 0x3A { double = true; break }
                if !(double || colons == 7) { continue }
            }
            if i < reply { score = 0 }
            if best == nil || score > best!.score { best = (score, ip) }
        }
        return best?.ip ?? reversedFallback
    }

    /// Whether the name at `at` (up to the next blank, quote or bracket) is a DNS list's zone: it holds one of the
    /// lists' words (case-folded text).
    static let queryZoneWords: [StaticString] = ["spamhaus", "spamcop", "sorbs", "uceprotect", "barracuda", "rbl", "dnsbl",
        "mailspike", "abusix", "surriel", "spamrats", "senderscore", "manitu", "backscatterer", "dronebl", "abuseat", "bl."]

    static func queryZoneFollows(_ folded: UnsafeRawBufferPointer, at: Int, end: Int) -> Bool {
        var e = at
        while e < end && (isWordish(folded[e])) { e += 1 }
        guard e > at else { return false }
        let f = folded.baseAddress!.assumingMemoryBound(to: UInt8.self)
        return queryZoneWords.contains { w in Scan.find(w, f, from: at, to: e) != nil }
    }

    /// The address a list's reversed query name starting at `from` spells: four decimal labels (IPv4) or 32 one-hex-digit
    /// labels (IPv6), then a list's zone (`queryZoneFollows`: "8.113.0.203.b.barracudacentral.org" → 203.0.113.8); nil when
    /// the name is no such query.
    static func reversedQuery(_ b: UnsafeRawBufferPointer, folded: UnsafeRawBufferPointer, from: Int, end: Int) -> String? {
        // the end of the first `labels` labels of the form `ok`, with a '.' after the last one
        func labels(_ count: Int, _ ok: (UInt8) -> Bool, maxLength: Int) -> Int? {
            var k = from
            for _ in 0..<count {
                let s = k
                while k < end && ok(b[k]) && k - s < maxLength { k += 1 }
                guard k > s, k < end, b[k] == 0x2E else { return nil }
                k += 1
            }
            return k
        }
        // IPv6's nibbles first; the zone starts with a letter ("1.0.0.0.0.…" is no IPv4 query)
        for (n, ok, len) in [(32, isHex as (UInt8) -> Bool, 1), (4, Scan.isDigit as (UInt8) -> Bool, 3)] {
            if let zone = labels(n, ok, maxLength: len), zone < end, folded[zone] &- 0x61 < 26,
               queryZoneFollows(folded, at: zone, end: end) {
                // the labels read backwards: "61.2.0.192" → 192.0.2.61; 32 nibbles → eight groups of four
                let parts = UnsafeRawBufferPointer(rebasing: b[from..<(zone - 1)]).split(separator: 0x2E).reversed()
                    .map { String(decoding: $0, as: UTF8.self) }
                let address = n == 4 ? parts.joined(separator: ".")
                    : stride(from: 0, to: 32, by: 4).map { parts[$0..<($0 + 4)].joined() }.joined(separator: ":")
                return normalizeIP(address)
            }
        }
        return nil
    }

    /// Whether the words right after an address say it is listed: " is listed", ", which is listed", " listed in|on|at|by",
    /// " is blacklisted", " is blocked" (in the case-folded text).
    static let listedAfterPhrases: [StaticString] = [" is listed ", ", which is listed ", " which is listed ", " listed in ",
        " listed on ", " listed at ", " listed by ", " is blacklisted", " is blocklisted", " is black listed", " is block listed",
        " is currently listed ", " has been listed ", " was listed ", " blacklisted ", " is blocked "]

    static func listedAfter(_ f: UnsafePointer<UInt8>, at: Int, end: Int) -> Bool {
        listedAfterPhrases.contains { Scan.has($0, f, at: at, end: end) }
    }

    /// Where the first SMTP reply code at or after `from` starts (`Scan.isRefusalCode`: "554 ", "550-"), not inside a word
    /// or an address; the text's end when there is none.
    static func firstReplyCode(_ folded: UnsafeRawBufferPointer, from: Int) -> Int {
        let n = folded.count
        guard let f = folded.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return n }
        var k = max(from, 0)
        while k + 3 <= n {
            if Scan.isRefusalCode(f, at: k, end: n)
                && (k == 0 || !(isWordish(folded[k - 1]) || folded[k - 1] == 0x3A || folded[k - 1] == 0x5B)) {
                return k
            }
            k += 1
        }
        return n
    }

    /// Whether the address at `at` follows "<name>: " where the name has at least two dots — a list's zone giving the
    /// address it lists ("Blocked by bl.mailspike.net: 192.0.2.188"), in the case-folded text.
    static func afterZoneColon(_ f: UnsafePointer<UInt8>, at: Int, start: Int) -> Bool {
        guard at - 3 >= start, f[at - 1] == 0x20, f[at - 2] == 0x3A else { return false }
        var k = at - 3
        var dots = 0
        while k >= start && (Scan.isAlnum(f[k]) || f[k] == 0x2E || f[k] == 0x2D) {
            if f[k] == 0x2E { dots += 1 }
            k -= 1
        }
        // a name, not an address or a number ("at 12.30: ", "1.2.3.4: ")
        return dots >= 2 && f[at - 3] &- 0x61 < 26 && (k < start || f[k] == 0x20 || f[k] == 0x28 || f[k] == 0x3D)
    }

    /// Whether the bracket at `open` follows "<label> <host name> " where the label names the MX ("out host:",
    /// "mx host:", "target server:", "remote host:", "mx:"), in the case-folded text.
    static let mxLabels: [StaticString] = ["out host:", "mx host:", "mx-host:", "target server:", "remote host:",
                                           "remote server:", "mx:", "relay host:"]

    static func labelledMX(_ f: UnsafePointer<UInt8>, before open: Int, start: Int) -> Bool {
        var h = open - 1
        if h >= start && f[h] == 0x20 { h -= 1 }
        let nameEnd = h
        while h >= start && (Scan.isAlnum(f[h]) || f[h] == 0x2E || f[h] == 0x2D) { h -= 1 }
        guard h < nameEnd, h >= start else { return false }
        // the label right before the name (one blank between)
        var l = h
        if f[l] == 0x20 { l -= 1 }
        return mxLabels.contains { label in
            let at = l - label.utf8CodeUnitCount + 1
            return at >= start && Scan.has(label, f, at: at, end: l + 1)
        }
    }

    /// Number of non-empty '.'-separated parts of b[from..<to].
    static func nonEmptyParts(_ b: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Int {
        var parts = 0
        var inPart = false
        for k in from..<to {
            if b[k] == 0x2E { inPart = false } else if !inPart { inPart = true; parts += 1 }
        }
        return parts
    }
}
