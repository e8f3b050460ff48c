// One-pass multi-literal prefilter (ASCII case-folded): a text is scanned once for
// the literals of every rule, and only the rules whose literal occurs are tried
// with their regex.
//
// The text is case-folded once; then at each position the hash of its next three
// bytes is looked up in an 8 KB bitmap of the literals' first three bytes (it
// stays in L1; a dense Aho-Corasick table for these ~350 literals needed 800 KB
// and cost a cache miss per byte). A set bit sends the position to the literals
// of that bucket, each compared in full. Literals shorter than three bytes are
// searched for one by one. The result is exact: a rule is marked when, and only
// when, one of its literals occurs in the text.

#if canImport(Glibc)
import Glibc
#endif

final class LiteralPrefilter: @unchecked Sendable {
    private static let hashBits = 16
    /// Literals of one or two bytes (not in the bitmap).
    private let shortLiterals: [Int32]
    /// Rules without any literal: always candidates.
    let alwaysCandidates: [Int32]
    let ruleCount: Int
    /// Rules and gates: the bits `scan` marks.
    let slotCount: Int
    /// The literal strings, for `explain`.
    let literalOfRule: [[String]]
    /// The tables, built once and kept in memory this prefilter owns, read by the scan loop
    /// through plain pointers.
    private let fixed: Fixed

    private struct Fixed {
        /// Bit h set: some literal's first three bytes hash to h.
        let bitmap: UnsafeMutablePointer<UInt64>
        /// Literals of bucket h: `bucketLiterals[bucketStart[h] ..< bucketStart[h + 1]]`.
        /// Literal i: bytes `literalBytes[literalStart[i] ..< literalStart[i + 1]]`, rules
        /// `literalRules[rulesStart[i] ..< rulesStart[i + 1]]`; its first (up to) eight bytes
        /// as a little-endian word and their mask (`head`, `headMask`): one load and compare
        /// rejects most bucket neighbours before a full `memcmp`.
        let bucketStart: UnsafeMutablePointer<Int32>, bucketLiterals: UnsafeMutablePointer<Int32>
        let literalBytes: UnsafeMutablePointer<UInt8>, literalStart: UnsafeMutablePointer<Int32>
        let literalRules: UnsafeMutablePointer<Int32>, rulesStart: UnsafeMutablePointer<Int32>
        let head: UnsafeMutablePointer<UInt64>, headMask: UnsafeMutablePointer<UInt64>

        static func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
            a.withUnsafeBufferPointer { if let b = $0.baseAddress { p.initialize(from: b, count: a.count) } }
            return p
        }

        func deallocate() {
            bitmap.deallocate(); bucketStart.deallocate(); bucketLiterals.deallocate()
            literalBytes.deallocate(); literalStart.deallocate(); literalRules.deallocate()
            rulesStart.deallocate(); head.deallocate(); headMask.deallocate()
        }
    }

    deinit { fixed.deallocate() }

    @inline(__always)
    private static func bucket(_ key: UInt32) -> Int { Int((key &* 0x9E37_79B1) >> UInt32(32 - hashBits)) }

    /// `gates`: the literals of the guards' gated alternatives (`GuardPlan`); gate g is marked as bit
    /// `rules.count + g`, after the rules'.
    init(rules: [Rule], gates: [[String]] = []) {
        ruleCount = rules.count
        slotCount = rules.count + gates.count
        literalOfRule = rules.map(\.literals)
        alwaysCandidates = rules.filter { $0.literals.isEmpty }.map { Int32($0.order) }
        // Distinct folded literals and the rules (and gates) that carry each.
        var index: [[UInt8]: Int] = [:]
        var lits: [[UInt8]] = []
        var owners: [[Int32]] = []
        let slots = rules.map { ($0.literals, Int32($0.order)) } + gates.enumerated().map { ($1, Int32(rules.count + $0)) }
        for (literals, slot) in slots {
            for lit in literals {
                let bytes = lit.utf8.map { asciiLowerTable[Int($0)] }
                guard !bytes.isEmpty else { continue }
                if let i = index[bytes] {
                    if !owners[i].contains(slot) { owners[i].append(slot) }
                } else {
                    index[bytes] = lits.count
                    lits.append(bytes)
                    owners.append([slot])
                }
            }
        }
        var bytes: [UInt8] = [], starts: [Int32] = [0], ruleList: [Int32] = [], ruleStarts: [Int32] = [0]
        for (i, l) in lits.enumerated() {
            bytes += l
            starts.append(Int32(bytes.count))
            ruleList += owners[i]
            ruleStarts.append(Int32(ruleList.count))
        }
        let head = lits.map { l in l.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) } }
        let headMask = lits.map { l in l.count >= 8 ? ~UInt64(0) : (UInt64(1) << (8 * UInt64(l.count))) - 1 }
        let size = 1 << LiteralPrefilter.hashBits
        var map = [UInt64](repeating: 0, count: size / 64)
        var perBucket = [[Int32]](repeating: [], count: size)
        var short: [Int32] = []
        for (i, l) in lits.enumerated() {
            guard l.count >= 3 else { short.append(Int32(i)); continue }
            let h = LiteralPrefilter.bucket(UInt32(l[0]) | UInt32(l[1]) << 8 | UInt32(l[2]) << 16)
            map[h >> 6] |= 1 << UInt64(h & 63)
            perBucket[h].append(Int32(i))
        }
        var bStart: [Int32] = [0], bLits: [Int32] = []
        bStart.reserveCapacity(size + 1)
        for b in perBucket {
            bLits += b
            bStart.append(Int32(bLits.count))
        }
        shortLiterals = short
        fixed = Fixed(bitmap: Fixed.copy(map), bucketStart: Fixed.copy(bStart), bucketLiterals: Fixed.copy(bLits),
                      literalBytes: Fixed.copy(bytes), literalStart: Fixed.copy(starts),
                      literalRules: Fixed.copy(ruleList), rulesStart: Fixed.copy(ruleStarts),
                      head: Fixed.copy(head), headMask: Fixed.copy(headMask))
    }

    /// Marks in `bits` (one bit per rule order, then one per gate) the rules and gates whose literal occurs in the text.
    /// `folded` holds the text ASCII-lower-cased, readable for `count + 8` bytes (the
    /// eight after the text zero).
    func scan(folded: UnsafePointer<UInt8>, count n: Int, into bits: inout [UInt64]) {
        for i in bits.indices { bits[i] = 0 }
        for r in alwaysCandidates { bits[Int(r) >> 6] |= 1 << UInt64(Int(r) & 63) }
        guard n > 0 else { return }
        // Plain pointers to the tables (copied once at init): no array access in the loop.
        let map = fixed.bitmap, bStart = fixed.bucketStart, bLits = fixed.bucketLiterals
        let lb = fixed.literalBytes, ls = fixed.literalStart, hd = fixed.head, hm = fixed.headMask
        let lr = fixed.literalRules, rs = fixed.rulesStart
        let raw = UnsafeRawPointer(folded)
        bits.withUnsafeMutableBufferPointer { outBuf in
            let out = outBuf.baseAddress!
            @inline(__always) func mark(_ lit: Int) {
                for k in Int(rs[lit])..<Int(rs[lit + 1]) {
                    let r = Int(lr[k])
                    out[r >> 6] |= 1 << UInt64(r & 63)
                }
            }
            @inline(__always) func occursAt(_ lit: Int, _ i: Int) -> Bool {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                guard word & hm[lit] == hd[lit] else { return false }
                let s = Int(ls[lit]), len = Int(ls[lit + 1]) - s
                return i + len <= n && (len <= 8 || memcmp(folded + i + 8, lb + s + 8, len - 8) == 0)
            }
            var i = 0
            let last = n - 3
            while i <= last {
                let key = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)) & 0x00FF_FFFF
                let h = LiteralPrefilter.bucket(key)
                if map[h >> 6] & (1 << UInt64(h & 63)) != 0 {
                    var k = Int(bStart[h])
                    let e = Int(bStart[h + 1])
                    while k < e {
                        let lit = Int(bLits[k])
                        if occursAt(lit, i) { mark(lit) }
                        k += 1
                    }
                }
                i += 1
            }
            for lit in shortLiterals {
                let l = Int(lit)
                for j in 0..<n where occursAt(l, j) { mark(l); break }
            }
        }
    }

    /// `scan` of a text not yet folded (the prefilter exactness test).
    func scan(_ text: UnsafeRawBufferPointer, into bits: inout [UInt64]) {
        var folded = [UInt8](repeating: 0, count: text.count + 8)
        for i in 0..<text.count { folded[i] = asciiLowerTable[Int(text[i])] }
        folded.withUnsafeBufferPointer { scan(folded: $0.baseAddress!, count: text.count, into: &bits) }
    }

    var wordCount: Int { (slotCount + 63) / 64 }
}
