// `report -f csv`: one row per listing subject (a listed IP, a listed domain) and per listing episode, for a
// spreadsheet or a ticket. RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @, a tab or
// carriage return first) is written with a leading apostrophe — provider, list and domain names come from log text.

import BWEngine

public enum ReportCSV {
    public static let header = ["kind", "subject", "refused_by", "lists", "attempts", "affected_users", "exposed_users",
                                "first_seen", "last_seen", "duration_seconds", "ongoing"]

    public static func render(_ s: Snapshot) -> String {
        var out = header.joined(separator: ",") + "\r\n"
        func row(_ cells: [String]) { out += cells.map(cell).joined(separator: ",") + "\r\n" }
        func lists(_ l: [String: Int]) -> String {
            l.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { "\($0.key) (\($0.value))" }
                .joined(separator: "; ")
        }
        let b = s.blocklist
        for ip in b.listedIPs {
            row(["listed-ip", ip.ip, ip.providers.joined(separator: "; "), lists(ip.lists), String(ip.attempts),
                 String(ip.users.count(atMost: ip.attempts)), s.exposedUsers(ip: ip.ip).map { String($0.count) } ?? "",
                 rfc3339(ip.firstSeen), rfc3339(ip.lastSeen), String(ip.lastSeen - ip.firstSeen), ""])
        }
        for d in b.listedDomains {
            row(["listed-domain", d.domain, d.providers.joined(separator: "; "), lists(d.lists), String(d.attempts),
                 String(d.users.count(atMost: d.attempts)), "", rfc3339(d.firstSeen), rfc3339(d.lastSeen),
                 String(d.lastSeen - d.firstSeen), ""])
        }
        for e in b.episodes.sorted(by: { ($0.first, $0.ip, $0.provider, $0.list) < ($1.first, $1.ip, $1.provider, $1.list) }) {
            row(["episode", e.ip, e.provider, e.list, String(e.attempts), String(e.users.count(atMost: e.attempts)),
                 s.exposedUsers(ip: e.ip, first: e.first, last: e.last).map { String($0.count) } ?? "",
                 rfc3339(e.first), rfc3339(e.last), String(e.last - e.first), s.isOngoing(e) ? "yes" : "no"])
        }
        return out
    }

    /// One CSV cell: quoted when it holds a comma, a quote or a line break (quotes doubled); a leading =, +, -, @, tab
    /// or carriage return (a formula to a spreadsheet) behind an apostrophe; other control characters escaped.
    static func cell(_ v: String) -> String {
        var t = ""
        for u in v.unicodeScalars {
            if u == "\n" || u == "\r" || u == "\t" || !isControlCharacter(u) { t.unicodeScalars.append(u) }
            else { t += hexEscape(u) }
        }
        if let first = t.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { t = "'" + t }
        guard t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return t }
        return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
