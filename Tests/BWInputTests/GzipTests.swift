import XCTest
import Foundation
@testable import BWInput
import BWGzip

/// Compresses with the system's gzip(1) (run directly, no shell).
func gzip(_ data: [UInt8]) throws -> [UInt8] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/gzip")
    p.arguments = ["-c", "-n"]
    let inPipe = Pipe(), outPipe = Pipe()
    p.standardInput = inPipe
    p.standardOutput = outPipe
    try p.run()
    let writer = Thread { inPipe.fileHandleForWriting.write(Data(data)); try? inPipe.fileHandleForWriting.close() }
    writer.start()
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return [UInt8](out)
}

func tempFile(_ bytes: [UInt8]) throws -> String {
    let path = NSTemporaryDirectory() + "bw-\(UUID().uuidString)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

func readAll(_ path: String) -> (lines: [String], error: InputError?) {
    var out: [String] = []
    do {
        let (src, _) = try openInput(path)
        try LineReader().read(src) { out.append(String(decoding: $0, as: UTF8.self)) }
        return (out, nil)
    } catch let e as InputError {
        return (out, e)
    } catch {
        XCTFail("unexpected \(error)")
        return (out, nil)
    }
}

final class GzipTests: XCTestCase {
    func testGzipDetectedByContentNotName() throws {
        let text = (1...1000).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let path = try tempFile(try gzip(Array(text.utf8)))  // no .gz suffix
        let (got, err) = readAll(path)
        XCTAssertNil(err)
        XCTAssertEqual(got.count, 1000)
        XCTAssertEqual(got.last, "line 1000")
    }

    func testMultiMemberGzipIsReadToTheEnd() throws {
        let a = try gzip(Array("first\nsecond\n".utf8))
        let b = try gzip(Array("third\n".utf8))
        let c = try gzip(Array("fourth without newline".utf8))
        let (got, err) = readAll(try tempFile(a + b + c))
        XCTAssertNil(err)
        XCTAssertEqual(got, ["first", "second", "third", "fourth without newline"])
    }

    func testTruncatedGzipReportsOffsetAndKeepsCompleteLines() throws {
        // Incompressible-ish content so the cut lands mid-stream with lines already inflated.
        var rng = SystemRandomNumberGenerator()
        let lines = (0..<5000).map { i in "line \(i) " + String((0..<40).map { _ in Character(UnicodeScalar(UInt8.random(in: 97...122, using: &rng))) }) }
        let full = try gzip(Array((lines.joined(separator: "\n") + "\n").utf8))
        let cut = Array(full[0..<(full.count / 2)])
        let (got, err) = readAll(try tempFile(cut))
        guard let err else { return XCTFail("no error for a truncated gzip") }
        XCTAssertEqual(err.kind, .truncatedGzip)
        XCTAssertEqual(err.offset, UInt64(cut.count))
        XCTAssertTrue(err.description.contains("truncated gzip"))
        XCTAssertGreaterThan(got.count, 100)
        XCTAssertLessThan(got.count, 5000)
        XCTAssertEqual(got, Array(lines.prefix(got.count)), "every delivered line is a complete original line")
    }

    func testCorruptGzipIsAnErrorNotACrash() throws {
        var bytes = try gzip(Array(String(repeating: "hello world\n", count: 100).utf8))
        for i in 12..<min(40, bytes.count) { bytes[i] ^= 0x5A }
        let (_, err) = readAll(try tempFile(bytes))
        XCTAssertNotNil(err)
    }

    func testGzipMagicAloneIsTruncated() throws {
        let (got, err) = readAll(try tempFile([0x1f, 0x8b]))
        XCTAssertTrue(got.isEmpty)
        XCTAssertEqual(err?.kind, .truncatedGzip)
    }

    func testMissingFileIsAnOpenError() {
        let (_, err) = readAll("/nonexistent/mail.log")
        guard case .open? = err?.kind else { return XCTFail("expected open error, got \(String(describing: err))") }
        XCTAssertTrue(err!.description.hasPrefix("/nonexistent/mail.log: cannot open"))
    }
}
