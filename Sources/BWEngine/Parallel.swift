// Both cores: inputs are cut into segments (whole files; a large plain file at
// line boundaries), read by several analyzers at once, and stitched in order
// into exactly the snapshot of one sequential run.

import BWInput
import Dispatch
import Foundation

public struct InputSegment: Sendable, Equatable {
    public var path: String
    /// Byte range of a plain file, nil for the whole input.
    public var range: Range<UInt64>?
}

public enum Parallel {
    /// Cuts inputs into segments. Plain regular files of at least `splitAbove` bytes are
    /// cut into `jobs` parts at line boundaries, unless `--year` is given (a December →
    /// January roll-over inside a file needs the file read in one piece).
    public static func plan(_ paths: [String], jobs: Int, options: AnalyzerOptions, splitAbove: UInt64 = 64 << 20) -> [InputSegment] {
        var out: [InputSegment] = []
        for path in paths {
            // a regular file only: opening a FIFO here would take its writer's data (or wait for one) before the read
            var st = stat()
            guard jobs > 1, path != "-", options.year == nil, stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
                  let file = try? FileSource(path: path), let size = file.size, size >= splitAbove,
                  let head = try? file.peek(2), !(head.count == 2 && head[0] == 0x1f && head[1] == 0x8b),
                  let cuts = lineBoundaries(path: path, size: size, parts: jobs) else {
                out.append(InputSegment(path: path, range: nil))
                continue
            }
            var start: UInt64 = 0
            for c in cuts + [size] where c > start {
                out.append(InputSegment(path: path, range: start..<c))
                start = c
            }
        }
        return out
    }

    /// Offsets just after a newline near size*i/parts, for i in 1..<parts.
    static func lineBoundaries(path: String, size: UInt64, parts: Int) -> [UInt64]? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        var cuts: [UInt64] = []
        for i in 1..<parts {
            var at = size * UInt64(i) / UInt64(parts)
            while at < size {
                guard (try? h.seek(toOffset: at)) != nil, let chunk = try? h.read(upToCount: 1 << 16), !chunk.isEmpty else { return nil }
                if let nl = chunk.firstIndex(of: 0x0A) {
                    let cut = at + UInt64(nl - chunk.startIndex) + 1
                    if cut < size && (cuts.last ?? 0) < cut { cuts.append(cut) }
                    break
                }
                at += UInt64(chunk.count)
            }
        }
        return cuts
    }

    final class Results: @unchecked Sendable {
        let lock = NSLock()
        var items: [SegmentResult?]
        var errors: [(Int, String)] = []
        var next = 0
        init(_ n: Int) { items = Array(repeating: nil, count: n) }
    }

    /// Reads the segments with up to `jobs` threads and stitches them. Returns the snapshot and
    /// the per-input errors, in input order.
    public static func run(_ segments: [InputSegment], library: PatternLibrary, options: AnalyzerOptions, jobs: Int)
        -> (snapshot: Snapshot, errors: [String]) {
        let results = Results(segments.count)
        let work: @Sendable () -> Void = {
            let reader = LineReader()
            while true {
                results.lock.lock()
                let i = results.next
                results.next += 1
                results.lock.unlock()
                guard i < segments.count else { return }
                let seg = segments[i]
                let analyzer = Analyzer(classifier: Classifier(library: library), options: options)
                analyzer.segmentMode = i > 0
                var error: String? = nil
                if let r = seg.range {
                    do {
                        let src = try FileSource(path: seg.path, offset: r.lowerBound, length: UInt64(r.count))
                        error = analyzer.read(source: src, modificationTime: src.modificationTime, reader: reader)
                    } catch {
                        analyzer.beginInput(name: seg.path, modificationTime: nil)
                        analyzer.endInput(compressed: false, bytes: 0, error: "\(error)")
                        results.lock.lock(); results.errors.append((i, "\(error)")); results.lock.unlock()
                    }
                } else {
                    error = analyzer.read(path: seg.path, reader: reader)
                }
                let res = analyzer.segmentResult()
                results.lock.lock()
                results.items[i] = res
                if let error { results.errors.append((i, error)) }
                results.lock.unlock()
            }
        }
        let threads = max(1, min(jobs, segments.count))
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            let t = Thread { work(); group.leave() }
            t.stackSize = 8 << 20
            t.start()
        }
        group.wait()
        let continues = segments.indices.map { i in
            i > 0 && segments[i].path == segments[i - 1].path && segments[i].range != nil
                && segments[i - 1].range?.upperBound == segments[i].range?.lowerBound
        }
        let snap = Stitch.join(results.items.map { $0! }, continuesInput: continues, classifier: Classifier(library: library), options: options)
        return (snap, results.errors.sorted { $0.0 < $1.0 }.map(\.1))
    }
}
