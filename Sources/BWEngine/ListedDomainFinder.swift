// Finds the domain a domain-list refusal (Spamhaus DBL, URIBL, SURBL, an RHSBL) says is listed, for
// rules whose regex does not capture it. Runs once per distinct text (verdicts are cached).
//
// Taken, in the remote site's own words (the MTA's wrapper skipped): the subject of "is listed /
// blocked" ("Sender domain example.net is listed in dbl.spamhaus.org", "example.net listed on
// multi.uribl.com"), the domain after "domain", "URL", "link to", "host", "HELO name", a sender
// address's domain in "Sender address [user@example.net] blocked using", and "a link to example.net,
// which is on ...". Never a list's own zone or site (dbl.spamhaus.org, uribl.com), which the
// library's zones name.

import BWRegex

final class ListedDomainFinder: @unchecked Sendable {
    private let regex: Regex
    private let scratch = MatchScratch()
    private let group: [Int]
    private let zones: [String]

    init(zones: [String]) {
        let domain = #"[a-z0-9](?:[a-z0-9-]{0,62}\.){1,10}[a-z]{2,63}"#
        let pattern = #"""
        (?x)(?J)
          (?<![\w.@/-]) (?<d>DOMAIN) (?![\w-]|\.\w)
            (?= \s+(?:is\s+|was\s+|has\s+been\s+)?(?:(?:currently|now)\s+)?(?:listed|black\s*-?\s*listed|block\s*-?\s*listed|blocked)\b
              | ,\s*which\s+is\s+(?:on|in|listed)\b )
        | \b(?:domain|URL|URI|link(?:\s+to)?|host(?:name)?|HELO(?:\s+name)?|name)\s*[:=]?\s*[\[(<]?\s*(?<d>DOMAIN)(?![\w-]|\.\w)
        | \baddress\s*[\[<(]\s*[^\s@\]>)]{1,64}@(?<d>DOMAIN)(?![\w-]|\.\w)
        """#.replacingOccurrences(of: "DOMAIN", with: domain)
        // the pattern is a constant: a failure to compile is a programming error caught by the tests
        regex = try! Regex(pattern, options: [.caseless, .utf])
        group = regex.groups(named: "d")
        self.zones = zones.map { $0.lowercased() }
    }

    /// Whether a list slug is one of domains (the refusal is about a domain, not the sending IP).
    static func isDomainList(_ list: String) -> Bool {
        list.hasPrefix("spamhaus-dbl") || list.contains("uribl") || list.contains("surbl") || list.contains("rhsbl")
            || list.hasSuffix("-dbl") || list.contains("-dbl-")
    }

    /// The listed domain in `text` (the whole reply), lower-cased; nil when none is found.
    func find(in text: UnsafeRawBufferPointer, folded: UnsafeRawBufferPointer) -> String? {
        let start = ListedIPFinder.bodyStart(folded)
        guard start < text.count else { return nil }
        var from = start
        while from < text.count {
            let body = UnsafeRawBufferPointer(rebasing: text[from...])
            guard let m = try? regex.firstMatch(in: body, scratch: scratch) else { return nil }
            guard let r = group.lazy.compactMap({ m[$0] }).first, let whole = m[0] else { return nil }
            let d = String(decoding: UnsafeRawBufferPointer(rebasing: body[r]), as: UTF8.self).lowercased()
            // not a list's own zone or site, nor a name inside one
            if !zones.contains(where: { d == $0 || d.hasSuffix("." + $0) || $0.hasSuffix("." + d) }) { return d }
            from += max(whole.upperBound, 1)
        }
        return nil
    }
}
