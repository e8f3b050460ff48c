// package-benchmark suite: each stage of the pipeline on its own, then whole runs.
// Inputs are built in memory from real-shaped line templates (deterministic), or read
// from bench-data/ when `scripts/bench-compare.sh` has generated it.

import Benchmark
import BWEngine
import BWInput
import BWReport
import Foundation

/// A source over bytes in memory, so the line reader and parsers are measured without I/O.
final class MemorySource: ByteSource {
    let name = "memory"
    var isCompressed: Bool { false }
    let bytes: [UInt8]
    var pos = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - pos)
        if n == 0 { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + pos, byteCount: n) }
        pos += n
        return n
    }
}

let repoRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

let library: PatternLibrary = try! PatternLibrary.load(directories: [repoRoot + "/patterns"])

/// Real refusal texts: every example of every shipped rule.
let refusalTexts: [String] = library.rules.flatMap { $0.examples.map(\.text) }

/// A Postfix log of about `megabytes` MB: life-cycles with sent, deferred and refused deliveries.
func postfixLog(megabytes: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(megabytes << 20)
    var rng: UInt64 = 42
    func next() -> UInt64 { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return rng >> 33 }
    var m = 0
    while out.count < megabytes << 20 {
        let q = String(format: "%010X", 0x1000000 + m)
        let host = "relay\(m % 3)"
        let ts = String(format: "Nov 28 %02d:%02d:%02d", (m / 3600) % 24, (m / 60) % 60, m % 60)
        let user = "user\(next() % 20000)"
        var s = "\(ts) \(host) postfix/smtpd[1234]: connect from c.example.net[192.0.2.\(m % 250 + 1)]\n"
        s += "\(ts) \(host) postfix/smtpd[1234]: \(q): client=c.example.net[192.0.2.\(m % 250 + 1)], sasl_method=PLAIN, sasl_username=\(user)\n"
        s += "\(ts) \(host) postfix/cleanup[222]: \(q): message-id=<\(q)@example.com>\n"
        s += "\(ts) \(host) postfix/qmgr[99]: \(q): from=<\(user)@example.com>, size=1234, nrcpt=2 (queue active)\n"
        for r in 0..<2 {
            let k = next() % 100
            let status: String
            if k < 80 { status = "sent (250 2.0.0 OK  1732785123 a\(next())si.12 - gsmtp)" }
            else { status = "bounced (host mx.example.org[198.51.100.7] said: \(refusalTexts[Int(next() % UInt64(refusalTexts.count))]) (in reply to RCPT TO command))" }
            s += "\(ts) \(host) postfix/smtp[555]: \(q): to=<rcpt\(r)@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.7.1, status=\(status)\n"
        }
        s += "\(ts) \(host) postfix/smtpd[1234]: disconnect from c.example.net[192.0.2.\(m % 250 + 1)] ehlo=1 mail=1 rcpt=2 data=1 quit=1 commands=6\n"
        s += "\(ts) \(host) postfix/qmgr[99]: \(q): removed\n"
        out += Array(s.utf8)
        m += 1
    }
    return out
}

func eximLog(megabytes: Int) -> [UInt8] {
    var out: [UInt8] = []
    var m = 0
    while out.count < megabytes << 20 {
        let id = String(format: "1tG%03d-%06d-Ab", m % 1000, m % 1_000_000)
        let ts = String(format: "2026-11-28 %02d:%02d:%02d", (m / 3600) % 24, (m / 60) % 60, m % 60)
        var s = "\(ts) \(id) <= user\(m % 20000)@example.com H=c.example.net [192.0.2.\(m % 250 + 1)] I=[203.0.113.6]:587 P=esmtpsa A=plain:user\(m % 20000) S=1234 id=x\n"
        if m % 5 == 0 {
            s += "\(ts) \(id) ** x@example.org R=dnslookup T=remote_smtp H=mx.example.org [198.51.100.20] I=[203.0.113.6]: SMTP error from remote mail server after RCPT TO:<x@example.org>: \(refusalTexts[m % refusalTexts.count])\n"
        } else {
            s += "\(ts) \(id) => x@example.org R=dnslookup T=remote_smtp H=mx.example.org [198.51.100.20] I=[203.0.113.6] C=\"250 OK\"\n"
        }
        s += "\(ts) \(id) Completed\n"
        out += Array(s.utf8)
        m += 1
    }
    return out
}

func analyzer() -> Analyzer {
    var o = AnalyzerOptions()
    o.year = 2026
    o.timeZone = TimeZone(identifier: "UTC")!
    return Analyzer(classifier: Classifier(library: library), options: o)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
                                           maxDuration: .seconds(5), maxIterations: 20)
    let postfix = postfixLog(megabytes: 64)
    let exim = eximLog(megabytes: 32)

    Benchmark("LineReader: split 64 MB into lines") { b in
        for _ in b.scaledIterations {
            var n = 0
            try LineReader().read(MemorySource(postfix)) { n &+= $0.count }
            blackHole(n)
        }
    }

    Benchmark("Postfix: parse + correlate + classify, 64 MB") { b in
        for _ in b.scaledIterations {
            let a = analyzer()
            try LineReader().read(MemorySource(postfix)) { a.consume($0) }
            blackHole(a.snapshot().totals.lines)
        }
    }

    Benchmark("Exim: parse + correlate + classify, 32 MB") { b in
        for _ in b.scaledIterations {
            let a = analyzer()
            try LineReader().read(MemorySource(exim)) { a.consume($0) }
            blackHole(a.snapshot().totals.lines)
        }
    }

    // Per distinct text: a fresh classifier each iteration, so every text misses the cache.
    // One iteration classifies every example text of every rule once, as bytes (the path the
    // analyzer takes); divide the time by the count for the cost per distinct text.
    let textBytes = refusalTexts.map { Array($0.utf8) }
    Benchmark("Classify: all \(refusalTexts.count) rule examples, cache cold",
              configuration: .init(metrics: [.wallClock, .throughput])) { b in
        for _ in b.scaledIterations {
            let c = Classifier(library: library)
            b.startMeasurement()
            for t in textBytes { t.withUnsafeBufferPointer { blackHole(c.category(of: $0)) } }
            b.stopMeasurement()
        }
    }

    Benchmark("Classify: all \(refusalTexts.count) rule examples again, cache warm",
              configuration: .init(metrics: [.wallClock, .throughput])) { b in
        // Without start/stopMeasurement the set-up (a cold pass) would be timed too.
        let c = Classifier(library: library)
        for t in textBytes { t.withUnsafeBufferPointer { _ = c.category(of: $0) } }
        b.startMeasurement()
        for _ in b.scaledIterations {
            for t in textBytes { t.withUnsafeBufferPointer { blackHole(c.category(of: $0)) } }
        }
        b.stopMeasurement()
    }

    Benchmark("Sketch: insert 1M hashes (exact → HyperLogLog)") { b in
        for _ in b.scaledIterations {
            var c = DistinctCounter()
            for i in 0..<1_000_000 { c.insert(mix64(UInt64(i))) }
            blackHole(c.count)
        }
    }

    // Whole runs over generated files, when present (scripts/bench-compare.sh writes them).
    let data = repoRoot + "/bench-data"
    for (name, file) in [("plain", "postfix-bsd-1G-seed1.log"), ("gzip", "postfix-bsd-1G-seed1.log.gz")] where FileManager.default.fileExists(atPath: "\(data)/\(file)") {
        Benchmark("report over bench-data/\(file) (\(name), 1 thread)",
                  configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(60), maxIterations: 3)) { b in
            for _ in b.scaledIterations {
                let a = analyzer()
                blackHole(a.read(path: "\(data)/\(file)", reader: LineReader()))
                blackHole(a.snapshot().totals.lines)
            }
        }
    }
}
