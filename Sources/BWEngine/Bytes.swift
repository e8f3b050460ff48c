// Byte-slice helpers for the hot path: no String, no Array per line.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A borrowed line: valid only during the callback that received it.
public typealias Line = UnsafeBufferPointer<UInt8>

@usableFromInline let asciiLowerTable: [UInt8] = (0..<256).map { (b: Int) -> UInt8 in
    let v = UInt8(b)
    return v >= 0x41 && v <= 0x5A ? v + 32 : v
}

extension UnsafeBufferPointer where Element == UInt8 {
    @inline(__always) var p: UnsafePointer<UInt8> { baseAddress ?? UnsafePointer(bitPattern: 1)! }
}

/// Byte-level scanning over a line.
@usableFromInline
struct Scan {
    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    @inline(__always)
    static func isAlnum(_ b: UInt8) -> Bool {
        (b &- 0x30 < 10) || ((b | 0x20) &- 0x61 < 26)
    }

    /// Whether a refusal's reply code starts at `i` (before `end`): "4xx" or "5xx" and then a blank or the '-' of a
    /// multi-line reply ("550 ", "421-").
    @inline(__always)
    static func isRefusalCode(_ p: UnsafePointer<UInt8>, at i: Int, end: Int) -> Bool {
        i + 3 < end && (p[i] == 0x34 || p[i] == 0x35) && isDigit(p[i + 1]) && isDigit(p[i + 2])
            && (p[i + 3] == 0x20 || p[i + 3] == 0x2D)
    }

    /// Index of `byte` in [from, to), or nil.
    @inline(__always)
    static func index(of byte: UInt8, _ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
    }

    /// Index of the needle in [from, to), or nil. The needle is short and static.
    @inline(__always)
    static func find(_ needle: StaticString, _ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        let n = needle.utf8CodeUnitCount
        let np = needle.utf8Start
        let first = np[0]
        var i = from
        while i + n <= to {
            guard let hit = memchr(base + i, Int32(first), to - n + 1 - i) else { return nil }
            let j = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            if n == 1 || memcmp(base + j + 1, np + 1, n - 1) == 0 { return j }
            i = j + 1
        }
        return nil
    }

    /// True when [at, at+needle) equals the needle.
    @inline(__always)
    static func has(_ needle: StaticString, _ base: UnsafePointer<UInt8>, at: Int, end: Int) -> Bool {
        let n = needle.utf8CodeUnitCount
        return at + n <= end && memcmp(base + at, needle.utf8Start, n) == 0
    }

    /// The first index in [from, to) of any of the needles (the ways one phrase is written: as the
    /// program writes it, folded to lower and to upper case), or nil. Each is found with `find`
    /// (memchr on its first byte), so a text without them costs a few fast scans.
    static func findAny(_ needles: [StaticString], _ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var best: Int? = nil
        for needle in needles {
            if let j = find(needle, base, from: from, to: best.map { min(to, $0 + needle.utf8CodeUnitCount) } ?? to), j < (best ?? Int.max) { best = j }
        }
        return best
    }

    /// Case-insensitive (ASCII) search for a lower-case needle given as bytes.
    static func findCaseless(_ needle: [UInt8], in hay: UnsafeRawBufferPointer) -> Bool {
        needle.isEmpty || firstCaseless(needle, in: hay) != nil
    }

    /// Where a lower-case needle given as bytes first occurs in `hay` at or after `from`, ASCII case ignored; nil when
    /// it does not.
    static func firstCaseless(_ needle: [UInt8], in hay: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        let n = needle.count
        guard n > 0, hay.count >= n else { return nil }
        let h = hay.bindMemory(to: UInt8.self)
        var i = max(0, from)
        while i + n <= h.count {
            var k = 0
            while k < n && asciiLowerTable[Int(h[i + k])] == needle[k] { k += 1 }
            if k == n { return i }
            i += 1
        }
        return nil
    }
}

/// A stable 64-bit hash of bytes (the same in every run and on every host, so
/// sketches built from it merge). 8 bytes at a time, murmur-style finaliser.
@inline(__always)
public func stableHash(_ p: UnsafePointer<UInt8>, _ n: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
    var h = seed ^ (UInt64(n) &* 0xFF51_AFD7_ED55_8CCD)
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 8 <= n {
        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        h = (h ^ (w &* 0x87C3_7B91_1142_53D5)) &* 0x4CF5_AD43_2745_937F
        h = (h << 31) | (h >> 33)
        i += 8
    }
    if i < n {
        var w: UInt64 = 0
        var shift: UInt64 = 0
        while i < n { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
        h = (h ^ (w &* 0x87C3_7B91_1142_53D5)) &* 0x4CF5_AD43_2745_937F
    }
    h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33; h = h &* 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
}

/// The stable hash of q[0..<len] ASCII-lower-cased through `scratch` (at most `scratch.count`
/// bytes are folded and hashed); never 0, which callers keep for "unknown".
func foldedHash(_ q: UnsafePointer<UInt8>, _ len: Int, scratch: UnsafeMutableBufferPointer<UInt8>) -> UInt64 {
    let m = min(len, scratch.count)
    for k in 0..<m { scratch[k] = asciiLowerTable[Int(q[k])] }
    let h = stableHash(UnsafePointer(scratch.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!), m)
    return h == 0 ? 1 : h
}

public func stableHash(_ s: String) -> UInt64 {
    var s = s
    return s.withUTF8 { stableHash($0.p, $0.count) }
}

/// Maps byte strings to dense Int32 ids without allocating for a lookup of a
/// string already seen. Bytes live in one growing arena.
public final class ByteInterner {
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaUsed = 0
    private var arenaCap: Int
    private var starts: [Int] = []
    private var lengths: [Int32] = []
    public private(set) var hashes: [UInt64] = []
    private var table: [Int32]
    private var mask: Int

    public init(capacity: Int = 1024) {
        var cap = 16
        while cap < capacity * 2 { cap <<= 1 }
        table = [Int32](repeating: -1, count: cap)
        mask = cap - 1
        arenaCap = 64 * 1024
        arena = .allocate(capacity: arenaCap)
    }

    deinit { arena.deallocate() }

    public var count: Int { starts.count }
    /// Bytes in use (strings + per-entry tables + slot table), for memory accounting. It drops
    /// with `removeAll` (the capacity kept for reuse is at most twice the largest footprint).
    public var footprint: Int { arenaUsed + table.count * 4 + starts.count * 20 }

    @inline(__always)
    public func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        let h = stableHash(p, n)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = table[slot]
            if id < 0 { break }
            if hashes[Int(id)] == h && Int(lengths[Int(id)]) == n && memcmp(arena + starts[Int(id)], p, n) == 0 {
                return id
            }
            slot = (slot + 1) & mask
        }
        return insert(p, n, h, slot)
    }

    public func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        let h = stableHash(p, n)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = table[slot]
            if id < 0 { return nil }
            if hashes[Int(id)] == h && Int(lengths[Int(id)]) == n && memcmp(arena + starts[Int(id)], p, n) == 0 {
                return id
            }
            slot = (slot + 1) & mask
        }
    }

    public func intern(_ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { intern($0.p, $0.count) }
    }

    /// The bytes of an entry, exactly (a name that is no valid UTF-8 keeps its bytes: `string` would not).
    public func bytes(_ id: Int32) -> [UInt8] { withBytes(id) { Array($0) } }

    public func intern(_ b: [UInt8]) -> Int32 {
        b.withUnsafeBufferPointer { $0.isEmpty ? intern("") : intern($0.baseAddress!, $0.count) }
    }

    public func lookup(_ s: String) -> Int32? {
        var s = s
        return s.withUTF8 { lookup($0.p, $0.count) }
    }

    private func insert(_ p: UnsafePointer<UInt8>, _ n: Int, _ h: UInt64, _ slot: Int) -> Int32 {
        if arenaUsed + n > arenaCap {
            var newCap = arenaCap * 2
            while arenaUsed + n > newCap { newCap *= 2 }
            let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
            fresh.update(from: arena, count: arenaUsed)
            arena.deallocate()
            arena = fresh
            arenaCap = newCap
        }
        (arena + arenaUsed).update(from: p, count: n)
        let id = Int32(starts.count)
        starts.append(arenaUsed)
        lengths.append(Int32(n))
        hashes.append(h)
        arenaUsed += n
        table[slot] = id
        if starts.count * 2 > table.count { grow() }
        return id
    }

    private func grow() {
        let cap = table.count * 2
        table = [Int32](repeating: -1, count: cap)
        mask = cap - 1
        for id in 0..<starts.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(id)
        }
    }

    public func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: arena + starts[Int(id)], count: Int(lengths[Int(id)])))
    }

    public func string(_ id: Int32) -> String {
        withBytes(id) { String(decoding: $0, as: UTF8.self) }
    }

    public func hash(_ id: Int32) -> UInt64 { hashes[Int(id)] }

    /// Drops everything (used to bound caches).
    public func removeAll() {
        arenaUsed = 0
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        for i in table.indices { table[i] = -1 }
    }
}

/// Interned small vocabularies (provider, operator, list slugs, categories): not on the hot path.
public final class SymbolTable: @unchecked Sendable {
    private var ids: [String: Int32] = [:]
    public private(set) var names: [String] = []
    public init() {}
    public func id(_ s: String) -> Int32 {
        if let i = ids[s] { return i }
        let i = Int32(names.count)
        names.append(s)
        ids[s] = i
        return i
    }
    public func existing(_ s: String) -> Int32? { ids[s] }
    public subscript(_ i: Int32) -> String { names[Int(i)] }
}

/// A C0 or C1 control character or DEL: what `terminalSafe` escapes, and what no rule's name may hold.
public func isControlCharacter(_ u: Unicode.Scalar) -> Bool {
    u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0)
}
