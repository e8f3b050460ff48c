// A set of 64-bit hashes: open addressing on the hash's own low bits (the values
// are already well mixed), no per-insert hashing, no allocation until it grows.

public struct HashSet64: Sendable {
    private var slots: [UInt64]     // 0 marks an empty slot
    private var hasZero = false
    public private(set) var count = 0

    public init(capacity: Int = 8) {
        var cap = 8
        while cap < capacity * 2 { cap <<= 1 }
        slots = [UInt64](repeating: 0, count: cap)
    }

    @inline(__always)
    @discardableResult
    public mutating func insert(_ v: UInt64) -> Bool {
        if v == 0 {
            if hasZero { return false }
            hasZero = true; count += 1; return true
        }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: v ^ (v >> 29)) & mask
        while true {
            let s = slots[i]
            if s == v { return false }
            if s == 0 { break }
            i = (i + 1) & mask
        }
        slots[i] = v
        count += 1
        if count * 2 > slots.count { grow() }
        return true
    }

    public func contains(_ v: UInt64) -> Bool {
        if v == 0 { return hasZero }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: v ^ (v >> 29)) & mask
        while true {
            let s = slots[i]
            if s == v { return true }
            if s == 0 { return false }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for v in old where v != 0 {
            var i = Int(truncatingIfNeeded: v ^ (v >> 29)) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = v
        }
    }

    /// The elements, in no particular order.
    public var elements: [UInt64] {
        var out = slots.filter { $0 != 0 }
        if hasZero { out.append(0) }
        return out
    }
}

extension HashSet64: Equatable {
    public static func == (a: HashSet64, b: HashSet64) -> Bool {
        a.count == b.count && a.hasZero == b.hasZero && a.elements.allSatisfy { b.contains($0) }
    }
}
