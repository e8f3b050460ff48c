// A small, safe wrapper around PCRE2 (8-bit code units).
//
// This is the only module that imports CPCRE2. A `Regex` is compiled and
// JIT-compiled once; a `MatchScratch` (match data + match context) is owned by
// one thread and reused for every match. Subjects are byte buffers with an
// explicit length: nothing here assumes NUL termination or valid UTF-8.

import CPCRE2

public struct RegexError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// Byte offset in the pattern where compilation failed.
    public let offset: Int
    public var description: String { "\(message) at offset \(offset)" }
}

public struct RegexOptions: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let caseless = RegexOptions(rawValue: UInt32(PCRE2_CASELESS))
    public static let dotAll = RegexOptions(rawValue: UInt32(PCRE2_DOTALL))
    /// UTF-8 semantics that stay safe on invalid UTF-8: a character class like `[-–]` matches
    /// the whole en-dash, and broken bytes never fail a match. (PCRE2_UTF; a subject with
    /// invalid sequences is matched as a copy in which each byte of a broken sequence reads
    /// `?`, same length, so group offsets stay those of the original. Not PCRE2_MATCH_INVALID_UTF:
    /// with it, PCRE2 10.42's JIT never matches `\S`, `\W` or `\D` on a non-ASCII character.)
    public static let utf = RegexOptions(rawValue: UInt32(PCRE2_UTF))
}

/// A compiled, JIT-compiled PCRE2 pattern. Immutable after init, so it can be
/// shared between threads; matching needs a per-thread `MatchScratch`.
public final class Regex: @unchecked Sendable {
    let code: OpaquePointer
    public let pattern: String
    public let jit: Bool
    /// Names of the capture groups, by group number (index 0 unused).
    public let groupNames: [String?]
    public let captureCount: Int
    /// Compiled with PCRE2_UTF: subjects are checked (and broken bytes masked) before matching.
    let utf: Bool

    public init(_ pattern: String, options: RegexOptions = []) throws {
        self.pattern = pattern
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        // Log text is arbitrary bytes: without `.utf` a pattern works on bytes; with it, each
        // subject is validated here and broken sequences masked, so PCRE2 never sees invalid UTF-8.
        let flags = options.rawValue
        utf = options.contains(.utf)
        let compiled: OpaquePointer? = pattern.utf8CString.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buf.count) { p in
                pcre2_compile_8(p, buf.count - 1, flags, &errorCode, &errorOffset, nil)
            }
        }
        guard let code = compiled else {
            throw RegexError(message: Regex.message(for: errorCode), offset: errorOffset)
        }
        self.code = code
        self.jit = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) == 0

        var count: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        self.captureCount = Int(count)
        var names = [String?](repeating: nil, count: Int(count) + 1)
        var nameCount: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &nameCount)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        if let table, nameCount > 0 {
            for i in 0..<Int(nameCount) {
                let entry = table + i * Int(entrySize)
                let number = Int(entry[0]) << 8 | Int(entry[1])
                var end = 2
                while end < Int(entrySize) && entry[end] != 0 { end += 1 }
                let name = String(decoding: UnsafeBufferPointer(start: entry + 2, count: end - 2), as: UTF8.self)
                if number < names.count { names[number] = name }
            }
        }
        self.groupNames = names
    }

    deinit { pcre2_code_free_8(code) }

    /// Group number of a named group, if the pattern has it.
    public func group(named name: String) -> Int? {
        groupNames.firstIndex(where: { $0 == name })
    }

    /// Every group number carrying `name` (duplicate names are allowed with `(?J)` or `(?|...)`).
    public func groups(named name: String) -> [Int] {
        groupNames.indices.filter { groupNames[$0] == name }
    }

    /// Matches `subject` using `scratch`; returns the ovector pairs for every group
    /// (nil entries for unset groups), or nil when there is no match.
    /// Throws when PCRE2 reports an error (e.g. the match limit was hit).
    /// `start`: where the search begins (a character's first byte); what comes before it is still seen by
    /// look-behinds.
    public func firstMatch(in subject: UnsafeRawBufferPointer, scratch: MatchScratch, from start: Int = 0) throws -> Match? {
        let rc: Int32
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self)
        // An empty buffer may have a nil base address; PCRE2 accepts any non-null pointer for length 0.
        let empty: [UInt8] = [0]
        guard start >= 0 && start <= subject.count else { return nil }
        if let base {
            rc = run(base, subject.count, start, scratch)
        } else {
            rc = empty.withUnsafeBufferPointer { run($0.baseAddress!, 0, 0, scratch) }
        }
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc < 0 { throw RegexError(message: Regex.message(for: rc), offset: -1) }
        let ov = pcre2_get_ovector_pointer_8(scratch.matchData)!
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(captureCount + 1)
        let unset = bw_pcre2_unset()
        for g in 0...captureCount {
            let s = ov[2 * g], e = ov[2 * g + 1]
            if g >= Int(rc) || s == unset || e == unset {
                ranges.append(nil)
            } else {
                ranges.append(Int(s)..<Int(e))
            }
        }
        return Match(ranges: ranges)
    }

    /// True when the pattern matches anywhere in `subject`.
    public func matches(_ subject: UnsafeRawBufferPointer, scratch: MatchScratch) throws -> Bool {
        try firstMatch(in: subject, scratch: scratch) != nil
    }

    /// Convenience for tests and tools: match a String (its UTF-8 bytes).
    public func firstMatch(in text: String, scratch: MatchScratch) throws -> Match? {
        var copy = text
        return try copy.withUTF8 { try firstMatch(in: UnsafeRawBufferPointer($0), scratch: scratch) }
    }

    private func run(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ s: MatchScratch) -> Int32 {
        s.ensureCapacity(for: self)
        // pcre2_match uses the JIT code when it exists and honours the match context's limits.
        guard utf else { return pcre2_match_8(code, p, n, start, 0, s.matchData, s.context) }
        let subject = UTF8Check.firstInvalid(p, n) == nil ? p : s.masked(p, n)
        return pcre2_match_8(code, subject, n, start, UInt32(PCRE2_NO_UTF_CHECK), s.matchData, s.context)
    }

    static func message(for code: Int32) -> String {
        var buf = [UInt8](repeating: 0, count: 256)
        let n = buf.withUnsafeMutableBufferPointer { pcre2_get_error_message_8(code, $0.baseAddress, 256) }
        return n > 0 ? String(decoding: buf[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(code)"
    }
}

/// The result of a match: byte ranges of each group in the subject.
public struct Match: Sendable {
    public let ranges: [Range<Int>?]
    public subscript(group: Int) -> Range<Int>? { group < ranges.count ? ranges[group] : nil }
}

/// Per-thread match state: one match-data block and one match context with
/// limits, reused for every match. Not thread-safe: one owner at a time.
public final class MatchScratch: @unchecked Sendable {
    fileprivate var matchData: OpaquePointer
    fileprivate let context: OpaquePointer
    private var pairs: Int
    private let jitStack: OpaquePointer?

    /// `matchLimit` bounds backtracking so one pathological text cannot stall a run.
    public init(matchLimit: UInt32 = 200_000, depthLimit: UInt32 = 10_000) {
        pairs = 32
        matchData = pcre2_match_data_create_8(UInt32(pairs), nil)!
        context = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 512 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    /// Buffer for a subject's copy with broken UTF-8 masked.
    private var maskBuffer: UnsafeMutablePointer<UInt8>?
    private var maskCapacity = 0

    /// A copy of p[0..<n] in which every byte of an invalid UTF-8 sequence is `?`.
    fileprivate func masked(_ p: UnsafePointer<UInt8>, _ n: Int) -> UnsafePointer<UInt8> {
        if maskCapacity < n {
            maskBuffer?.deallocate()
            maskCapacity = max(n, 4096)
            maskBuffer = .allocate(capacity: maskCapacity)
        }
        let out = maskBuffer!
        out.update(from: p, count: n)
        var i = 0
        while let bad = UTF8Check.firstInvalid(out + i, n - i) {
            out[i + bad] = 0x3F
            i += bad + 1
        }
        return UnsafePointer(out)
    }

    fileprivate func ensureCapacity(for regex: Regex) {
        if regex.captureCount + 1 > pairs {
            pcre2_match_data_free_8(matchData)
            pairs = regex.captureCount + 1
            matchData = pcre2_match_data_create_8(UInt32(pairs), nil)!
        }
    }

    deinit {
        maskBuffer?.deallocate()
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }
}

/// UTF-8 validation as PCRE2 defines it (RFC 3629: no overlong forms, no surrogates,
/// nothing above U+10FFFF).
enum UTF8Check {
    /// Offset of the first byte that starts an invalid sequence, or nil when p[0..<n] is valid.
    static func firstInvalid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        var i = 0
        // ASCII eight bytes at a time.
        let raw = UnsafeRawPointer(p)
        while true {
            while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            while i < n && p[i] < 0x80 { i += 1 }
            if i >= n { return nil }
            let b = p[i]
            @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
                i + k < n && p[i + k] >= lo && p[i + k] <= hi
            }
            switch b {
            case 0xC2...0xDF: guard cont(1) else { return i }; i += 2
            case 0xE0: guard cont(1, 0xA0), cont(2) else { return i }; i += 3
            case 0xE1...0xEC, 0xEE...0xEF: guard cont(1), cont(2) else { return i }; i += 3
            case 0xED: guard cont(1, 0x80, 0x9F), cont(2) else { return i }; i += 3
            case 0xF0: guard cont(1, 0x90), cont(2), cont(3) else { return i }; i += 4
            case 0xF1...0xF3: guard cont(1), cont(2), cont(3) else { return i }; i += 4
            case 0xF4: guard cont(1, 0x80, 0x8F), cont(2), cont(3) else { return i }; i += 4
            default: return i
            }
        }
    }
}
