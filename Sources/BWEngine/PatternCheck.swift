// `patterns test` and `patterns lint`: the proof that rule packs say what they mean.

import BWRegex

public struct LintFinding: CustomStringConvertible, Sendable {
    public enum Severity: String, Sendable { case error, warning }
    public let severity: Severity
    public let file: String
    public let line: Int
    public let rule: String
    public let message: String
    public var description: String { "\(file):\(line): \(severity.rawValue): \(rule): \(message)" }
}

public enum PatternCheck {
    public struct Result {
        public var passed = 0
        public var failures: [String] = []
    }

    /// Verdict identity: rules that agree on these do not conflict.
    static func verdictKey(_ r: Rule) -> String {
        "\(r.category.rawValue)|\(r.operatorName ?? "")|\(r.list ?? "")"
    }

    /// Two rules say the same of one text: category, operator, list, listed IP and domain.
    static func sameVerdict(_ a: Verdict, _ b: Verdict) -> Bool {
        (a.category, a.operatorName, a.list, a.listedIP, a.listedDomain) == (b.category, b.operatorName, b.list, b.listedIP, b.listedDomain)
    }

    /// Whether the literal prefilter lets `r` run on a text (given lower-cased): a rule without literals always runs.
    static func prefilterLets(_ r: Rule, run lowered: String) -> Bool {
        r.literals.isEmpty || r.literals.contains(where: { lowered.contains($0) })
    }

    static func matches(_ r: Rule, _ text: String, _ scratch: MatchScratch) -> Bool {
        var copy = text
        return copy.withUTF8 { (try? r.applies(UnsafeRawBufferPointer($0), scratch: scratch)) ?? nil } != nil
    }

    /// Every example must be won by its own rule with the expected captures; every
    /// counterexample must not match its rule; no example may match another rule of a
    /// different verdict with the same priority (an order that only file names decide).
    public static func run(library: PatternLibrary, classifier: Classifier) -> Result {
        var res = Result()
        let scratch = MatchScratch()
        for rule in library.rules {
            let loc = "\(rule.file):\(rule.line): \(rule.id)"
            if rule.examples.isEmpty {
                res.failures.append("FAIL \(loc): no examples")
            }
            for ex in rule.examples {
                let v = classifier.classify(text: ex.text, relay: ex.relay)
                var problems: [String] = []
                // Won by another rule: the example passes when this rule's literals and regex find it
                // too and it says the same of it (category, operator, list, listed IP and domain) — a
                // provider-specific twin, or a generic rule whose zone or name resolves to the winner's
                // list; `lint` reports the shadowing. Won by the status-code fallback: a failure.
                if v.rule != rule.id {
                    if v.rule.flatMap({ library.rule(id: $0) }) == nil {
                        // the status-code fallback (dsn:X) or nothing: no rule said it
                        problems.append("won by \(v.rule ?? "no rule") instead (\(v.category.rawValue))")
                    } else if let own = classifier.verdict(of: rule, text: ex.text, relay: ex.relay) {
                        if !sameVerdict(own, v) {
                            problems.append("won by \(v.rule ?? "no rule") instead (\(v.category.rawValue) \(v.operatorName ?? "-") \(v.list ?? "-") \(v.listedIP ?? v.listedDomain ?? "-"); this rule says \(own.category.rawValue) \(own.operatorName ?? "-") \(own.list ?? "-") \(own.listedIP ?? own.listedDomain ?? "-"))")
                        }
                    } else {
                        problems.append("won by \(v.rule ?? "no rule") (\(v.category.rawValue)); this rule does not match it")
                    }
                }
                if let e = ex.listedIP, v.listedIP != e { problems.append("listed_ip \(v.listedIP ?? "none"), expected \(e)") }
                if let e = ex.listedDomain, v.listedDomain != e.lowercased() { problems.append("listed_domain \(v.listedDomain ?? "none"), expected \(e)") }
                if let e = ex.list, v.list != e { problems.append("list \(v.list ?? "none"), expected \(e)") }
                if let e = ex.operatorName, v.operatorName != e { problems.append("operator \(v.operatorName ?? "none"), expected \(e)") }
                if let e = ex.provider, v.provider != e { problems.append("provider \(v.provider), expected \(e)") }
                for other in library.rules where other !== rule && other.priority == rule.priority
                    && verdictKey(other) != verdictKey(rule) && matches(other, ex.text, scratch) {
                    problems.append("also matches \(other.id) (different verdict, same priority \(rule.priority))")
                }
                if problems.isEmpty { res.passed += 1 } else {
                    res.failures.append("FAIL \(loc): example \"\(ex.text.prefix(120))\": " + problems.joined(separator: "; "))
                }
            }
            for cx in rule.counterexamples {
                // as `classify` judges it (a look-up failure of another list does not veto a listing: scoped guards)
                if matches(rule, cx, scratch) || classifier.verdict(of: rule, text: cx) != nil {
                    res.failures.append("FAIL \(loc): counterexample matches: \"\(cx.prefix(120))\"")
                } else {
                    res.passed += 1
                }
            }
        }
        return res
    }

    /// Texts built to make a backtracking regex blow its match limit.
    static let pathological: [String] = [
        String(repeating: "a", count: 4000),
        String(repeating: " ", count: 4000) + "!",
        String(repeating: "blocked using ", count: 300),
        String(repeating: "[192.0.2.1] ", count: 400),
        String(repeating: "5.7.1 ", count: 700),
        String(repeating: "listed in ", count: 400) + String(repeating: "x.", count: 500),
        String(repeating: "http://", count: 500),
        String(repeating: "a.b-", count: 1000),
    ].flatMap { [$0, $0 + "\u{1}!"] }

    /// `classifier` (over the same library) lets an overlap whose two rules say the same of the example
    /// (category, operator, list, listed IP and domain: a generic rule whose zone or name resolves to
    /// the specific rule's list) be a warning, not an error.
    public static func lint(library: PatternLibrary, classifier: Classifier? = nil) -> [LintFinding] {
        var out: [LintFinding] = []
        let scratch = MatchScratch()
        func add(_ s: LintFinding.Severity, _ r: Rule, _ m: String) {
            out.append(LintFinding(severity: s, file: r.file, line: r.line, rule: r.id, message: m))
        }
        var seenIDs: [String: Rule] = [:]
        struct GuardTry: Hashable { let regex: ObjectIdentifier; let text: Int }
        var guardFails: [GuardTry: Bool] = [:]
        for r in library.rules {
            if let o = seenIDs[r.id] { add(.error, r, "duplicate id (also \(o.file):\(o.line))") }
            seenIDs[r.id] = r
            if r.examples.isEmpty { add(.error, r, "no examples") }
            else if r.examples.count < 2 { add(.warning, r, "only one example (two real texts wanted)") }
            if r.sources.isEmpty { add(.warning, r, "no source: where were the examples seen?") }
            if r.literals.isEmpty { add(.warning, r, "no literal prefilter: the regex runs on every text") }
            if !r.regex.jit { add(.warning, r, "regex could not be JIT-compiled") }
            if r.category == .blocklist && r.operatorName == nil { add(.warning, r, "blocklist rule without an operator") }
            for (field, value) in [("provider", r.provider), ("operator", r.operatorName)] {
                if let v = value, !isSlug(v) { add(.warning, r, "\(field) '\(v)' is not a kebab-case slug (a-z, 0-9, '-')") }
            }
            for ex in r.examples {
                if !prefilterLets(r, run: ex.text.lowercased()) {
                    add(.error, r, "example contains none of the literals \(r.literals): \"\(ex.text.prefix(80))\"")
                }
            }
            // Catastrophic backtracking: a regex that hits the match limit on a crafted text. A guard shared by many
            // rules (one compiled regex, guards.yaml) is tried once per text and its outcome kept.
            for (k, text) in pathological.enumerated() {
                var copy = text
                let failed = copy.withUTF8 { buf -> Bool in
                    func fails(_ g: Regex) -> Bool {
                        if case .failure = Swift.Result(catching: { try g.firstMatch(in: UnsafeRawBufferPointer(buf), scratch: scratch) }) { return true }
                        return false
                    }
                    if fails(r.regex) { return true }
                    return r.unless.contains { g in
                        let key = GuardTry(regex: ObjectIdentifier(g), text: k)
                        if let known = guardFails[key] { return known }
                        let f = fails(g)
                        guardFails[key] = f
                        return f
                    }
                }
                if failed { add(.error, r, "hits the match limit on a crafted \(text.utf8.count)-byte text: catastrophic backtracking risk"); break }
            }
            if r.pattern.contains(".*.*") || r.pattern.contains(")+)") || r.pattern.contains("*)*") || r.pattern.contains("+)+") {
                add(.warning, r, "nested or repeated unbounded quantifiers")
            }
            // Overlaps: another rule with a different verdict that also matches an example.
            for ex in r.examples {
                if let w = library.rules.first(where: { matches($0, ex.text, scratch) }), w !== r, verdictKey(w) == verdictKey(r) {
                    add(.warning, r, "example is won by \(w.id) (same verdict): one of the two may be redundant")
                }
                // what every rule says of the example, the text read and scanned once: r itself, and whether each
                // other rule applies as classify judges it (the text as read, the guards' scoped look-up failures:
                // another list's failure does not veto o); only a rule the literal prefilter lets run on the text
                // can take it from r (session 16: a regex that would match a text without any of its rule's
                // literals never runs on it)
                let all = classifier?.verdicts(of: library.rules, text: ex.text, relay: ex.relay)
                let own = all?[r.order]
                let lowerText = ex.text.lowercased()
                for o in library.rules where o !== r && verdictKey(o) != verdictKey(r) {
                    // without the classifier, o's regex and guards
                    let a: Verdict?
                    if let all {
                        guard let v = all[o.order] else { continue }
                        a = v
                    } else {
                        guard prefilterLets(o, run: lowerText) && matches(o, ex.text, scratch) else { continue }
                        a = nil
                    }
                    if let a, let b = own, sameVerdict(a, b) {
                        // a lower-priority catch-all agreeing is by design; a higher-priority one shadows r
                        if o.priority >= r.priority {
                            add(.warning, r, "example is won by \(o.id), which says the same of it (\(a.operatorName ?? "-") \(a.list ?? "-"))")
                        }
                        continue
                    }
                    if o.priority == r.priority {
                        add(.error, r, "example also matches \(o.id) (different verdict, same priority): \"\(ex.text.prefix(80))\"")
                    } else if o.priority > r.priority {
                        add(.error, r, "example is won by higher-priority \(o.id) (different verdict): \"\(ex.text.prefix(80))\"")
                    } else {
                        add(.warning, r, "example also matches lower-priority \(o.id) (resolved by priority)")
                    }
                }
            }
        }
        for z in library.zones + library.operatorNames where !isSlug(z.operatorName) {
            out.append(LintFinding(severity: .warning, file: "zones.yaml", line: 0, rule: z.zone,
                                   message: "operator '\(z.operatorName)' is not a kebab-case slug (a-z, 0-9, '-')"))
        }
        return out
    }

    /// Provider and operator names are compared with hand labels and other rules' names:
    /// lower-case words joined by '-' (`spamhaus`, `t-online`, `dnsbl-net-au`).
    static func isSlug(_ s: String) -> Bool {
        !s.isEmpty && !s.hasPrefix("-") && !s.hasSuffix("-") && !s.contains("--")
            && s.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}
