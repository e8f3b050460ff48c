import Foundation

/// The ICANN part of the Public Suffix List (https://publicsuffix.org), read from the system's copy
/// (Debian's `publicsuffix` package: /usr/share/publicsuffix/public_suffix_list.dat, or the file
/// `BOUNCEWATCH_PSL` names). It tells where a host name's registered domain starts
/// ("mx.provider.kiev.ua" → "provider"). Without the file, the common second-level suffixes of
/// country domains (co.uk, com.br, ne.jp, ...) are used instead. The private section (hosting
/// platforms' sub-domains) is not read: an MX under such a platform belongs to the platform.
struct PublicSuffixes: Sendable {
    private var rules: Set<String> = []       // "co.uk", "uk"
    private var wildcards: Set<String> = []   // "*.ck" stored as "ck"
    private var exceptions: Set<String> = []  // "!www.ck" stored as "www.ck"
    /// Whether a list was read (else the fallback decides).
    private(set) var loaded = false

    static let shared: PublicSuffixes = {
        let env = ProcessInfo.processInfo.environment["BOUNCEWATCH_PSL"]
        for path in [env, "/usr/share/publicsuffix/public_suffix_list.dat"].compactMap({ $0 }) {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return PublicSuffixes(list: text) }
        }
        return PublicSuffixes()
    }()

    init() {}

    init(list: String) {
        for raw in list.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            if raw.contains("===BEGIN PRIVATE DOMAINS===") { break }
            let line = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            if line.isEmpty || line.hasPrefix("//") { continue }
            let rule = line.lowercased()
            if rule.hasPrefix("!") { exceptions.insert(String(rule.dropFirst())) }
            else if rule.hasPrefix("*.") { wildcards.insert(String(rule.dropFirst(2))) }
            else { rules.insert(rule) }
        }
        loaded = !rules.isEmpty
    }

    /// Country domains' common second-level suffixes, for a machine without the list.
    private static let fallbackSecondLevel: Set<Substring> = ["co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go", "gob",
                                                              "mil", "ltd", "plc", "sch", "nom", "info", "biz", "gen", "firm"]

    /// Index of the first label of the public suffix of `labels` (lower case, at least one), or nil
    /// when the whole name is a public suffix.
    func suffixStart(_ labels: [Substring]) -> Int? {
        let n = labels.count
        if !loaded {
            var i = n - 1
            if n >= 2, labels[n - 1].utf8.count == 2, PublicSuffixes.fallbackSecondLevel.contains(labels[n - 2]) { i = n - 2 }
            return i > 0 ? i : nil
        }
        // the longest matching rule wins; an exception rule's suffix is its name minus its first label
        for i in 0..<n {
            let candidate = labels[i...].joined(separator: ".")
            if exceptions.contains(candidate) { return i + 1 < n ? i + 1 : nil }
            if rules.contains(candidate) { return i > 0 ? i : nil }
            if i + 1 < n, wildcards.contains(labels[(i + 1)...].joined(separator: ".")) { return i > 0 ? i : nil }
        }
        // the list's default rule "*" would make any last label a suffix: a name under a top-level
        // domain the list does not know ("smtp.corp", "mx.domain.tld") is no public host's
        return nil
    }
}
