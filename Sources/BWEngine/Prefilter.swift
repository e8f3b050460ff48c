// One-pass multi-literal prefilter (Aho-Corasick, ASCII case-folded): a text is
// scanned once for the literals of every rule, and only the rules whose literal
// occurs are tried with their regex.

struct LiteralPrefilter: @unchecked Sendable {
    /// byte → equivalence class (0: a byte that occurs in no literal).
    private let classes: [UInt8]
    private let classCount: Int
    /// Dense transition table, premultiplied: entry (state * classCount + class) holds the next
    /// state times classCount, negated when that state has outputs (one load per byte, no multiply).
    private let delta: [Int32]
    /// Rules (by order) whose literal ends at each state (failure outputs merged).
    private let outputs: [[Int32]]
    /// Rules without any literal: always candidates.
    let alwaysCandidates: [Int32]
    let ruleCount: Int
    /// The literal strings, for `explain`.
    let literalOfRule: [[String]]

    init(rules: [Rule]) {
        ruleCount = rules.count
        literalOfRule = rules.map(\.literals)
        var always: [Int32] = []
        // Classes: each distinct lower-cased byte of any literal.
        var cls = [UInt8](repeating: 0, count: 256)
        var next: UInt8 = 1
        for r in rules {
            if r.literals.isEmpty { always.append(Int32(r.order)) }
            for lit in r.literals {
                for b in lit.utf8 {
                    let lb = b >= 0x41 && b <= 0x5A ? b + 32 : b
                    if cls[Int(lb)] == 0 {
                        precondition(next < 255, "too many distinct literal bytes")
                        cls[Int(lb)] = next
                        next += 1
                    }
                }
            }
        }
        // Fold upper case onto lower case.
        for b in 0x41...0x5A { cls[b] = cls[b + 32] }
        classes = cls
        let k = Int(next)
        classCount = k
        alwaysCandidates = always

        // Trie.
        var trie: [[Int32]] = [[Int32](repeating: -1, count: k)]
        var outs: [[Int32]] = [[]]
        for r in rules {
            for lit in r.literals {
                var s = 0
                for b in lit.utf8 {
                    let c = Int(cls[Int(b >= 0x41 && b <= 0x5A ? b + 32 : b)])
                    if trie[s][c] < 0 {
                        trie.append([Int32](repeating: -1, count: k))
                        outs.append([])
                        trie[s][c] = Int32(trie.count - 1)
                    }
                    s = Int(trie[s][c])
                }
                if !outs[s].contains(Int32(r.order)) { outs[s].append(Int32(r.order)) }
            }
        }
        // BFS: failure links, full transitions, merged outputs.
        let n = trie.count
        var d = [Int32](repeating: 0, count: n * k)
        var fail = [Int](repeating: 0, count: n)
        var queue: [Int] = []
        for c in 0..<k {
            let t = trie[0][c]
            if t >= 0 && c != 0 {
                d[c] = t
                fail[Int(t)] = 0
                queue.append(Int(t))
            } else {
                d[c] = 0
            }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            outs[s] += outs[fail[s]].filter { !outs[s].contains($0) }
            for c in 0..<k {
                let t = trie[s][c]
                if t >= 0 && c != 0 {
                    fail[Int(t)] = Int(d[fail[s] * k + c])
                    d[s * k + c] = t
                    queue.append(Int(t))
                } else {
                    d[s * k + c] = d[fail[s] * k + c]
                }
            }
        }
        precondition(n * k < Int(Int32.max), "literal automaton too large")
        delta = d.map { t in
            let off = t * Int32(k)
            return outs[Int(t)].isEmpty ? off : -off - 1
        }
        outputs = outs
    }

    /// Marks in `bits` (one bit per rule order) the rules whose literal occurs in the text.
    func scan(_ text: UnsafeRawBufferPointer, into bits: inout [UInt64]) {
        for i in bits.indices { bits[i] = 0 }
        for r in alwaysCandidates { bits[Int(r) >> 6] |= 1 << UInt64(Int(r) & 63) }
        guard text.count > 0 else { return }
        let k = Int32(classCount)
        classes.withUnsafeBufferPointer { cls in
            delta.withUnsafeBufferPointer { d in
                bits.withUnsafeMutableBufferPointer { out in
                    var off: Int32 = 0
                    for b in text {
                        let t = d[Int(off) &+ Int(cls[Int(b)])]
                        if t >= 0 { off = t; continue }
                        off = -t - 1
                        for r in outputs[Int(off / k)] { out[Int(r) >> 6] |= 1 << UInt64(Int(r) & 63) }
                    }
                }
            }
        }
    }

    var wordCount: Int { (ruleCount + 63) / 64 }
}
