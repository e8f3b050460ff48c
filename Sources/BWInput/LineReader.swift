// Splits a byte source into lines handed out as borrowed byte slices.
//
// One buffer is allocated per reader and reused; a line is a pointer range into
// it, valid only during the callback. A last line without "\n" is delivered,
// "\r\n" endings lose their "\r", NUL bytes and invalid UTF-8 pass through as
// bytes, and a line longer than `maxLineLength` is cut at that length (counted)
// with the rest of it skipped.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class LineReader {
    public let maxLineLength: Int
    private let buffer: UnsafeMutableRawBufferPointer
    private let chunk: Int

    /// Lines delivered (overlong ones included).
    public private(set) var lines: Int = 0
    /// Lines longer than `maxLineLength`, delivered cut.
    public private(set) var overlong: Int = 0
    /// Bytes read from the source (after inflating).
    public private(set) var bytes: UInt64 = 0

    /// The longest line delivered whole (`classify` and `explain` read their arguments to the same length).
    public static let defaultMaxLineLength = 64 * 1024

    public init(maxLineLength: Int = LineReader.defaultMaxLineLength, bufferSize: Int = 1 << 20) {
        precondition(maxLineLength > 0 && bufferSize > 0)
        self.maxLineLength = maxLineLength
        self.chunk = bufferSize
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize + maxLineLength, alignment: 64)
    }

    deinit { buffer.deallocate() }

    /// Reads `source` to its end, calling `body` once per line. When the source throws,
    /// every complete line before the error has been delivered; a partial last line is
    /// dropped, and the error is rethrown.
    public func read(_ source: ByteSource, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var start = 0
        var end = 0
        var eof = false
        var discarding = false
        // Lines end at LF (a CR before it is dropped); a source whose first bytes hold CRs and no LF ends its lines at
        // CR (classic Mac line ends: read as lines, not as one overlong line)
        var separator: Int32 = 0x0A
        var decided = false
        while true {
            // decided by the first LF; without one in a whole line's length (or the whole input), two CRs or more mean
            // CR ends — one stray CR inside a long first line does not, nor a slow writer's first bytes; until then no
            // line is complete in either mode
            if !decided && end > 0 {
                if memchr(base, 0x0A, end) != nil {
                    decided = true
                } else if eof || end >= maxLineLength {
                    decided = true
                    var crs = 0, k = 0
                    let n = min(end, maxLineLength)
                    while k < n, let cr = memchr(base + k, 0x0D, n - k) {
                        crs += 1
                        k = UnsafeRawPointer(cr) - UnsafeRawPointer(base) + 1
                    }
                    if crs >= 2 || (eof && crs == 1 && k < end) { separator = 0x0D }
                }
            }
            while decided && start < end {
                guard let hit = memchr(base + start, separator, end - start) else { break }
                let nl = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if discarding {
                    discarding = false
                } else {
                    try emit(base, start, nl, body)
                }
                start = nl + 1
            }
            if eof {
                if start < end && !discarding { try emit(base, start, end, body) }
                return
            }
            let pending = end - start
            if discarding {
                start = 0; end = 0
            } else if pending >= maxLineLength {
                overlong += 1
                try emit(base, start, start + maxLineLength, body)
                discarding = true
                start = 0; end = 0
            } else if start > 0 {
                if pending > 0 { memmove(base, base + start, pending) }
                start = 0; end = pending
            }
            let n = try source.read(into: UnsafeMutableRawBufferPointer(start: base + end, count: buffer.count - end))
            if n == 0 { eof = true } else { end += n; bytes += UInt64(n) }
        }
    }

    @inline(__always)
    private func emit(_ base: UnsafeMutablePointer<UInt8>, _ s: Int, _ e: Int,
                      _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var e = e
        if e > s && base[e - 1] == 0x0D { e -= 1 }
        lines += 1
        try body(UnsafeBufferPointer(start: base + s, count: e - s))
    }
}
