// Finds the domain a domain-list refusal (Spamhaus DBL, URIBL, SURBL, an RHSBL) says is listed, for
// rules whose regex does not capture it. Runs once per distinct text (verdicts are cached).
//
// Taken, in the remote site's own words (the MTA's wrapper skipped): the subject of "is listed /
// blocked" ("Sender domain example.net is listed in dbl.spamhaus.org", "example.net listed on
// multi.uribl.com"), the domain after "domain", "URL", "link to", "host", "HELO name", a sender
// address's domain in "Sender address [user@example.net] blocked using", the name in Postfix's RHSBL replies
// "Helo command [mail.example.net] blocked using" and "Client host [mail.example.net] blocked using", the domain after
// the word "domain" in other languages ("el dominio remitente example.net", "Tên miền example.net"), "a link to example.net,
// which is on ...", a domain in brackets right after a domain list's name ("listed on the DBL
// (example.net)") and "listed domain in message body: example.net". Never a list's own zone, site or web host (dbl.spamhaus.org, www.spamhaus.org,
// admin.uribl.com), nor a host named as the recipient's or as the MX.

import BWRegex

/// One per `Classifier` (it owns a match scratch): not for sharing across threads.
final class ListedDomainFinder {
    /// The domain the text says is listed ("<domain> is listed …"), tried first: it wins over an address's or a HELO
    /// name's domain met earlier in the text ("<bounce@news.example.com>: Sender address rejected: example.com is
    /// listed"); then `regex`, the other forms that name a listed domain.
    private let stated: Regex
    private let regex: Regex
    private let scratch = MatchScratch()
    private let group: [Int]
    private let statedGroup: [Int]
    /// The registered domains of the library's zones (spamhaus.org, uribl.com, ...): a list's own
    /// names and web hosts are never the listed domain.
    private let listDomains: Set<String>
    /// The regex errors met (match limit): counted, not thrown.
    private(set) var errors = 0

    /// `domainWord`: guards.yaml's fragment for the word "domain" in other languages (none: that form is not read).
    init(zones: [String], domainWord: String? = nil) {
        let domain = #"[a-z0-9](?:[a-z0-9-]{0,62}\.){1,10}[a-z]{2,63}"#
        let url = #"(?:(?:https?|hxxps?)://)?(?:www\.)?"#
        // the fragment's words, and the finder's own in Chinese, Japanese and Korean (which the rules do not read)
        let cjk = #"(?<![\w-])(?:域名|ドメイン|도메인)(?:\s+\p{L}{2,20}(?=\s))?"#
        let domainWords = domainWord.map { "(?:" + $0 + ")|" + cjk } ?? cjk
        // (session 20, independent-23) also "<domain> is on the Spamhaus DBL"; a list's look-up link for the domain
        // ("http://lookup.uribl.com/?domain=example.net"); the query name of a known zone ("promo.example.net.multi.uribl.com
        // answered 127.0.0.2", a DQS key between them); a filter's symbol option ("SPAMHAUS_ZRD(4.00){example.net:from;}")
        // (each zone literal, longest first, as the rules' `{zones}`)
        let zoneAlternation = RuleSpec.expandZones(inPattern: RuleSpec.zonesPlaceholder, zones)
        func expand(_ pattern: String) -> String {
            pattern.replacingOccurrences(of: "DOMAINWORD", with: "(?:" + domainWords + ")")
                .replacingOccurrences(of: "ZONES", with: zoneAlternation)
                // the shortest domain before the longest zone ("x.example.dblack.mail.abusix.zone": not mail.abusix.zone's)
                .replacingOccurrences(of: "DOMAINLAZY", with: #"[a-z0-9](?:[a-z0-9-]{0,62}\.){1,10}?[a-z]{2,63}"#)
                .replacingOccurrences(of: "DOMAIN", with: domain).replacingOccurrences(of: "WEBPREFIX", with: url)
        }
        let statedForm = #"""
          (?<![\w.@-]) WEBPREFIX (?<d>DOMAIN) (?![\w-]|\.\w)
            (?= ['"’]?(?:/\S*)?\)?\s+(?:is\s+|was\s+|has\s+been\s+)?(?:(?:currently|now)\s+)?(?:listed|black\s*-?\s*listed|block\s*-?\s*listed)\b
              | (?:/\S*)?,\s*which\s+is\s+(?:on|in|listed)\b
              | \)?\s+(?:is\s+)?(?:on|in|found\s+in|appears\s+on|matched)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:DBL|ZRD|URIBL|SURBL|RHSBL|ivmURI|Domain\s+Block\s*List|(?:ZONES)(?![\w-]|\.\w))\b )
          | [?&](?:domain|d)=(?<d>DOMAIN)(?![\w-]|\.\w)
          | (?<![\w.@-])(?<d>DOMAINLAZY)(?:\.[a-z0-9]{16,64})?\.(?:ZONES)\.?(?![\w-]|\.\w)
          | \{(?<d>DOMAIN):(?:from|url|replyto|helo|rdns|dkim|mid|mime|email)\b
        """#
        let pattern = #"""
        (?x)(?J)
          (?<!recipient\s)(?<!rcpt\s)\b(?:sender\s+domain|domain|URL|URI|links?(?:\s+to)?|HELO(?:\s+name)?|Absenderdomain)\b\s*[:=]?\s*[\[(<]?\s*WEBPREFIX(?<d>DOMAIN)(?![\w-]|\.\w)
          # (session 19, independent-17) "domain" in other languages (guards.yaml's `domain-word`, which uribl-listed and
          # surbl-listed use too), one word ("remitente", "pengirim") may follow it
        | DOMAINWORD \s*[:=]?\s*[\[(<]?\s*WEBPREFIX(?<d>DOMAIN)(?![\w-]|\.\w)
        | \baddress\s*[\[<(]\s*[^\s@\]>)]{1,64}@(?<d>DOMAIN)(?![\w-]|\.\w)
        | <[^\s@<>]{1,64}@(?<d>DOMAIN)>:?\s*Sender\s+address\s+rejected
        | <(?<d>DOMAIN)>:?\s*Helo\s+command\s+rejected
        | \b(?:Helo\s+command|Client\s+host|Sender\s+address)\s*\[(?<d>DOMAIN)\]\s+blocked\s+using\b
        | \blisted\s+(?:in|on|at)\s+(?:[\w-]+\s+){0,2}?[a-z0-9.-]{4,80}\s*\(\s*WEBPREFIX(?<d>DOMAIN)\s*\)
          # (session 20, independent-31) "URIBL listing of <domain>", "<zone> returned 127.0.0.64 for <domain>"
        | \blisting\s+of\s+WEBPREFIX(?<d>DOMAIN)(?![\w-]|\.\w) | \b127\.0\.\d{1,3}\.\d{1,3}\s+for\s+(?<d>DOMAIN)(?![\w-]|\.\w)
        | \(\s*(?:ZONES)\s*\)\s*:\s*WEBPREFIX(?<d>DOMAIN)(?![\w-]|\.\w)
        | \b(?:DBL|ZRD|URIBL|SURBL|Domain\s+Block\s*List|RHSBL|ivmURI)\s*(?:\(\s*(?!(?:ZONES)\s*\))WEBPREFIX(?<d>DOMAIN)\s*\)|:\s*<?WEBPREFIX(?<d>DOMAIN)(?![\w-]|\.\w))
        | \bdomains?\s+in\s+(?:the\s+)?(?:message(?:\s+body)?|body|links?|URLs?)\s*:\s*WEBPREFIX(?<d>DOMAIN)(?![\w-]|\.\w)
        | \[URIs?:\s*WEBPREFIX(?<d>DOMAIN)(?![\w-]|\.\w)
          # (session 20, independent-23) "URI blacklisted: example.net", "Domain listed: <example.net>", "<zone> lists
          # example.net", "Domain of sender (example.net)"
        | \b(?:URL|URI|domain|link)s?\s+(?:(?:black|block)\s*-?\s*)?listed\s*:\s*[<(\[]?\s*WEBPREFIX(?<d>DOMAIN)(?![\w-]|\.\w)
        | \blists\s+WEBPREFIX(?<d>DOMAIN)(?![\w-]|\.\w)
        | \bdomain\s+of\s+(?:the\s+)?sender\s*[\[(<]?\s*(?<d>DOMAIN)(?![\w-]|\.\w)
        """#
        // the patterns are constants: a failure to compile is a programming error caught by the tests
        regex = try! Regex(expand(pattern), options: [.caseless, .utf])
        group = regex.groups(named: "d")
        stated = try! Regex("(?x)(?J)" + expand(statedForm), options: [.caseless, .utf])
        statedGroup = stated.groups(named: "d")
        listDomains = Set(zones.compactMap { registeredDomain(ofHost: $0) })
    }

    /// Whether a list slug is one of domains (the refusal is about a domain, not the sending IP).
    static func isDomainList(_ list: String) -> Bool {
        list.hasPrefix("spamhaus-dbl") || list.hasPrefix("spamhaus-zrd") || list.contains("uribl") || list.contains("surbl") || list.contains("rhsbl")
            || list.hasSuffix("-dbl") || list.contains("-dbl-") || list.contains("-dbl.") || list.hasSuffix("-uri")
    }

    /// The listed domain in `text` (the whole reply), lower-cased, without a web host's "www."; nil when
    /// none is found. At most eight candidates are looked at.
    func find(in text: UnsafeRawBufferPointer, folded: UnsafeRawBufferPointer) -> String? {
        let start = ListedIPFinder.bodyStart(folded)
        guard start < text.count else { return nil }
        return first(stated, statedGroup, in: text, from: start) ?? first(regex, group, in: text, from: start)
    }

    private func first(_ regex: Regex, _ group: [Int], in text: UnsafeRawBufferPointer, from start: Int) -> String? {
        var from = start
        for _ in 0..<8 where from < text.count {
            let body = UnsafeRawBufferPointer(rebasing: text[from...])
            let m: Match?
            do { m = try regex.firstMatch(in: body, scratch: scratch) } catch { errors += 1; return nil }
            guard let m, let r = group.lazy.compactMap({ m[$0] }).first, let whole = m[0] else { return nil }
            var d = String(decoding: UnsafeRawBufferPointer(rebasing: body[r]), as: UTF8.self).lowercased()
            if d.hasPrefix("www.") && d.dropFirst(4).contains(".") { d = String(d.dropFirst(4)) }
            // not a list's own zone, site or web host
            // (looked for again from just after the match's start: "listed on URIBL (multi.uribl.com): example.biz"
            // names the domain after the zone the first form took)
            if let reg = registeredDomain(ofHost: d), listDomains.contains(reg) {
                from += whole.lowerBound + 1
                continue
            }
            return d
        }
        return nil
    }
}
