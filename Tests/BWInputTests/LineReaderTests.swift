import XCTest
import Foundation
@testable import BWInput

/// A source that hands out a byte array in chunks of a chosen size, optionally failing at the end.
final class ArraySource: ByteSource {
    let name = "array"
    var isCompressed: Bool { false }
    let bytes: [UInt8]
    let chunk: Int
    var pos = 0
    let failAtEnd: Bool
    init(_ bytes: [UInt8], chunk: Int = 1 << 20, failAtEnd: Bool = false) {
        self.bytes = bytes; self.chunk = chunk; self.failAtEnd = failAtEnd
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if pos == bytes.count {
            if failAtEnd { throw InputError(name: name, kind: .truncatedGzip, offset: UInt64(pos)) }
            return 0
        }
        let n = min(chunk, buffer.count, bytes.count - pos)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + pos, byteCount: n) }
        pos += n
        return n
    }
}

func lines(_ bytes: [UInt8], chunk: Int = 1 << 20, maxLine: Int = 64, buffer: Int = 16, failAtEnd: Bool = false) throws -> ([[UInt8]], LineReader) {
    let reader = LineReader(maxLineLength: maxLine, bufferSize: buffer)
    var out: [[UInt8]] = []
    try reader.read(ArraySource(bytes, chunk: chunk, failAtEnd: failAtEnd)) { out.append(Array($0)) }
    return (out, reader)
}

final class LineReaderTests: XCTestCase {
    /// (session 23) Classic Mac line ends (CR only) are lines; CRLF stays one end, also when a read cuts it; a source
    /// that has LFs keeps its CRs inside lines.
    func testCarriageReturnOnlyLineEnds() throws {
        for chunk in [1, 2, 3, 7, 100] {
            let (cr, _) = try lines(Array("alpha\rbeta\rgamma delta\r\rzeta".utf8), chunk: chunk)
            XCTAssertEqual(cr.map { String(decoding: $0, as: UTF8.self) }, ["alpha", "beta", "gamma delta", "", "zeta"], "chunk \(chunk)")
            let (crlf, _) = try lines(Array("alpha\r\nbeta\r\n".utf8), chunk: chunk)
            XCTAssertEqual(crlf.map { String(decoding: $0, as: UTF8.self) }, ["alpha", "beta"], "chunk \(chunk)")
            let (mixed, _) = try lines(Array("a\rb\nc\n".utf8), chunk: chunk)
            XCTAssertEqual(mixed.map { String(decoding: $0, as: UTF8.self) }, ["a\rb", "c"], "chunk \(chunk)")
        }
    }

    func testSplitsLinesAcrossSmallBuffers() throws {
        let text = "alpha\nbeta\ngamma delta epsilon\n\nzeta\n"
        for chunk in [1, 2, 3, 7, 100] {
            let (got, r) = try lines(Array(text.utf8), chunk: chunk)
            XCTAssertEqual(got.map { String(decoding: $0, as: UTF8.self) }, ["alpha", "beta", "gamma delta epsilon", "", "zeta"], "chunk \(chunk)")
            XCTAssertEqual(r.lines, 5)
            XCTAssertEqual(r.bytes, UInt64(text.utf8.count))
        }
    }

    func testLastLineWithoutNewlineAndCRLF() throws {
        let (got, _) = try lines(Array("one\r\ntwo\r\nthree".utf8))
        XCTAssertEqual(got.map { String(decoding: $0, as: UTF8.self) }, ["one", "two", "three"])
    }

    func testEmptyInputHasNoLines() throws {
        let (got, r) = try lines([])
        XCTAssertTrue(got.isEmpty)
        XCTAssertEqual(r.lines, 0)
    }

    func testNulBytesAndInvalidUTF8PassThrough() throws {
        let bytes: [UInt8] = [0x61, 0x00, 0x62, 0x0A, 0xFF, 0xFE, 0xC3, 0x0A]
        let (got, _) = try lines(bytes)
        XCTAssertEqual(got, [[0x61, 0x00, 0x62], [0xFF, 0xFE, 0xC3]])
    }

    func testOverlongLineIsCutCountedAndTheRestSkipped() throws {
        let long = String(repeating: "x", count: 200)
        let (got, r) = try lines(Array("short\n\(long)\nafter\n".utf8), chunk: 5, maxLine: 64, buffer: 16)
        XCTAssertEqual(got.count, 3)
        XCTAssertEqual(got[0], Array("short".utf8))
        XCTAssertEqual(got[1].count, 64)
        XCTAssertEqual(got[2], Array("after".utf8))
        XCTAssertEqual(r.overlong, 1)
    }

    func testOverlongLastLineWithoutNewline() throws {
        let (got, r) = try lines(Array(String(repeating: "y", count: 500).utf8), chunk: 7)
        XCTAssertEqual(got.count, 1)
        XCTAssertEqual(got[0].count, 64)
        XCTAssertEqual(r.overlong, 1)
    }

    func testErrorKeepsCompleteLinesAndDropsThePartialOne() throws {
        let reader = LineReader(maxLineLength: 64, bufferSize: 16)
        var out: [String] = []
        XCTAssertThrowsError(try reader.read(ArraySource(Array("a\nb\npartial".utf8), chunk: 3, failAtEnd: true)) {
            out.append(String(decoding: $0, as: UTF8.self))
        })
        XCTAssertEqual(out, ["a", "b"])
    }
}

final class InputOrderTests: XCTestCase {
    func testRotatedSetIsReadOldestFirst() {
        XCTAssertEqual(InputOrder.oldestFirst(["mail.log", "mail.log.1", "mail.log.2.gz", "mail.log.10.gz", "other.log"]),
                       ["mail.log.10.gz", "mail.log.2.gz", "mail.log.1", "mail.log", "other.log"])
    }

    func testDateStampedRotations() {
        XCTAssertEqual(InputOrder.oldestFirst(["/var/log/maillog", "/var/log/maillog-20261128.gz", "/var/log/maillog-20261127.gz"]),
                       ["/var/log/maillog-20261127.gz", "/var/log/maillog-20261128.gz", "/var/log/maillog"])
    }

    func testUnrelatedFilesKeepTheirOrder() {
        XCTAssertEqual(InputOrder.oldestFirst(["b.log", "a.log", "-"]), ["b.log", "a.log", "-"])
    }
}
