// The counts the generator knows from what it wrote, in the shape of
// `bouncewatch report --format json` (schema bouncewatch.report/1).

import Foundation

let allCategories = ["blocklist", "reputation", "rate-limit", "auth", "content", "user-unknown", "mailbox-full",
                     "greylist", "policy", "relay", "dns", "network", "tls", "size", "other"]

final class Tally {
    var attempts = 0
    var users = Set<Int32>()
    var first: Int64 = .max
    var last: Int64 = .min
    var lists: [String: Int] = [:]
    var providers = Set<String>()

    @inline(__always) func hit(_ user: Int32, _ sec: Int64) {
        attempts += 1
        if user >= 0 { users.insert(user) }
        if sec < first { first = sec }
        if sec > last { last = sec }
    }
}

final class Expect {
    var messages = 0
    var sent = 0, deferred = 0, bounced = 0, expired = 0
    var bounceNotifications = 0
    var smtpRejects = 0
    var categories = [Int](repeating: 0, count: allCategories.count)
    let blocklist = Tally()
    var providers: [String: Tally] = [:]
    var operators: [String: Tally] = [:]
    var ips: [String: Tally] = [:]
    var firstTime: Int64 = .max
    var lastTime: Int64 = .min
    /// Recipients (lower-cased addresses) refused for a listing, and those of them the listing kept the mail from
    /// for good: refused permanently, or deferred for it and failing later (Exim's retry timeout, Postfix's expiry).
    var listedRecipients = Set<Bytes>()
    var notDelivered = Set<Bytes>()

    /// A deferred or bounced delivery line with its verdict.
    func refusal(category: Int, sec: Int64, user: Int32, provider: String, op: String?, list: String?, ip: String?) {
        categories[category] += 1
        guard category == 0 else { return }
        blocklist.hit(user, sec)
        tally(&providers, provider).hit(user, sec)
        let o = op ?? "unknown"
        let ot = tally(&operators, o)
        ot.hit(user, sec)
        ot.lists[list ?? o, default: 0] += 1
        if let ip {
            let t = tally(&ips, ip)
            t.hit(user, sec)
            t.providers.insert(provider)
            t.lists[list ?? o, default: 0] += 1
        }
    }

    private func tally(_ d: inout [String: Tally], _ k: String) -> Tally {
        if let t = d[k] { return t }
        let t = Tally()
        d[k] = t
        return t
    }

    func json(config: Config, lines: Int, bytes: Int64, episodes: [Episode], extra: [(String, String)]) -> String {
        var w = JSONOut()
        w.open()
        w.str("schema", "bwgen.expected/1")
        w.str("report_schema", "bouncewatch.report/1")
        w.open("generator")
        w.raw("seed", String(config.seed))
        w.str("format", config.format.rawValue)
        w.int("hosts", config.hosts)
        w.int("users", config.users)
        w.num("listed_share", config.listedShare)
        w.str("start", rfc3339(config.start))
        w.num("days", config.days)
        w.int("bytes", Int(bytes))
        for (k, v) in extra { w.str(k, v) }
        w.close()
        w.open("period")
        w.str("first", firstTime == .max ? nil : rfc3339(firstTime))
        w.str("last", lastTime == .min ? nil : rfc3339(lastTime))
        w.close()
        w.open("totals")
        w.int("lines", lines)
        w.int("messages", messages)
        w.open("deliveries")
        w.int("sent", sent); w.int("deferred", deferred); w.int("bounced", bounced); w.int("expired", expired)
        w.close()
        w.int("bounce_notifications", bounceNotifications)
        w.int("smtp_rejects", smtpRejects)
        w.close()
        w.open("categories")
        for (i, c) in allCategories.enumerated() { w.int(c, categories[i]) }
        w.close()
        w.open("blocklist")
        w.int("attempts", blocklist.attempts)
        w.int("affected_users", blocklist.users.count)
        w.str("first_seen", blocklist.attempts > 0 ? rfc3339(blocklist.first) : nil)
        w.str("last_seen", blocklist.attempts > 0 ? rfc3339(blocklist.last) : nil)
        w.int("recipients", listedRecipients.count)
        w.int("recipients_not_delivered", notDelivered.count)
        w.array("providers")
        for (k, t) in providers.sorted(by: { ($0.value.attempts, $1.key) > ($1.value.attempts, $0.key) }) {
            w.open()
            w.str("provider", k)
            w.int("attempts", t.attempts)
            w.int("affected_users", t.users.count)
            w.close()
        }
        w.closeArray()
        w.array("operators")
        for (k, t) in operators.sorted(by: { ($0.value.attempts, $1.key) > ($1.value.attempts, $0.key) }) {
            w.open()
            w.str("operator", k)
            w.open("lists")
            for (l, n) in t.lists.sorted(by: { $0.key < $1.key }) { w.int(l, n) }
            w.close()
            w.int("attempts", t.attempts)
            w.int("affected_users", t.users.count)
            w.close()
        }
        w.closeArray()
        w.array("listed_ips")
        for (k, t) in ips.sorted(by: { ($0.value.attempts, $1.key) > ($1.value.attempts, $0.key) }) {
            w.open()
            w.str("ip", k)
            w.int("attempts", t.attempts)
            w.strings("providers", t.providers.sorted())
            w.open("lists")
            for (l, n) in t.lists.sorted(by: { $0.key < $1.key }) { w.int(l, n) }
            w.close()
            w.str("first_seen", rfc3339(t.first))
            w.str("last_seen", rfc3339(t.last))
            w.int("affected_users", t.users.count)
            w.close()
        }
        w.closeArray()
        w.close()
        w.array("episodes")
        for e in episodes {
            w.open()
            w.str("egress", egressIPs[e.egress])
            w.strings("relay_classes", e.classes.map { "\($0)" })
            w.strings("texts", e.texts.map { refusalTable[$0].key })
            w.str("start", rfc3339(config.start + Int64(e.start * config.days * 86_400)))
            w.str("end", rfc3339(config.start + Int64(e.end * config.days * 86_400)))
            w.num("domain_share", e.domainShare)
            w.str("kind", e.sticky ? "sticky" : "partial")
            w.num("share", (e.share * 10_000).rounded() / 10_000)
            w.close()
        }
        w.closeArray()
        w.close()
        return w.out + "\n"
    }
}

/// A small pretty-printing JSON writer (keys in the order written).
struct JSONOut {
    var out = ""
    private var depth = 0
    private var first = [true]

    private mutating func key(_ k: String?) {
        if !first[first.count - 1] { out += "," }
        first[first.count - 1] = false
        out += "\n" + String(repeating: "  ", count: depth)
        if let k { out += quote(k) + ": " }
    }

    func quote(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\t": r += "\\t"
            default:
                if u.value < 0x20 { r += String(format: "\\u%04x", u.value) } else { r.unicodeScalars.append(u) }
            }
        }
        return r + "\""
    }

    mutating func open(_ k: String? = nil) {
        if depth > 0 || k != nil { key(k) }
        out += "{"
        depth += 1
        first.append(true)
    }

    mutating func close() {
        depth -= 1
        let empty = first.removeLast()
        if !empty { out += "\n" + String(repeating: "  ", count: depth) }
        out += "}"
    }

    mutating func array(_ k: String) {
        key(k)
        out += "["
        depth += 1
        first.append(true)
    }

    mutating func closeArray() {
        depth -= 1
        let empty = first.removeLast()
        if !empty { out += "\n" + String(repeating: "  ", count: depth) }
        out += "]"
    }

    mutating func str(_ k: String, _ v: String?) { key(k); out += v.map(quote) ?? "null" }
    mutating func int(_ k: String, _ v: Int) { key(k); out += String(v) }
    mutating func num(_ k: String, _ v: Double) { key(k); out += String(v) }
    mutating func raw(_ k: String, _ v: String) { key(k); out += v }
    mutating func strings(_ k: String, _ v: [String]) { key(k); out += "[" + v.map(quote).joined(separator: ", ") + "]" }
}

/// An address as `bouncewatch` counts it: ASCII lower-cased.
func lowered(_ a: Bytes) -> Bytes { a.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
