// Byte sources: a plain file or stdin read with read(2) into the caller's
// buffer, and a gzip stream (detected by its magic bytes, not its name)
// inflated on the fly. Errors name the input and the byte offset.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BWGzip

public struct InputError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case open(String)
        case read(String)
        case truncatedGzip
        case corruptGzip(String)
        case isDirectory
    }
    public let name: String
    public let kind: Kind
    /// Byte offset in the file (the compressed file for gzip) where the problem was found.
    public let offset: UInt64?

    public init(name: String, kind: Kind, offset: UInt64?) {
        self.name = name; self.kind = kind; self.offset = offset
    }

    public var description: String {
        let at = offset.map { " at byte \($0)" } ?? ""
        switch kind {
        case .open(let why): return "\(name): cannot open: \(why)"
        case .read(let why): return "\(name): read error\(at): \(why)"
        case .truncatedGzip: return "\(name): truncated gzip stream\(at) (input ends inside a compressed member)"
        case .corruptGzip(let why): return "\(name): corrupt gzip data\(at): \(why)"
        case .isDirectory: return "\(name): is a directory"
        }
    }
}

/// Something that yields bytes. `read` returns 0 at end of input.
public protocol ByteSource: AnyObject {
    /// The name used in messages: the path, or "-" / "(stdin)".
    var name: String { get }
    /// Whether the bytes are inflated from gzip.
    var isCompressed: Bool { get }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }

/// A file descriptor read with read(2). Owns the descriptor unless it is stdin.
public final class FileSource: ByteSource {
    public let name: String
    public var isCompressed: Bool { false }
    let fd: Int32
    let owns: Bool
    /// Bytes already read (by sniffing) that `read` returns first.
    private var prefix: [UInt8] = []
    private var prefixPos = 0
    public private(set) var offset: UInt64 = 0
    /// Size of a regular file, nil for pipes.
    public var size: UInt64? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return UInt64(st.st_size)
    }
    /// Modification time of the file (seconds since the epoch), nil for pipes.
    public let modificationTime: Int?

    public init(path: String) throws {
        name = path
        var st = stat()
        let f = open(path, O_RDONLY | O_CLOEXEC)
        guard f >= 0 else { throw InputError(name: path, kind: .open(errnoText(errno)), offset: nil) }
        if fstat(f, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR {
                close(f)
                throw InputError(name: path, kind: .isDirectory, offset: nil)
            }
            modificationTime = (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_mtim.tv_sec) : nil
        } else {
            modificationTime = nil
        }
        fd = f
        owns = true
    }

    /// Bytes [offset, offset + length) of a file (a segment of a split run).
    public convenience init(path: String, offset: UInt64, length: UInt64) throws {
        try self.init(path: path)
        guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
            throw InputError(name: path, kind: .read(errnoText(errno)), offset: offset)
        }
        self.offset = offset
        remaining = length
    }

    /// Bytes left in a segment, nil for the whole file.
    private var remaining: UInt64?

    /// Standard input.
    public init(standardInputNamed name: String = "(stdin)") {
        self.name = name
        fd = 0
        owns = false
        modificationTime = nil
    }

    deinit { if owns { close(fd) } }

    /// Reads up to `count` bytes ahead without consuming them.
    public func peek(_ count: Int) throws -> [UInt8] {
        var tmp = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = tmp.withUnsafeMutableBytes { buf in
                Glibc.read(fd, buf.baseAddress! + got, count - got)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(name: name, kind: .read(errnoText(errno)), offset: offset)
            }
            if n == 0 { break }
            got += n
        }
        prefix = Array(tmp[0..<got])
        prefixPos = 0
        return prefix
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        if prefixPos < prefix.count {
            let n = min(buffer.count, prefix.count - prefixPos)
            prefix.withUnsafeBytes { p in
                buffer.baseAddress!.copyMemory(from: p.baseAddress! + prefixPos, byteCount: n)
            }
            prefixPos += n
            offset += UInt64(n)
            return n
        }
        var want = buffer.count
        if let r = remaining { want = Int(min(UInt64(want), r)); if want == 0 { return 0 } }
        while true {
            let n = Glibc.read(fd, buffer.baseAddress!, want)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(name: name, kind: .read(errnoText(errno)), offset: offset)
            }
            offset += UInt64(n)
            if remaining != nil { remaining! -= UInt64(n) }
            return n
        }
    }
}

/// Inflates a gzip (or zlib) stream read from another source. Multi-member
/// streams are read to the end; a stream cut inside a member is an error.
public final class GzipSource: ByteSource {
    public var name: String { base.name }
    public var isCompressed: Bool { true }
    let base: FileSource
    let inflater = Inflater()
    private let input: UnsafeMutableRawBufferPointer
    private var inStart = 0
    private var inEnd = 0
    private var eof = false

    public init(_ base: FileSource, bufferSize: Int = 256 * 1024) {
        self.base = base
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
    }

    deinit { input.deallocate() }

    /// Offset in the compressed file of the next byte to inflate.
    public var compressedOffset: UInt64 { inflater.compressedOffset }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        // an error found together with the output returned last (a member's bad check value)
        do { try inflater.throwPending() } catch InflateError.corrupt(let why) {
            throw InputError(name: name, kind: .corruptGzip(why), offset: inflater.compressedOffset)
        }
        while true {
            if inStart == inEnd {
                if eof { return 0 }
                let n = try base.read(into: input)
                if n == 0 {
                    eof = true
                    do { try inflater.finish() } catch {
                        throw InputError(name: name, kind: .truncatedGzip, offset: inflater.compressedOffset)
                    }
                    return 0
                }
                inStart = 0
                inEnd = n
            }
            let result: (consumed: Int, produced: Int)
            do {
                result = try inflater.inflate(
                    input: UnsafeRawBufferPointer(rebasing: input[inStart..<inEnd]), output: buffer)
            } catch InflateError.corrupt(let why) {
                throw InputError(name: name, kind: .corruptGzip(why), offset: inflater.compressedOffset)
            }
            inStart += result.consumed
            if result.produced > 0 { return result.produced }
            if result.consumed == 0 && inStart < inEnd {
                // No progress with input left: cannot happen with output space; guard against a loop.
                throw InputError(name: name, kind: .corruptGzip("inflate made no progress"), offset: inflater.compressedOffset)
            }
        }
    }
}

/// Opens a path ("-" is stdin) and detects gzip by its magic bytes 1f 8b. `prefetch`: gzip is inflated on its own
/// thread, a few chunks ahead of the reader (without it, on the reader's thread: zlib's own speed on one core).
public func openInput(_ path: String, prefetch: Bool = true) throws -> (source: ByteSource, modificationTime: Int?) {
    let file = path == "-" ? FileSource(standardInputNamed: "(stdin)") : try FileSource(path: path)
    let head = try file.peek(2)
    if head.count == 2 && head[0] == 0x1f && head[1] == 0x8b {
        return (prefetch ? PrefetchSource(GzipSource(file)) as ByteSource : GzipSource(file), file.modificationTime)
    }
    return (file, file.modificationTime)
}
