// The per-line engine: header parsing, Postfix and Exim bodies, per-message
// correlation, classification and aggregation. Lines arrive as borrowed byte
// slices; nothing here allocates per line (strings are made only on the first
// sight of a host, user, relay or text).

import Foundation

public struct AnalyzerOptions: Sendable {
    /// The longest quiet gap that ends a listing episode (100 years: a longer one is no gap, and its sums must not
    /// overflow); `--episode-gap` and a snapshot's `episode_gap` are held to it.
    public static let maxEpisodeGap: Int64 = 100 * 366 * 86_400
    /// Year of BSD syslog timestamps; nil: inferred from the file's modification time.
    public var year: Int?
    /// Zone of timestamps that carry none (BSD syslog, Exim without +zzzz).
    public var timeZone: TimeZone = .current
    /// Bound on live message states (about 70 bytes each); the least recently seen half is
    /// dropped beyond it and counted as evicted. Postfix and Exim queues rarely hold more.
    public var maxMessages = 80_000
    /// A listing episode ends after this long without a refusal.
    public var episodeGap: Int64 = 6 * 3600
    /// Prefix lengths that group listed IPs into ranges.
    public var cidr4 = 24
    public var cidr6 = 48
    /// Our sending addresses for Postfix, which does not log them (see `EgressMap`).
    public var egress = EgressMap()
    /// Keep templates of refusal texts that no rule explained (`report --unclassified`).
    public var collectUnclassified = false
    /// Bytes the verdict cache of each engine may hold (split between threads with --jobs).
    public var verdictCacheBytes = 4 << 20
    /// Bound on exposure buckets (users per sending channel per time bucket, ~4 KB each). Beyond it
    /// the buckets widen (1 h → 2 h → 4 h …), so memory stays bounded however long the logs span.
    public var maxExposureBuckets = 2048
    public init() {}
}

/// Message key: syslog host + queue ID packed into three words (24 bytes).
struct QueueKey: Hashable {
    var a: UInt64, b: UInt64, c: UInt64
    var host: Int32
}

struct MessageState {
    var sender: UInt64 = 0     // stable hash of the lower-cased envelope sender; 0 unknown or null
    var sasl: UInt64 = 0       // stable hash of the lower-cased SASL login; 0 none
    var clientIP: UInt64 = 0   // client address key (see `addressKey`), 0 unknown
    var egress: Int32 = -1     // ip id of our sending address, when the log says it
    var bounce = false
    /// Segment mode: the message's first line here was not its start (it began earlier).
    var continued = false
    var lastSeen: Int64 = 0
}

enum DeliveryStatus: Sendable { case sent, deferred, bounced }

/// What became of a recipient (by hash) of a message continued from an earlier segment, or of the whole message.
enum RecipientOutcome: Sendable, Equatable { case delivered(UInt64), failed(UInt64), expired }

final class Counter {
    var attempts = 0
    var users = DistinctCounter()
    var lists: [Int32: Int] = [:]
    var providers = Set<Int32>()
    var delist = Set<Int32>()
    var domains = DomainTally()
    var first: Int64 = .max
    var last: Int64 = .min
    func hit(_ user: UInt64?, _ t: Int64) {
        attempts += 1
        if let user { users.insert(user) }
        if t < first { first = t }
        if t > last { last = t }
    }
}

public final class Analyzer {
    public let options: AnalyzerOptions
    public let classifier: Classifier
    var totals = Totals()
    var categoryCounts = [Int](repeating: 0, count: Category.allCases.count)
    let messages = MessageTable(capacity: 4096)
    let hosts = ByteInterner(capacity: 64)
    let ips = ByteInterner(capacity: 1024)
    let relays = ByteInterner(capacity: 1024)
    let domains = ByteInterner(capacity: 1024)
    var relayProvider: [Int32] = []      // relay id → provider symbol, -2 unknown yet, -1 none
    var relayOrganisation: [Int32] = []  // relay id → organisation symbol, -2 unknown yet, -1 none
    var domainProvider: [Int32] = []
    var domainOrganisation: [Int32] = []
    /// Organisations named as providers so far, and their symbols (`maxNamedOrganisations`).
    var namedOrganisations: [String: Int32] = [:]
    /// The organisations this analyzer named, or in segment mode would name from none, in order (at most
    /// `maxNamedOrganisations`): the stitch names the first ones of all parts in input order.
    var organisationOrder: [String] = []
    var organisationSeen = Set<Int32>()
    /// The stitch: the organisations the whole run names.
    var stitchedOrganisations = Set<String>()
    var ipSymbol: [Int32: Int32] = [:]
    let zone: ZoneConverter
    var lower = [UInt8](repeating: 0, count: 1024)

    // Aggregates, keyed by classifier symbols.
    var blockAttempts = 0
    var blockUsers = DistinctCounter()
    var blockFirst: Int64 = .max
    var blockLast: Int64 = .min
    var byProvider: [Int32: Counter] = [:]
    var byOperator: [Int32: Counter] = [:]
    var byIP: [Int32: Counter] = [:]
    /// Domain listings by listed domain (symbol; -1: the text names none).
    var byDomain: [Int32: Counter] = [:]
    let unknownOperator: Int32
    var blockRecipients = DistinctCounter()
    var blockRecipientsBounced = DistinctCounter()
    var blockDomains = DistinctCounter()
    var blockClients = DistinctCounter()
    /// Episodes per (listed IP, list, provider) symbols.
    var episodes: [EpisodeKey: [Episode]] = [:]
    /// Exposure: (channel, hour) → users who sent through the channel in that hour.
    var exposureIndex: [ExposureKey: Int] = [:]
    /// Width of an exposure bucket in hours (a power of two; grows when the buckets are too many).
    var exposureHours: Int64 = 1
    var exposureBuckets: [DistinctCounter] = []
    var lastExposureKey = ExposureKey(channel: -1, hour: -1)
    var lastExposureSlot = -1
    var channelDeliveries: [Int64: Int] = [:]
    // Deliveries of the current run of one channel, added to channelDeliveries when it changes.
    var lastDeliveryChannel: Int64 = -1
    var lastDeliveryCount = 0
    /// Channel → listed IP symbol → refusals whose text named it (to infer a channel's address).
    var channelListed: [Int64: [Int32: Int]] = [:]
    /// Distinct client IPv4 addresses (keys), bounded, for counting clients inside listed ranges.
    /// Distinct IPv4 client addresses (bounded), to count our clients inside listed ranges.
    var clientSet = HashSet32(capacity: 1024)
    let instances = ByteInterner(capacity: 16)
    var lastInstanceKey: (UInt64, UInt64) = (0, 0)
    var lastInstanceLen = -1
    var lastInstanceID: Int32 = 0
    var currentInstance: Int32 = 0
    var postfixEgressCache: [Int64: Int32] = [:]   // channel → ip symbol from the map, -1 none
    var unclassified: [Int32: (count: Int, sample: String)] = [:]
    let templates = ByteInterner(capacity: 256)
    /// Scratch for Exim deferral texts rebuilt as `defer (N): text`.
    var eximText = [UInt8](repeating: 0, count: 4096)
    /// Segment mode (a later part of a split run): messages whose first line here is not
    /// their start are `continued`, and their deliveries wait in `pending` for the stitch.
    public var segmentMode = false
    var pending: [QueueKey: [PendingDelivery]] = [:]
    /// Segment mode: deliveries refused by a receiver named by its organisation (`BlockFields.unnamed`), for the stitch.
    var deferred: [PendingDelivery] = []
    /// Continued messages: their state when last seen here (removed or at the end).
    var continuedEnds: [QueueKey: (state: MessageState, removed: Bool)] = [:]
    var continuedKeys = Set<QueueKey>()
    /// Recipients of a live message deferred for a listing and neither delivered nor failed since: when the message
    /// expires (Postfix `status=expired`) or the recipient fails later (Exim's "retry timeout exceeded", any bounce),
    /// the listing kept the mail from them for good.
    var listedPending: [QueueKey: [UInt64]] = [:]
    /// Segment mode: what became of the recipients of continued messages here (a recipient delivered or failed, the
    /// message expired), in order, for the stitch to settle the recipients an earlier segment left deferred.
    var continuedOutcomes: [QueueKey: [RecipientOutcome]] = [:]
    var currentKey = QueueKey(a: 0, b: 0, c: 0, host: 0)
    var curProgStart = 0
    var curProgEnd = 0
    var curHost: Int32 = 0

    // Time caches.
    var bsdKey: (UInt64, UInt64) = (0, 0)
    var bsdValue: Int64 = 0
    var isoKey: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var isoNaive: Int64 = 0
    var firstTime: Int64 = .max
    var lastTime: Int64 = .min

    // Per-input state.
    var inputs: [InputSummary] = []
    var inputLinesStart = 0
    var inputName = ""
    var refYear = 1970
    var refMonth = 12
    var curYear = 1970
    var lastMonth = 0

    let eximHost: Int32
    /// Byte classes for queue-ID scanning: 1 alphanumeric, 2 upper-case hex digit, 4 vowel.
    let idClass: UnsafeMutablePointer<UInt8>
    // The last syslog host seen (most lines repeat it).
    var lastHostKey: (UInt64, UInt64) = (0, 0)
    var lastHostLen = -1
    var lastHostID: Int32 = 0

    public init(classifier: Classifier, options: AnalyzerOptions = AnalyzerOptions()) {
        self.classifier = classifier
        self.options = options
        zone = ZoneConverter(zone: options.timeZone)
        classifier.cacheBytes = options.verdictCacheBytes
        unknownOperator = classifier.symbols.id("unknown")
        eximHost = hosts.intern("")
        idClass = .allocate(capacity: 256)
        for b in 0..<256 {
            let u = UInt8(b)
            var c: UInt8 = 0
            if Scan.isAlnum(u) { c |= 1 }
            if (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x46) { c |= 2 }
            switch u | 0x20 { case 0x61, 0x65, 0x69, 0x6F, 0x75: if Scan.isAlnum(u) { c |= 4 }; default: break }
            idClass[b] = c
        }
    }

    deinit { idClass.deallocate() }

    // MARK: - Inputs

    /// Starts a new input. `modificationTime` dates BSD syslog lines that carry no year.
    public func beginInput(name: String, modificationTime: Int?) {
        inputName = name
        inputLinesStart = totals.lines
        let ref = Int64(modificationTime ?? Int(Date().timeIntervalSince1970))
        let c = civilFromEpoch(ref)
        refYear = c.year
        refMonth = c.month
        curYear = options.year ?? refYear
        lastMonth = 0
        bsdKey = (0, 0)
    }

    public func endInput(compressed: Bool, bytes: UInt64, error: String?) {
        totals.bytes += bytes
        inputs.append(InputSummary(name: inputName, compressed: compressed, lines: totals.lines - inputLinesStart,
                                   bytes: bytes, error: error))
    }

    public func noteOverlong() { totals.overlong += 1 }

    // MARK: - Lines

    public func consume(_ line: Line) {
        totals.lines += 1
        var n = line.count
        if n == 0 { return }
        var p = line.p
        // A syslog priority as it travels on the wire ("<22>", RFC 3164 and 5424), kept by some collectors: skipped;
        // RFC 5424's version after it ("<22>1 2026-11-28T09:12:03.123Z host app procid msgid [sd] msg") marks its header.
        if p[0] == 0x3C {
            var k = 1
            while k < min(n, 5) && Scan.isDigit(p[k]) { k += 1 }
            guard k > 1, k < n, p[k] == 0x3E else { totals.malformed += 1; return }
            k += 1
            if k + 2 < n, p[k] == 0x31, p[k + 1] == 0x20 {
                parseRFC5424(p + k + 2, n - k - 2)
                return
            }
            p += k; n -= k
        }
        guard n >= 20 else { totals.malformed += 1; return }
        let c0 = p[0]
        if Scan.isDigit(c0) {
            guard p[4] == 0x2D, p[7] == 0x2D, p[13] == 0x3A, p[16] == 0x3A else { totals.malformed += 1; return }
            if p[10] == 0x54 { // 'T': RFC 3339 syslog
                parseISOSyslog(p, n)
            } else if p[10] == 0x20 {
                parseExim(p, n)
            } else {
                totals.malformed += 1
            }
        } else if (c0 | 0x20) &- 0x61 < 26 {
            parseBSD(p, n)
        } else {
            totals.malformed += 1
        }
    }

    @inline(__always)
    func noteTime(_ t: Int64) {
        if t < firstTime { firstTime = t }
        if t > lastTime { lastTime = t }
    }

    /// `Nov 28 09:12:03 host prog[pid]: msg` (also with fractions of a second, journald's short-precise:
    /// `Nov 28 09:12:03.123456 host …`)
    func parseBSD(_ p: UnsafePointer<UInt8>, _ n: Int) {
        var bodyStart = 16
        if p[15] == 0x2E {
            var i = 16
            while i < n && Scan.isDigit(p[i]) { i += 1 }
            guard i > 16, i < n, p[i] == 0x20 else { totals.malformed += 1; return }
            bodyStart = i + 1
        }
        guard p[3] == 0x20, p[6] == 0x20, p[9] == 0x3A, p[12] == 0x3A, p[15] == 0x20 || bodyStart > 16,
              Scan.isDigit(p[5]), p[4] == 0x20 || Scan.isDigit(p[4]),
              Scan.isDigit(p[7]), Scan.isDigit(p[8]), Scan.isDigit(p[10]), Scan.isDigit(p[11]),
              Scan.isDigit(p[13]), Scan.isDigit(p[14]) else { totals.malformed += 1; return }
        let raw = UnsafeRawPointer(p)
        let k0 = raw.loadUnaligned(as: UInt64.self)
        let k1 = raw.loadUnaligned(fromByteOffset: 7, as: UInt64.self)
        let t: Int64
        if k0 == bsdKey.0 && k1 == bsdKey.1 {
            t = bsdValue
        } else {
            let month = monthNumber(p[0], p[1], p[2])
            guard month > 0 else { totals.malformed += 1; return }
            let day = (p[4] == 0x20 ? 0 : Int(p[4] - 0x30) * 10) + Int(p[5] - 0x30)
            let hh = Int(p[7] - 0x30) * 10 + Int(p[8] - 0x30)
            let mm = Int(p[10] - 0x30) * 10 + Int(p[11] - 0x30)
            let ss = Int(p[13] - 0x30) * 10 + Int(p[14] - 0x30)
            // "Nov 99 99:99:99", "Feb 30": malformed, not rolled over into another day
            guard day >= 1, day <= 31, hh <= 23, mm <= 59, ss <= 60 else { totals.malformed += 1; return }
            let year: Int
            if options.year != nil {
                // Explicit year: it belongs to the first line; a jump back from Dec to Jan rolls over (only once the
                // line's date is known to be real: a rejected "Feb 30" must not roll it a second time)
                year = lastMonth != 0 && month + 6 < lastMonth ? curYear + 1 : curYear
                guard day <= daysIn(month, of: year) else { totals.malformed += 1; return }
                curYear = year
            } else {
                year = month > refMonth ? refYear - 1 : refYear
                // a guessed year may be wrong: Feb 29 is a real date of some year
                guard day <= daysIn(month, of: 2000) else { totals.malformed += 1; return }
            }
            lastMonth = month
            let naive = Int64(daysFromCivil(year, month, day) * 86400 + hh * 3600 + mm * 60 + ss)
            t = zone.epoch(fromNaive: naive)
            bsdKey = (k0, k1)
            bsdValue = t
        }
        syslogBody(p, n, from: bodyStart, time: t)
    }

    /// `2026-11-28T09:12:03.123456+00:00 host prog[pid]: msg` (also journald's +0000).
    func parseISOSyslog(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard let (t, end) = isoTimestamp(p, n) else { totals.malformed += 1; return }
        syslogBody(p, n, from: end + 1, time: t)
    }

    /// An RFC 3339 timestamp at the start of `p` followed by a blank: (epoch seconds, index of the blank).
    @inline(__always)
    func isoTimestamp(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Int64, Int)? {
        guard n >= 20, p[4] == 0x2D, p[7] == 0x2D, p[10] == 0x54, p[13] == 0x3A, p[16] == 0x3A,
              let naive = isoNaiveTime(p) else { return nil }
        var i = 19
        if i < n && p[i] == 0x2E { i += 1; while i < n && Scan.isDigit(p[i]) { i += 1 } }
        guard i < n else { return nil }
        var t: Int64
        if p[i] == 0x5A || p[i] == 0x7A { // Z
            t = naive; i += 1
        } else if p[i] == 0x2B || p[i] == 0x2D {
            guard let (off, len) = parseOffset(p, n, i) else { return nil }
            t = naive - off; i += len
        } else {
            t = zone.epoch(fromNaive: naive)
        }
        guard i < n, p[i] == 0x20 else { return nil }
        return (t, i)
    }

    /// RFC 5424 after its priority and version: `TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG`
    /// (`2026-11-28T09:12:03.123+01:00 relay1 postfix/smtp 2345 - - 4F3C2A1B0C: to=<…>, …`; a structured-data
    /// element's `]` may be escaped inside its values; MSG may open with a UTF-8 byte-order mark).
    func parseRFC5424(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard let (t, tsEnd) = isoTimestamp(p, n) else { totals.malformed += 1; return }
        // HOSTNAME, APP-NAME, PROCID, MSGID: one token each (no array: this is the per-line path)
        var i = tsEnd + 1
        func token() -> (Int, Int)? {
            let s = i
            while i < n && p[i] != 0x20 { i += 1 }
            guard i > s, i < n else { return nil }
            defer { i += 1 }
            return (s, i)
        }
        guard let (hs, he) = token(), let (ps, pe) = token(), token() != nil, token() != nil else { totals.malformed += 1; return }
        // STRUCTURED-DATA: "-" or one or more [id param="value" …] elements
        if p[i] == 0x2D {
            i += 1
        } else {
            while i < n && p[i] == 0x5B {
                i += 1
                var quoted = false
                while i < n && (quoted || p[i] != 0x5D) {
                    if p[i] == 0x5C { i += 2; continue }
                    if p[i] == 0x22 { quoted.toggle() }
                    i += 1
                }
                guard i < n else { totals.malformed += 1; return }
                i += 1
            }
        }
        guard i < n, p[i] == 0x20 else { totals.malformed += 1; return }
        i += 1
        if i + 3 <= n, p[i] == 0xEF, p[i + 1] == 0xBB, p[i + 2] == 0xBF { i += 3 }
        noteTime(t)
        programLine(p, n, host: (hs, he), program: (ps, pe), message: i, time: t)
    }

    /// A syslog line's message from `message`, read by its program (`program`, a range of `p`): Exim logging through
    /// syslog (exim, exim4), or Postfix (a name starting with "postfix": postfix, postfix-out2,
    /// postfix/submission/smtpd …); other programs' lines are not ours.
    @inline(__always)
    func programLine(_ p: UnsafePointer<UInt8>, _ n: Int, host: (Int, Int), program: (Int, Int), message: Int, time t: Int64) {
        let len = program.1 - program.0
        if len >= 4, len <= 5, Scan.has("exim", p, at: program.0, end: program.1) {
            eximSyslog(p, n, message, time: t, host: hostID(p + host.0, host.1 - host.0, available: n - host.0))
            return
        }
        postfixLine(p, n, host: host, program: program, message: message, time: t)
    }

    @inline(__always)
    func postfixLine(_ p: UnsafePointer<UInt8>, _ n: Int, host: (Int, Int), program: (Int, Int), message: Int, time t: Int64) {
        guard program.1 - program.0 >= 7, Scan.has("postfix", p, at: program.0, end: program.1) else { return }
        totals.postfixLines += 1
        curProgStart = program.0
        curProgEnd = program.1
        postfix(p, n, message, host: hostID(p + host.0, host.1 - host.0, available: n - host.0), time: t)
    }

    /// ±hh:mm or ±hhmm at i → (offset seconds, length).
    @inline(__always)
    func parseOffset(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> (Int64, Int)? {
        guard i + 5 <= n, Scan.isDigit(p[i + 1]), Scan.isDigit(p[i + 2]) else { return nil }
        let hh = Int64(p[i + 1] - 0x30) * 10 + Int64(p[i + 2] - 0x30)
        var j = i + 3
        if j < n && p[j] == 0x3A { j += 1 }
        guard j + 2 <= n, Scan.isDigit(p[j]), Scan.isDigit(p[j + 1]) else { return nil }
        let mm = Int64(p[j] - 0x30) * 10 + Int64(p[j + 1] - 0x30)
        // UTC-12:00 … UTC+14:00 are the offsets in use; "+99:99" is no offset
        guard hh <= 14, mm <= 59 else { return nil }
        let sign: Int64 = p[i] == 0x2D ? -1 : 1
        return (sign * (hh * 3600 + mm * 60), j + 2 - i)
    }

    /// Naive seconds of `YYYY-MM-DD?HH:MM:SS` (cached on the 19 bytes).
    @inline(__always)
    func isoNaiveTime(_ p: UnsafePointer<UInt8>) -> Int64? {
        let raw = UnsafeRawPointer(p)
        let k = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self))
        if k == isoKey { return isoNaive }
        for i in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] where !Scan.isDigit(p[i]) { return nil }
        func num(_ a: Int, _ len: Int) -> Int {
            var v = 0
            for i in a..<(a + len) { v = v * 10 + Int(p[i] - 0x30) }
            return v
        }
        let y = num(0, 4), mo = num(5, 2), d = num(8, 2), hh = num(11, 2), mi = num(14, 2), ss = num(17, 2)
        // a real date and clock ("2026-02-30", "25:61:61", year 0 are malformed, not rolled over)
        guard y >= 1970, mo >= 1, mo <= 12, d >= 1, d <= daysIn(mo, of: y), hh <= 23, mi <= 59, ss <= 60 else { return nil }
        let naive = Int64(daysFromCivil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss)
        isoKey = k
        isoNaive = naive
        return naive
    }

    /// After the timestamp: `host prog[pid]: msg`.
    @inline(__always)
    func syslogBody(_ p: UnsafePointer<UInt8>, _ n: Int, from start: Int, time t: Int64) {
        guard let hostEnd = Scan.index(of: 0x20, p, from: start, to: n), hostEnd > start else {
            totals.malformed += 1; return
        }
        let progStart = hostEnd + 1
        var i = progStart
        // Most programs here are Postfix's: skip its 7-byte prefix instead of scanning it.
        if Scan.has("postfix", p, at: i, end: n) { i += 7 }
        while i < n && p[i] != 0x5B && p[i] != 0x3A && p[i] != 0x20 { i += 1 }
        guard i < n else { totals.malformed += 1; return }
        let progEnd = i
        if p[i] == 0x5B {
            guard let close = Scan.index(of: 0x5D, p, from: i, to: n) else { totals.malformed += 1; return }
            i = close + 1
        }
        guard i + 1 < n, p[i] == 0x3A, p[i + 1] == 0x20 else {
            // A syslog line of another shape (no "prog: "): well-formed header, not ours.
            return
        }
        noteTime(t)
        programLine(p, n, host: (start, hostEnd), program: (progStart, progEnd), message: i + 2, time: t)
    }

    /// Interned id of a syslog host, with the last one cached (hosts repeat line after line).
    /// `available` bytes are readable from `h` (the rest of the line).
    @inline(__always)
    func hostID(_ h: UnsafePointer<UInt8>, _ len: Int, available: Int) -> Int32 {
        if len <= 16 {
            let w = Analyzer.loadPadded(h, len, available: available)
            let k = (w.0, w.1)
            if len == lastHostLen && k == lastHostKey { return lastHostID }
            lastHostID = hosts.intern(h, len)
            lastHostKey = k
            lastHostLen = len
            return lastHostID
        }
        return hosts.intern(h, len)
    }

    /// The first `min(len, 24)` bytes at `q` as three little-endian words, zero-padded. With 24
    /// readable bytes (`available`, the rest of the line) three unaligned loads are masked to the
    /// length: no byte copy through the stack (which stalls store forwarding on the hot path).
    @inline(__always)
    static func loadPadded(_ q: UnsafePointer<UInt8>, _ len: Int, available: Int) -> (UInt64, UInt64, UInt64) {
        let m = min(len, 24)
        if available >= 24 {
            let raw = UnsafeRawPointer(q)
            @inline(__always) func word(_ i: Int) -> UInt64 {
                m > i * 8 ? UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) & lowBytesMask(m - i * 8) : 0
            }
            return (word(0), word(1), word(2))
        }
        var w: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &w) { $0.baseAddress!.copyMemory(from: q, byteCount: m) }
        return (UInt64(littleEndian: w.0), UInt64(littleEndian: w.1), UInt64(littleEndian: w.2))
    }

    /// A mask of the low `n` bytes (0...8) of a little-endian word.
    @inline(__always)
    static func lowBytesMask(_ n: Int) -> UInt64 {
        n >= 8 ? ~0 : n <= 0 ? 0 : (UInt64(1) << UInt64(n * 8)) &- 1
    }

    // MARK: - Postfix

    func postfix(_ p: UnsafePointer<UInt8>, _ n: Int, _ ms: Int, host: Int32, time t: Int64) {
        curHost = host
        // Queue ID or NOQUEUE.
        var i = ms
        var all: UInt8 = 3     // stays 3 while every byte is an upper-case hex digit
        var any: UInt8 = 0     // gets 4 on a vowel
        let limit = min(n, ms + 25)
        while i < limit {
            let c = idClass[Int(p[i])]
            if c & 1 == 0 { break }
            all &= c
            any |= c
            i += 1
        }
        let hex = all & 2 != 0
        let vowel = any & 4 != 0
        let idLen = i - ms
        guard i + 1 < n, p[i] == 0x3A, p[i + 1] == 0x20 else { return }
        let rest = i + 2
        if idLen == 7 && Scan.has("NOQUEUE", p, at: ms, end: i) {
            if Scan.has("reject: ", p, at: rest, end: n) || Scan.has("milter-reject: ", p, at: rest, end: n) {
                totals.smtpRejects += 1
            }
            return
        }
        guard idLen >= 5, idLen <= 20, hex || (idLen >= 10 && !vowel) else { return }
        let key = packKey(p + ms, idLen, available: n - ms, host: host)

        // Lines that end a message, or name another one.
        if Scan.has("removed", p, at: rest, end: n) && rest + 7 == n {
            removeMessage(key, state(key, t, start: false))
            return
        }
        let b0 = rest < n ? p[rest] : 0
        // The first line of a message's life-cycle: smtpd's client= or pickup's uid=. (cleanup's
        // message-id= is first only for bounces and comes second otherwise, so in segment mode a
        // message first seen there is treated as possibly begun earlier and settled by the stitch.)
        let start = (b0 == 0x63 && Scan.has("client=", p, at: rest, end: n)) || (b0 == 0x75 && Scan.has("uid=", p, at: rest, end: n))
        let idx = state(key, t, start: start)
        switch b0 {
        case 0x74: // t
            if Scan.has("to=<", p, at: rest, end: n) { postfixDelivery(p, n, rest, idx, t) }
        case 0x63: // c
            if Scan.has("client=", p, at: rest, end: n) { postfixClient(p, n, rest + 7, idx) }
        case 0x66: // f
            if Scan.has("from=<", p, at: rest, end: n) { postfixFrom(p, n, rest + 6, idx) }
        case 0x73: // s
            if Scan.has("sender non-delivery notification: ", p, at: rest, end: n) {
                let q = rest + 34
                var e = q
                while e < n && Scan.isAlnum(p[e]) { e += 1 }
                if e - q >= 5 {
                    let other = packKey(p + q, e - q, available: n - q, host: host)
                    // Named by bounce(8); its own cleanup line is the start of its life-cycle. In
                    // segment mode a notification first seen at that cleanup line is "continued"
                    // (it might have begun in an earlier segment); this line proves it began here,
                    // so it is settled now instead of waiting, with its deliveries, for the stitch.
                    let existed = messages.find(other) != nil
                    let oi = state(other, t, start: false)
                    if existed && segmentMode && messages.values[oi].continued { resolveContinued(other, oi) }
                    markBounce(oi)
                    currentKey = key
                }
            }
        case 0x72: // r
            if Scan.has("reject: ", p, at: rest, end: n) { totals.smtpRejects += 1 }
        case 0x6D: // m
            if Scan.has("milter-reject: ", p, at: rest, end: n) { totals.smtpRejects += 1 }
        case 0x75: // u  (pickup: uid=0 from=<root>)
            if Scan.has("uid=", p, at: rest, end: n), let f = Scan.find(" from=<", p, from: rest, to: n) {
                postfixFrom(p, n, f + 7, idx)
            }
        default:
            break
        }
    }

    @inline(__always)
    func packKey(_ q: UnsafePointer<UInt8>, _ len: Int, available: Int, host: Int32) -> QueueKey {
        let w = Analyzer.loadPadded(q, len, available: available)
        return QueueKey(a: w.0, b: w.1, c: w.2, host: host)
    }

    /// The live state of a message, created (and counted) when none is live. `start`: the
    /// line is one a message logs when it is created; in segment mode, a message first seen
    /// on any other line began in an earlier segment.
    @inline(__always)
    func state(_ key: QueueKey, _ t: Int64, start: Bool) -> Int {
        currentKey = key
        if let idx = messages.find(key) {
            messages.values[idx].lastSeen = t
            if start && messages.values[idx].continued { resolveContinued(key, idx) }
            return idx
        }
        if messages.count >= options.maxMessages { evict() }
        totals.messages += 1
        var st = MessageState(lastSeen: t)
        if segmentMode && !start {
            st.continued = true
            continuedKeys.insert(key)
        }
        return messages.insert(key, st)
    }

    /// Drops a message at its end (`removed`, `Completed`).
    @inline(__always)
    func removeMessage(_ key: QueueKey, _ idx: Int) {
        if messages.values[idx].continued { continuedEnds[key] = (messages.values[idx], true) }
        if !listedPending.isEmpty { listedPending[key] = nil }
        messages.remove(at: idx)
    }

    func markBounce(_ idx: Int) {
        if !messages.values[idx].bounce {
            messages.values[idx].bounce = true
            totals.bounceNotifications += 1
        }
    }

    /// Drops the least recently seen half of the message states.
    func evict() {
        var times: [Int64] = []
        times.reserveCapacity(messages.count)
        messages.forEachSlot { times.append(messages.values[$0].lastSeen) }
        times.sort()
        let cut = times[times.count / 2]
        let before = messages.count
        messages.forEachSlot { slot in
            if messages.values[slot].lastSeen <= cut {
                // a continued message keeps its end for the stitch even without deliveries: the stitch counts it once
                // and clears its earlier state (forgetting it counted it twice, session 23's review)
                if messages.values[slot].continued { continuedEnds[messages.keys[slot]] = (messages.values[slot], true) }
                if !listedPending.isEmpty { listedPending[messages.keys[slot]] = nil }
                messages.remove(at: slot)
            }
        }
        totals.evicted += before - messages.count
    }

    /// `client=host[ip], sasl_method=PLAIN, sasl_username=alice`
    func postfixClient(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int, _ idx: Int) {
        guard let lb = Scan.index(of: 0x5B, p, from: s, to: n), let rb = Scan.index(of: 0x5D, p, from: lb, to: n) else { return }
        let key = addressKey(p + lb + 1, rb - lb - 1)
        messages.values[idx].clientIP = key
        noteClient(key)
        // Then ", name=value" fields: sasl_method=, sasl_username=, sasl_sender=, orig_queue_id= ...
        var f = rb + 1
        while f + 2 < n && p[f] == 0x2C && p[f + 1] == 0x20 {
            let name = f + 2
            var e = name
            while e < n && p[e] != 0x2C { e += 1 }
            if Scan.has("sasl_username=", p, at: name, end: e) {
                let us = name + 14
                if e > us { messages.values[idx].sasl = userHash(p + us, e - us) }
                return
            }
            f = e
        }
    }

    /// `from=<sender>, size=N, nrcpt=N (queue active)` or `from=<sender>, status=expired, returned to sender`
    func postfixFrom(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int, _ idx: Int) {
        guard let gt = Scan.find(">", p, from: s, to: n) else { return }
        if Scan.has(", status=expired", p, at: gt + 1, end: n) {
            totals.expired += 1
            settleExpired(currentKey, idx)
        }
        if gt == s {
            messages.values[idx].sender = 0
            if Scan.has(", size=", p, at: gt + 1, end: n) { markBounce(idx) }
        } else {
            messages.values[idx].sender = userHash(p + s, gt - s)
        }
    }

    /// A user is kept as the stable hash of its lower-cased name: distinct counting and
    /// sketch merging need nothing else, and no table is touched per message.
    @inline(__always)
    func userHash(_ q: UnsafePointer<UInt8>, _ len: Int) -> UInt64 {
        lower.withUnsafeMutableBufferPointer { foldedHash(q, len, scratch: $0) }
    }

    /// Remembers a distinct IPv4 client (bounded), to count our clients inside listed ranges.
    @inline(__always)
    func noteClient(_ key: UInt64) {
        if key >> 40 == 1 && clientSet.count < 1 << 20 { clientSet.insert(UInt32(truncatingIfNeeded: key)) }
    }

    /// A client address as a key: IPv4 packed into 32 bits (plus a tag bit), anything
    /// else by its stable hash. 0 is "unknown".
    @inline(__always)
    func addressKey(_ q: UnsafePointer<UInt8>, _ len: Int) -> UInt64 {
        var v: UInt64 = 0, octet: UInt64 = 0, dots = 0, digits = 0
        for k in 0..<len {
            let b = q[k]
            if b == 0x2E {
                guard digits > 0, octet < 256 else { return stableHash(q, len) | 1 }
                v = v << 8 | octet; octet = 0; digits = 0; dots += 1
            } else if Scan.isDigit(b) && digits < 3 {
                octet = octet * 10 + UInt64(b - 0x30); digits += 1
            } else {
                return stableHash(q, len) | 1
            }
        }
        guard dots == 3, digits > 0, octet < 256 else { return stableHash(q, len) | 1 }
        return (v << 8 | octet) | (1 << 40)
    }

    /// `to=<rcpt>, [orig_to=<..>, ]relay=host[ip]:port, ..., dsn=X.Y.Z, status=WORD (text)`
    func postfixDelivery(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int, _ idx: Int, _ t: Int64) {
        let rs = s + 4
        guard let re = Scan.find(">, ", p, from: rs, to: n) else { return }
        // The fields after the recipient, in one pass from one ", " to the next (Postfix writes
        // [orig_to=, ]relay=, [conn_use=, ]delay=, delays=, dsn=, status= in that order).
        var relayStart = -1, relayEnd = -1
        var dsn: UnsafeBufferPointer<UInt8>? = nil
        var f = re + 3
        var ws = -1
        while f < n {
            switch p[f] {
            case 0x72 where Scan.has("relay=", p, at: f, end: n): // r
                relayStart = f + 6
                relayEnd = relayStart
                while relayEnd < n && p[relayEnd] != 0x5B && p[relayEnd] != 0x2C { relayEnd += 1 }
            case 0x64 where Scan.has("dsn=", p, at: f, end: n): // d
                var e = f + 4
                while e < n && p[e] != 0x2C && p[e] != 0x20 { e += 1 }
                dsn = UnsafeBufferPointer(start: p + f + 4, count: e - f - 4)
            case 0x73 where Scan.has("status=", p, at: f, end: n): // s
                ws = f + 7
            default:
                break
            }
            if ws >= 0 { break }
            guard let c = Scan.find(", ", p, from: f, to: n) else { return }
            f = c + 2
        }
        guard ws >= 0 else { return }
        var we = ws
        while we < n && p[we] != 0x20 { we += 1 }
        let status: DeliveryStatus
        switch we - ws {
        case 4 where Scan.has("sent", p, at: ws, end: n): status = .sent
        case 8 where Scan.has("deferred", p, at: ws, end: n): status = .deferred
        case 7 where Scan.has("bounced", p, at: ws, end: n): status = .bounced
        default: return
        }
        var text = UnsafeBufferPointer<UInt8>(start: p + we, count: 0)
        if we + 1 < n && p[we + 1] == 0x28 {
            let ts = we + 2
            var te = n
            if te > ts && p[te - 1] == 0x29 { te -= 1 }
            text = UnsafeBufferPointer(start: p + ts, count: max(0, te - ts))
        }
        let at = Scan.index(of: 0x40, p, from: rs, to: re).map { $0 + 1 } ?? re
        let channel = postfixChannel(p)
        delivery(status, idx, text: text, dsn: dsn, relay: (relayStart, relayEnd), rcpt: (rs, re), domain: (at, re),
                 p: p, time: t, hint: .postfix(channel: channel, mapped: postfixEgress(channel)))
    }

    func symbolForIP(_ e: Int32) -> Int32 {
        if let s = ipSymbol[e] { return s }
        let s = classifier.symbols.id(normalizeIP(ips.string(e)) ?? ips.string(e))
        ipSymbol[e] = s
        return s
    }

    /// Distinct relay hosts and recipient domains (of blocklist refusals) kept interned at once.
    static let nameTableLimit = 16_384

    /// Bounds the relay and domain interners: past the limit they start over with their
    /// provider caches. Called before a delivery interns into them; no id outlives the delivery
    /// (a pending delivery keeps its domain as a string).
    @inline(__always)
    func boundNameTables() {
        if domains.count >= Analyzer.nameTableLimit {
            domains.removeAll(); domainProvider.removeAll(keepingCapacity: true); domainOrganisation.removeAll(keepingCapacity: true)
        }
        if relays.count >= Analyzer.nameTableLimit {
            relays.removeAll(); relayProvider.removeAll(keepingCapacity: true); relayOrganisation.removeAll(keepingCapacity: true)
        }
    }

    /// Who refused, when the text does not say: a provider `providers.yaml` knows by the relay host, else
    /// one it knows by the recipient's domain (the relay may be our smarthost, or a provider's MX the file
    /// does not name), else the relay host's organisation ("mx1.hartmann-bau.de" → hartmann-bau), else the
    /// recipient domain's, else `other`. `byRelay`: the relay host named it (it refused on its own list).
    /// In segment mode a receiver named by its organisation is `BlockFields.unnamed`, with the organisations (symbols)
    /// of the relay and the domain: which ones the run names depends on the parts before (`maxNamedOrganisations`).
    func providerOf(relay: (Int, Int), domain: (Int, Int), _ p: UnsafePointer<UInt8>)
        -> (provider: Int32, byRelay: Bool, organisations: (relay: Int32, domain: Int32)) {
        let r = relay.0 >= 0 && relay.1 > relay.0 ? Int(relays.intern(p + relay.0, relay.1 - relay.0)) : -1
        let d = domain.1 > domain.0 ? Int(domains.intern(p + domain.0, domain.1 - domain.0)) : -1
        func some(_ s: Int32) -> Int32? { s >= 0 ? s : nil }
        func relayKnown() -> Int32? { r < 0 ? nil : some(cached(&relayProvider, r) { symbol(classifier.library.providers.provider(forHost: relays.string(Int32(r)))) }) }
        func domainKnown() -> Int32? { d < 0 ? nil : some(cached(&domainProvider, d) { symbol(classifier.library.providers.provider(forDomain: domains.string(Int32(d)))) }) }
        if segmentMode {
            if let found = whoRefused(relayKnown: relayKnown, domainKnown: domainKnown, relayOrganisation: { nil }, domainOrganisation: { nil }) {
                return (found.who, found.byRelay, (-1, -1))
            }
            let ro = r < 0 ? -1 : cached(&relayOrganisation, r) { symbol(organisationName(ofHost: relays.string(Int32(r)))) }
            let dor = d < 0 ? -1 : cached(&domainOrganisation, d) { symbol(organisationName(ofHost: domains.string(Int32(d)))) }
            guard ro >= 0 || dor >= 0 else { return (classifier.otherProvider, false, (-1, -1)) }
            // the one a run would try to name first (the relay's, else the domain's)
            let first = ro >= 0 ? ro : dor
            if organisationOrder.count < Analyzer.maxNamedOrganisations && organisationSeen.insert(first).inserted {
                organisationOrder.append(classifier.symbols[first])
            }
            return (BlockFields.unnamed, false, (ro, dor))
        }
        let found = whoRefused(
            relayKnown: relayKnown, domainKnown: domainKnown,
            relayOrganisation: { r < 0 ? nil : some(cached(&relayOrganisation, r) { namedOrganisation(organisationName(ofHost: relays.string(Int32(r)))) }) },
            domainOrganisation: { d < 0 ? nil : some(cached(&domainOrganisation, d) { namedOrganisation(organisationName(ofHost: domains.string(Int32(d)))) }) })
        guard let found else { return (classifier.otherProvider, false, (-1, -1)) }
        return (found.who, found.byRelay, (-1, -1))
    }

    /// Receivers named by their organisation: at most `maxNamedOrganisations` distinct ones per run, so a long log of
    /// refusals by many small sites keeps its memory bound (each is a provider row, its episodes and a symbol); later
    /// ones are `other`.
    static let maxNamedOrganisations = 1024

    /// The symbol of an organisation to name as a provider: one named before, or a new one while fewer than the bound
    /// are; -1 otherwise (and then not interned).
    private func namedOrganisation(_ name: String?) -> Int32 {
        guard let name else { return -1 }
        if let s = namedOrganisations[name] { return s }
        guard namedOrganisations.count < Analyzer.maxNamedOrganisations else { return -1 }
        let s = classifier.symbols.id(name)
        namedOrganisations[name] = s
        organisationOrder.append(name)
        return s
    }

    @inline(__always)
    private func symbol(_ name: String?) -> Int32 { name.map { classifier.symbols.id($0) } ?? -1 }

    /// A symbol from a per-id cache (-2: not looked at yet, -1: none).
    @inline(__always)
    private func cached(_ cache: inout [Int32], _ id: Int, _ compute: () -> Int32) -> Int32 {
        while cache.count <= id { cache.append(-2) }
        if cache[id] == -2 { cache[id] = compute() }
        return cache[id]
    }

}
