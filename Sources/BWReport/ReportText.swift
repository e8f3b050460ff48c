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
        if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) {
            out += "\\x" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16)
        } else {
            out.unicodeScalars.append(u)
        }
    }
    return out
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

func usersText(_ c: DistinctCounter) -> String {
    c.isExact ? grouped(c.count) : "~" + grouped(c.count)
}

/// Aligned columns; the first `leftColumns` are left-aligned, the rest right-aligned.
struct Table {
    var header: [String]
    var rows: [[String]] = []
    var leftColumns: Int

    func render(indent: String = "  ", style: TextStyle) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, c) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                parts.append(i < leftColumns ? c + pad : pad + c)
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

public enum ReportText {
    public static func render(_ s: Snapshot, style: TextStyle, top: Int = 20) -> String {
        var out = ""
        let b = s.blocklist
        let t = s.totals
        let period: String
        if let f = s.firstTime, let l = s.lastTime { period = "\(shortTime(f)) → \(shortTime(l)) UTC" } else { period = "no timestamps" }
        let inputs = s.inputs.count == 1 ? terminalSafe(s.inputs[0].name) : "\(s.inputs.count) inputs"
        out += style.bold("bouncewatch report") + " — \(inputs), \(grouped(t.lines)) lines, \(period)\n\n"

        if b.attempts == 0 {
            out += style.green("No blocklist refusals found.") + " \(grouped(t.deferred + t.bounced)) refused attempts in all (see categories below).\n\n"
        } else {
            let ipCount = b.listedIPs.count
            let since = b.firstSeen.map { " since \(shortTime($0)) UTC" } ?? ""
            out += style.red("BLOCKLISTED") + ": \(ipCount) listed IP\(ipCount == 1 ? "" : "s"), "
                + "\(grouped(b.attempts)) refused attempt\(b.attempts == 1 ? "" : "s")\(since), "
                + "\(usersText(b.users)) user\(b.users.count == 1 ? "" : "s") affected\n\n"
            if !b.listedIPs.isEmpty {
                var table = Table(header: ["LISTED IP", "REFUSED BY", "LISTS", "ATTEMPTS", "USERS", "FIRST SEEN", "LAST SEEN"], leftColumns: 3)
                for ip in b.listedIPs.prefix(top) {
                    table.rows.append([terminalSafe(ip.ip), ip.providers.map(terminalSafe).joined(separator: ","),
                                       ip.lists.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                                           .map { terminalSafe($0.key) }.joined(separator: ","),
                                       grouped(ip.attempts), usersText(ip.users), shortTime(ip.firstSeen), shortTime(ip.lastSeen)])
                }
                out += table.render(style: style)
                if b.listedIPs.count > top { out += "  … \(b.listedIPs.count - top) more listed IPs (--top)\n" }
                out += "\n"
            }
            var delist: [String] = []
            for ip in b.listedIPs.prefix(top) { for d in ip.delist where !delist.contains(d) { delist.append(d) } }
            for o in b.operators { for d in o.delist where !delist.contains(d) { delist.append(d) } }
            if !delist.isEmpty {
                out += style.bold("Delist / check") + "\n"
                for d in delist.prefix(top) { out += "  \(terminalSafe(d))\n" }
                out += "\n"
            }
            var prov = Table(header: ["REFUSED BY", "ATTEMPTS", "USERS"], leftColumns: 1)
            for p in b.providers.prefix(top) { prov.rows.append([terminalSafe(p.provider), grouped(p.attempts), usersText(p.users)]) }
            out += style.bold("Who refuses") + "\n" + prov.render(style: style) + "\n"
            var ops = Table(header: ["LIST OPERATOR", "LISTS", "ATTEMPTS", "USERS"], leftColumns: 2)
            for o in b.operators.prefix(top) {
                ops.rows.append([terminalSafe(o.operatorName),
                                 o.lists.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                                     .map { "\(terminalSafe($0.key)) (\(grouped($0.value)))" }.joined(separator: ", "),
                                 grouped(o.attempts), usersText(o.users)])
            }
            out += style.bold("Whose lists are cited") + "\n" + ops.render(style: style) + "\n"
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
        for e in s.errors { out += style.red("error: ") + terminalSafe(e) + "\n" }
        return out
    }

    static func format1(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) + ".0" : String(r)
    }
}
