// Per-message state keyed by (host, queue ID): an open-addressing hash table
// with linear probing over fixed-size keys, so the hot path hashes 28 bytes with
// a few multiplies instead of SipHash and never allocates.
//
// A slot number stays valid until the next insert (which may grow the table).

final class MessageTable {
    private(set) var keys: UnsafeMutablePointer<QueueKey>
    private(set) var values: UnsafeMutablePointer<MessageState>
    /// 0 empty, 1 full, 2 deleted.
    private var ctrl: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private var mask: Int
    private(set) var count = 0
    private var tombstones = 0

    init(capacity: Int = 1024) {
        var cap = 16
        while cap < capacity { cap <<= 1 }
        self.capacity = cap
        mask = cap - 1
        keys = .allocate(capacity: cap)
        values = .allocate(capacity: cap)
        ctrl = .allocate(capacity: cap)
        ctrl.initialize(repeating: 0, count: cap)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
        ctrl.deallocate()
    }

    @inline(__always)
    static func hash(_ k: QueueKey) -> Int {
        var h = k.a &* 0x9E37_79B9_7F4A_7C15
        h ^= (k.b &+ UInt64(UInt32(bitPattern: k.host))) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= k.c &* 0x1656_67B1_9E37_79F9
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    /// Slot of the key, or nil.
    @inline(__always)
    func find(_ k: QueueKey) -> Int? {
        var i = MessageTable.hash(k) & mask
        while true {
            let c = ctrl[i]
            if c == 0 { return nil }
            if c == 1 && keys[i] == k { return i }
            i = (i + 1) & mask
        }
    }

    /// Inserts a key that is not present; returns its slot.
    @inline(__always)
    func insert(_ k: QueueKey, _ v: MessageState) -> Int {
        if (count + tombstones + 1) * 4 > capacity * 3 {
            // Grow only when live entries fill more than 5/8; otherwise rehash in place to
            // clear the tombstones that removals leave.
            rehash((count + 1) * 8 > capacity * 5 ? capacity * 2 : capacity)
        }
        var i = MessageTable.hash(k) & mask
        while ctrl[i] == 1 { i = (i + 1) & mask }
        if ctrl[i] == 2 { tombstones -= 1 }
        ctrl[i] = 1
        (keys + i).initialize(to: k)
        (values + i).initialize(to: v)
        count += 1
        return i
    }

    @inline(__always)
    func remove(at slot: Int) {
        guard ctrl[slot] == 1 else { return }
        ctrl[slot] = 2
        count -= 1
        tombstones += 1
    }

    /// Calls `body` with every live slot.
    func forEachSlot(_ body: (Int) -> Void) {
        for i in 0..<capacity where ctrl[i] == 1 { body(i) }
    }

    private func rehash(_ newCap: Int) {
        let oldKeys = keys, oldValues = values, oldCtrl = ctrl, oldCap = capacity
        capacity = newCap
        mask = newCap - 1
        keys = .allocate(capacity: newCap)
        values = .allocate(capacity: newCap)
        ctrl = .allocate(capacity: newCap)
        ctrl.initialize(repeating: 0, count: newCap)
        count = 0
        tombstones = 0
        for i in 0..<oldCap where oldCtrl[i] == 1 {
            var j = MessageTable.hash(oldKeys[i]) & mask
            while ctrl[j] == 1 { j = (j + 1) & mask }
            ctrl[j] = 1
            (keys + j).initialize(to: oldKeys[i])
            (values + j).initialize(to: oldValues[i])
            count += 1
        }
        oldKeys.deallocate()
        oldValues.deallocate()
        oldCtrl.deallocate()
    }
}
