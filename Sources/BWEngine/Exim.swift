// Exim mainlog: `2026-11-28 09:12:03[.mmm][ +zzzz] [[pid] ]ID <flag> ...`

extension Analyzer {
    func parseExim(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard let naive = isoNaiveTime(p) else { totals.malformed += 1; return }
        var i = 19
        if i < n && p[i] == 0x2E { i += 1; while i < n && Scan.isDigit(p[i]) { i += 1 } }
        guard i < n, p[i] == 0x20 else { totals.malformed += 1; return }
        i += 1
        var t: Int64
        if i < n && (p[i] == 0x2B || p[i] == 0x2D), let (off, len) = parseOffset(p, n, i),
           i + len < n, p[i + len] == 0x20 {
            t = naive - off
            i += len + 1
        } else {
            t = zone.epoch(fromNaive: naive)
        }
        i = afterPID(p, n, i)
        // a syslog line whose template writes the date with a blank ("2026-11-28 09:12:03 relay1 postfix/smtp[2345]: …",
        // syslog-ng's and rsyslog's custom templates): no Exim message ID, a host, then a Postfix program
        if eximIDLength(p, n, i) == 0, let sp = Scan.index(of: 0x20, p, from: i, to: min(n, i + 256)), sp > i,
           Scan.has("postfix", p, at: sp + 1, end: n) {
            syslogBody(p, n, from: i, time: t)
            return
        }
        noteTime(t)
        totals.eximLines += 1
        exim(p, n, i, time: t)
    }

    /// Exim logging through syslog (`log_file_path = syslog`): `… mx1 exim[123]: [2026-11-28 09:12:03[.mmm][ +zzzz] ][[pid] ]ID …`
    /// from `s`, the syslog header's time `t` (Exim's own timestamp, written by default, is skipped). Message IDs are
    /// kept per syslog host.
    func eximSyslog(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int, time t: Int64, host: Int32) {
        var i = s
        if n - i >= 20, p[i + 4] == 0x2D, p[i + 7] == 0x2D, p[i + 10] == 0x20, p[i + 13] == 0x3A, p[i + 16] == 0x3A,
           isoNaiveTime(p + i) != nil {
            i += 19
            if i < n && p[i] == 0x2E { i += 1; while i < n && Scan.isDigit(p[i]) { i += 1 } }
            if i + 1 < n, p[i] == 0x20, p[i + 1] == 0x2B || p[i + 1] == 0x2D, let (_, len) = parseOffset(p, n, i + 1) { i += 1 + len }
            guard i < n, p[i] == 0x20 else { totals.malformed += 1; return }
            i += 1
        }
        i = afterPID(p, n, i)
        totals.eximLines += 1
        exim(p, n, i, time: t, host: host)
    }

    /// After Exim's optional process ID (`[4242] `) at `i`: where the rest starts.
    @inline(__always)
    func afterPID(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Int {
        guard i < n, p[i] == 0x5B, let close = Scan.index(of: 0x5D, p, from: i, to: n), close + 1 < n, p[close + 1] == 0x20
        else { return i }
        for k in (i + 1)..<close where !Scan.isDigit(p[k]) { return i }
        return close + 2
    }

    /// Length of an Exim message ID at `s` (6-6-2 or 6-11-4, base-62), 0 when none.
    @inline(__always)
    func eximIDLength(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int) -> Int {
        func run(_ a: Int, _ len: Int) -> Bool {
            guard a + len <= n else { return false }
            for k in a..<(a + len) where !Scan.isAlnum(p[k]) { return false }
            return true
        }
        guard run(s, 6), s + 6 < n, p[s + 6] == 0x2D else { return 0 }
        if run(s + 7, 6), s + 13 < n, p[s + 13] == 0x2D, run(s + 14, 2), s + 16 == n || p[s + 16] == 0x20 { return 16 }
        if run(s + 7, 11), s + 18 < n, p[s + 18] == 0x2D, run(s + 19, 4), s + 23 == n || p[s + 23] == 0x20 { return 23 }
        return 0
    }

    func exim(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int, time t: Int64, host: Int32? = nil) {
        let idLen = eximIDLength(p, n, s)
        guard idLen > 0 else {
            // Connection-level lines: SMTP-time rejections have no message ID.
            if Scan.find(" rejected ", p, from: s, to: n) != nil || Scan.has("rejected ", p, at: s, end: n) {
                totals.smtpRejects += 1
            }
            return
        }
        let key = packKey(p + s, idLen, available: n - s, host: host ?? eximHost)
        let r = s + idLen + 1
        guard r + 2 <= n else { _ = state(key, t, start: false); return }
        if Scan.has("Completed", p, at: r, end: n) {
            removeMessage(key, state(key, t, start: false))
            return
        }
        let f0 = p[r], f1 = p[r + 1]
        let idx = state(key, t, start: f0 == 0x3C && f1 == 0x3D)
        let flagged = r + 2 < n && p[r + 2] == 0x20
        guard flagged else { return }
        switch (f0, f1) {
        case (0x3C, 0x3D): eximArrival(p, n, r + 3, idx)                  // <=
        case (0x3D, 0x3E), (0x2D, 0x3E): eximDelivery(.sent, p, n, r + 3, idx, t) // => ->
        case (0x3D, 0x3D): eximDelivery(.deferred, p, n, r + 3, idx, t)  // ==
        case (0x2A, 0x2A): eximDelivery(.bounced, p, n, r + 3, idx, t)   // **
        default: break
        }
    }

    /// Range of the value of ` NAME=` within [s, e), up to the next space.
    @inline(__always)
    func eximField(_ name: StaticString, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> (Int, Int)? {
        guard let f = Scan.find(name, p, from: s, to: e) else { return nil }
        let vs = f + name.utf8CodeUnitCount
        var ve = vs
        while ve < e && p[ve] != 0x20 { ve += 1 }
        return (vs, ve)
    }

    /// The address inside the first `[...]` at or after `s`.
    @inline(__always)
    func bracketIP(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int32? {
        guard s < e, p[s] == 0x5B, let close = Scan.index(of: 0x5D, p, from: s, to: e), close > s + 1 else { return nil }
        return ips.intern(p + s + 1, close - s - 1)
    }

    /// `<= sender H=host [ip] I=[ip]:port P=esmtpsa A=auth:user S=123 R=...`
    func eximArrival(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int, _ idx: Int) {
        var se = s
        while se < n && p[se] != 0x20 { se += 1 }
        // Fields end where a quoted subject (T="...") starts: it may contain anything.
        let e = Scan.find(" T=\"", p, from: se, to: n) ?? n
        let nullSender = se - s == 2 && p[s] == 0x3C && p[s + 1] == 0x3E
        if nullSender {
            messages.values[idx].sender = 0
            if Scan.find(" R=", p, from: se, to: e) != nil { markBounce(idx) }
        } else if se > s {
            messages.values[idx].sender = userHash(p + s, se - s)
        }
        if let h = Scan.find(" H=", p, from: se, to: e), let lb = Scan.index(of: 0x5B, p, from: h, to: e),
           let rb = Scan.index(of: 0x5D, p, from: lb, to: e), rb > lb + 1 {
            let key = addressKey(p + lb + 1, rb - lb - 1)
            messages.values[idx].clientIP = key
            noteClient(key)
        }
        if let (vs, _) = eximField(" I=", p, se, e), let ip = bracketIP(p, vs, e) {
            messages.values[idx].egress = ip
        }
        if let (vs, ve) = eximField(" A=", p, se, e), let colon = Scan.index(of: 0x3A, p, from: vs, to: ve), ve > colon + 1 {
            messages.values[idx].sasl = userHash(p + colon + 1, ve - colon - 1)
        }
    }

    /// `** rcpt [<orig>] R=router T=transport [defer (-44)] H=host [ip] I=[ip]: text`
    func eximDelivery(_ status: DeliveryStatus, _ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int,
                      _ idx: Int, _ t: Int64) {
        var re = s
        while re < n && p[re] != 0x20 && !(p[re] == 0x3A && re + 1 < n && p[re + 1] == 0x20) { re += 1 }
        let colon = Scan.find(": ", p, from: re, to: n)
        let fieldsEnd = colon ?? n
        var relay = (-1, -1)
        var egress: Int32 = -1
        if let h = Scan.find(" H=", p, from: re, to: fieldsEnd) {
            relay = (h + 3, h + 3)
            while relay.1 < fieldsEnd && p[relay.1] != 0x20 && p[relay.1] != 0x5B { relay.1 += 1 }
        }
        if let (vs, _) = eximField(" I=", p, re, fieldsEnd), let ip = bracketIP(p, vs, fieldsEnd) { egress = ip }
        let ts = colon.map { $0 + 2 } ?? re
        var text = UnsafeBufferPointer(start: p + ts, count: max(0, n - ts))
        // `defer (-53): retry time not reached [for any host …]`: Exim skipped the host until its retry time; no remote
        // site was asked, so no attempt was refused
        if status == .deferred, Scan.has("retry time not reached", p, at: ts, end: n) { return }
        // `defer (110) H=mx [ip]: Connection timed out`: the errno part belongs to the text.
        if status == .deferred, !Scan.has("SMTP error", p, at: ts, end: n),
           let d = Scan.find(" defer (", p, from: re, to: fieldsEnd),
           let close = Scan.index(of: 0x29, p, from: d, to: fieldsEnd) {
            let head = close + 1 - (d + 1)
            let total = head + 2 + text.count
            if eximText.count < total { eximText = [UInt8](repeating: 0, count: total + 256) }
            eximText.withUnsafeMutableBufferPointer { buf in
                let b = buf.baseAddress!
                b.update(from: p + d + 1, count: head)
                b[head] = 0x3A; b[head + 1] = 0x20
                (b + head + 2).update(from: text.p, count: text.count)
            }
            text = eximText.withUnsafeBufferPointer { UnsafeBufferPointer(start: $0.baseAddress!, count: total) }
        }
        var rs = s
        if rs < re && p[rs] == 0x3C { rs += 1 }
        var rend = re
        if rend > rs && p[rend - 1] == 0x3E { rend -= 1 }
        let at = Scan.index(of: 0x40, p, from: rs, to: rend).map { $0 + 1 } ?? rend
        delivery(status, idx, text: text, dsn: nil, relay: relay, rcpt: (rs, rend), domain: (at, rend), p: p, time: t,
                 hint: .exim(lineIP: egress))
    }
}
