// `report` for people: the answer first (which IP is listed, by whom, since
// when, how many users hit, where to delist), then the totals.

import BWEngine

public struct TextStyle: Sendable {
    public var color: Bool
    public init(color: Bool) { self.color = color }
    func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    func red(_ s: String) -> String { color ? "\u{1B}[1;31m\(s)\u{1B}[0m" : s }
    func green(_ s: String) -> String { color ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
    func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
}

/// Makes text from logs safe for a terminal: control characters (ESC included)
/// become visible escapes, so a log line cannot move the cursor or change colours.
public func terminalSafe(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
        if isControlCharacter(u) {
            out += hexEscape(u)
        } else if isBidiControl(u) {
            // a direction override reorders what follows it on the line (the report's own columns too)
            out += "\\u{" + String(u.value, radix: 16) + "}"
        } else {
            out.unicodeScalars.append(u)
        }
    }
    return out
}

/// A control character written as "\x1b".
func hexEscape(_ u: Unicode.Scalar) -> String {
    "\\x" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16)
}

/// The Unicode controls of text direction (marks, embeddings, overrides, isolates).
func isBidiControl(_ u: Unicode.Scalar) -> Bool {
    u.value == 0x061C || u.value == 0x200E || u.value == 0x200F || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
}

/// Thousands separators: 12345 → 12,345.
public func grouped(_ v: Int) -> String {
    let s = String(v.magnitude)
    var out = ""
    for (i, ch) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return (v < 0 ? "-" : "") + out
}

/// `2026-11-28 09:12 UTC` style, minutes resolution.
func shortTime(_ t: Int64) -> String {
    let r = rfc3339(t)
    return String(r.prefix(10)) + " " + String(r.dropFirst(11).prefix(5))
}

func usersText(_ c: DistinctCounter, atMost bound: Int = .max) -> String {
    c.isExact ? grouped(c.count) : "~" + grouped(c.count(atMost: bound))
}

/// "1 recipient", "2 recipients".
func counted(_ n: String, _ one: Bool, _ noun: String) -> String { one ? "\(n) \(noun)" : "\(n) \(noun)s" }

/// Aligned columns; the first `leftColumns` are left-aligned, the rest right-aligned.
struct Table {
    var header: [String]
    var rows: [[String]] = []
    var leftColumns: Int
    /// Further left-aligned columns after the first `leftColumns` (text columns at the end).
    var alsoLeft: Set<Int> = []

    func render(indent: String = "  ", style: TextStyle) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, c) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                parts.append(i < leftColumns || alsoLeft.contains(i) ? c + pad : pad + c)
            }
            var s = indent + parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = style.dim(line(header)) + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}

/// "a,b,c,+2 more" style lists that keep a table narrow.
func capped(_ items: [String], _ n: Int) -> String {
    items.count <= n ? items.joined(separator: ",") : items.prefix(n).joined(separator: ",") + ",+\(items.count - n)"
}

/// 90061 → "1d 1h", 4200 → "1h 10m".
func duration(_ secs: Int64) -> String {
    if secs < 60 { return "\(secs)s" }
    let m = secs / 60, h = m / 60, d = h / 24
    if d > 0 { return "\(d)d \(h % 24)h" }
    if h > 0 { return "\(h)h \(m % 60)m" }
    return "\(m)m"
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

public enum ReportText {
    public static func render(_ s: Snapshot, style: TextStyle, top: Int = 20) -> String {
        var out = ""
        let b = s.blocklist
        let t = s.totals
        let period: String
        if let f = s.firstTime, let l = s.lastTime { period = "\(shortTime(f)) → \(shortTime(l)) UTC" } else { period = "no timestamps" }
        let inputs = s.inputs.count == 1 ? terminalSafe(s.inputs[0].name) : "\(s.inputs.count) inputs"
        out += style.bold("bouncewatch report") + " — \(inputs), \(grouped(t.lines)) line\(t.lines == 1 ? "" : "s"), \(period)\n\n"
        if !s.errors.isEmpty {
            // said first, where a reader of a cron mail looks: the numbers below cover only what was read
            out += style.red("INCOMPLETE") + ": \(s.errors.count) input error\(s.errors.count == 1 ? "" : "s") (listed at the end); "
                + "the counts cover what was read\n\n"
        }

        if b.attempts == 0 {
            out += style.green("No blocklist refusals found.") + " \(grouped(t.deferred + t.bounced)) refused attempts in all (see categories below).\n\n"
        } else {
            // (the row of listings that name no address and were sent from an unknown address is no listed IP)
            let ipCount = b.listedIPs.filter { !$0.ip.isEmpty }.count
            let domainCount = b.listedDomains.count
            // listed now, or only earlier in the logs: an episode is ongoing when its last refusal is within the quiet
            // gap of the logs' end (listings whose address is not known have no episode: "since")
            let over = !b.episodes.isEmpty && !b.episodes.contains { s.isOngoing($0) }
            let since = b.firstSeen.map { f in
                over ? " between \(shortTime(f)) and \(shortTime(b.lastSeen ?? f)) UTC (none ongoing at the logs' end)"
                     : " since \(shortTime(f)) UTC"
            } ?? ""
            let exposed = ReportJSON.allExposed(s)
            // an estimate is never shown above what it was drawn from
            let recipients = b.recipients.count(atMost: b.attempts)
            out += style.red(over ? "WAS BLOCKLISTED" : "BLOCKLISTED") + ": \(ipCount) listed IP\(ipCount == 1 ? "" : "s"), "
                + (domainCount > 0 ? "\(domainCount) listed domain\(domainCount == 1 ? "" : "s"), " : "")
                + "\(grouped(b.attempts)) refused attempt\(b.attempts == 1 ? "" : "s")\(since), "
                + "\(usersText(b.users, atMost: b.attempts)) user\(b.users.count(atMost: b.attempts) == 1 ? "" : "s") affected"
                + (exposed.map { ", \(usersText($0)) exposed" + (s.exposureHours > 1 ? " (counted in \(s.exposureHours)-hour buckets)" : "") } ?? "") + "\n"
            out += "  " + counted(usersText(b.recipients, atMost: b.attempts), recipients == 1, "recipient") + " refused ("
                + "\(usersText(b.recipientsBounced, atMost: recipients)) of them permanently) in "
                + counted(usersText(b.recipientDomains, atMost: recipients), b.recipientDomains.count(atMost: recipients) == 1, "domain")
                + ", from " + counted(usersText(b.clientIPs, atMost: b.attempts), b.clientIPs.count(atMost: b.attempts) == 1, "client IP") + "\n\n"
            // a row's refusers in the order of "Who refuses" (most attempts first), not by name
            let refuserRank = Dictionary(b.providers.enumerated().map { ($1.provider, $0) }, uniquingKeysWith: { a, _ in a })
            func refusers(_ names: [String]) -> String {
                capped(names.sorted { (refuserRank[$0] ?? .max, $0) < (refuserRank[$1] ?? .max, $1) }.map(terminalSafe), 4)
            }
            if !b.listedIPs.isEmpty {
                var table = Table(header: ["LISTED IP", "REFUSED BY", "LISTS", "ATTEMPTS", "USERS", "EXPOSED", "FIRST SEEN", "LAST SEEN"], leftColumns: 3)
                for ip in b.listedIPs.prefix(top) {
                    table.rows.append([ip.ip.isEmpty ? "(not stated)" : terminalSafe(ip.ip), refusers(ip.providers),
                                       listsCell(ip.lists),
                                       grouped(ip.attempts), usersText(ip.users, atMost: ip.attempts), s.exposedUsers(ip: ip.ip).map { usersText($0) } ?? "-",
                                       shortTime(ip.firstSeen), shortTime(ip.lastSeen)])
                }
                out += table.render(style: style)
                if b.listedIPs.count > top { out += "  … \(b.listedIPs.count - top) more listed IPs (--top)\n" }
                out += "\n"
            }
            if !b.listedDomains.isEmpty {
                var table = Table(header: ["LISTED DOMAIN", "REFUSED BY", "LISTS", "ATTEMPTS", "USERS", "FIRST SEEN", "LAST SEEN"], leftColumns: 3)
                for d in b.listedDomains.prefix(top) {
                    table.rows.append([d.domain.isEmpty ? "(not named)" : terminalSafe(d.domain), refusers(d.providers),
                                       listsCell(d.lists),
                                       grouped(d.attempts), usersText(d.users, atMost: d.attempts), shortTime(d.firstSeen), shortTime(d.lastSeen)])
                }
                out += table.render(style: style)
                if b.listedDomains.count > top { out += "  … \(b.listedDomains.count - top) more listed domains (--top)\n" }
                out += "\n"
            }
            var delist: [String] = []
            for row in b.listedIPs.prefix(top) + b.listedDomains.prefix(top) { for d in row.delist where !delist.contains(d) { delist.append(d) } }
            for o in b.operators { for d in o.delist where !delist.contains(d) { delist.append(d) } }
            if !delist.isEmpty {
                out += style.bold("Delist / check") + "\n"
                for d in delist.prefix(top) { out += "  \(terminalSafe(d))\n" }
                out += "\n"
            }
            if !b.episodes.isEmpty {
                var eps = Table(header: ["LISTED IP", "REFUSED BY", "LIST", "FROM", "TO", "DURATION", "ATTEMPTS", "USERS", "EXPOSED", ""], leftColumns: 3, alsoLeft: [9])
                for e in b.episodes.sorted(by: { ($0.attempts, $1.first) > ($1.attempts, $0.first) }).prefix(top) {
                    eps.rows.append([terminalSafe(e.ip), terminalSafe(e.provider), terminalSafe(e.list), shortTime(e.first), shortTime(e.last),
                                     duration(e.last - e.first), grouped(e.attempts), usersText(e.users, atMost: e.attempts),
                                     s.exposedUsers(ip: e.ip, first: e.first, last: e.last).map { usersText($0) } ?? "-",
                                     s.isOngoing(e) ? "ongoing" : ""])
                }
                out += style.bold("Listing episodes") + " (a quiet gap of \(duration(s.episodeGap)) ends one)\n" + eps.render(style: style) + "\n"
            }
            var prov = Table(header: ["REFUSED BY", "ATTEMPTS", "USERS", "DOMAINS", "TOP RECIPIENT DOMAINS"], leftColumns: 1, alsoLeft: [4])
            for p in b.providers.prefix(top) {
                let topDomains = p.recipientDomains.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3)
                    .map { "\(terminalSafe($0.key)) (\(grouped($0.value)))" }.joined(separator: ", ")
                prov.rows.append([terminalSafe(p.provider), grouped(p.attempts), usersText(p.users, atMost: p.attempts),
                              usersText(p.recipientDomainCount, atMost: p.attempts), topDomains])
            }
            out += style.bold("Who refuses") + "\n" + prov.render(style: style) + "\n"
            var ops = Table(header: ["LIST OPERATOR", "LISTS", "ATTEMPTS", "USERS"], leftColumns: 2)
            for o in b.operators.prefix(top) {
                ops.rows.append([terminalSafe(o.operatorName),
                                 o.lists.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                                     .map { "\(terminalSafe($0.key)) (\(grouped($0.value)))" }.joined(separator: ", "),
                                 grouped(o.attempts), usersText(o.users, atMost: o.attempts)])
            }
            out += style.bold("Whose lists are cited") + "\n" + ops.render(style: style) + "\n"
            let ranges = s.ranges.filter { $0.rangeListing || $0.listedIPs.count > 1 || !$0.egressInside.isEmpty || $0.clientsInside > 0 }
            if !ranges.isEmpty {
                var rt = Table(header: ["RANGE", "LISTED IPS", "ATTEMPTS", "RANGE LISTING", "OUR EGRESS IPS INSIDE", "CLIENT IPS INSIDE"], leftColumns: 1)
                for r in ranges.prefix(top) {
                    rt.rows.append([terminalSafe(r.range), grouped(r.listedIPs.count), grouped(r.attempts), r.rangeListing ? "yes" : "no",
                                    r.egressInside.isEmpty ? "-" : r.egressInside.joined(separator: ","), grouped(r.clientsInside)])
                }
                out += style.bold("Listed ranges") + "\n" + rt.render(style: style) + "\n"
            }
        }
        if !s.egress.isEmpty {
            var et = Table(header: ["EGRESS IP", "KNOWN FROM", "DELIVERIES", "LISTED"], leftColumns: 2)
            for e in s.egress.prefix(top) {
                et.rows.append([terminalSafe(e.ip), e.source, grouped(e.deliveries), s.blocklist.listedIPs.contains { $0.ip == e.ip } ? "yes" : "no"])
            }
            out += style.bold("Our sending addresses") + "\n" + et.render(style: style) + "\n"
        }

        out += style.bold("Totals") + "\n"
        var tot = Table(header: ["", ""], leftColumns: 1)
        tot.rows = [
            ["lines", grouped(t.lines)],
            ["malformed lines", grouped(t.malformed)],
            ["messages", grouped(t.messages)],
            ["deliveries sent", grouped(t.sent)],
            ["deliveries deferred", grouped(t.deferred)],
            ["deliveries bounced", grouped(t.bounced)],
            ["messages expired", grouped(t.expired)],
            ["bounce notifications", grouped(t.bounceNotifications)],
            ["SMTP-time rejects (inbound)", grouped(t.smtpRejects)],
        ]
        if t.overlong > 0 { tot.rows.append(["overlong lines (cut)", grouped(t.overlong)]) }
        if t.evicted > 0 { tot.rows.append(["message states evicted", grouped(t.evicted)]) }
        out += tot.render(style: style).split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n") + "\n"

        let refused = t.deferred + t.bounced
        if refused > 0 {
            out += style.bold("Refused attempts by category") + "\n"
            var cat = Table(header: ["CATEGORY", "ATTEMPTS", "SHARE"], leftColumns: 1)
            for (k, v) in s.categories.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) where v > 0 {
                let pct = Double(v) * 100 / Double(refused)
                cat.rows.append([k, grouped(v), String(format1(pct)) + "%"])
            }
            out += cat.render(style: style) + "\n"
        }
        if !s.unclassified.isEmpty {
            out += style.bold("Refusals no rule explained") + " (templates; write a rule for the frequent ones)\n"
            for u in s.unclassified.prefix(top) {
                out += "  \(grouped(u.count).leftPad(7))  \(terminalSafe(u.template))\n"
                out += "           " + style.dim("e.g. " + terminalSafe(String(u.sample.prefix(300)))) + "\n"
            }
            out += "\n"
        }
        for e in s.errors { out += style.red("error: ") + terminalSafe(e) + "\n" }
        return out
    }

    /// The most cited lists first, at most three named.
    static func listsCell(_ lists: [String: Int]) -> String {
        capped(lists.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { terminalSafe($0.key) }, 3)
    }

    static func format1(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) + ".0" : String(r)
    }
}
