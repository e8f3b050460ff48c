// Runs another source's reads on a thread of its own, a few chunks ahead of the
// consumer: gzip inflate on one core, parsing on the other. Chunks are handed
// over in order; an error is delivered after every chunk read before it.

import Foundation

public final class PrefetchSource: ByteSource, @unchecked Sendable {
    public var name: String { base.name }
    public var isCompressed: Bool { base.isCompressed }
    private let base: ByteSource
    private let chunkSize: Int
    private let cond = NSCondition()
    // Guarded by `cond`.
    private var free: [UnsafeMutableRawBufferPointer]
    private var ready: [(UnsafeMutableRawBufferPointer, Int)] = []
    private var finished = false
    private var failure: Error?
    private var stopping = false
    // Consumer side.
    private var current: (UnsafeMutableRawBufferPointer, Int)?
    private var currentPos = 0
    private var started = false
    private let all: [UnsafeMutableRawBufferPointer]

    public init(_ base: ByteSource, chunkSize: Int = 1 << 20, chunks: Int = 4) {
        self.base = base
        self.chunkSize = chunkSize
        all = (0..<chunks).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64) }
        free = all
    }

    // The producer thread holds a reference until it has finished, so deinit never
    // runs while it is reading. (A consumer always reads to the end or to the error.)
    deinit { for b in all { b.deallocate() } }

    private func start() {
        started = true
        let t = Thread { [self] in produce() }
        t.stackSize = 1 << 20
        t.start()
    }

    private func produce() {
        while true {
            cond.lock()
            while free.isEmpty && !stopping { cond.wait() }
            if stopping { cond.unlock(); return }
            let buf = free.removeLast()
            cond.unlock()
            var filled = 0
            // Fill the chunk fully (fewer hand-overs), stopping at end of input.
            do {
                while filled < buf.count {
                    let n = try base.read(into: UnsafeMutableRawBufferPointer(rebasing: buf[filled...]))
                    if n == 0 { break }
                    filled += n
                }
            } catch {
                self.cond.lock(); self.failure = error; self.cond.unlock()
            }
            cond.lock()
            if filled > 0 { ready.append((buf, filled)) } else { free.append(buf) }
            let done = failure != nil || filled < buf.count
            if done { finished = true }
            cond.broadcast()
            cond.unlock()
            if done { return }
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !started { start() }
        while true {
            if let (buf, len) = current, currentPos < len {
                let n = min(buffer.count, len - currentPos)
                buffer.baseAddress!.copyMemory(from: buf.baseAddress! + currentPos, byteCount: n)
                currentPos += n
                return n
            }
            cond.lock()
            if let (buf, _) = current {
                free.append(buf)
                current = nil
                cond.broadcast()
            }
            while ready.isEmpty && !finished { cond.wait() }
            if ready.isEmpty {
                let f = failure
                cond.unlock()
                if let f { throw f }
                return 0
            }
            current = ready.removeFirst()
            currentPos = 0
            cond.unlock()
        }
    }
}
