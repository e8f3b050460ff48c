// Wiring: inputs → line reader → analyzer. Per-input failures are recorded and
// the run goes on with the next input; the counts read so far are kept.

import BWInput

public struct RunFailure: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

extension Analyzer {
    /// Reads one input to its end (or its first error) and returns the error text, if any.
    @discardableResult
    public func read(path: String, reader: LineReader) -> String? {
        let opened: (source: ByteSource, modificationTime: Int?)
        do { opened = try openInput(path) } catch {
            beginInput(name: path == "-" ? "(stdin)" : path, modificationTime: nil)
            endInput(compressed: false, bytes: 0, error: "\(error)")
            return "\(error)"
        }
        return read(source: opened.source, modificationTime: opened.modificationTime, reader: reader)
    }

    @discardableResult
    public func read(source: ByteSource, modificationTime: Int?, reader: LineReader) -> String? {
        beginInput(name: source.name, modificationTime: modificationTime)
        let bytesBefore = reader.bytes
        let overlongBefore = reader.overlong
        var failure: String? = nil
        do {
            try reader.read(source) { line in consume(line) }
        } catch {
            failure = "\(error)"
        }
        totals.overlong += reader.overlong - overlongBefore
        endInput(compressed: source.isCompressed, bytes: reader.bytes - bytesBefore, error: failure)
        return failure
    }
}
