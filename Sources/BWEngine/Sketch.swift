// Distinct counting: exact up to a bound, then a HyperLogLog sketch
// (precision 14: 16384 one-byte registers, standard error 1.04/sqrt(16384) ≈ 0.81%).
// Items are stable 64-bit hashes, so counters built on different hosts, in
// different runs or threads merge exactly as if one run had seen everything.

import Foundation

public struct DistinctCounter: Sendable, Equatable {
    public static let exactLimit = 4096
    public static let precision = 14
    static let registerCount = 1 << precision
    /// Relative standard error of the approximate estimate.
    public static let standardError = 1.04 / Double(registerCount).squareRoot()

    var exact: Set<UInt64>? = []
    var registers: [UInt8]? = nil

    public init() {}

    public var isExact: Bool { exact != nil }

    @inline(__always)
    public mutating func insert(_ h: UInt64) {
        if exact != nil {
            exact!.insert(h)
            if exact!.count > DistinctCounter.exactLimit { promote() }
        } else {
            add(h)
        }
    }

    private mutating func promote() {
        var regs = [UInt8](repeating: 0, count: DistinctCounter.registerCount)
        for h in exact! { DistinctCounter.addTo(&regs, h) }
        registers = regs
        exact = nil
    }

    @inline(__always)
    private mutating func add(_ h: UInt64) { DistinctCounter.addTo(&registers!, h) }

    @inline(__always)
    static func addTo(_ regs: inout [UInt8], _ h: UInt64) {
        let idx = Int(h >> UInt64(64 - precision))
        let rest = (h << UInt64(precision)) | (1 << UInt64(precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if regs[idx] < rank { regs[idx] = rank }
    }

    /// Distinct items: exact, or the HyperLogLog estimate.
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

    public mutating func merge(_ other: DistinctCounter) {
        if let o = other.exact {
            for h in o { insert(h) }
            return
        }
        if exact != nil { promote() }
        let o = other.registers!
        for i in 0..<o.count where registers![i] < o[i] { registers![i] = o[i] }
    }

    // MARK: serialisation (for snapshots that merge)

    /// `exact:` + hex hashes, or `hll14:` + base64 registers.
    public var serialized: String {
        if let exact {
            return "exact:" + exact.sorted().map { String($0, radix: 16) }.joined(separator: ",")
        }
        return "hll14:" + Data(registers!).base64EncodedString()
    }

    public init?(serialized s: String) {
        if s.hasPrefix("exact:") {
            let body = s.dropFirst(6)
            var set = Set<UInt64>()
            for part in body.split(separator: ",") {
                guard let v = UInt64(part, radix: 16) else { return nil }
                set.insert(v)
            }
            exact = set
            registers = nil
            if set.count > DistinctCounter.exactLimit { promote() }
        } else if s.hasPrefix("hll14:") {
            guard let d = Data(base64Encoded: String(s.dropFirst(6))), d.count == DistinctCounter.registerCount else { return nil }
            exact = nil
            registers = [UInt8](d)
        } else {
            return nil
        }
    }
}
