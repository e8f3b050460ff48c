// A small, safe wrapper around zlib's inflate for gzip streams.
//
// This is the only module that imports CZlib. The z_stream lives at a stable
// heap address for its whole life (zlib keeps a pointer back to it).
// Multi-member gzip (several gzip files concatenated, as `cat a.gz b.gz` or
// pigz/bgzip produce) is handled by resetting at each member end.

import CZlib

public enum InflateError: Error, Equatable, Sendable {
    /// The compressed data is not valid gzip/zlib data (zlib's message).
    case corrupt(String)
    /// The input ended inside a gzip member.
    case truncated
}

public final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    /// Bytes of compressed input consumed so far (the offset in the .gz file).
    public private(set) var compressedOffset: UInt64 = 0
    /// Set once a member has started and not yet ended.
    public private(set) var insideMember = false
    /// Number of completed gzip members.
    public private(set) var members = 0
    /// An error found after output was produced in the same call: that output is returned first, the error by the
    /// next call (a bad check value at a member's end must not lose the member's data).
    private var pending: InflateError?

    public init() {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 32: auto-detect gzip or zlib header, maximum window.
        let rc = bw_inflate_init2(stream, 15 + 32)
        precondition(rc == Z_OK, "inflateInit2 failed: \(rc)")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Throws the error a call that returned output left for later, once.
    public func throwPending() throws {
        if let e = pending { pending = nil; throw e }
    }

    /// Inflates from `input` into `output`. Returns (bytes consumed, bytes produced).
    /// Call again with the remaining input until it is consumed; when `input` is empty
    /// the caller has reached end of file and should call `finish()`.
    public func inflate(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> (consumed: Int, produced: Int) {
        try throwPending()
        guard input.count > 0, output.count > 0 else { return (0, 0) }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(min(input.count, Int(UInt32.max)))
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(output.count, Int(UInt32.max)))
        let availIn = Int(stream.pointee.avail_in)
        let availOut = Int(stream.pointee.avail_out)
        var consumed = 0
        var produced = 0
        while true {
            insideMember = true
            let rc = CZlib.inflate(stream, Z_NO_FLUSH)
            let c = availIn - consumed - Int(stream.pointee.avail_in)
            let p = availOut - produced - Int(stream.pointee.avail_out)
            consumed += c
            produced += p
            compressedOffset += UInt64(c)
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                if rc == Z_BUF_ERROR && c == 0 && p == 0 {
                    // No progress possible: needs more input or more output space.
                    return (consumed, produced)
                }
                if stream.pointee.avail_in == 0 || stream.pointee.avail_out == 0 {
                    return (consumed, produced)
                }
            case Z_STREAM_END:
                insideMember = false
                members += 1
                inflateReset(stream)
                if stream.pointee.avail_in == 0 || stream.pointee.avail_out == 0 {
                    return (consumed, produced)
                }
                // More input after a member end: either the next member, or trailing
                // zero padding (some tools pad gzip files). Skip NUL padding.
                let next = stream.pointee.next_in!
                if next[0] == 0 {
                    var n = 0
                    let avail = Int(stream.pointee.avail_in)
                    while n < avail && next[n] == 0 { n += 1 }
                    stream.pointee.next_in = next + n
                    stream.pointee.avail_in -= uInt(n)
                    consumed += n
                    compressedOffset += UInt64(n)
                    if stream.pointee.avail_in == 0 { return (consumed, produced) }
                }
            default:
                let msg = stream.pointee.msg.map { String(cString: $0) } ?? "inflate error \(rc)"
                if produced > 0 {
                    pending = .corrupt(msg)
                    return (consumed, produced)
                }
                throw InflateError.corrupt(msg)
            }
        }
    }

    /// Called at end of input: throws `.truncated` when a member was left unfinished.
    public func finish() throws {
        if insideMember {
            throw InflateError.truncated
        }
    }
}
