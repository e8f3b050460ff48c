// A set of fixed-width integers (64-bit hashes, 32-bit IPv4 addresses): open
// addressing with a multiply-shift slot, no Hasher, no allocation until it grows.

public typealias HashSet64 = HashSetOf<UInt64>
public typealias HashSet32 = HashSetOf<UInt32>

public struct HashSetOf<T: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    private var slots: [T]     // 0 marks an empty slot
    private var shift: UInt64
    private var hasZero = false
    public private(set) var count = 0

    public init(capacity: Int = 8) {
        var cap = 8
        while cap * 3 < capacity * 4 { cap <<= 1 }
        slots = [T](repeating: 0, count: cap)
        shift = UInt64(64 - cap.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(_ v: T) -> Int {
        Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: v) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always)
    @discardableResult
    public mutating func insert(_ v: T) -> Bool {
        if v == 0 {
            if hasZero { return false }
            hasZero = true; count += 1; return true
        }
        let mask = slots.count - 1
        var i = slot(v)
        while true {
            let s = slots[i]
            if s == v { return false }
            if s == 0 { break }
            i = (i + 1) & mask
        }
        slots[i] = v
        count += 1
        if count * 4 > slots.count * 3 { grow() }   // load factor 3/4
        return true
    }

    public func contains(_ v: T) -> Bool {
        if v == 0 { return hasZero }
        let mask = slots.count - 1
        var i = slot(v)
        while true {
            let s = slots[i]
            if s == v { return true }
            if s == 0 { return false }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [T](repeating: 0, count: old.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for v in old where v != 0 {
            var i = slot(v)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = v
        }
    }

    /// The elements, in no particular order.
    public var elements: [T] {
        var out = slots.filter { $0 != 0 }
        if hasZero { out.append(0) }
        return out
    }
}

extension HashSetOf: Equatable {
    public static func == (a: HashSetOf, b: HashSetOf) -> Bool {
        a.count == b.count && a.hasZero == b.hasZero && a.elements.allSatisfy { b.contains($0) }
    }
}
