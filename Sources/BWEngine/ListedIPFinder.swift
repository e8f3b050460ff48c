// Finds the address a blocklist refusal says is listed, for rules whose regex
// does not capture it. Runs once per distinct text (verdicts are cached).
//
// The MTA's own wrapper is skipped first (Postfix "host mx[ip] said: ",
// Exim "SMTP error from remote mail server after RCPT TO:<x>: "), so the
// remote MX address is never taken. Reversed DNSBL query names
// (4.3.2.1.zen.spamhaus.org) and 127/8 return codes are never taken.
// Among the remaining addresses, one in a listing context wins:
// `[ip]`, `ip=`, `?ip`, `/ip/`, `IP ip`, `from ip`, `address ip`.

enum ListedIPFinder {
    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 32 : b }

    static func indexOf(_ needle: String, in b: [UInt8], from: Int = 0) -> Int? {
        let n = Array(needle.utf8)
        guard n.count <= b.count else { return nil }
        var i = from
        while i + n.count <= b.count {
            var k = 0
            while k < n.count && lower(b[i + k]) == n[k] { k += 1 }
            if k == n.count { return i }
            i += 1
        }
        return nil
    }

    static func isHex(_ c: UInt8) -> Bool { Scan.isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) }
    static func isWordish(_ c: UInt8) -> Bool { Scan.isAlnum(c) || c == 0x2E || c == 0x2D || c == 0x5F }

    /// Start of the remote site's own words.
    static func bodyStart(_ b: [UInt8]) -> Int {
        var start = 0
        if let s = indexOf(" said: ", in: b), s < 300 { start = s + 7 }
        if let e = indexOf("smtp error from remote mail server after ", in: b, from: start) {
            if let c = indexOf(": ", in: b, from: e + 41) { start = max(start, c + 2) }
        }
        return start
    }

    static func find(in text: UnsafeRawBufferPointer) -> String? {
        let b = Array(text)
        let start = bodyStart(b)
        var best: (score: Int, ip: String)? = nil
        var i = start
        while i < b.count {
            let c = b[i]
            // Candidates start at a digit or hex letter not inside a word.
            guard isHex(c) || c == 0x3A, i == 0 || !isWordish(b[i - 1]) else { i += 1; continue }
            var j = i
            while j < b.count && (isHex(b[j]) || b[j] == 0x2E || b[j] == 0x3A) { j += 1 }
            var tokenEnd = j
            // Trailing punctuation that is not part of an address.
            while tokenEnd > i && (b[tokenEnd - 1] == 0x2E || b[tokenEnd - 1] == 0x3A) { tokenEnd -= 1 }
            let token = String(decoding: b[i..<tokenEnd], as: UTF8.self)
            defer { i = max(j, i + 1) }
            // A letter, digit, '-' or '_' right after: part of a longer name (reversed query, hostname).
            if j < b.count && (Scan.isAlnum(b[j]) || b[j] == 0x2D || b[j] == 0x5F) { continue }
            // "1.2.3.4.zen.spamhaus.org": the token ends with '.' followed by a name.
            if tokenEnd < j && b[tokenEnd] == 0x2E && j < b.count && Scan.isAlnum(b[j]) { continue }
            let isV6 = token.contains(":")
            if isV6 && token.filter({ $0 == ":" }).count < 2 { continue }
            if !isV6 && token.split(separator: ".").count != 4 { continue }
            guard let ip = normalizeIP(token) else { continue }
            // Context before the address (bytes, case-folded).
            func endsWith(_ suffix: StaticString) -> Bool {
                let m = suffix.utf8CodeUnitCount
                guard i - m >= start else { return false }
                let p = suffix.utf8Start
                for k in 0..<m where lower(b[i - m + k]) != p[k] { return false }
                return true
            }
            var score = 1
            if endsWith("[") || endsWith("[ipv6:") { score = 4 }
            else if endsWith("ip=") || endsWith("ip: ") || endsWith("/ip/") || endsWith("ip:") { score = 4 }
            else if endsWith("?") || endsWith("=") || endsWith("/") { score = 3 }
            else if endsWith("ip ") || endsWith("from ") || endsWith("address ") || endsWith("host ") || endsWith("(") { score = 2 }
            if isV6 && score < 2 { continue }   // bare colon-hex runs are too often times or codes
            if best == nil || score > best!.score { best = (score, ip) }
        }
        return best?.ip
    }
}
