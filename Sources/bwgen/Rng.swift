// Seeded pseudo-random numbers: xoshiro256** seeded through splitmix64.
// Deterministic on every platform (no SystemRandomNumberGenerator anywhere).

import Foundation

struct Rng {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var sm = seed
        func splitmix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    /// An independent stream derived from this seed and a label.
    init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in 0..<n (n > 0).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform in lo...hi.
    @inline(__always)
    mutating func range(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { p > 0 && unit() < p }

    /// Exponentially distributed with the given mean.
    @inline(__always)
    mutating func exp(_ mean: Double) -> Double { -mean * log(1 - unit()) }

    /// Index drawn with weights given as cumulative sums (last = total).
    @inline(__always)
    mutating func pick(cumulative c: [Double]) -> Int {
        let x = unit() * c[c.count - 1]
        var lo = 0, hi = c.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if c[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Skewed index in 0..<n: small indices are much more frequent (a few heavy users/domains).
    @inline(__always)
    mutating func skewed(_ n: Int, _ power: Double = 2.2) -> Int {
        min(n - 1, Int(Double(n) * pow(unit(), power)))
    }
}

func cumulative(_ w: [Double]) -> [Double] {
    var s = 0.0
    return w.map { s += $0; return s }
}
