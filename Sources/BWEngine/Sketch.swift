// Distinct counting: exact up to a bound, then a HyperLogLog sketch
// (precision 14: 16384 one-byte registers, standard error 1.04/sqrt(16384) ≈ 0.81%).
// Items are stable 64-bit hashes, so counters built on different hosts, in
// different runs or threads merge exactly as if one run had seen everything.

import Foundation

/// Mixes a structured 64-bit key (an IPv4 address, a counter) into a hash fit for a sketch.
@inline(__always)
public func mix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

public struct DistinctCounter: Sendable, Equatable {
    public static let exactLimit = 4096
    public static let precision = 14
    static let registerCount = 1 << precision
    /// Relative standard error of the approximate estimate (precision 14).
    public static let standardError = 1.04 / Double(registerCount).squareRoot()

    var exact: HashSet64? = HashSet64()
    var registers: [UInt8]? = nil
    /// Sketch precision (registers = 2^p) and the exact bound; small counters (hourly
    /// exposure buckets) use p = 12 and a bound of 256 to stay small.
    public let p: Int
    let limit: Int

    public init() { p = DistinctCounter.precision; limit = DistinctCounter.exactLimit }

    public init(precision: Int, exactLimit: Int) { p = precision; limit = exactLimit }

    /// The small counter of one exposure bucket (users per sending address per hour): p = 12
    /// (4 KB of registers) beyond 256 exact values.
    public static let exposurePrecision = 12
    public static let exposureExactLimit = 256
    public static var exposure: DistinctCounter { DistinctCounter(precision: exposurePrecision, exactLimit: exposureExactLimit) }

    /// Relative standard error of this counter's sketch.
    public var relativeError: Double { 1.04 / Double(1 << p).squareRoot() }

    public var isExact: Bool { exact != nil }

    @inline(__always)
    public mutating func insert(_ h: UInt64) {
        if exact != nil {
            exact!.insert(h)
            if exact!.count > limit { promote() }
        } else {
            add(h)
        }
    }

    private mutating func promote() {
        var regs = [UInt8](repeating: 0, count: 1 << p)
        for h in exact!.elements { DistinctCounter.addTo(&regs, h, p) }
        registers = regs
        exact = nil
    }

    @inline(__always)
    private mutating func add(_ h: UInt64) { DistinctCounter.addTo(&registers!, h, p) }

    @inline(__always)
    static func addTo(_ regs: inout [UInt8], _ h: UInt64, _ precision: Int) {
        let idx = Int(h >> UInt64(64 - precision))
        let rest = (h << UInt64(precision)) | (1 << UInt64(precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if regs[idx] < rank { regs[idx] = rank }
    }

    /// Distinct items: exact, or the HyperLogLog estimate.
    /// The count, never more than `bound` (an estimate can exceed what it counts: the attempts it was drawn from).
    public func count(atMost bound: Int) -> Int { Swift.min(count, Swift.max(bound, 0)) }

    public var count: Int {
        if let exact { return exact.count }
        let regs = registers!
        let m = Double(regs.count)
        var sum = 0.0
        var zeros = 0
        for r in regs {
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        var e = alpha * m * m / sum
        if e <= 2.5 * m && zeros > 0 { e = m * log(m / Double(zeros)) }
        return Int(e.rounded())
    }

    /// Union. Counters of different precisions merge at the lower one.
    public mutating func merge(_ other: DistinctCounter) {
        if let o = other.exact {
            for h in o.elements { insert(h) }
            return
        }
        if other.p < p {
            var lowered = DistinctCounter(precision: other.p, exactLimit: limit)
            lowered.merge(self)
            self = lowered
        }
        if exact != nil { promote() }
        var o = other.registers!
        if other.p > p { o = DistinctCounter.fold(o, from: other.p, to: p) }
        for i in 0..<o.count where registers![i] < o[i] { registers![i] = o[i] }
    }

    /// Registers of precision `from` re-expressed at a lower precision `to`.
    static func fold(_ regs: [UInt8], from: Int, to: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 1 << to)
        let shift = from - to
        for (i, r) in regs.enumerated() where r > 0 {
            let j = i >> shift
            // The dropped index bits become leading bits of the rest: rank grows by the
            // number of leading zero bits among them, or by `shift` when they are all zero.
            let low = i & ((1 << shift) - 1)
            let rank: UInt8 = low == 0 ? r + UInt8(shift) : UInt8((UInt64(low) << UInt64(64 - shift)).leadingZeroBitCount + 1)
            if out[j] < rank { out[j] = rank }
        }
        return out
    }

    // MARK: serialisation (for snapshots that merge)

    /// `exact:` + hex hashes, or `hllP:` + base64 registers.
    public var serialized: String {
        if let exact {
            return "exact:" + exact.elements.sorted().map { String($0, radix: 16) }.joined(separator: ",")
        }
        return "hll\(p):" + Data(registers!).base64EncodedString()
    }

    public init?(serialized s: String, precision: Int = DistinctCounter.precision, exactLimit: Int = DistinctCounter.exactLimit) {
        if s.hasPrefix("exact:") {
            p = precision
            limit = exactLimit
            let body = s.dropFirst(6)
            var set = HashSet64()
            for part in body.split(separator: ",") {
                guard let v = UInt64(part, radix: 16) else { return nil }
                set.insert(v)
            }
            exact = set
            registers = nil
            if set.count > limit { promote() }
        } else if s.hasPrefix("hll"), let colon = s.firstIndex(of: ":"),
                  let prec = Int(s[s.index(s.startIndex, offsetBy: 3)..<colon]), prec >= 4, prec <= 18 {
            guard let d = Data(base64Encoded: String(s[s.index(after: colon)...])), d.count == 1 << prec else { return nil }
            p = prec
            limit = exactLimit
            exact = nil
            registers = [UInt8](d)
        } else {
            return nil
        }
    }
}
