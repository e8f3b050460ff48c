// The output: one reused byte buffer, written in big chunks with fwrite.
// Lines are built byte by byte from precomputed [UInt8] pieces; no String
// formatting in the hot path.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

typealias Bytes = [UInt8]

@inline(__always) func B(_ s: String) -> Bytes { Array(s.utf8) }

/// Appends a non-negative decimal.
@inline(__always) func appendInt(_ r: inout Bytes, _ v0: Int) {
    var v = v0
    if v < 10 { r.append(UInt8(0x30 + v)); return }
    var d: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var k = 0
    withUnsafeMutableBytes(of: &d) { t in
        while v > 0 { t[k] = UInt8(0x30 + v % 10); v /= 10; k += 1 }
        var i = k - 1
        while i >= 0 { r.append(t[i]); i -= 1 }
    }
}

final class Out {
    private let file: UnsafeMutablePointer<FILE>
    private let cap = 4 << 20
    let p: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) var n = 0
    private(set) var flushed: Int64 = 0
    private(set) var lines = 0

    init(file: UnsafeMutablePointer<FILE>) {
        self.file = file
        p = .allocate(capacity: cap + (1 << 18))
    }

    deinit { p.deallocate() }

    /// Bytes produced so far (flushed or not).
    @inline(__always) var total: Int64 { flushed + Int64(n) }

    @inline(__always) func b(_ c: UInt8) { p[n] = c; n += 1 }

    @inline(__always) func a(_ s: Bytes) {
        let c = s.count
        if c == 0 { return }
        _ = s.withUnsafeBufferPointer { memcpy(p + n, $0.baseAddress!, c) }
        n += c
    }

    @inline(__always) func s(_ s: StaticString) {
        let c = s.utf8CodeUnitCount
        memcpy(p + n, s.utf8Start, c)
        n += c
    }

    @inline(__always) func raw(_ q: UnsafePointer<UInt8>, _ c: Int) {
        memcpy(p + n, q, c)
        n += c
    }

    /// Decimal, no padding.
    @inline(__always) func int(_ v0: Int) {
        var v = v0
        if v < 0 { b(0x2D); v = -v }
        if v < 10 { b(UInt8(0x30 + v)); return }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var k = 0
        withUnsafeMutableBytes(of: &tmp) { t in
            while v > 0 { t[k] = UInt8(0x30 + v % 10); v /= 10; k += 1 }
            var i = k - 1
            while i >= 0 { p[n] = t[i]; n += 1; i -= 1 }
        }
    }

    /// Zero-padded decimal of `width` digits.
    @inline(__always) func pad(_ v0: Int, _ width: Int) {
        var v = v0
        var i = width - 1
        while i >= 0 { p[n + i] = UInt8(0x30 + v % 10); v /= 10; i -= 1 }
        n += width
    }

    static let hexUpper: Bytes = B("0123456789ABCDEF")
    static let hexLower: Bytes = B("0123456789abcdef")
    static let alnum: Bytes = B("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// `count` random characters from `alphabet`.
    @inline(__always) func random(_ alphabet: Bytes, _ count: Int, _ rng: inout Rng) {
        for _ in 0..<count { b(alphabet[rng.below(alphabet.count)]) }
    }

    /// Seconds with Postfix's delay precision: >=10 whole, >=1 one decimal, >=0.01 two, else 0.
    @inline(__always) func delay(_ us: Int64) {
        if us >= 10_000_000 { int(Int(us / 1_000_000)); return }
        if us >= 1_000_000 {
            let tenths = Int(us / 100_000)
            int(tenths / 10)
            if tenths % 10 != 0 { b(0x2E); b(UInt8(0x30 + tenths % 10)) }
            return
        }
        let hundredths = Int(us / 10_000)
        if hundredths == 0 { b(0x30); return }
        b(0x30); b(0x2E)
        b(UInt8(0x30 + hundredths / 10))
        if hundredths % 10 != 0 { b(UInt8(0x30 + hundredths % 10)) }
    }

    /// Ends the line; flushes when the buffer is nearly full.
    @inline(__always) func endLine() {
        p[n] = 0x0A; n += 1
        lines += 1
        if n >= cap { flush() }
    }

    func flush() {
        if n > 0 {
            let w = fwrite(p, 1, n, file)
            if w != n {
                FileHandle.standardError.write("bwgen: write failed\n".data(using: .utf8)!)
                exit(1)
            }
            flushed += Int64(n)
            n = 0
        }
    }
}

// MARK: - Time

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
}

struct Civil { var year, month, day, hour, minute, second: Int }

func civil(_ t: Int64) -> Civil {
    let days = Int((t >= 0 ? t : t - 86399) / 86400)
    let secs = Int(t - Int64(days) * 86400)
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return Civil(year: m <= 2 ? y + 1 : y, month: m, day: d, hour: secs / 3600, minute: (secs % 3600) / 60, second: secs % 60)
}

func rfc3339(_ t: Int64) -> String {
    let c = civil(t)
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(c.year)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
}

/// Parses `2026-11-01T00:00:00Z` (or with +hh:mm) into epoch seconds.
func parseRFC3339(_ s: String) -> Int64? {
    let b = Array(s.utf8)
    guard b.count >= 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x20, b[13] == 0x3A, b[16] == 0x3A else { return nil }
    func num(_ a: Int, _ l: Int) -> Int? {
        var v = 0
        for i in a..<(a + l) { guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }; v = v * 10 + Int(b[i] - 0x30) }
        return v
    }
    guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let se = num(17, 2) else { return nil }
    var t = Int64(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se)
    var i = 19
    if i < b.count && b[i] == 0x2E { i += 1; while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 } }
    if i < b.count {
        if b[i] == 0x5A { i += 1 }
        else if (b[i] == 0x2B || b[i] == 0x2D) && i + 6 <= b.count, let hh = num(i + 1, 2), let mm = num(i + 4, 2) {
            let off = Int64(hh * 3600 + mm * 60)
            t -= b[i] == 0x2B ? off : -off
            i += 6
        } else { return nil }
    }
    return i == b.count ? t : nil
}

/// Timestamp prefixes, cached per second.
final class Stamps {
    private static let months: [Bytes] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map(B)
    private var bsdSec: Int64 = .min
    private var bsd = Bytes(repeating: 0, count: 15)
    private var isoSec: [Int64] = [.min, .min]
    private var iso: [Bytes] = [Bytes(repeating: 0, count: 19), Bytes(repeating: 0, count: 19)]
    private var eximSec: Int64 = .min
    private var exim = Bytes(repeating: 0, count: 19)

    private func two(_ v: Int, _ out: inout Bytes, _ at: Int) {
        out[at] = UInt8(0x30 + v / 10); out[at + 1] = UInt8(0x30 + v % 10)
    }

    private func isoFill(_ t: Int64, _ out: inout Bytes, sep: UInt8) {
        let c = civil(t)
        out[0] = UInt8(0x30 + c.year / 1000 % 10); out[1] = UInt8(0x30 + c.year / 100 % 10)
        out[2] = UInt8(0x30 + c.year / 10 % 10); out[3] = UInt8(0x30 + c.year % 10)
        out[4] = 0x2D; two(c.month, &out, 5); out[7] = 0x2D; two(c.day, &out, 8)
        out[10] = sep; two(c.hour, &out, 11); out[13] = 0x3A; two(c.minute, &out, 14); out[16] = 0x3A
        two(c.second, &out, 17)
    }

    /// `Nov  1 00:00:03` (UTC wall clock).
    @inline(__always) func bsd(_ us: Int64, _ o: Out) {
        let sec = us >= 0 ? us / 1_000_000 : (us - 999_999) / 1_000_000
        if sec != bsdSec {
            bsdSec = sec
            let c = civil(sec)
            let m = Stamps.months[c.month - 1]
            bsd[0] = m[0]; bsd[1] = m[1]; bsd[2] = m[2]; bsd[3] = 0x20
            bsd[4] = c.day < 10 ? 0x20 : UInt8(0x30 + c.day / 10); bsd[5] = UInt8(0x30 + c.day % 10)
            bsd[6] = 0x20; two(c.hour, &bsd, 7); bsd[9] = 0x3A; two(c.minute, &bsd, 10); bsd[12] = 0x3A
            two(c.second, &bsd, 13)
        }
        o.a(bsd)
    }

    /// `2026-11-01T01:00:03.123456+01:00` for an offset of 0 or 1 hour(s).
    @inline(__always) func iso(_ us: Int64, offsetHours: Int, _ o: Out) {
        let local = us + Int64(offsetHours) * 3_600_000_000
        let sec = local / 1_000_000
        let k = offsetHours == 0 ? 0 : 1
        if sec != isoSec[k] {
            isoSec[k] = sec
            isoFill(sec, &iso[k], sep: 0x54)
        }
        o.a(iso[k])
        o.b(0x2E)
        o.pad(Int(local % 1_000_000), 6)
        if offsetHours == 0 { o.s("+00:00") } else { o.s("+01:00") }
    }

    /// `2026-11-01 00:00:03` (UTC).
    @inline(__always) func exim(_ us: Int64, _ o: Out) {
        let sec = us / 1_000_000
        if sec != eximSec {
            eximSec = sec
            isoFill(sec, &exim, sep: 0x20)
        }
        o.a(exim)
    }
}
