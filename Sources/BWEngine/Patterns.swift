// Rule packs: loading `patterns/*.yaml` into compiled rules.

import Foundation
import Yams
import BWRegex

/// What a refusal means.
public enum Category: String, CaseIterable, Sendable, Codable {
    case blocklist, reputation
    case rateLimit = "rate-limit"
    case auth, content
    case userUnknown = "user-unknown"
    case mailboxFull = "mailbox-full"
    case greylist, policy, relay, dns, network, tls, size, other

    /// Position in `allCases` (array index for per-category counters).
    public var index: Int {
        switch self {
        case .blocklist: return 0
        case .reputation: return 1
        case .rateLimit: return 2
        case .auth: return 3
        case .content: return 4
        case .userUnknown: return 5
        case .mailboxFull: return 6
        case .greylist: return 7
        case .policy: return 8
        case .relay: return 9
        case .dns: return 10
        case .network: return 11
        case .tls: return 12
        case .size: return 13
        case .other: return 14
        }
    }
}

/// One example text of a rule, with optional expectations.
public struct RuleExample: Decodable, Sendable {
    public var text: String
    public var listedIP: String?
    public var listedDomain: String?
    public var list: String?
    public var operatorName: String?
    public var provider: String?
    public var relay: String?

    enum CodingKeys: String, CodingKey {
        case text, list, provider, relay
        case listedIP = "listed_ip", listedDomain = "listed_domain", operatorName = "operator"
    }

    public init(text: String) { self.text = text }

    public init(from decoder: Decoder) throws {
        if let s = try? decoder.singleValueContainer().decode(String.self) {
            self.init(text: s)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(text: try c.decode(String.self, forKey: .text))
        listedIP = try c.decodeIfPresent(String.self, forKey: .listedIP)
        listedDomain = try c.decodeIfPresent(String.self, forKey: .listedDomain)
        list = try c.decodeIfPresent(String.self, forKey: .list)
        operatorName = try c.decodeIfPresent(String.self, forKey: .operatorName)
        provider = try c.decodeIfPresent(String.self, forKey: .provider)
        relay = try c.decodeIfPresent(String.self, forKey: .relay)
    }
}

/// A string or a list of strings in YAML.
struct StringOrList: Decodable {
    var values: [String]
    init(from decoder: Decoder) throws {
        if let s = try? decoder.singleValueContainer().decode(String.self) {
            values = s.split(separator: " ").map(String.init)
        } else {
            values = try decoder.singleValueContainer().decode([String].self)
        }
    }
}

/// `unless:` — one regex or a list; an entry `@name` is a guard of `guards.yaml`.
struct UnlessSpec: Decodable {
    var values: [String]
    init(values: [String]) { self.values = values }
    init(from decoder: Decoder) throws {
        if let s = try? decoder.singleValueContainer().decode(String.self) {
            values = [s]
        } else {
            values = try decoder.singleValueContainer().decode([String].self)
        }
    }
}

/// The compiled `unless` regexes of one library load, shared by the rules that cite the same guard (session 16: one
/// shared guard cited by a hundred rules was compiled and JIT-compiled a hundred times, about 5 MB). `Regex` is
/// immutable once compiled (a match takes its own scratch), so one instance serves every rule.
final class GuardCache {
    private var compiled: [String: (Regex, GuardPlan)] = [:]
    func regex(_ source: String, _ options: RegexOptions) throws -> (Regex, GuardPlan) {
        let key = "\(options.rawValue)\u{0}" + source
        if let r = compiled[key] { return r }
        let r = try Regex(source, options: options)
        let entry = (r, try GuardPlan(source, options, full: r))
        compiled[key] = entry
        return entry
    }
}

/// An `unless` regex as the classifier tries it (session 22): its alternatives that require a literal are tried
/// only when the prefilter found one of their literals in the text, the others (`rest`) always. A text matches the
/// guard when, and only when, it matches one of the parts. The alternatives whose literals are rare in refusals
/// form one part; those that can only require a word refusals are made of ("rbl", "listed") form a part for each
/// set of literals, so such a word opens only their own few alternatives, not the whole guard. Alternatives that
/// refer to groups or set options for the ones after them are not taken apart (the whole guard is then one part).
final class GuardPlan: Sendable {
    /// An alternative longer than this (compiled: one that cites every known zone or list keeper's name) is a part of
    /// its own, opened only by its own literals: among the rare alternatives it ran whenever any of their ~200
    /// literals was found (session 23: @dnsbl-error's rare part 703 -> 301 ms over 87,640 corpus texts).
    static let heavy = 1500
    let parts: [(regex: Regex, literals: [String])]
    let rest: Regex?

    init(_ source: String, _ options: RegexOptions, full: Regex) throws {
        guard let b = RegexBranches(source), !b.branches.contains(where: { refersToGroups($0.body, extended: b.extended) }) else {
            if let l = requiredLiterals(source) { (parts, rest) = ([(full, l)], nil) } else { (parts, rest) = ([], full) }
            return
        }
        var rare: [String] = [], rareLiterals = Set<String>(), restBodies: [String] = []
        var common: [(literals: [String], bodies: [String])] = []
        for branch in b.branches {
            guard let l = requiredLiterals(branch.body, extended: b.extended) else { restBodies.append(branch.body); continue }
            if branch.body.utf8.count > GuardPlan.heavy {
                common.append((l, [branch.body]))
            } else if l.allSatisfy({ literalCommonness($0) == 0 }) {
                rare.append(branch.body)
                rareLiterals.formUnion(l)
            } else if let k = common.firstIndex(where: { $0.literals == l }) {
                common[k].bodies.append(branch.body)
            } else {
                common.append((l, [branch.body]))
            }
        }
        let groups = (rare.isEmpty ? [] : [(literals: rareLiterals.sorted(), bodies: rare)]) + common
        func compiled(_ bodies: [String]) throws -> Regex {
            try Regex(b.prefix + bodies.joined(separator: b.extended ? "\n|" : "|") + b.suffix, options: options)
        }
        if restBodies.isEmpty && groups.count == 1 {
            (parts, rest) = ([(full, groups[0].literals)], nil)
        } else if groups.isEmpty {
            (parts, rest) = ([], full)
        } else {
            parts = try groups.map { (try compiled($0.bodies), $0.literals) }
            rest = restBodies.isEmpty ? nil : try compiled(restBodies)
        }
    }

    /// Whether the guard matches the text, part `j` tried only when the prefilter's bit `firstBit + j` is set in
    /// `candidates` (the scan of the same text).
    func matches(_ text: UnsafeRawBufferPointer, scratch: MatchScratch, firstBit: Int32, candidates: [UInt64]) throws -> Bool {
        for (j, part) in parts.enumerated() {
            let bit = Int(firstBit) + j
            if candidates[bit >> 6] & (1 << UInt64(bit & 63)) != 0, try part.regex.firstMatch(in: text, scratch: scratch) != nil { return true }
        }
        if let rest, try rest.firstMatch(in: text, scratch: scratch) != nil { return true }
        return false
    }
}

/// `guards.yaml`: named `unless` regexes shared by several rules, and named regex fragments
/// (`{@name}` in a rule's regex, its `unless` entries or a guard) written once for several rules.
struct GuardsFile: Decodable {
    var guards: [String: String]
    var fragments: [String: String]?
    /// Guards whose veto concerns the list named where they match (the look-up failures): one naming only other
    /// operators' zones does not veto a listing (`Classifier.failedLists`); each maps to the regex of its part that
    /// vetoes whatever list a verdict reads (configuration, documentation).
    var scopedToZone: [String: String]?
    /// Guards whose question vetoes only a verdict stated in that question (`Classifier.questionApart`): "Is our IP
    /// listed?" vetoes "IP … listed" read from it, not a listing the text states in another sentence.
    var scopedToQuestion: [String]?
    enum CodingKeys: String, CodingKey { case guards, fragments, scopedToZone = "scoped_to_zone", scopedToQuestion = "scoped_to_question" }
}

struct RuleSpec: Decodable {
    var id: String
    var category: String
    var provider: String?
    var operatorName: String?
    var list: String?
    var regex: String
    var unless: UnlessSpec?
    var literals: [String]?
    var priority: Int?
    var delist: String?
    var source: StringOrList?
    var caseSensitive: Bool?
    var ownBlock: Bool?
    var examples: [RuleExample]?
    var counterexamples: [String]?
    /// The regex as the pack writes it (with `{zones}`), when it differs from `regex`.
    var regexAsWritten: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, category, provider, list, regex, unless, literals, priority, delist, source, examples, counterexamples
        case operatorName = "operator", caseSensitive = "case_sensitive", ownBlock = "own_block"
    }
}

extension RuleSpec {
    static let zonesPlaceholder = "{zones}"

    /// `{@name}` in a pattern becomes the fragment `name` of guards.yaml, in a group of its own
    /// with extended syntax (`(?x:` … `)`: the fragment's white space and `#` comments are layout,
    /// whatever the pattern around it uses). A fragment may cite other fragments (eight levels at
    /// most, so a cycle is an error, not a hang). Throws the name of a fragment no guards.yaml has.
    static func expandFragments(inPattern pattern: String, _ fragments: [String: String]) throws -> String {
        guard pattern.contains("{@") else { return pattern }
        var out = pattern
        for _ in 0..<8 {
            guard let open = out.range(of: "{@") else { return out }
            var result = ""
            var rest = out[...]
            var from = open
            while true {
                result += rest[rest.startIndex..<from.lowerBound]
                let afterOpen = rest[from.upperBound...]
                guard let close = afterOpen.firstIndex(of: "}") else { throw FragmentError(name: String(afterOpen.prefix(40))) }
                let name = String(afterOpen[afterOpen.startIndex..<close])
                guard let body = fragments[name] else { throw FragmentError(name: name) }
                result += "(?x:" + body + "\n)"
                rest = afterOpen[afterOpen.index(after: close)...]
                guard let next = rest.range(of: "{@") else { result += rest; break }
                from = next
            }
            out = result
        }
        if let open = out.range(of: "{@") {
            throw FragmentError(name: String(out[open.upperBound...].prefix { $0 != "}" }) + " (cited more than eight levels deep: a cycle?)")
        }
        return out
    }

    /// `{@name}` in the regex and the `unless` entries (see above).
    mutating func expandFragments(_ fragments: [String: String]) throws {
        let expanded = try Self.expandFragments(inPattern: regex, fragments)
        if expanded != regex { regexAsWritten = regexAsWritten ?? regex; regex = expanded }
        if let u = unless {
            unless = UnlessSpec(values: try u.values.map { try Self.expandFragments(inPattern: $0, fragments) })
        }
    }

    /// The zones lower-cased, each once (a zone may be listed twice, or in two directories' tables).
    static func uniqueZones(_ zones: [String]) -> [String] { Array(Set(zones.map { $0.lowercased() })) }

    /// `{zones}` in a pattern becomes an alternation of the known zones (longest first, each one
    /// literal: every byte that is not a letter or digit escaped, so a user's `*.zone` or `a+b` can
    /// neither break the shipped rules nor inject a pattern); without zones it matches nothing.
    static func expandZones(inPattern pattern: String, _ zones: [String]) -> String {
        guard pattern.contains(zonesPlaceholder) else { return pattern }
        let ordered: [String] = uniqueZones(zones).sorted { (a: String, b: String) -> Bool in
            a.count != b.count ? a.count > b.count : a < b
        }
        func literal(_ z: String) -> String {
            var out = ""
            for u in z.unicodeScalars {
                let v = u.value
                let alnum = (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A)
                if alnum { out.unicodeScalars.append(u) }
                else if v < 0x80 { out += "\\" + String(u) }
                else { out += "\\x{" + String(v, radix: 16) + "}" }
            }
            return out
        }
        let alternation = ordered.isEmpty ? "(?!)" : "(?:" + ordered.map(literal).joined(separator: "|") + ")"
        return pattern.replacingOccurrences(of: zonesPlaceholder, with: alternation)
    }

    /// The regex and the `unless` entries matching their words with or without diacritics (`Diacritics.folding`).
    mutating func foldDiacritics() {
        let folded = Diacritics.folding(regex)
        if folded != regex { regexAsWritten = regexAsWritten ?? regex; regex = folded }
        if let u = unless { unless = UnlessSpec(values: u.values.map(Diacritics.folding)) }
    }

    /// `{zones}` in the regex and the `unless` entries (see above); a literal `{zones}` becomes
    /// one literal per zone. A rule cites any known zone without repeating zones.yaml.
    mutating func expandZones(_ zones: [String]) {
        let expanded = Self.expandZones(inPattern: regex, zones)
        if expanded != regex { regexAsWritten = regexAsWritten ?? regex; regex = expanded }
        if let u = unless {
            unless = UnlessSpec(values: u.values.map { Self.expandZones(inPattern: $0, zones) })
        }
        if let lits = literals, lits.contains(Self.zonesPlaceholder) {
            literals = lits.flatMap { $0 == Self.zonesPlaceholder ? Self.uniqueZones(zones).sorted() : [$0] }
        }
    }
}

/// A `{@name}` that no guards.yaml defines (or a cycle of fragments).
struct FragmentError: Error { let name: String }

/// A compiled rule.
public final class Rule: @unchecked Sendable {
    public let id: String
    public let category: Category
    public let provider: String?
    public let operatorName: String?
    public let list: String?
    /// The regex as the pack writes it (`{zones}` not expanded), for `explain` and `lint`.
    public let pattern: String
    public let regex: Regex
    /// The regex as compiled (fragments and `{zones}` expanded) and its options: `explain` compiles one
    /// branch of it to say which branch matched.
    let expandedPattern: String
    let regexOptions: RegexOptions
    /// Guards: a match of the regex is not this rule's verdict when one of these also
    /// matches the text (anywhere). Tried only after the regex has matched.
    public let unless: [Regex]
    /// The guards as written (`@name` for a shared guard of `guards.yaml`), for `explain`.
    public let unlessNames: [String]
    /// The guards as the classifier tries them, gated by the prefilter (one per `unless` entry).
    let unlessPlans: [GuardPlan]
    public let literals: [String]
    /// `own_block: true`: the text says the receiver blocks the sending IP itself, so a verdict
    /// that names no list is the refusing provider's own block list (when the relay names one).
    public let ownBlock: Bool
    /// True when the literals were derived from the regex rather than declared.
    public let derivedLiterals: Bool
    public let priority: Int
    public let delist: String?
    public let sources: [String]
    public let examples: [RuleExample]
    public let counterexamples: [String]
    public let file: String
    public let line: Int
    /// Templates, decided once at load (no string searching per verdict).
    let listTemplate: Bool
    let delistIP: Bool
    let delistDomain: Bool
    /// Position in the library's evaluation order.
    public internal(set) var order: Int = 0
    let ipGroup: [Int]
    let domainGroup: [Int]
    let listGroup: [Int]
    let codeGroup: [Int]

    init(spec: RuleSpec, file: String, line: Int, guards: [String: String] = [:], cache: GuardCache? = nil) throws {
        // names are printed by list, explain and classify: no control characters (a user's pack is not trusted)
        for (field, value) in [("id", spec.id), ("provider", spec.provider), ("operator", spec.operatorName), ("list", spec.list)] {
            if let v = value, v.unicodeScalars.contains(where: isControlCharacter) {
                throw PatternError(file: file, line: line, message: "rule \(spec.id): \(field) contains a control character")
            }
        }
        guard let cat = Category(rawValue: spec.category) else {
            throw PatternError(file: file, line: line, message: "rule \(spec.id): unknown category '\(spec.category)'")
        }
        id = spec.id
        category = cat
        provider = spec.provider
        operatorName = spec.operatorName
        list = spec.list
        pattern = spec.regexAsWritten ?? spec.regex
        let options: RegexOptions = spec.caseSensitive == true ? [.utf] : [.caseless, .utf]
        expandedPattern = spec.regex
        regexOptions = options
        do {
            regex = try Regex(spec.regex, options: options)
        } catch let e as RegexError {
            throw PatternError(file: file, line: line, message: "rule \(spec.id): regex does not compile: \(e.message) at offset \(e.offset)")
        }
        unlessNames = spec.unless?.values ?? []
        let guardsCompiled = try unlessNames.map { entry -> (Regex, GuardPlan) in
            var source = entry
            if entry.hasPrefix("@") {
                guard let g = guards[String(entry.dropFirst())] else {
                    throw PatternError(file: file, line: line, message: "rule \(spec.id): unknown guard \(entry) (not in any guards.yaml)")
                }
                source = g
            }
            do {
                if let cache { return try cache.regex(source, options) }
                let r = try Regex(source, options: options)
                return (r, try GuardPlan(source, options, full: r))
            } catch let e as RegexError {
                throw PatternError(file: file, line: line, message: "rule \(spec.id): unless \(entry.hasPrefix("@") ? entry + " " : "")does not compile: \(e.message) at offset \(e.offset)")
            }
        }
        unless = guardsCompiled.map(\.0)
        unlessPlans = guardsCompiled.map(\.1)
        if let lits = spec.literals, !lits.isEmpty {
            literals = lits.map { $0.lowercased() }
            derivedLiterals = false
        } else if let lit = deriveLiteral(spec.regex) {
            literals = [lit]
            derivedLiterals = true
        } else {
            literals = []
            derivedLiterals = true
        }
        priority = spec.priority ?? 50
        ownBlock = spec.ownBlock ?? false
        delist = spec.delist
        sources = spec.source?.values ?? []
        examples = spec.examples ?? []
        counterexamples = spec.counterexamples ?? []
        self.file = file
        self.line = line
        listTemplate = spec.list?.contains("{list}") ?? false
        delistIP = spec.delist?.contains("{ip}") ?? false
        delistDomain = spec.delist?.contains("{domain}") ?? false
        ipGroup = regex.groups(named: "ip")
        domainGroup = regex.groups(named: "domain")
        listGroup = regex.groups(named: "list")
        codeGroup = regex.groups(named: "code")
    }
}

extension Rule {
    /// Index of the first `unless` guard that matches the text, or nil. A guard that fails
    /// (match limit) counts as matching: better no verdict from this rule than a wrong one.
    func vetoingGuard(_ text: UnsafeRawBufferPointer, scratch: MatchScratch) -> Int? {
        for (i, g) in unless.enumerated() {
            do { if try g.firstMatch(in: text, scratch: scratch) != nil { return i } } catch { return i }
        }
        return nil
    }

    /// The regex matches and no guard does: the rule applies to the text.
    func applies(_ text: UnsafeRawBufferPointer, scratch: MatchScratch) throws -> Match? {
        guard let m = try regex.firstMatch(in: text, scratch: scratch) else { return nil }
        return vetoingGuard(text, scratch: scratch) == nil ? m : nil
    }
}

public struct PatternError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// Relay host → provider map.
public struct ProviderMap: Sendable {
    /// (suffix or exact host, provider); suffixes start with ".".
    var hostRules: [(pattern: String, provider: String)] = []
    var domains: [String: String] = [:]
    /// The names refusal texts write for a provider, lower-cased, with their bytes: its slug, its
    /// recipient domains and its `names:` ("Hotmail", "Mail.ru"), longest first (for `listKeeper(in:)`).
    var writtenNames: [(name: [UInt8], provider: String)] = []
    /// Tokens a provider's servers write in their own replies (`signatures:`: Gmail's "gsmtp", Exchange
    /// Online's "STOREDRV"), lower-cased: they name the receiver of a pasted reply that shows no MX.
    private(set) var signatures: [(token: [UInt8], provider: String)] = []

    /// The provider whose signature `t` holds, as a word of its own (`signatureOpens` before it,
    /// `signatureEnds` after it; a signature starting with '.' is a host name's end, anything before it),
    /// nil when none.
    public func provider(signedIn t: UnsafeBufferPointer<UInt8>) -> String? {
        guard !signatures.isEmpty else { return nil }
        // one pass over the text: only a byte that starts some signature is looked at further
        var i = 0
        while i < t.count {
            let c = asciiLowerTable[Int(t[i])]
            if signatureStarts[Int(c)] {
                for (token, provider) in signatures where token[0] == c && i + token.count <= t.count {
                    if (1..<token.count).allSatisfy({ asciiLowerTable[Int(t[i + $0])] == token[$0] }),
                       token[0] == 0x2E || i == 0 || Self.signatureOpens(t[i - 1]), Self.signatureEnds(t, at: i + token.count) {
                        return provider
                    }
                }
            }
            i += 1
        }
        return nil
    }

    /// Whether a (lower-cased) byte starts one of `signatures` (kept by `addSignature`).
    private(set) var signatureStarts = [Bool](repeating: false, count: 256)

    /// Adds a provider's signature (lower-cased bytes) and marks its first byte.
    mutating func addSignature(_ token: [UInt8], provider: String) {
        guard let first = token.first else { return }
        signatures.append((token, provider))
        signatureStarts[Int(first)] = true
    }

    /// A byte before a signature: a blank, a line break, '-' ("… - gsmtp") or an opening bracket.
    static func signatureOpens(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x2D || c == 0x28 || c == 0x5B
    }

    /// Where a signature may end: the text's end, a blank, a line break, a closing bracket or quote, ',', ';',
    /// ':' or '.' ("STOREDRV.Deliver") — never inside a word or a path ("gsmtp-errors").
    static func signatureEnds(_ t: UnsafeBufferPointer<UInt8>, at j: Int) -> Bool {
        guard j < t.count else { return true }
        switch t[j] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x29, 0x5D, 0x3E, 0x22, 0x27, 0x2C, 0x3B, 0x3A, 0x2E: return true
        default: return false
        }
    }

    /// Provider of a relay host (lower-cased), nil when unknown.
    public func provider(forHost host: String) -> String? {
        let h = host.lowercased()
        for (pattern, provider) in hostRules {
            if pattern.hasPrefix(".") {
                if h.hasSuffix(pattern) || h == String(pattern.dropFirst()) { return provider }
            } else if h == pattern {
                return provider
            }
        }
        return nil
    }

    /// Provider of a recipient domain, nil when unknown.
    public func provider(forDomain domain: String) -> String? { domains[domain.lowercased()] }
}

/// A DNSBL zone named in refusal texts → who runs it, the list slug, the delisting page.
public struct ZoneInfo: Decodable, Sendable {
    public var zone: String
    public var operatorName: String
    public var list: String
    public var delist: String?
    /// The zone, lower-cased, as bytes (for the byte-level search); set when the library loads.
    var zoneBytes: [UInt8] = []
    enum CodingKeys: String, CodingKey { case zone, list, delist, operatorName = "operator" }
}

/// A list operator's name as refusal texts write it ("Mailspike reputation blacklist", "blacklisted by
/// Invaluement"): names the operator of a generic blocklist verdict that cites no known zone.
struct OperatorName: Decodable {
    var name: String
    var operatorName: String
    var list: String?
    var delist: String?
    enum CodingKeys: String, CodingKey { case name, list, delist, operatorName = "operator" }
}

struct ZonesFile: Decodable {
    var zones: [ZoneInfo]
    var names: [OperatorName]?
}

struct ProvidersFile: Decodable {
    struct Entry: Decodable {
        var provider: String
        var hosts: [String]?
        var domains: [String]?
        /// How refusal texts write the provider's name when it is not its slug or a domain ("Hotmail").
        var names: [String]?
        /// False for a slug that is an everyday word ("free"): only its domains and names count.
        var slugIsName: Bool?
        /// Tokens its servers write in their replies ("gsmtp").
        var signatures: [String]?
        enum CodingKeys: String, CodingKey { case provider, hosts, domains, names, signatures, slugIsName = "slug_is_name" }
    }
    var providers: [Entry]
}

/// All rules, in evaluation order, plus the provider map.
public final class PatternLibrary: @unchecked Sendable {
    public let rules: [Rule]
    public let providers: ProviderMap
    public let files: [String]
    /// DNSBL zones (longest first), to name the operator when a rule cites a zone generically.
    public let zones: [ZoneInfo]
    /// Operators' names (`names:` of zones.yaml) as ZoneInfo whose `zone` is the name, longest first.
    public let operatorNames: [ZoneInfo]
    /// Every operator slug a rule or a zone names: a generic rule that captured a list's *name*
    /// ("IP in Barracuda RBL") takes it as the operator when it is one of these.
    public let knownOperators: Set<String>
    /// The regex fragments of guards.yaml (`{@name}`), for the readers outside the rules that use the same words
    /// (the listed-domain finder's "domain" in other languages).
    public let fragments: [String: String]
    let prefilter: LiteralPrefilter
    /// Per rule (by order), per `unless` entry: the prefilter's first bit of the guard's gated parts (after the
    /// rules' bits, one per part; guards shared by several rules share them).
    let gateBits: [[Int32]]
    /// Per rule (by order), per `unless` entry: for a guard of `scoped_to_zone` (guards.yaml), the regex of its part
    /// that is no look-up failure and vetoes whatever list is read; nil for every other guard.
    let guardScopes: [[Regex?]]
    /// Per rule (by order), per `unless` entry: a guard of `scoped_to_question` (guards.yaml).
    let questionScoped: [[Bool]]

    public init(rules unordered: [Rule], providers: ProviderMap, files: [String], zones: [ZoneInfo] = [],
                operatorNames: [ZoneInfo] = [], fragments: [String: String] = [:], scopedToZone: [String: Regex] = [:],
                scopedToQuestion: Set<String> = []) {
        let fileRank = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let sorted = unordered.enumerated().sorted { a, b in
            if a.element.priority != b.element.priority { return a.element.priority > b.element.priority }
            let fa = fileRank[a.element.file] ?? 0, fb = fileRank[b.element.file] ?? 0
            if fa != fb { return fa < fb }
            return a.offset < b.offset
        }.map(\.element)
        for (i, r) in sorted.enumerated() { r.order = i }
        rules = sorted
        self.providers = providers
        self.files = files
        self.fragments = fragments
        // Lower-cased, with their bytes for the byte-level search, longest first.
        func prepared(_ table: [ZoneInfo]) -> [ZoneInfo] {
            table.map { var z = $0; z.zone = z.zone.lowercased(); z.zoneBytes = Array(z.zone.utf8); return z }
                .sorted { $0.zone.count > $1.zone.count }
        }
        self.zones = prepared(zones)
        self.operatorNames = prepared(operatorNames)
        var operators = Set<String>(sorted.compactMap { $0.operatorName })
        for z in self.zones { operators.insert(z.operatorName) }
        for z in self.operatorNames { operators.insert(z.operatorName) }
        knownOperators = operators
        var gates: [[String]] = []
        var gateOf: [ObjectIdentifier: Int32] = [:]
        gateBits = sorted.map { r in
            r.unlessPlans.map { plan in
                if let g = gateOf[ObjectIdentifier(plan)] { return g }
                let g = Int32(sorted.count + gates.count)
                gateOf[ObjectIdentifier(plan)] = g
                gates += plan.parts.map(\.literals)
                return g
            }
        }
        prefilter = LiteralPrefilter(rules: sorted, gates: gates)
        guardScopes = sorted.map { r in r.unlessNames.map { $0.hasPrefix("@") ? scopedToZone[String($0.dropFirst())] : nil } }
        questionScoped = sorted.map { r in r.unlessNames.map { $0.hasPrefix("@") && scopedToQuestion.contains(String($0.dropFirst())) } }
    }

    public func rule(id: String) -> Rule? { rules.first { $0.id == id } }

    /// Loads every `*.yaml` pack of each directory, in order; a later rule with the
    /// same id replaces an earlier one. `providers.yaml` files are merged (later first).
    public static func load(directories: [String]) throws -> PatternLibrary {
        var byID: [String: Rule] = [:]
        var order: [String] = []
        var providers = ProviderMap()
        var files: [String] = []
        var zones: [ZoneInfo] = []
        var operatorNames: [ZoneInfo] = []
        var guards: [String: String] = [:]
        var fragments: [String: String] = [:]
        var scopedToZone: [String: String] = [:]
        var scopedToQuestion = Set<String>()
        let guardCache = GuardCache()
        for dir in directories.reversed() {
            // Shared guards: a later directory's guard of the same name wins.
            let g = (dir as NSString).appendingPathComponent("guards.yaml")
            if FileManager.default.fileExists(atPath: g) {
                do {
                    let file = try YAMLDecoder().decode(GuardsFile.self, from: String(contentsOfFile: g, encoding: .utf8))
                    guards.merge(file.guards) { a, _ in a }
                    fragments.merge(file.fragments ?? [:]) { a, _ in a }
                    scopedToZone.merge(file.scopedToZone ?? [:]) { a, _ in a }
                    scopedToQuestion.formUnion(file.scopedToQuestion ?? [])
                } catch {
                    throw PatternError(file: g, line: 0, message: describe(error))
                }
            }
            let z = (dir as NSString).appendingPathComponent("zones.yaml")
            if FileManager.default.fileExists(atPath: z) {
                do {
                    let file = try YAMLDecoder().decode(ZonesFile.self, from: String(contentsOfFile: z, encoding: .utf8))
                    zones += file.zones.filter { n in !zones.contains { $0.zone == n.zone } }
                    for n in file.names ?? [] where !operatorNames.contains(where: { $0.zone == n.name.lowercased() }) {
                        operatorNames.append(ZoneInfo(zone: n.name.lowercased(), operatorName: n.operatorName,
                                                      list: n.list ?? n.operatorName, delist: n.delist))
                    }
                } catch {
                    throw PatternError(file: z, line: 0, message: describe(error))
                }
            }
            // Provider maps: user directories (given later) take precedence.
            let p = (dir as NSString).appendingPathComponent("providers.yaml")
            if FileManager.default.fileExists(atPath: p) {
                let extra = try loadProviders(p)
                providers.hostRules += extra.hostRules
                providers.domains.merge(extra.domains) { a, _ in a }
                for (token, provider) in extra.signatures { providers.addSignature(token, provider: provider) }
                providers.writtenNames = (providers.writtenNames + extra.writtenNames.filter { n in !providers.writtenNames.contains { $0.name == n.name } })
                    .sorted { $0.name.count > $1.name.count }
            }
        }
        // A guards.yaml regex as the rules use it: fragments and the known zones expanded, accents optional.
        let zoneNames = zones.map(\.zone)
        func prepared(_ source: String) throws -> String {
            Diacritics.folding(RuleSpec.expandZones(inPattern: try RuleSpec.expandFragments(inPattern: source, fragments), zoneNames))
        }
        // The part of each scoped guard that vetoes whatever list is read.
        var scopeExceptions: [String: Regex] = [:]
        for (name, source) in scopedToZone {
            do {
                scopeExceptions[name] = try Regex(try prepared(source), options: [.caseless, .utf])
            } catch let e as FragmentError {
                throw PatternError(file: "guards.yaml", line: 0, message: "scoped_to_zone \(name): unknown fragment {@\(e.name)} (not in any guards.yaml)")
            } catch let e as RegexError {
                throw PatternError(file: "guards.yaml", line: 0, message: "scoped_to_zone \(name): does not compile: \(e.message) at offset \(e.offset)")
            }
        }
        // A shared guard may cite fragments and the known zones too.
        for (name, g) in guards {
            do {
                guards[name] = try prepared(g)
            } catch let e as FragmentError {
                throw PatternError(file: "guards.yaml", line: 0, message: "guard \(name): unknown fragment {@\(e.name)} (not in any guards.yaml)")
            }
        }
        for dir in directories {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw PatternError(file: dir, line: 0, message: "pattern directory not found")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: dir)
                .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !["providers.yaml", "zones.yaml", "guards.yaml"].contains($0) }
                .sorted()
            for name in names {
                let path = (dir as NSString).appendingPathComponent(name)
                files.append(path)
                for rule in try loadPack(path, guards: guards, zones: zones.map(\.zone), fragments: fragments, cache: guardCache) {
                    if byID[rule.id] == nil { order.append(rule.id) }
                    byID[rule.id] = rule
                }
            }
        }
        return PatternLibrary(rules: order.map { byID[$0]! }, providers: providers, files: files, zones: zones,
                              operatorNames: operatorNames, fragments: fragments, scopedToZone: scopeExceptions,
                              scopedToQuestion: scopedToQuestion)
    }

    /// `zones`: the DNSBL zones of zones.yaml, for the `{zones}` placeholder of a rule's regex,
    /// `unless` entries and literals (a rule that cites any known zone without repeating the table).
    static func loadPack(_ path: String, guards: [String: String] = [:], zones: [String] = [],
                         fragments: [String: String] = [:], cache: GuardCache? = nil) throws -> [Rule] {
        // a regular file only (a FIFO would block the load, a directory named *.yaml is no pack); the reason in words
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw PatternError(file: path, line: 0, message: "cannot read: " + String(cString: strerror(errno)))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw PatternError(file: path, line: 0, message: "cannot read: " + ((st.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file"))
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            let why = access(path, R_OK) != 0 ? String(cString: strerror(errno)) : "not UTF-8 text"
            throw PatternError(file: path, line: 0, message: "cannot read: " + why)
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw PatternError(file: path, line: 0, message: "YAML: \(error)")
        }
        guard let root, let rulesNode = root.mapping?["rules"], let seq = rulesNode.sequence else {
            throw PatternError(file: path, line: 1, message: "expected a mapping with a 'rules' list")
        }
        var out: [Rule] = []
        var seen = Set<String>()
        for node in seq {
            let line = (node.mark?.line ?? 0)
            var spec: RuleSpec
            do { spec = try YAMLDecoder().decode(RuleSpec.self, from: node) } catch {
                throw PatternError(file: path, line: line, message: "rule: \(describe(error))")
            }
            do { try spec.expandFragments(fragments) } catch let e as FragmentError {
                throw PatternError(file: path, line: line, message: "rule \(spec.id): unknown fragment {@\(e.name)} (not in any guards.yaml)")
            }
            spec.expandZones(zones)
            spec.foldDiacritics()
            guard seen.insert(spec.id).inserted else {
                throw PatternError(file: path, line: line, message: "rule \(spec.id): duplicate id in this file")
            }
            out.append(try Rule(spec: spec, file: path, line: line, guards: guards, cache: cache))
        }
        return out
    }

    static func loadProviders(_ path: String) throws -> ProviderMap {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let file: ProvidersFile
        do { file = try YAMLDecoder().decode(ProvidersFile.self, from: text) } catch {
            throw PatternError(file: path, line: 0, message: describe(error))
        }
        var map = ProviderMap()
        for e in file.providers {
            for h in e.hosts ?? [] {
                let h = h.lowercased()
                map.hostRules.append((h.hasPrefix("*.") ? String(h.dropFirst()) : h, e.provider))
            }
            for d in e.domains ?? [] where map.domains[d.lowercased()] == nil {
                map.domains[d.lowercased()] = e.provider
            }
            for sig in e.signatures ?? [] { map.addSignature(Array(sig.lowercased().utf8), provider: e.provider) }
            var written = (e.slugIsName ?? true) ? [e.provider] : []
            written += (e.domains ?? []) + (e.names ?? [])
            for w in written where !map.writtenNames.contains(where: { $0.name == Array(w.lowercased().utf8) }) {
                map.writtenNames.append((Array(w.lowercased().utf8), e.provider))
            }
        }
        map.writtenNames.sort { $0.name.count > $1.name.count }
        return map
    }

    static func describe(_ error: Error) -> String {
        if case let DecodingError.keyNotFound(key, _) = error { return "missing field '\(key.stringValue)'" }
        if case let DecodingError.typeMismatch(_, ctx) = error {
            return "wrong type at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        return "\(error)"
    }

    /// Finds the shipped pattern directory: $BOUNCEWATCH_PATTERNS, then `patterns/`
    /// beside (or above) the executable, then the install locations.
    public static func defaultDirectory(executable: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["BOUNCEWATCH_PATTERNS"], !env.isEmpty { return env }
        var candidates: [String] = []
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("patterns").path)
            candidates.append(dir.appendingPathComponent("share/bouncewatch/patterns").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates += ["/usr/local/share/bouncewatch/patterns", "/usr/share/bouncewatch/patterns",
                       fm.currentDirectoryPath + "/patterns"]
        return candidates.first { fm.fileExists(atPath: $0 + "/providers.yaml") }
    }
}

/// The longest literal run (lower-cased, at least 4 bytes) that every match of a
/// regex must contain: taken from the top level only, and only when the regex has
/// no top-level alternation. Nil when there is none.
public func deriveLiteral(_ regex: String) -> String? {
    let s = Array(regex.utf8)
    var depth = 0
    var i = 0
    // Any top-level '|' makes every literal optional.
    var scanDepth = 0
    var j = 0
    while j < s.count {
        let c = s[j]
        if c == UInt8(ascii: "\\") { j += 2; continue }
        if c == UInt8(ascii: "[") {
            j += 1
            if j < s.count && s[j] == UInt8(ascii: "^") { j += 1 }
            if j < s.count && s[j] == UInt8(ascii: "]") { j += 1 }
            while j < s.count && s[j] != UInt8(ascii: "]") { if s[j] == UInt8(ascii: "\\") { j += 1 }; j += 1 }
            j += 1; continue
        }
        if c == UInt8(ascii: "(") { scanDepth += 1 }
        if c == UInt8(ascii: ")") { scanDepth -= 1 }
        if c == UInt8(ascii: "|") && scanDepth == 0 { return nil }
        j += 1
    }
    var best: [UInt8] = []
    var run: [UInt8] = []
    func flush() { if run.count > best.count { best = run }; run = [] }
    let special = Set("^$.*+?()[]{}|".utf8)
    while i < s.count {
        let c = s[i]
        if depth > 0 {
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if c == UInt8(ascii: "[") {
                i += 1
                if i < s.count && s[i] == UInt8(ascii: "^") { i += 1 }
                if i < s.count && s[i] == UInt8(ascii: "]") { i += 1 }
                while i < s.count && s[i] != UInt8(ascii: "]") { if s[i] == UInt8(ascii: "\\") { i += 1 }; i += 1 }
                i += 1; continue
            }
            if c == UInt8(ascii: "(") { depth += 1 }
            if c == UInt8(ascii: ")") {
                depth -= 1
                // A quantifier after the group does not affect runs outside it.
            }
            i += 1
            continue
        }
        var lit: UInt8? = nil
        var width = 1
        if c == UInt8(ascii: "\\") {
            guard i + 1 < s.count else { break }
            let e = s[i + 1]
            width = 2
            if special.contains(e) || e == UInt8(ascii: "\\") || e == UInt8(ascii: "/") || e == UInt8(ascii: "-") || e == UInt8(ascii: " ") {
                lit = e
            } else {
                lit = nil  // \s \d \w \b ... : not a literal
            }
        } else if c == UInt8(ascii: "(") {
            flush(); depth += 1; i += 1; continue
        } else if c == UInt8(ascii: "[") {
            flush()
            i += 1
            if i < s.count && s[i] == UInt8(ascii: "^") { i += 1 }
            if i < s.count && s[i] == UInt8(ascii: "]") { i += 1 }
            while i < s.count && s[i] != UInt8(ascii: "]") { if s[i] == UInt8(ascii: "\\") { i += 1 }; i += 1 }
            i += 1
            // A quantifier after the class is harmless: the run is already flushed.
            continue
        } else if special.contains(c) {
            lit = nil
        } else {
            lit = c
        }
        // Look at a following quantifier.
        let next = i + width < s.count ? s[i + width] : 0
        let optional = next == UInt8(ascii: "?") || next == UInt8(ascii: "*") ||
            (next == UInt8(ascii: "{") && i + width + 1 < s.count && s[i + width + 1] == UInt8(ascii: "0"))
        let repeated = next == UInt8(ascii: "+") || next == UInt8(ascii: "{")
        if let l = lit, !optional {
            run.append(l >= 0x41 && l <= 0x5A ? l + 32 : l)
            if repeated { flush() }
        } else {
            flush()
        }
        i += width
    }
    flush()
    return best.count >= 4 ? String(decoding: best, as: UTF8.self) : nil
}

extension ProviderMap {
    /// The list words a keeper's name may stand before ("Mimecast block list", "Zoho's blacklist").
    private static let keeperListWords: [[UInt8]] = ["block list", "blocklist", "blacklist", "black list", "rbl",
        "dnsbl", "deny list", "denylist", "ban list", "banlist", "reputation list"].map { Array($0.utf8) }
    /// The verbs a keeper's name may follow ("blocked by Zoho", "blacklisted by Seznam.cz").
    /// (Not "rejected/refused by": a provider that refuses a message keeps no list by saying so.)
    private static let keeperVerbs: [[UInt8]] = ["blocked by ", "blacklisted by ", "blocklisted by ", "black listed by ",
        "listed by ", "banned by "].map { Array($0.utf8) }
    /// (session 19) A list word with "of" (or another language's list words) that a keeper's name follows
    /// ("in blacklist of sina.com", "na czarnej liście WP", "auf der Sperrliste von GMX", "sur liste noire Orange").
    private static let listWordsBefore: [[UInt8]] = ["blacklist of ", "black list of ", "blocklist of ", "block list of ",
        "blacklist di ", "lista nera di ", "lista negra de ", "lista negra do ", "lista negra del ", "liste noire de ",
        "liste noire d'", "liste noire ", "sperrliste von ", "sperrliste der ", "blockliste von ", "blockliste der ",
        "schwarzen liste von ", "zwarte lijst van ", "czarnej liście ", "czarnej liscie ", "černé listině ",
        "cerne listine ", "черном списке ", "чёрном списке ", "черния списък на ", "чорному списку "].map { Array($0.utf8) }
    private static let keeperLeads = keeperVerbs + listWordsBefore
    private static let possessives: [[UInt8]] = ["'s", "’s"].map { Array($0.utf8) }
    private static let article: [UInt8] = Array("the ".utf8)

    /// The provider a folded text names as a block list's keeper: one of `writtenNames` as a whole word (not
    /// inside an address, a host name or a URL) that a list word follows ("on Mimecast block list", "in the
    /// Mail.ru blacklist", "Zoho's internal blacklist": its possessive and one word may come between) or that
    /// a blocking verb and "by" precede ("blocked by Zoho", "blacklisted by the Seznam.cz"), or a list word and
    /// "of" ("in blacklist of sina.com", in other languages too: "na czarnej liście WP"). The first such
    /// name in the text; nil when there is none.
    func listKeeper(in t: UnsafeRawBufferPointer) -> String? {
        let n = t.count
        guard n > 0, !writtenNames.isEmpty else { return nil }
        @inline(__always) func word(_ c: UInt8) -> Bool { Scan.isAlnum(c) || c == 0x2D || c == 0x5F }
        func has(_ w: [UInt8], at i: Int) -> Bool {
            guard i >= 0, i + w.count <= n else { return false }
            for k in 0..<w.count where t[i + k] != w[k] { return false }
            return true
        }
        // the name's possessive, then a list word after a space, or after one more word
        func listWordFollows(_ e: Int) -> Bool {
            var i = e
            if let p = ProviderMap.possessives.first(where: { has($0, at: e) }) { i += p.count }
            for skip in 0...1 {
                var j = i
                while j < n && t[j] == 0x20 { j += 1 }
                guard j > i else { return false }
                if ProviderMap.keeperListWords.contains(where: { has($0, at: j) && (j + $0.count == n || !word(t[j + $0.count])) }) { return true }
                guard skip == 0 else { return false }
                var k = j
                while k < n && word(t[k]) { k += 1 }
                guard k > j else { return false }
                i = k
            }
            return false
        }
        func verbPrecedes(_ s: Int) -> Bool {
            var b = s
            if has(ProviderMap.article, at: b - 4) { b -= 4 }
            return ProviderMap.keeperLeads.contains { v in
                has(v, at: b - v.count) && (b - v.count == 0 || !word(t[b - v.count - 1]))
            }
        }
        // the earliest such name, as `Classifier.operatorName(in:)` finds an operator's
        guard let b = t.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var best: (at: Int, provider: String)? = nil
        for (name, provider) in writtenNames {
            // only an occurrence that starts before the best one so far can win
            let limit = min(n, best.map { $0.at - 1 + name.count } ?? n)
            if let i = Classifier.firstOccurrence(of: name, in: b, limit: limit, { i, e in
                let before = i == 0 ? UInt8(0x20) : t[i - 1]
                let wholeStart = !(word(before) || before == 0x2E || before == 0x40 || before == 0x2F)
                let wholeEnd = e == n || !(word(t[e]) || (t[e] == 0x2E && e + 1 < n && word(t[e + 1])))
                return wholeStart && wholeEnd && (listWordFollows(e) || verbPrecedes(i))
            }) {
                best = (i, provider)
            }
        }
        return best?.provider
    }
}

