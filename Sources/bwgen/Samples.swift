// `bwgen --list-texts`: every refusal text of the table, rendered as a log line
// carries it (the part bouncewatch classifies), with the verdict it must get.
// GeneratorTests feeds these to `bouncewatch classify` to prove the labels.

import Foundation

extension Sim {
    /// Captures what `f` writes to the output buffer.
    func capture(_ f: () -> Void) -> Bytes {
        let start = out.n
        f()
        let b = Bytes(UnsafeBufferPointer(start: out.p + start, count: out.n - start))
        out.n = start
        return b
    }

    func classesUsing(_ ti: Int) -> [RC] {
        var r: [RC] = []
        for e in episodes where e.texts.contains(ti) { r += e.classes }
        for rc in RC.allCases {
            let bg = background[rc.rawValue]
            if (bg.connection + bg.recipient + bg.firstAttempt).contains(where: { $0.0 == ti }) { r.append(rc) }
        }
        if ti == tGmailUnauth { r.append(.gmail) }
        if r.isEmpty { r = [.generic] }
        var seen = Set<Int>()
        return r.filter { seen.insert($0.rawValue).inserted }
    }

    func sampleTexts() -> String {
        var lines = ""
        let q = JSONOut()
        for (ti, x) in texts.enumerated() {
            for rc in classesUsing(ti) {
                let d = classDomains[rc.rawValue][0]
                let egressList = [0] + (rc.ipv6 ? [egressV6] : [])
                for exim in [false, true] {
                    if x.stage == .local && (exim ? x.eximBody.isEmpty : x.body.isEmpty) { continue }
                    for eg in egressList {
                        if exim && eg == egressV6 { continue }
                        let m = Msg(host: 0, inst: exim ? 2 : 0, kind: .mynet)
                        m.sender = unauthAddrs[0]
                        m.senderDom = unauthDoms[0]
                        m.size = 12345
                        m.msgID = B("sample@example.net")
                        var r = makeRcpt(d)
                        r.egress = Int8(eg)
                        r.mx = 0
                        let mx = domains[Int(d)].mx[0]
                        let text = capture {
                            if exim {
                                switch x.stage {
                                case .local:
                                    // The engine classifies `defer (errno): text` for deferrals.
                                    if status(x, true) == .deferred && !x.eximErrno.isEmpty { out.s("defer ("); out.a(x.eximErrno); out.s("): ") }
                                    body(x.eximBody, m, r, mx)
                                case .greeting: out.s("SMTP error from remote mail server after initial connection: "); body(x.body, m, r, mx)
                                case .mailFrom: out.s("SMTP error from remote mail server after MAIL FROM:"); senderOut(m); out.s(" SIZE=13145: "); body(x.body, m, r, mx)
                                case .rcpt: out.s("SMTP error from remote mail server after RCPT TO:<"); out.a(r.addr); out.s(">: "); body(x.body, m, r, mx)
                                case .data: out.s("SMTP error from remote mail server after end of data: "); body(x.body, m, r, mx)
                                }
                            } else {
                                switch x.stage {
                                case .local: body(x.body, m, r, mx)
                                case .greeting:
                                    out.s("host "); out.a(mx.host); out.b(0x5B); mxIP(m, r, mx); out.s("] refused to talk to me: "); body(x.body, m, r, mx)
                                default:
                                    out.s("host "); out.a(mx.host); out.b(0x5B); mxIP(m, r, mx); out.s("] said: "); body(x.body, m, r, mx)
                                    out.s(x.stage == .rcpt ? " (in reply to RCPT TO command)" : x.stage == .mailFrom ? " (in reply to MAIL FROM command)" : " (in reply to end of DATA command)")
                                }
                            }
                        }
                        let cat = exim ? x.eximCategory : x.category
                        var fields: [String] = []
                        func f(_ k: String, _ v: String?) { fields.append(q.quote(k) + ": " + (v.map { q.quote($0) } ?? "null")) }
                        f("key", x.key)
                        f("format", exim ? "exim" : "postfix")
                        f("relay", String(decoding: mx.host, as: UTF8.self))
                        f("text", String(decoding: text, as: UTF8.self))
                        f("category", cat)
                        f("provider", cat == "blocklist" ? (x.provider ?? domains[Int(d)].refusingProvider) : nil)
                        f("operator", x.op)
                        f("list", x.list)
                        f("listed_ip", x.isBlocklist && x.namesIP ? egressIPs[eg] : nil)
                        f("rule", x.rule)
                        f("source", x.source)
                        lines += "{" + fields.joined(separator: ", ") + "}\n"
                    }
                }
            }
        }
        return lines
    }
}
