// The simulation: messages arrive, go through their life-cycles (client,
// cleanup, queue manager, one delivery attempt per recipient and site,
// deferrals and retries, bounces, expiry, removal) as timed events; a heap
// orders every event of every host, and each event writes its log line(s)
// when popped. The expected counts are tallied from what is written.

import Foundation

// MARK: - Events

enum EvKind: UInt8 {
    case connect, tlsIn, client, cleanup, qactive, disconnect
    case group, line, tlsOut, mxInfo, roundEnd
    case bounceNote, noteLine, removed, expire, retry
    case eximArrival, eximCompleted, eximConnClosed
    case noise, periodic
}

struct Ev {
    var t: Int64
    var seq: Int64
    var kind: EvKind
    var a: Int32
    var b: Int32
    var c: Int32
}

struct Heap {
    private(set) var items: [Ev] = []
    var isEmpty: Bool { items.isEmpty }
    var top: Ev { items[0] }

    @inline(__always) private static func less(_ x: Ev, _ y: Ev) -> Bool { x.t < y.t || (x.t == y.t && x.seq < y.seq) }

    mutating func push(_ e: Ev) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if Heap.less(items[i], items[p]) { items.swapAt(i, p); i = p } else { break }
        }
    }

    mutating func pop() -> Ev {
        let r = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var m = l
                if l + 1 < n && Heap.less(items[l + 1], items[l]) { m = l + 1 }
                if Heap.less(items[m], items[i]) { items.swapAt(i, m); i = m } else { break }
            }
        }
        return r
    }
}

// MARK: - Messages

enum MsgKind: UInt8 {
    case submission, mynet, pickup, out2, bounce, delayWarning
    case eximAuth, eximRelay, eximLocal, eximBounce
}

enum Status: UInt8 { case none, sent, deferred, bounced }

struct Rcpt {
    var addr: Bytes
    var dom: Int32
    var done = false
    var status = Status.none
    var text: Int16 = -1
    var mx: Int8 = 0
    var relayNone = false
    var eximFirst = false
    var egress: Int8 = 0
    var attempts: Int16 = 0
    var pid: Int32 = 0
    /// Refused (deferred or bounced) for a listing at least once in this message.
    var listed = false
}

final class Msg {
    var slot: Int32 = -1
    var host: Int
    var inst: Int              // 0 postfix main, 1 postfix-out2, 2 exim
    var kind: MsgKind
    var qid: Bytes = []
    var counted = false
    var bounceMarked = false
    var identity: Int32 = -1
    var sasl: Bytes = []
    var sender: Bytes = []     // envelope sender as logged; empty: <>
    var senderDom: Int32 = -1
    var unauth = false
    var clientName: Bytes = []
    var clientIP: Bytes = []
    var helo: Bytes = []
    var smtpdPid = 0
    var arrival: Int64 = 0
    var roundStart: Int64 = 0
    var size = 0
    var msgID: Bytes = []
    var rcpts: [Rcpt] = []
    var pending = 0
    var round = 0
    var outstanding = 0
    var roundBounced = 0
    var warned = false
    var eximEgressLogged = false
    var origQID: Bytes = []    // bounce / warning: the message it reports on
    var groups: [[Int32]] = []
    var groupMX: [Int8] = []
    var groupPid: [Int32] = []

    init(host: Int, inst: Int, kind: MsgKind) { self.host = host; self.inst = inst; self.kind = kind }
}

final class HostState {
    let name: Bytes
    var fqdn: Bytes
    var fmt: HostFormat
    var offsetHours: Int
    var egress: Int
    var longIDs: [Bool]        // per Postfix instance
    var qidCounter = 0
    var removed: [Bytes] = []  // queue IDs free for reuse (removed), oldest first
    var pid: Int
    var qmgrPid: [Int]
    var pickupPid: Int
    var cleanupPids: [[Int]]
    var bouncePid: [Int]
    var eximPidInLog: Bool
    var eximNewIDs: Bool
    var localIP: Bytes

    init(name: Bytes, fqdn: Bytes, fmt: HostFormat, offsetHours: Int, egress: Int, longIDs: [Bool], pid: Int, qmgrPid: [Int],
         pickupPid: Int, cleanupPids: [[Int]], bouncePid: [Int], eximPidInLog: Bool, eximNewIDs: Bool, localIP: Bytes) {
        self.name = name; self.fqdn = fqdn; self.fmt = fmt; self.offsetHours = offsetHours; self.egress = egress
        self.longIDs = longIDs; self.pid = pid; self.qmgrPid = qmgrPid; self.pickupPid = pickupPid
        self.cleanupPids = cleanupPids; self.bouncePid = bouncePid; self.eximPidInLog = eximPidInLog
        self.eximNewIDs = eximNewIDs; self.localIP = localIP
    }
}

// MARK: - Simulator

final class Sim {
    let cfg: Config
    let out: Out
    let stamps = Stamps()
    @exclusivity(unchecked) var rng: Rng
    @exclusivity(unchecked) var heap = Heap()
    @exclusivity(unchecked) var seq: Int64 = 0
    let expect = Expect()

    var hosts: [HostState] = []
    var domains: [Domain] = []
    var classDomains: [[Int32]] = []
    var classCum: [Double] = []
    var classOfPick: [RC] = []
    var consumerCum: [RC: [Double]] = [:]
    let storeDomain: Int32
    var episodes: [Episode]
    let background: [Background]
    let texts = refusalTable
    let tTimeout = textIndex("connect-timeout")
    let tDNS = textIndex("dns-not-found")
    let tTLS = textIndex("tls-not-offered")
    let tRetryTimeout = textIndex("exim-retry-timeout")
    let tGmailUnauth = textIndex("gmail-unauthenticated")

    @exclusivity(unchecked) var msgs: [Msg?] = []
    var freeSlots: [Int32] = []
    var created = 0
    var eximCounter: Int
    var estBytesPerMsg: Double
    var volumeByHour: [Double] = [0]
    var nextArrival: Int64
    let spanUS: Double

    // Pre-encoded bytes.
    let progMain: [Bytes] = ["postfix/smtpd", "postfix/submission/smtpd", "postfix/cleanup", "postfix/qmgr", "postfix/smtp",
                             "postfix/bounce", "postfix/pickup", "postfix/error", "postfix/anvil"].map(B)
    let progOut2: [Bytes] = ["postfix-out2/smtpd", "postfix-out2/smtpd", "postfix-out2/cleanup", "postfix-out2/qmgr", "postfix-out2/smtp",
                             "postfix-out2/bounce", "postfix-out2/pickup", "postfix-out2/error", "postfix-out2/anvil"].map(B)
    enum Prog: Int { case smtpd = 0, submission, cleanup, qmgr, smtp, bounce, pickup, error, anvil }
    let egressBytes: [Bytes] = egressIPs.map(B)
    let firstB = firstNames.map(B)
    let lastB = lastNames.map(B)
    let subjectsB = subjects.map(B)
    var saslNames: [Bytes] = []
    var senderAddrs: [Bytes] = []
    var senderDoms: [Int32] = []
    var unauthAddrs: [Bytes] = []
    var unauthDoms: [Int32] = []
    var msids: [Bytes] = []

    static let postfixLong: Bytes = B("0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz")

    init(cfg: Config, out: Out) {
        self.cfg = cfg
        self.out = out
        rng = Rng(seed: cfg.seed, stream: 1)
        var wrng = Rng(seed: cfg.seed, stream: 2)
        episodes = defaultEpisodes()
        background = backgroundTable()
        spanUS = cfg.days * 86_400 * 1_000_000
        nextArrival = cfg.start * 1_000_000
        eximCounter = 1000 + wrng.below(50_000)
        switch cfg.format {
        case .postfixBSD: estBytesPerMsg = 2900
        case .postfixRFC3339: estBytesPerMsg = 3300
        case .exim: estBytesPerMsg = 1500
        case .mixed: estBytesPerMsg = 2600
        }
        storeDomain = 0
        buildDomains(&wrng)
        buildHosts(&wrng)
        buildUsers(&wrng)
        msids = (0..<40).map { _ in
            let pre = ["DB3EUR04FT", "AM4PEPF0000", "VI1EUR06FT", "HE1EUR04FT", "DM6NAM11FT", "BN3NAM01FT", "FR2P281MB"][wrng.below(7)]
            let region = ["eop-eur04", "eop-EUR01", "eop-eur06", "eop-nam11", "eop-nam06", "eurprd05"][wrng.below(6)]
            return B("\(pre)\(wrng.range(10, 999)).\(region).prod.protection.outlook.com")
        }
        calibrateEpisodes()
        schedulePeriodic()
    }

    // MARK: World building

    func mxIP4(_ r: inout Rng, _ prefixes: [(Int, Int, ClosedRange<Int>)]) -> Bytes {
        let p = prefixes[r.below(prefixes.count)]
        return B("\(p.0).\(p.1 == -1 ? r.range(0, 255) : p.1).\(r.range(p.2.lowerBound, p.2.upperBound)).\(r.range(1, 254))")
    }

    func buildDomains(_ r: inout Rng) {
        var ds: [Domain] = []
        func add(_ d: Domain) -> Int32 { ds.append(d); return Int32(ds.count - 1) }
        // 0: our own users' domain (their mailboxes sit behind the mail store).
        _ = add(Domain(name: B("example.net"), rc: .store, domainProvider: nil,
                       mx: [MX(host: B("mailstore1.example.net"), ip4: [B("10.1.0.11")], ip6: []),
                            MX(host: B("mailstore2.example.net"), ip4: [B("10.1.0.12")], ip6: [])]))
        var byClass = [[Int32]](repeating: [], count: RC.allCases.count)
        var cum: [RC: [Double]] = [:]
        func consumer(_ name: String, _ rc: RC, _ prov: String?, _ weight: Double, _ mx: [MX]) {
            let i = add(Domain(name: B(name), rc: rc, domainProvider: prov, mx: mx))
            byClass[rc.rawValue].append(i)
            cum[rc, default: []].append((cum[rc]?.last ?? 0) + weight)
        }
        let gmailMX = [MX(host: B("gmail-smtp-in.l.google.com"), ip4: ["142.250.27.26", "142.250.27.27", "142.251.9.26"].map(B),
                          ip6: ["2a00:1450:400c:c0a::1b", "2a00:1450:4013:c16::1a"].map(B)),
                       MX(host: B("alt1.gmail-smtp-in.l.google.com"), ip4: ["74.125.206.26", "74.125.206.27"].map(B),
                          ip6: ["2a00:1450:400c:c04::1b"].map(B)),
                       MX(host: B("alt2.gmail-smtp-in.l.google.com"), ip4: ["64.233.184.26"].map(B), ip6: ["2a00:1450:400c:c0b::1a"].map(B))]
        consumer("gmail.com", .gmail, "gmail", 21, gmailMX)
        consumer("googlemail.com", .gmail, "gmail", 1, gmailMX)
        func olc(_ host: String) -> [MX] {
            [MX(host: B(host), ip4: ["52.101.68.5", "52.101.73.12", "104.47.11.161", "104.47.18.97", "52.101.42.10"].map(B),
                ip6: ["2a01:111:f403:f903::1", "2a01:111:f403:c200::2"].map(B))]
        }
        consumer("outlook.com", .msConsumer, "microsoft", 4, olc("outlook-com.olc.protection.outlook.com"))
        consumer("hotmail.com", .msConsumer, "microsoft", 4, olc("hotmail-com.olc.protection.outlook.com"))
        consumer("live.com", .msConsumer, "microsoft", 1, olc("live-com.olc.protection.outlook.com"))
        consumer("outlook.de", .msConsumer, "microsoft", 1, olc("eur.olc.protection.outlook.com"))
        let yahooMX = [MX(host: B("mta5.am0.yahoodns.net"), ip4: ["67.195.204.72", "67.195.228.94"].map(B), ip6: []),
                       MX(host: B("mta6.am0.yahoodns.net"), ip4: ["74.6.137.64", "98.136.96.74"].map(B), ip6: []),
                       MX(host: B("mta7.am0.yahoodns.net"), ip4: ["67.195.204.77"].map(B), ip6: [])]
        consumer("yahoo.com", .yahoo, "yahoo", 3, yahooMX)
        consumer("yahoo.de", .yahoo, "yahoo", 1, [MX(host: B("mx-eu.mail.am0.yahoodns.net"), ip4: ["188.125.72.74", "188.125.72.73"].map(B), ip6: [])])
        consumer("aol.com", .aol, "aol", 1, [MX(host: B("mx-aol.mail.gm0.yahoodns.net"), ip4: ["98.136.96.92", "67.195.204.79"].map(B), ip6: [])])
        consumer("icloud.com", .apple, "apple", 2, [MX(host: B("mx01.mail.icloud.com"), ip4: ["17.57.155.25", "17.57.156.30"].map(B), ip6: []),
                                                   MX(host: B("mx02.mail.icloud.com"), ip4: ["17.56.9.30", "17.42.251.41"].map(B), ip6: [])])
        consumer("t-online.de", .tonline, "t-online", 6, [MX(host: B("mx00.t-online.de"), ip4: [B("194.25.134.8")], ip6: []),
                                                         MX(host: B("mx01.t-online.de"), ip4: [B("194.25.134.72")], ip6: []),
                                                         MX(host: B("mx02.t-online.de"), ip4: [B("194.25.134.9")], ip6: []),
                                                         MX(host: B("mx03.t-online.de"), ip4: [B("194.25.134.73")], ip6: [])])
        let gmxMX = [MX(host: B("mx00.emig.gmx.net"), ip4: [B("212.227.15.9")], ip6: []),
                     MX(host: B("mx01.emig.gmx.net"), ip4: [B("212.227.17.5")], ip6: [])]
        consumer("gmx.de", .gmx, "gmx", 4, gmxMX)
        consumer("gmx.net", .gmx, "gmx", 3, gmxMX)
        consumer("web.de", .webde, "gmx", 5, [MX(host: B("mx-ha02.web.de"), ip4: [B("212.227.15.41")], ip6: []),
                                             MX(host: B("mx-ha03.web.de"), ip4: [B("212.227.17.26")], ip6: [])])
        byClass[RC.store.rawValue] = [0]
        cum[.store] = [1]

        // Customer domains behind security gateways and small sites.
        var used = Set<String>(["example.net"])
        func customerName() -> String {
            while true {
                let w1 = companyWords[r.below(companyWords.count)]
                let w2 = r.chance(0.5) ? lastNames[r.below(lastNames.count)] : companyWords[r.below(companyWords.count)]
                let tld = tlds[r.below(tlds.count)]
                var name = r.chance(0.6) ? "\(w1)-\(w2).\(tld)" : "\(w1)\(w2).\(tld)"
                if used.contains(name) { name = "\(w1)-\(w2)\(r.range(2, 99)).\(tld)" }
                if !used.contains(name) && w1 != w2 { used.insert(name); return name }
            }
        }
        let counts: [(RC, Int)] = [(.msEOP, 1200), (.messagelabs, 300), (.proofpoint, 250), (.mimecast, 250), (.cisco, 120),
                                   (.barracuda, 150), (.godaddy, 80), (.generic, 4000)]
        for (rc, n) in counts {
            for _ in 0..<n {
                let name = customerName()
                var mx: [MX] = []
                switch rc {
                case .msEOP:
                    let host = name.replacingOccurrences(of: ".", with: "-") + ".mail.protection.outlook.com"
                    mx = [MX(host: B(host), ip4: (0..<2).map { _ in self.mxIP4(&r, [(52, 101, 8...95), (104, 47, 0...75), (40, 93, 207...212)]) },
                             ip6: [B("2a01:111:f403:c90\(r.range(0, 9))::\(r.range(1, 9))")])]
                case .messagelabs:
                    let c = ["1", "2", "3", "4", "5", "6", "7", "8", "9"][r.below(9)]
                    let region = r.chance(0.8) ? "eu" : "us"
                    mx = [MX(host: B("cluster\(c).\(region).messagelabs.com"), ip4: (0..<2).map { _ in region == "eu" ? self.mxIP4(&r, [(85, 158, 142...142), (193, 109, 254...255)]) : self.mxIP4(&r, [(216, 82, 240...255)]) }, ip6: []),
                          MX(host: B("cluster\(c)a.\(region).messagelabs.com"), ip4: (0..<2).map { _ in self.mxIP4(&r, [(85, 158, 137...139), (195, 245, 230...231)]) }, ip6: [])]
                case .proofpoint:
                    let id = String(format: "%08d", r.range(100_000, 99_999_999))
                    mx = [MX(host: B("mx0a-\(id).pphosted.com"), ip4: (0..<2).map { _ in self.mxIP4(&r, [(148, 163, 128...159)]) }, ip6: []),
                          MX(host: B("mx0b-\(id).pphosted.com"), ip4: (0..<2).map { _ in self.mxIP4(&r, [(67, 231, 144...159)]) }, ip6: [])]
                case .mimecast:
                    let region = ["eu", "eu", "de", "us", "uk"][r.below(5)]
                    mx = [MX(host: B("\(region)-smtp-inbound-1.mimecast.com"), ip4: (0..<2).map { _ in self.mxIP4(&r, [(195, 130, 217...217), (185, 58, 86...87), (91, 220, 42...42), (205, 139, 110...111)]) }, ip6: []),
                          MX(host: B("\(region)-smtp-inbound-2.mimecast.com"), ip4: (0..<2).map { _ in self.mxIP4(&r, [(195, 130, 217...217), (185, 58, 84...85), (207, 211, 30...31)]) }, ip6: [])]
                case .cisco:
                    let hc = "hc\(r.range(1000, 6999))-\(r.range(10, 99))"
                    mx = [MX(host: B("esa1.\(hc).iphmx.com"), ip4: [self.mxIP4(&r, [(68, 232, 128...159)])], ip6: []),
                          MX(host: B("esa2.\(hc).iphmx.com"), ip4: [self.mxIP4(&r, [(68, 232, 128...159)])], ip6: [])]
                case .barracuda:
                    let d = r.range(100_000, 999_999)
                    mx = [MX(host: B("d\(d)a.ess.barracudanetworks.com"), ip4: [self.mxIP4(&r, [(209, 222, 82...82)])], ip6: []),
                          MX(host: B("d\(d)b.ess.barracudanetworks.com"), ip4: [self.mxIP4(&r, [(209, 222, 81...81)])], ip6: [])]
                case .godaddy:
                    mx = [MX(host: B("smtp.secureserver.net"), ip4: ["68.178.213.37", "68.178.213.203"].map(B), ip6: []),
                          MX(host: B("mailstore1.secureserver.net"), ip4: ["92.204.80.2", "92.204.80.3"].map(B), ip6: [])]
                default:
                    let hoster: [(Int, Int, ClosedRange<Int>)] = [(85, 13, 128...191), (81, 169, 128...255), (178, 254, 0...63), (5, 9, 0...255),
                                                                  (217, 160, 0...255), (46, 30, 208...215), (188, 40, 0...63)]
                    switch r.below(3) {
                    case 0: mx = [MX(host: B("mail." + name), ip4: [self.mxIP4(&r, hoster)], ip6: [])]
                    case 1: mx = [MX(host: B("mx01." + name), ip4: [self.mxIP4(&r, hoster)], ip6: []),
                                  MX(host: B("mx02." + name), ip4: [self.mxIP4(&r, hoster)], ip6: [])]
                    default: mx = [MX(host: B(name), ip4: [self.mxIP4(&r, hoster)], ip6: [])]
                    }
                }
                let i = add(Domain(name: B(name), rc: rc, domainProvider: nil, mx: mx))
                byClass[rc.rawValue].append(i)
            }
        }
        domains = ds
        classDomains = byClass
        consumerCum = cum
        // Recipient mix by site class.
        let weights: [(RC, Double)] = [(.gmail, 22), (.msConsumer, 10), (.yahoo, 4), (.aol, 1), (.apple, 2), (.tonline, 6), (.gmx, 7),
                                       (.webde, 5), (.store, 3), (.msEOP, 13), (.messagelabs, 5), (.proofpoint, 4), (.mimecast, 4),
                                       (.cisco, 2), (.barracuda, 2), (.godaddy, 1), (.generic, 12)]
        classOfPick = weights.map { $0.0 }
        classCum = cumulative(weights.map { $0.1 })
    }

    /// Share of recipients per class (for calibration).
    func classShare(_ rc: RC) -> Double {
        var prev = 0.0
        for (i, c) in classOfPick.enumerated() {
            if c == rc { return (classCum[i] - prev) / classCum[classCum.count - 1] }
            prev = classCum[i]
        }
        return 0
    }

    func pickDomain() -> Int32 {
        let rc = classOfPick[rng.pick(cumulative: classCum)]
        let list = classDomains[rc.rawValue]
        if let c = consumerCum[rc] { return list[rng.pick(cumulative: c)] }
        return list[rng.skewed(list.count, 1.8)]
    }

    func buildHosts(_ r: inout Rng) {
        for i in 0..<cfg.hosts {
            let fmt = cfg.hostFormat(i)
            let name = "relay\(i + 1)"
            hosts.append(HostState(name: B(name), fqdn: B("\(name).example.net"), fmt: fmt, offsetHours: (i % 2 == 1 && fmt == .rfc3339) ? 1 : 0,
                                   egress: i % 4, longIDs: [i % 2 == 1, i % 2 == 0], pid: r.range(2000, 30000),
                                   qmgrPid: [r.range(900, 1900), r.range(900, 1900)], pickupPid: r.range(20000, 30000),
                                   cleanupPids: [[r.range(3000, 9000), r.range(3000, 9000)], [r.range(3000, 9000), r.range(3000, 9000)]],
                                   bouncePid: [r.range(3000, 9000), r.range(3000, 9000)],
                                   eximPidInLog: i % 2 == 0, eximNewIDs: (i / 2) % 2 == 0 ? i % 4 != 2 : false,
                                   localIP: B("10.0.0.\(5 + i)")))
            hosts[i].qidCounter = r.range(0x1000, 0x8000)
        }
        // Exim hosts: alternate old (6-6-2) and new (6-11-4) message IDs.
        var k = 0
        for i in 0..<hosts.count where hosts[i].fmt == .exim { hosts[i].eximNewIDs = k % 2 == 0; k += 1 }
    }

    func buildUsers(_ r: inout Rng) {
        let n = cfg.users
        saslNames.reserveCapacity(n)
        senderAddrs.reserveCapacity(n)
        let business = classDomains[RC.generic.rawValue] + classDomains[RC.msEOP.rawValue] + classDomains[RC.messagelabs.rawValue]
        for i in 0..<n {
            let f = firstNames[(i &* 7 + i / 13) % firstNames.count]
            let l = lastNames[(i &* 11 + i / 17) % lastNames.count]
            let sasl: String
            switch i % 4 {
            case 0: sasl = "user\(i)"
            case 1: sasl = "\(f).\(l)\(i)@example.net"
            case 2: sasl = "\(f)\(i)"
            default: sasl = "k\(100_000 + i)"
            }
            saslNames.append(B(sasl))
            if i % 10 == 7 || i % 10 == 8 {
                let d = business[(i &* 7919) % business.count]
                senderAddrs.append(B("\(f).\(l)@") + domains[Int(d)].name)
                senderDoms.append(d)
            } else {
                senderAddrs.append(i % 4 == 1 ? B(sasl) : B("\(f).\(l)\(i % 4 == 0 ? "" : String(i % 97))@example.net"))
                senderDoms.append(storeDomain)
            }
        }
        let generic = classDomains[RC.generic.rawValue]
        let locals = ["noreply", "wordpress", "info", "kontakt", "shop", "rechnung"]
        for j in 0..<cfg.unauthSenders {
            let d = generic[j % generic.count]
            let k = j / generic.count
            let local = k < locals.count ? locals[k] : "mailer\(k)"
            unauthAddrs.append(B(local + "@") + domains[Int(d)].name)
            unauthDoms.append(d)
        }
    }

    /// Egress index for a delivery of `m` to a site of class `rc`.
    @inline(__always) func egressFor(_ m: Msg, _ rc: RC) -> Int {
        if m.inst == 1 { return rc.ipv6 ? egressV6 : egressOut2V4 }
        return hosts[m.host].egress
    }

    /// Calibrates the episodes' shares: sticky episodes refuse every delivery while they last; the
    /// others refuse min(1, k * strength), k chosen so that about `listedShare` of all first delivery
    /// attempts are refused for a blocklist reason (retries of deferred deliveries add more refusal
    /// lines). `--listed-share 0`: no listings at all.
    func calibrateEpisodes() {
        if cfg.listedShare <= 0 {
            for i in episodes.indices { episodes[i].share = 0 }
            return
        }
        let hostsN = Double(hosts.count)
        // Per episode: the share of all deliveries it sees.
        var exposure: [Double] = []
        for e in episodes {
            var f = 0.0
            for h in hosts.indices {
                let out2Share = hosts[h].fmt == .exim ? 0.0 : 0.30
                for rc in e.classes {
                    let p = classShare(rc) / hostsN * e.domainShare
                    if hosts[h].egress == e.egress { f += p * (1 - out2Share) }
                    if (rc.ipv6 ? egressV6 : egressOut2V4) == e.egress { f += p * out2Share }
                }
            }
            exposure.append(f * (e.end - e.start))
        }
        let sticky = episodes.indices.reduce(0.0) { $0 + (episodes[$1].sticky ? exposure[$1] : 0) }
        func total(_ k: Double) -> Double {
            episodes.indices.reduce(sticky) { acc, i in
                episodes[i].sticky ? acc : acc + min(1, k * episodes[i].strength) * exposure[i]
            }
        }
        var lo = 0.0, hi = 1e6
        if total(0) < cfg.listedShare {
            if total(hi) <= cfg.listedShare { lo = hi } else {
                for _ in 0..<100 {
                    let mid = (lo + hi) / 2
                    if total(mid) < cfg.listedShare { lo = mid } else { hi = mid }
                }
            }
        }
        for i in episodes.indices { episodes[i].share = episodes[i].sticky ? 1 : min(1, lo * episodes[i].strength) }
    }

    /// Whether domain `d` consults the list of episode `e` (stable).
    @inline(__always) func domainUses(_ d: Int, _ e: Int) -> Bool {
        let share = episodes[e].domainShare
        if share >= 1 { return true }
        var z = UInt64(d) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(e) &* 0xC2B2_AE3D_27D4_EB4F ^ cfg.seed
        z = (z ^ (z >> 31)) &* 0xBF58_476D_1CE4_E5B9
        z ^= z >> 29
        return Double(z >> 11) * 0x1.0p-53 < share
    }

    // MARK: Scheduling

    @inline(__always) func schedule(_ t: Int64, _ kind: EvKind, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0) {
        seq += 1
        heap.push(Ev(t: t, seq: seq, kind: kind, a: a, b: b, c: c))
    }

    func store(_ m: Msg) -> Int32 {
        if let s = freeSlots.popLast() { msgs[Int(s)] = m; m.slot = s; return s }
        msgs.append(m)
        m.slot = Int32(msgs.count - 1)
        return m.slot
    }

    func free(_ m: Msg) {
        msgs[Int(m.slot)] = nil
        freeSlots.append(m.slot)
    }

    @inline(__always) func ms(_ lo: Int, _ hi: Int) -> Int64 { Int64(rng.range(lo, hi)) * 1000 }

    // MARK: Run

    func run() {
        let limit = cfg.size
        while out.total < limit {
            if heap.isEmpty || nextArrival <= heap.top.t {
                createMessage(nextArrival)
                created += 1
                if created & 1023 == 0 && created >= 4096 {
                    estBytesPerMsg = 0.7 * estBytesPerMsg + 0.3 * (Double(out.total) / Double(created))
                }
                nextArrival += arrivalGap(nextArrival)
            } else {
                let e = heap.pop()
                handle(e)
            }
        }
        out.flush()
    }

    /// Mean gap from the target size and span, shaped by hour of day and weekday.
    static let diurnal: [Double] = [0.25, 0.2, 0.15, 0.15, 0.2, 0.35, 0.7, 1.2, 1.6, 1.7, 1.7, 1.6, 1.4, 1.5, 1.6, 1.6, 1.5, 1.3, 1.1, 0.9,
                                    0.8, 0.7, 0.5, 0.35]

    /// Mail volume weight of the hour containing epoch second `sec` (office hours, quieter weekends).
    @inline(__always) func volume(_ sec: Int64) -> Double {
        let hour = Int(((sec % 86_400) + 86_400) % 86_400 / 3_600)
        let dow = Int(((sec / 86_400) + 4) % 7)   // 0 = Sunday
        return Sim.diurnal[hour] * (dow == 0 || dow == 6 ? 0.45 : 1)
    }

    /// Cumulative volume weight from the start to epoch second `sec` (hour steps, cached).
    func cumulativeVolume(_ sec: Int64) -> Double {
        let h = Int((sec - cfg.start) / 3_600)
        while volumeByHour.count <= h + 1 {
            let k = volumeByHour.count
            volumeByHour.append(volumeByHour[k - 1] + volume(cfg.start + Int64(k - 1) * 3_600) * 3_600)
        }
        if h < 0 { return 0 }
        return volumeByHour[h] + volume(sec) * Double((sec - cfg.start) - Int64(h) * 3_600)
    }

    /// Time to the next arrival. Arrivals follow the volume curve; the mean gap is set so that
    /// `size` bytes fill `days`, and corrected when the bytes written run ahead of or behind the clock.
    func arrivalGap(_ t: Int64) -> Int64 {
        let sec = t / 1_000_000
        let spanVolume = cumulativeVolume(cfg.start + Int64(spanUS / 1_000_000))
        var mean = spanVolume * estBytesPerMsg / Double(cfg.size)       // in volume units
        let drift = (cumulativeVolume(sec) - spanVolume * Double(out.total) / Double(cfg.size)) / spanVolume
        mean *= min(2, max(0.5, Foundation.exp(-drift * 10)))
        return max(1, Int64(rng.exp(mean / volume(sec)) * 1_000_000))
    }

    // MARK: Message creation

    func newQID(_ h: Int, inst: Int, t: Int64) -> Bytes {
        if hosts[h].removed.count > 64 && rng.chance(0.001),
           let k = hosts[h].removed.firstIndex(where: { ($0.count != 11) == hosts[h].longIDs[inst] }) {
            // A queue ID reused after its message was removed (inode reuse), of this instance's style.
            return hosts[h].removed.remove(at: k)
        }
        hosts[h].qidCounter += 1
        let c = hosts[h].qidCounter
        var id = Bytes()
        id.reserveCapacity(16)
        let us = Int(t % 1_000_000)
        if hosts[h].longIDs[inst] {
            let a = Sim.postfixLong
            var sec = Int(t / 1_000_000)
            var tmp = Bytes(repeating: 0, count: 6)
            for i in (0..<6).reversed() { tmp[i] = a[sec % 52]; sec /= 52 }
            id += tmp
            var u = us
            var t4 = Bytes(repeating: 0, count: 4)
            for i in (0..<4).reversed() { t4[i] = a[u % 52]; u /= 52 }
            id += t4
            id.append(0x7A) // 'z'
            var v = c
            var digits = Bytes()
            repeat { digits.append(a[v % 51]); v /= 51 } while v > 0
            id += digits.reversed()
        } else {
            let hx = Out.hexUpper
            var u = us & 0xFFFFF
            var t5 = Bytes(repeating: 0, count: 5)
            for i in (0..<5).reversed() { t5[i] = hx[u & 15]; u >>= 4 }
            id += t5
            var v = c
            let width = v < 0x100_0000 ? 6 : 8
            var t6 = Bytes(repeating: 0, count: width)
            for i in (0..<width).reversed() { t6[i] = hx[v & 15]; v >>= 4 }
            id += t6
        }
        return id
    }

    func newEximID(_ h: Int, t: Int64) -> Bytes {
        let a = Out.alnum
        eximCounter += 1
        func b62(_ v0: Int, _ w: Int) -> Bytes {
            var v = v0
            var r = Bytes(repeating: 0x30, count: w)
            for i in (0..<w).reversed() { r[i] = a[v % 62]; v /= 62 }
            return r
        }
        let sec = Int(t / 1_000_000)
        if hosts[h].eximNewIDs {
            return b62(sec, 6) + [0x2D] + b62(eximCounter, 11) + [0x2D] + b62(Int(t % 1_000_000) / 245, 4)
        }
        return b62(sec, 6) + [0x2D] + b62(eximCounter, 6) + [0x2D] + b62(Int(t % 1_000_000) / 16130, 2)
    }

    let localWords: [Bytes] = ["info", "kontakt", "office", "buchhaltung", "sales", "service", "post"].map(B)

    /// A recipient local part, appended to `r`.
    func randomLocal(_ r: inout Bytes) {
        switch rng.below(6) {
        case 0, 1: r += firstB[rng.below(firstB.count)]; r.append(0x2E); r += lastB[rng.below(lastB.count)]
        case 2: r += firstB[rng.below(firstB.count)]; appendInt(&r, rng.range(1, 99))
        case 3: r += localWords[rng.below(localWords.count)]
        case 4: r.append(firstB[rng.below(firstB.count)][0]); r.append(0x2E); r += lastB[rng.below(lastB.count)]
        default: r += lastB[rng.below(lastB.count)]; appendInt(&r, rng.range(1960, 2005))
        }
    }

    func makeRcpt(_ d: Int32) -> Rcpt {
        var addr = Bytes()
        addr.reserveCapacity(40)
        randomLocal(&addr)
        if d == storeDomain { appendInt(&addr, rng.range(1, 9999)); addr += exampleNet } else { addr.append(0x40); addr += domains[Int(d)].name }
        return Rcpt(addr: addr, dom: d)
    }

    func rcptCount(_ kind: MsgKind) -> Int {
        if kind == .out2 || kind == .pickup || kind == .eximLocal { return rng.chance(0.92) ? 1 : rng.range(2, 4) }
        let x = rng.unit()
        if x < 0.70 { return 1 }
        if x < 0.82 { return 2 }
        if x < 0.88 { return 3 }
        if x < 0.94 { return rng.range(4, 5) }
        if x < 0.99 { return rng.range(6, 20) }
        return rng.range(21, 50)
    }

    func messageSize() -> Int {
        let s = 1800.0 * Foundation.exp(rng.exp(1.25))
        return min(Int(s) + rng.below(900), 40_000_000)
    }

    let exampleNet = B("@example.net")
    let heloWords: [Bytes] = ["laptop", "iPhone", "mail.local"].map(B)

    func clientOf(_ m: Msg) {
        let a = rng.below(10)
        let o = [79, 80, 84, 87, 91, 93, 95, 109, 178, 217][rng.below(10)]
        let q = [o, rng.range(1, 254), rng.range(0, 255), rng.range(1, 254)]
        var ip = Bytes()
        ip.reserveCapacity(16)
        for (i, v) in q.enumerated() { if i > 0 { ip.append(0x2E) }; appendInt(&ip, v) }
        m.clientIP = ip
        var name = Bytes()
        name.reserveCapacity(48)
        if a < 4 {
            name.append(0x70); appendRandom(&name, Out.hexLower, 8); name += B(".dip0.t-ipconnect.de")
        } else if a < 7 {
            name += B("unknown")
        } else {
            name += B("ip-"); name += ip.map { $0 == 0x2E ? 0x2D : $0 }; name += B(".um"); appendInt(&name, rng.range(10, 52)); name += B(".pools.vodafone-ip.de")
        }
        m.clientName = name
        var helo = Bytes()
        switch rng.below(5) {
        case 0: helo += B("[192.168.178."); appendInt(&helo, rng.range(20, 60)); helo.append(0x5D)
        case 1: helo += B("DESKTOP-"); appendInt(&helo, rng.range(1000, 9999)); helo += B("AB")
        default: helo = heloWords[rng.below(heloWords.count)]
        }
        m.helo = helo
    }

    @inline(__always) func appendRandom(_ r: inout Bytes, _ alphabet: Bytes, _ n: Int) {
        for _ in 0..<n { r.append(alphabet[rng.below(alphabet.count)]) }
    }

    func makeMsgID(_ m: Msg, _ t: Int64) -> Bytes {
        var r = Bytes()
        r.reserveCapacity(64)
        let hl = Out.hexLower, hu = Out.hexUpper
        switch rng.below(4) {
        case 0:
            appendRandom(&r, hl, 8); r.append(0x2D); appendRandom(&r, hl, 4); r.append(0x2D); appendRandom(&r, hl, 4); r.append(0x2D)
            appendRandom(&r, hl, 4); r.append(0x2D); appendRandom(&r, hl, 12); r += exampleNet
        case 1:
            r += B("000001"); appendRandom(&r, hl, 6); r.append(0x24); appendRandom(&r, hl, 8); r.append(0x24)
            appendRandom(&r, hl, 8); r.append(0x24); r += exampleNet
        case 2:
            let c = civil(t / 1_000_000)
            appendInt(&r, c.year)
            for v in [c.month, c.day, c.hour, c.minute, c.second] { r.append(UInt8(0x30 + v / 10)); r.append(UInt8(0x30 + v % 10)) }
            r.append(0x2E); appendRandom(&r, hu, 10); r.append(0x40); r += hosts[m.host].fqdn
        default:
            appendRandom(&r, hu, 16); r.append(0x40); r += hosts[m.host].fqdn
        }
        return r
    }

    func createMessage(_ t0: Int64) {
        let h = rng.below(hosts.count)
        let hs = hosts[h]
        let kind: MsgKind
        let x = rng.unit()
        if hs.fmt == .exim {
            kind = x < 0.68 ? .eximAuth : (x < 0.96 ? .eximRelay : .eximLocal)
        } else {
            kind = x < 0.62 ? .submission : (x < 0.68 ? .mynet : (x < 0.70 ? .pickup : .out2))
        }
        let inst = hs.fmt == .exim ? 2 : (kind == .out2 ? 1 : 0)
        let m = Msg(host: h, inst: inst, kind: kind)
        m.size = messageSize()
        switch kind {
        case .submission, .eximAuth:
            let u = rng.skewed(cfg.users, 2.2)
            m.identity = Int32(u)
            m.sasl = saslNames[u]
            if rng.chance(0.02), let f = m.sasl.first, f >= 0x61, f <= 0x7A { m.sasl[0] = f - 32 }
            m.sender = senderAddrs[u]
            m.senderDom = senderDoms[u]
            clientOf(m)
        case .mynet, .out2, .eximRelay:
            let j = rng.skewed(cfg.unauthSenders, 1.6)
            m.identity = Int32(cfg.users + j)
            m.sender = unauthAddrs[j]
            if rng.chance(0.03), let f = m.sender.first, f >= 0x61, f <= 0x7A { m.sender[0] = f - 32 }
            m.senderDom = unauthDoms[j]
            m.unauth = true
            let n = rng.range(2, 40)
            if kind == .out2 {
                m.clientName = B("newsletter\(n % 4 + 1).example.net"); m.clientIP = B("10.20.1.\(n % 4 + 1)")
            } else {
                m.clientName = B("web\(n).example.net"); m.clientIP = B("10.20.0.\(n)")
            }
        case .pickup, .eximLocal:
            let which = rng.below(2)
            m.identity = Int32(cfg.users + cfg.unauthSenders + 2 * h + which)
            m.sender = (which == 0 ? B("root@") : B("www-data@")) + hs.fqdn
            m.senderDom = storeDomain
            m.unauth = true
        default:
            break
        }
        let n = kind == .pickup || kind == .eximLocal ? 1 : rcptCount(kind)
        m.rcpts.reserveCapacity(n)
        for _ in 0..<n {
            let d = kind == .pickup || kind == .eximLocal ? storeDomain : pickDomain()
            var r = makeRcpt(d)
            if kind == .pickup || kind == .eximLocal { r.addr = rng.chance(0.5) ? B("admin@example.net") : B("hostmaster@example.net") }
            m.rcpts.append(r)
        }
        m.pending = n
        m.msgID = makeMsgID(m, t0)
        let s = store(m)
        if hs.fmt == .exim {
            m.qid = newEximID(h, t: t0)
            let t1 = t0 + ms(300, 2500) + Int64(m.size / 20)
            m.arrival = t1
            schedule(t1, .eximArrival, s)
            if kind == .eximAuth && rng.chance(0.5) { schedule(t1 + ms(1, 4), .eximConnClosed, s) }
        } else {
            let t1: Int64
            if kind == .pickup {
                t1 = t0
            } else {
                schedule(t0, .connect, s)
                if kind == .submission { schedule(t0 + ms(40, 250), .tlsIn, s) }
                t1 = t0 + ms(300, 1800)
                m.smtpdPid = nextPid(h)
            }
            m.qid = newQID(h, inst: inst, t: t1)
            m.arrival = t1
            schedule(t1, .client, s)
            let tc = t1 + ms(5, 60)
            schedule(tc, .cleanup, s)
            let ta = tc + ms(2, 40) + Int64(m.size / 50)
            m.roundStart = ta
            schedule(ta, .qactive, s)
            if kind != .pickup { schedule(ta + ms(1, 4), .disconnect, s) }
        }
        spawnNoise(h, t0)
    }

    func nextPid(_ h: Int) -> Int {
        hosts[h].pid += rng.range(1, 40)
        if hosts[h].pid > 4_194_000 { hosts[h].pid = 1000 }
        return hosts[h].pid
    }

    // MARK: Event dispatch

    func handle(_ e: Ev) {
        switch e.kind {
        case .noise: noise(e)
        case .periodic: periodic(e)
        default:
            guard let m = msgs[Int(e.a)] else { return }
            switch e.kind {
            case .connect: lineConnect(m, e.t)
            case .tlsIn: lineTLSIn(m, e.t)
            case .client: lineClient(m, e.t)
            case .cleanup: lineCleanup(m, e.t)
            case .qactive: lineQActive(m, e.t, first: e.b == 0)
            case .disconnect: lineDisconnect(m, e.t)
            case .group: decideGroup(m, Int(e.b), e.t)
            case .line: deliveryLine(m, Int(e.b), e.t)
            case .tlsOut: lineTLSOut(m, Int(e.b), e.t)
            case .mxInfo: lineMXInfo(m, Int(e.b), e.t)
            case .roundEnd: roundEnd(m, e.t)
            case .bounceNote: bounceNote(m, e.t, warning: e.b == 1)
            case .noteLine: lineNote(m, e.t)
            case .removed: lineRemoved(m, e.t)
            case .expire: lineExpire(m, e.t)
            case .retry: retry(m, e.t)
            case .eximArrival: lineEximArrival(m, e.t)
            case .eximCompleted: lineEximCompleted(m, e.t)
            case .eximConnClosed: lineEximConnClosed(m, e.t)
            default: break
            }
        }
    }

    // MARK: Line headers

    @inline(__always) func stamp(_ h: Int, _ t: Int64) {
        let hs = hosts[h]
        switch hs.fmt {
        case .bsd: stamps.bsd(t, out)
        case .rfc3339: stamps.iso(t, offsetHours: hs.offsetHours, out)
        case .exim: stamps.exim(t, out)
        }
        let sec = t / 1_000_000
        if sec < expect.firstTime { expect.firstTime = sec }
        if sec > expect.lastTime { expect.lastTime = sec }
    }

    /// `TIME host prog[pid]: `
    @inline(__always) func syslog(_ h: Int, _ t: Int64, _ prog: Bytes, _ pid: Int) {
        stamp(h, t)
        out.b(0x20); out.a(hosts[h].name); out.b(0x20); out.a(prog); out.b(0x5B); out.int(pid); out.s("]: ")
    }

    @inline(__always) func pf(_ m: Msg, _ t: Int64, _ p: Prog, _ pid: Int) {
        syslog(m.host, t, m.inst == 1 ? progOut2[p.rawValue] : progMain[p.rawValue], pid)
    }

    /// Postfix `QID: ` after the header, counting the message on its first line.
    @inline(__always) func qidPrefix(_ m: Msg) {
        out.a(m.qid); out.s(": ")
        touch(m)
    }

    @inline(__always) func touch(_ m: Msg) {
        if !m.counted { m.counted = true; expect.messages += 1 }
    }

    @inline(__always) func markBounce(_ m: Msg) {
        if !m.bounceMarked { m.bounceMarked = true; expect.bounceNotifications += 1 }
    }

    /// Exim: `TIME [pid] `
    @inline(__always) func eximHead(_ h: Int, _ t: Int64) {
        stamp(h, t)
        out.b(0x20)
        if hosts[h].eximPidInLog { out.b(0x5B); out.int(hosts[h].pid + rng.below(500)); out.s("] ") }
    }

    @inline(__always) func eximMsgHead(_ m: Msg, _ t: Int64) {
        eximHead(m.host, t)
        out.a(m.qid); out.b(0x20)
        touch(m)
    }

    @inline(__always) func senderOut(_ m: Msg) { out.b(0x3C); out.a(m.sender); out.b(0x3E) }

    // MARK: Postfix reception lines

    func smtpdProg(_ m: Msg) -> Prog { m.kind == .submission ? .submission : .smtpd }

    func lineConnect(_ m: Msg, _ t: Int64) {
        pf(m, t, smtpdProg(m), m.smtpdPid)
        out.s("connect from "); out.a(m.clientName); out.b(0x5B); out.a(m.clientIP); out.b(0x5D)
        out.endLine()
    }

    func lineTLSIn(_ m: Msg, _ t: Int64) {
        pf(m, t, smtpdProg(m), m.smtpdPid)
        out.s("Anonymous TLS connection established from "); out.a(m.clientName); out.b(0x5B); out.a(m.clientIP)
        out.s("]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256")
        out.endLine()
    }

    func lineClient(_ m: Msg, _ t: Int64) {
        if m.kind == .pickup {
            pf(m, t, .pickup, hosts[m.host].pickupPid)
            qidPrefix(m)
            out.s("uid="); out.int(m.sender.first == 0x72 ? 0 : 33); out.s(" from=<")
            if let at = m.sender.firstIndex(of: 0x40) { out.a(Bytes(m.sender[..<at])) }
            out.b(0x3E)
            out.endLine()
            return
        }
        pf(m, t, smtpdProg(m), m.smtpdPid)
        qidPrefix(m)
        out.s("client="); out.a(m.clientName); out.b(0x5B); out.a(m.clientIP); out.b(0x5D)
        if m.kind == .submission {
            out.s(", sasl_method="); out.s(rng.chance(0.8) ? "PLAIN" : "LOGIN")
            out.s(", sasl_username="); out.a(m.sasl)
        }
        out.endLine()
    }

    func lineCleanup(_ m: Msg, _ t: Int64) {
        let pids = hosts[m.host].cleanupPids[m.inst == 1 ? 1 : 0]
        pf(m, t, .cleanup, pids[rng.below(pids.count)])
        qidPrefix(m)
        out.s("message-id=<"); out.a(m.msgID); out.b(0x3E)
        out.endLine()
    }

    func lineQActive(_ m: Msg, _ t: Int64, first: Bool) {
        pf(m, t, .qmgr, hosts[m.host].qmgrPid[m.inst == 1 ? 1 : 0])
        qidPrefix(m)
        out.s("from="); senderOut(m)
        out.s(", size="); out.int(m.size); out.s(", nrcpt="); out.int(m.rcpts.count); out.s(" (queue active)")
        if m.sender.isEmpty { markBounce(m) }
        out.endLine()
        if first { startRound(m, t) }
    }

    func lineDisconnect(_ m: Msg, _ t: Int64) {
        pf(m, t, smtpdProg(m), m.smtpdPid)
        out.s("disconnect from "); out.a(m.clientName); out.b(0x5B); out.a(m.clientIP); out.b(0x5D)
        let n = m.rcpts.count
        if m.kind == .submission {
            out.s(" ehlo=2 starttls=1 auth=1 mail=1 rcpt="); out.int(n); out.s(" data=1 quit=1 commands="); out.int(7 + n)
        } else {
            out.s(" ehlo=1 mail=1 rcpt="); out.int(n); out.s(" data=1 quit=1 commands="); out.int(4 + n)
        }
        out.endLine()
    }

    // MARK: Delivery rounds

    /// Groups the pending recipients by domain and schedules one delivery per group.
    func startRound(_ m: Msg, _ t: Int64) {
        m.roundStart = t
        m.roundBounced = 0
        m.groups.removeAll(keepingCapacity: true)
        for i in m.rcpts.indices where !m.rcpts[i].done {
            let d = m.rcpts[i].dom
            if let g = m.groups.firstIndex(where: { m.rcpts[Int($0[0])].dom == d }) { m.groups[g].append(Int32(i)) } else {
                m.groups.append([Int32(i)])
            }
        }
        m.groupMX = [Int8](repeating: 0, count: m.groups.count)
        m.groupPid = [Int32](repeating: 0, count: m.groups.count)
        m.outstanding = m.groups.count
        if m.groups.isEmpty { schedule(t + ms(1, 5), .roundEnd, m.slot); m.outstanding = 1; return }
        for g in m.groups.indices {
            schedule(t + ms(5, 400) + Int64(g) * ms(0, 30), .group, m.slot, Int32(g))
        }
    }

    /// Decides what the remote site does with this attempt and schedules the lines.
    func decideGroup(_ m: Msg, _ g: Int, _ t: Int64) {
        let idx = m.groups[g]
        let d = Int(m.rcpts[Int(idx[0])].dom)
        let dom = domains[d]
        let rc = dom.rc
        let egress = egressFor(m, rc)
        let exim = m.inst == 2
        let firstAttempt = m.round == 0
        var connText = -1
        // A listing episode?
        if rc != .store {
            let frac = (Double(t) - Double(cfg.start) * 1_000_000) / spanUS
            for (ei, e) in episodes.enumerated() where e.egress == egress && frac >= e.start && frac <= e.end && e.classes.contains(rc) {
                if domainUses(d, ei) && rng.chance(e.share) { connText = e.texts[rng.below(e.texts.count)]; break }
            }
            if connText < 0 {
                let bg = background[rc.rawValue]
                for (ti, p) in bg.connection where rng.chance(p) {
                    if !usable(ti, exim) { continue }
                    connText = ti; break
                }
                if connText < 0 && firstAttempt {
                    for (ti, p) in bg.firstAttempt where rng.chance(p) { connText = ti; break }
                }
                if connText < 0 && rc == .gmail && m.unauth && rng.chance(0.01) { connText = tGmailUnauth }
            }
        }
        let mxCount = dom.mx.count
        var mx = rng.below(min(mxCount, 2))
        let rt = connText >= 0 ? texts[connText] : nil
        let timeout = connText == tTimeout
        let failsConnection = rt?.stage == .greeting || timeout
        let relayNone = failsConnection || connText == tDNS
        var lt = t
        if failsConnection && mxCount >= 2 {
            // The first MX fails the same way; the delivery line names the next one.
            lt += timeout ? 30_000_000 : ms(50, 400)
            schedule(lt, .mxInfo, m.slot, Int32(g))
            mx = 1
        }
        m.groupMX[g] = Int8(mx)
        let pid = Int32(nextPid(m.host))
        m.groupPid[g] = pid
        lt += timeout ? 30_000_000 : ms(40, 600)
        if connText < 0 && !exim && rc != .store && rng.chance(0.93) { schedule(lt - ms(5, 30), .tlsOut, m.slot, Int32(g)) }
        var firstSent = true
        for i in idx {
            var r = m.rcpts[Int(i)]
            r.attempts += 1
            r.mx = Int8(mx)
            r.egress = Int8(egress)
            r.relayNone = relayNone
            r.eximFirst = false
            r.pid = pid
            if let rt {
                r.text = Int16(connText)
                r.status = status(rt, exim)
            } else {
                var ti = -1
                if rc != .store {
                    for (x, p) in background[rc.rawValue].recipient where rng.chance(p) { ti = x; break }
                }
                if ti >= 0 {
                    r.text = Int16(ti)
                    r.status = status(texts[ti], exim)
                } else {
                    r.text = -1
                    r.status = .sent
                    if firstSent { r.eximFirst = true; firstSent = false }
                }
            }
            m.rcpts[Int(i)] = r
            schedule(lt, .line, m.slot, i)
            lt += ms(3, 40)
        }
        m.outstanding += idx.count - 1
    }

    @inline(__always) func usable(_ ti: Int, _ exim: Bool) -> Bool {
        let x = texts[ti]
        if x.stage == .local { return exim ? !x.eximBody.isEmpty : !x.body.isEmpty }
        return true
    }

    @inline(__always) func status(_ x: RText, _ exim: Bool) -> Status {
        if x.code < 500 { return .deferred }
        if x.stage == .greeting && !exim { return .deferred }   // Postfix skips a 5xx greeting: deferred
        return .bounced
    }

    func lineTLSOut(_ m: Msg, _ g: Int, _ t: Int64) {
        let r = m.rcpts[Int(m.groups[g][0])]
        let dom = domains[Int(r.dom)]
        let mx = dom.mx[Int(m.groupMX[g])]
        pf(m, t, .smtp, Int(m.groupPid[g]))
        switch dom.rc {
        case .generic, .godaddy: out.s(rng.chance(0.5) ? "Untrusted" : "Anonymous")
        case .gmail, .msConsumer, .msEOP: out.s("Trusted")
        default: out.s("Verified")
        }
        out.s(" TLS connection established to "); out.a(mx.host); out.b(0x5B); mxIP(m, r, mx); out.s("]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature ")
        out.s(dom.rc == .gmail ? "ECDSA (P-256) server-digest SHA256" : "RSA-PSS (2048 bits) server-digest SHA256")
        out.endLine()
    }

    /// The first MX failed too: Postfix logs it before trying the next one.
    func lineMXInfo(_ m: Msg, _ g: Int, _ t: Int64) {
        let r = m.rcpts[Int(m.groups[g][0])]
        let dom = domains[Int(r.dom)]
        let mx = dom.mx[0]
        guard r.text >= 0 else { return }
        let x = texts[Int(r.text)]
        if m.inst == 2 {
            // Exim: `1abc-... H=mx [ip] Connection timed out` style line for the first host.
            eximMsgHead(m, t)
            out.s("H="); out.a(mx.host); out.s(" ["); mxIP(m, r, mx); out.s("]")
            if x.stage == .local { out.s(" Connection timed out") } else {
                out.s(": SMTP error from remote mail server after initial connection: ")
                body(x.body, m, r, mx)
            }
            out.endLine()
            return
        }
        if x.stage == .local {
            pf(m, t, .smtp, Int(m.groupPid[g]))
            out.s("connect to "); out.a(mx.host); out.b(0x5B); mxIP(m, r, mx); out.s("]:25: Connection timed out")
        } else {
            pf(m, t, .smtp, Int(m.groupPid[g]))
            qidPrefix(m)
            out.s("host "); out.a(mx.host); out.b(0x5B); mxIP(m, r, mx); out.s("] refused to talk to me: ")
            body(x.body, m, r, mx)
        }
        out.endLine()
    }

    @inline(__always) func mxIP(_ m: Msg, _ r: Rcpt, _ mx: MX) {
        if Int(r.egress) == egressV6 && !mx.ip6.isEmpty { out.a(mx.ip6[Int(r.attempts) % mx.ip6.count]) } else { out.a(mx.ip4[Int(r.attempts) % mx.ip4.count]) }
    }

    /// Writes a text template.
    func body(_ segs: [Seg], _ m: Msg, _ r: Rcpt, _ mx: MX) {
        for s in segs {
            switch s {
            case .lit(let b): out.a(b)
            case .slot(let k):
                switch k {
                case .ip: out.a(egressBytes[Int(r.egress)])
                case .rcpt: out.a(r.addr)
                case .domain: out.a(domains[Int(r.dom)].name)
                case .sender: out.a(m.sender)
                case .senderDomain:
                    if m.senderDom >= 0 { out.a(domains[Int(m.senderDom)].name) }
                case .mx: out.a(mx.host)
                case .mxip: mxIP(m, r, mx)
                case .msid: out.a(msids[rng.below(msids.count)])
                case .gsmtp: gsmtpID()
                case .mcid: out.random(Out.alnum, 22, &rng)
                case .size: out.int(m.size)
                case .yahooMTA: out.s("mta"); out.int(rng.range(1000, 1999)); out.s(".mail.gq1.yahoo.com")
                case .hex8: out.random(Out.hexLower, 8, &rng)
                }
            }
        }
    }

    func gsmtpID() {
        out.random(Out.hexLower, 13, &rng); out.b(0x2D); out.random(Out.alnum, 12, &rng); out.s("si"); out.int(rng.range(100_000, 9_999_999))
        out.b(0x2E); out.int(rng.range(1, 999))
    }

    /// One recipient's delivery line (Postfix `to=...` or Exim `=> -> == **`).
    func deliveryLine(_ m: Msg, _ i: Int, _ t: Int64) {
        var r = m.rcpts[i]
        let dom = domains[Int(r.dom)]
        let mx = dom.mx[Int(r.mx)]
        let x = r.text >= 0 ? texts[Int(r.text)] : nil
        let exim = m.inst == 2
        if exim { eximDeliveryLine(m, r, dom, mx, x, t) } else { postfixDeliveryLine(m, r, dom, mx, x, t) }
        // Tally.
        switch r.status {
        case .sent:
            expect.sent += 1
            r.done = true
            m.pending -= 1
        case .deferred:
            expect.deferred += 1
        case .bounced:
            expect.bounced += 1
            r.done = true
            m.pending -= 1
            m.roundBounced += 1
        case .none: break
        }
        if let x, r.status != .sent {
            let provider = x.provider ?? (r.relayNone && !exim ? (dom.domainProvider ?? (dom.rc == .generic ? dom.refusingProvider : "other")) : dom.refusingProvider)
            var ip: String? = nil
            if x.isBlocklist {
                if x.namesIP { ip = egressIPs[Int(r.egress)] } else if exim && m.eximEgressLogged { ip = egressIPs[hosts[m.host].egress] }
            }
            let category = exim ? x.eximCategoryIndex : x.categoryIndex
            expect.refusal(category: category, sec: t / 1_000_000, user: m.identity,
                           provider: provider, op: x.op, list: x.list, ip: ip)
            if category == 0 {
                r.listed = true
                expect.listedRecipients.insert(lowered(r.addr))
            }
        }
        if r.status == .bounced && r.listed { expect.notDelivered.insert(lowered(r.addr)) }
        m.rcpts[i] = r
        m.outstanding -= 1
        if m.outstanding == 0 { schedule(t + ms(1, 20), .roundEnd, m.slot) }
    }

    func postfixDeliveryLine(_ m: Msg, _ r: Rcpt, _ dom: Domain, _ mx: MX, _ x: RText?, _ t: Int64) {
        let ti = Int(r.text)
        let prog: Prog = (r.relayNone && r.attempts > 2 && (ti == tTimeout || ti == tDNS)) ? .error : .smtp
        pf(m, t, prog, Int(r.pid))
        qidPrefix(m)
        out.s("to=<"); out.a(r.addr); out.s(">, relay=")
        if r.relayNone || (x?.stage == .local && ti != tTLS) { out.s("none") } else { out.a(mx.host); out.b(0x5B); mxIP(m, r, mx); out.s("]:25") }
        let total = t - m.arrival
        let b = min(Int64(rng.range(0, 20_000)), max(0, total / 4))
        let c: Int64 = r.relayNone ? (ti == tTimeout ? min(total - b, 30_000_000) : min(total - b, ms(50, 300))) : min(max(0, total - b) / 2, ms(30, 400))
        let dd: Int64 = r.relayNone ? 0 : min(max(0, total - b - c), ms(20, 900) + Int64(m.size / 200))
        let a = max(0, total - b - c - dd)
        out.s(", delay="); out.delay(total)
        out.s(", delays="); out.delay(a); out.b(0x2F); out.delay(b); out.b(0x2F); out.delay(c); out.b(0x2F); out.delay(dd)
        out.s(", dsn=")
        if let x { out.a(x.dsn) } else { out.s("2.0.0") }
        switch r.status {
        case .sent: out.s(", status=sent (")
        case .deferred: out.s(", status=deferred (")
        default: out.s(", status=bounced (")
        }
        if let x {
            if prog == .error { out.s("delivery temporarily suspended: ") }
            switch x.stage {
            case .local:
                body(x.body, m, r, mx)
            case .greeting:
                out.s("host "); out.a(mx.host); out.b(0x5B); mxIP(m, r, mx); out.s("] refused to talk to me: ")
                body(x.body, m, r, mx)
            case .mailFrom, .rcpt, .data:
                out.s("host "); out.a(mx.host); out.b(0x5B); mxIP(m, r, mx); out.s("] said: ")
                body(x.body, m, r, mx)
                out.s(x.stage == .rcpt ? " (in reply to RCPT TO command)" : x.stage == .mailFrom ? " (in reply to MAIL FROM command)" : " (in reply to end of DATA command)")
            }
        } else {
            sentResponse(m, r, dom)
        }
        out.b(0x29)
        out.endLine()
    }

    func sentResponse(_ m: Msg, _ r: Rcpt, _ dom: Domain) {
        let epoch = Int(m.arrival / 1_000_000) + rng.range(1, 5)
        switch dom.rc {
        case .gmail:
            out.s("250 2.0.0 OK  "); out.int(epoch); out.b(0x20); gsmtpID(); out.s(" - gsmtp")
        case .msConsumer, .msEOP:
            out.s("250 2.6.0 <"); out.a(m.msgID); out.s("> [InternalId="); out.int(rng.range(10_000_000, 99_999_999)); out.int(rng.range(100_000, 999_999))
            out.s(", Hostname="); out.a(msids[rng.below(msids.count)]); out.s("] "); out.int(m.size + 1200); out.s(" bytes in 0.")
            out.pad(rng.range(10, 999), 3); out.s(", "); out.int(rng.range(20, 900)); out.b(0x2E); out.pad(rng.range(0, 999), 3)
            out.s(" KB/sec Queued mail for delivery")
        case .yahoo, .aol: out.s("250 ok dirdel")
        case .gmx, .webde: out.s("250 Requested mail action okay, completed: id="); out.random(Out.alnum, 6, &rng); out.b(0x2D); out.random(Out.alnum, 15, &rng)
        case .messagelabs:
            out.s("250 ok "); out.int(epoch); out.s(" qp "); out.int(rng.range(1000, 99999)); out.s(" server-"); out.int(rng.range(1, 40))
            out.s(".tower-"); out.int(rng.range(100, 999)); out.s(".messagelabs.com!"); out.int(epoch); out.b(0x21); out.int(rng.range(100_000, 999_999)); out.s("!1")
        case .proofpoint: out.s("250 2.0.0 "); out.random(Out.hexLower, 10, &rng); out.s("-1 Message accepted for delivery")
        case .mimecast: out.s("250 2.0.0 Ok "); out.random(Out.alnum, 22, &rng)
        case .cisco: out.s("250 ok:  Message "); out.int(rng.range(10_000_000, 999_999_999)); out.s(" accepted")
        case .tonline: out.s("250 2.0.0 Message accepted")
        default: out.s("250 2.0.0 Ok: queued as "); out.random(Out.hexUpper, 10, &rng)
        }
    }

    func eximDeliveryLine(_ m: Msg, _ r: Rcpt, _ dom: Domain, _ mx: MX, _ x: RText?, _ t: Int64) {
        eximMsgHead(m, t)
        let store = dom.rc == .store
        switch r.status {
        case .sent: out.s(r.eximFirst ? "=> " : "-> ")
        case .deferred: out.s("== ")
        default: out.s("** ")
        }
        out.a(r.addr)
        if Int(r.text) == tRetryTimeout {
            out.s(" R=dnslookup T=remote_smtp: retry timeout exceeded")
            out.endLine()
            return
        }
        out.s(store ? " R=mailstore" : " R=dnslookup")
        if let x, Int(r.text) == tDNS {
            // Routing failed before any transport or host.
            out.s(" defer ("); out.a(x.eximErrno); out.s("): "); body(x.eximBody, m, r, mx)
            out.endLine()
            return
        }
        out.s(" T=remote_smtp")
        if let x {
            if x.stage == .local {
                out.s(" defer ("); out.a(x.eximErrno); out.s("): "); body(x.eximBody, m, r, mx)
                out.endLine()
                return
            }
            if r.status == .deferred {
                out.s(" defer ("); out.s(x.stage == .rcpt ? "-44" : x.stage == .mailFrom ? "-45" : "-46"); out.s(")")
            }
            out.s(" H="); out.a(mx.host); out.s(" ["); mxIP(m, r, mx); out.b(0x5D)
            if r.status == .bounced && x.stage != .greeting { out.s(" X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes") }
            out.s(": SMTP error from remote mail server after ")
            switch x.stage {
            case .greeting: out.s("initial connection: ")
            case .mailFrom: out.s("MAIL FROM:"); senderOut(m); out.s(" SIZE="); out.int(m.size + 800); out.s(": ")
            case .rcpt: out.s("RCPT TO:<"); out.a(r.addr); out.s(">: ")
            default: out.s("end of data: ")
            }
            body(x.body, m, r, mx)
        } else {
            out.s(" H="); out.a(mx.host); out.s(" ["); mxIP(m, r, mx); out.b(0x5D)
            if !store { out.s(" X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes") }
            out.s(" C=\""); sentResponse(m, r, dom); out.b(0x22)
        }
        out.endLine()
    }

    /// All groups of this attempt are done: notify, remove, or retry later.
    func roundEnd(_ m: Msg, _ t: Int64) {
        let exim = m.inst == 2
        var tn = t
        if m.roundBounced > 0 && !m.sender.isEmpty {
            tn += ms(2, 30)
            schedule(tn, .bounceNote, m.slot, 0)
        }
        if m.pending == 0 {
            schedule(tn + ms(20, 150), exim ? .eximCompleted : .removed, m.slot)
            return
        }
        m.round += 1
        let backoff: Int64
        if exim {
            let steps: [Int64] = [900, 900, 900, 900, 900, 900, 900, 900, 3600, 5400, 8100, 12150, 18225, 21600]
            backoff = steps[min(m.round - 1, steps.count - 1)] * 1_000_000 + Int64(rng.range(0, 1800)) * 1_000_000
        } else {
            let b = min(Int64(300) << Int64(min(m.round - 1, 5)), 4000)
            backoff = b * 1_000_000 + Int64(rng.range(0, 300)) * 1_000_000
        }
        let tr = tn + backoff
        if tr - m.arrival > cfg.queueLifetime {
            if exim {
                schedule(tr, .retry, m.slot, 1)
            } else {
                schedule(tr, .expire, m.slot)
            }
        } else {
            schedule(tr, .retry, m.slot, 0)
        }
    }

    func retry(_ m: Msg, _ t: Int64) {
        if m.inst == 2 {
            if rngExpire(m, t) { return }
            startRound(m, t)
            return
        }
        pf(m, t, .qmgr, hosts[m.host].qmgrPid[m.inst == 1 ? 1 : 0])
        qidPrefix(m)
        out.s("from="); senderOut(m)
        out.s(", size="); out.int(m.size); out.s(", nrcpt="); out.int(m.rcpts.count); out.s(" (queue active)")
        if m.sender.isEmpty { markBounce(m) }
        out.endLine()
        var ts = t + ms(1, 20)
        if !m.warned && !m.sender.isEmpty && t - m.arrival > cfg.delayWarning {
            m.warned = true
            schedule(ts, .bounceNote, m.slot, 1)
            ts += ms(5, 30)
        }
        startRound(m, ts)
    }

    /// Exim: past the retry timeout every pending recipient fails with "retry timeout exceeded".
    func rngExpire(_ m: Msg, _ t: Int64) -> Bool {
        guard t - m.arrival > cfg.queueLifetime else { return false }
        m.roundStart = t
        m.roundBounced = 0
        m.groups.removeAll()
        let timeout = Int16(tRetryTimeout)
        var lt = t + ms(1, 50)
        var count = 0
        for i in m.rcpts.indices where !m.rcpts[i].done {
            m.rcpts[i].text = timeout
            m.rcpts[i].status = .bounced
            m.rcpts[i].relayNone = true
            schedule(lt, .line, m.slot, Int32(i))
            lt += ms(1, 5)
            count += 1
        }
        m.outstanding = count
        return true
    }

    func lineExpire(_ m: Msg, _ t: Int64) {
        pf(m, t, .qmgr, hosts[m.host].qmgrPid[m.inst == 1 ? 1 : 0])
        qidPrefix(m)
        out.s("from="); senderOut(m); out.s(", status=expired, returned to sender")
        out.endLine()
        expect.expired += 1
        for r in m.rcpts where r.listed && !r.done { expect.notDelivered.insert(lowered(r.addr)) }
        var tn = t
        if !m.sender.isEmpty {
            tn += ms(2, 20)
            schedule(tn, .bounceNote, m.slot, 0)
        }
        schedule(tn + ms(20, 120), .removed, m.slot)
    }

    /// Creates the notification message (non-delivery or delay) for the sender of `m`.
    func bounceNote(_ m: Msg, _ t: Int64, warning: Bool) {
        let exim = m.inst == 2
        let b = Msg(host: m.host, inst: m.inst, kind: exim ? .eximBounce : (warning ? .delayWarning : .bounce))
        b.origQID = m.qid
        b.size = min(m.size, 50_000) + rng.range(2000, 4000)
        var r = Rcpt(addr: m.sender, dom: m.senderDom >= 0 ? m.senderDom : storeDomain)
        if m.kind == .pickup || m.kind == .eximLocal { r.dom = storeDomain }
        b.rcpts = [r]
        b.pending = 1
        let s = store(b)
        if exim {
            b.qid = newEximID(m.host, t: t)
            b.arrival = t
            schedule(t, .eximArrival, s)
            return
        }
        b.qid = newQID(m.host, inst: m.inst, t: t)
        b.arrival = t
        b.msgID = makeMsgID(b, t)
        // cleanup, then bounce's "sender non-delivery notification", then qmgr.
        let pids = hosts[m.host].cleanupPids[m.inst == 1 ? 1 : 0]
        pf(b, t, .cleanup, pids[rng.below(pids.count)])
        qidPrefix(b)
        out.s("message-id=<"); out.a(b.msgID); out.b(0x3E)
        out.endLine()
        schedule(t + ms(1, 5), .noteLine, s)
        let ta = t + ms(6, 20)
        b.roundStart = ta
        schedule(ta, .qactive, s)
    }

    func lineNote(_ b: Msg, _ t: Int64) {
        pf(b, t, .bounce, hosts[b.host].bouncePid[b.inst == 1 ? 1 : 0])
        out.a(b.origQID); out.s(": ")
        out.s(b.kind == .delayWarning ? "sender delay notification: " : "sender non-delivery notification: ")
        out.a(b.qid)
        touch(b)
        if b.kind == .bounce { markBounce(b) }
        out.endLine()
    }

    func lineRemoved(_ m: Msg, _ t: Int64) {
        pf(m, t, .qmgr, hosts[m.host].qmgrPid[m.inst == 1 ? 1 : 0])
        qidPrefix(m)
        out.s("removed")
        out.endLine()
        if hosts[m.host].removed.count < 256 { hosts[m.host].removed.append(m.qid) } else if rng.chance(0.01) {
            hosts[m.host].removed.removeFirst(); hosts[m.host].removed.append(m.qid)
        }
        free(m)
    }

    // MARK: Exim reception

    func lineEximArrival(_ m: Msg, _ t: Int64) {
        eximMsgHead(m, t)
        let hs = hosts[m.host]
        out.s("<= ")
        switch m.kind {
        case .eximBounce:
            out.s("<> R="); out.a(m.origQID); out.s(" U=Debian-exim P=local S="); out.int(m.size)
            out.s(" T=\"Mail delivery failed: returning message to sender\"")
            markBounce(m)
        case .eximLocal:
            out.a(m.sender); out.s(" U="); out.s(m.sender.first == 0x72 ? "root" : "www-data"); out.s(" P=local S="); out.int(m.size)
            out.s(" T=\"Cron <root@"); out.a(hs.name); out.s("> /usr/local/bin/backup-check\"")
        case .eximAuth:
            out.a(m.sender); out.s(" H=("); out.a(m.helo); out.s(") ["); out.a(m.clientIP); out.s("]:"); out.int(rng.range(30000, 65000))
            out.s(" I=["); out.a(egressBytes[hs.egress]); out.s("]:587 P=esmtpsa X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no A=dovecot_plain:")
            out.a(m.sasl); out.s(" S="); out.int(m.size); out.s(" id="); out.a(m.msgID)
            out.s(" T=\""); out.a(subjectsB[rng.below(subjectsB.count)]); out.b(0x22)
            m.eximEgressLogged = true
        default:
            out.a(m.sender); out.s(" H="); out.a(m.clientName); out.s(" ["); out.a(m.clientIP); out.s("]:"); out.int(rng.range(30000, 65000))
            out.s(" I=["); out.a(egressBytes[hs.egress]); out.s("]:25 P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S="); out.int(m.size)
            out.s(" id="); out.a(m.msgID)
            m.eximEgressLogged = true
        }
        out.endLine()
        m.roundStart = t
        startRound(m, t + ms(5, 200))
    }

    func lineEximCompleted(_ m: Msg, _ t: Int64) {
        eximMsgHead(m, t)
        out.s("Completed")
        out.endLine()
        free(m)
    }

    func lineEximConnClosed(_ m: Msg, _ t: Int64) {
        eximHead(m.host, t)
        out.s("SMTP connection from ("); out.a(m.helo); out.s(") ["); out.a(m.clientIP); out.s("]:"); out.int(rng.range(30000, 65000))
        out.s(" I=["); out.a(egressBytes[hosts[m.host].egress]); out.s("]:587 closed by QUIT")
        out.endLine()
    }

    // MARK: Noise

    enum NoiseKind: Int32 {
        case dovecotLogin = 1, dovecotLogout, saslConnect, saslWarning, saslLost, saslDisconnect
        case rejectConnect, rejectLine, rejectDisconnect, warning, eximAuthFail, eximReject, eximTLS, eximQueueEnd
    }

    @inline(__always) func seed31() -> Int32 { Int32(truncatingIfNeeded: rng.next() & 0x7FFF_FFFF) }

    func spawnNoise(_ h: Int, _ t: Int64) {
        let exim = hosts[h].fmt == .exim
        if exim {
            if rng.chance(0.06) { schedule(t + ms(0, 60_000), .noise, NoiseKind.eximAuthFail.rawValue, Int32(h), seed31()) }
            if rng.chance(0.04) { schedule(t + ms(0, 60_000), .noise, NoiseKind.eximReject.rawValue, Int32(h), seed31()) }
            if rng.chance(0.02) { schedule(t + ms(0, 60_000), .noise, NoiseKind.eximTLS.rawValue, Int32(h), seed31()) }
            return
        }
        if rng.chance(0.5) { schedule(t + ms(0, 120_000), .noise, NoiseKind.dovecotLogin.rawValue, Int32(h), Int32(rng.below(cfg.users))) }
        if rng.chance(0.06) { schedule(t + ms(0, 60_000), .noise, NoiseKind.saslConnect.rawValue, Int32(h), seed31()) }
        if rng.chance(0.04) { schedule(t + ms(0, 60_000), .noise, NoiseKind.rejectConnect.rawValue, Int32(h), seed31()) }
        if rng.chance(0.02) { schedule(t + ms(0, 60_000), .noise, NoiseKind.warning.rawValue, Int32(h), seed31()) }
    }

    /// An attacker/scanner address derived from a seed.
    func scannerIP(_ s: Int32) -> Bytes {
        let v = UInt32(bitPattern: s)
        let firsts = [45, 80, 91, 141, 185, 193, 194, 212, 46, 5]
        var r = Bytes()
        r.reserveCapacity(16)
        appendInt(&r, firsts[Int(v % 10)]); r.append(0x2E); appendInt(&r, Int((v >> 4) % 250 + 1)); r.append(0x2E)
        appendInt(&r, Int((v >> 12) % 256)); r.append(0x2E); appendInt(&r, Int((v >> 20) % 250 + 2))
        return r
    }

    func sessionID(_ s: Int32) -> Bytes {
        var z = UInt64(UInt32(bitPattern: s)) &* 0x9E37_79B9_7F4A_7C15
        var r = Bytes(repeating: 0, count: 16)
        let a = Out.alnum
        for i in 0..<16 {
            z ^= z >> 29; z = z &* 0xBF58_476D_1CE4_E5B9; z ^= z >> 32
            r[i] = a[Int(z % 62)]
        }
        return r
    }

    /// A pid for a short noise session, stable across its lines.
    @inline(__always) func sessionPid(_ h: Int, _ s: Int32) -> Int { 1000 + Int(UInt32(bitPattern: s) % 400_000) }

    func noise(_ e: Ev) {
        let h = Int(e.b)
        let t = e.t
        guard let kind = NoiseKind(rawValue: e.a) else { return }
        let next = { (k: NoiseKind, dt: Int64) in self.schedule(t + dt, .noise, k.rawValue, e.b, e.c) }
        switch kind {
        case .dovecotLogin:
            stamp(h, t); out.b(0x20); out.a(hosts[h].name); out.s(" dovecot: imap-login: Login: user=<"); out.a(saslNames[Int(e.c)])
            out.s(">, method=PLAIN, rip="); out.int(rng.range(79, 95)); out.b(0x2E); out.int(rng.range(1, 254)); out.b(0x2E); out.int(rng.range(0, 255)); out.b(0x2E); out.int(rng.range(1, 254))
            out.s(", lip="); out.a(hosts[h].localIP); out.s(", mpid="); out.int(sessionPid(h, e.c)); out.s(", TLS, session=<"); out.a(sessionID(e.c)); out.s(">")
            out.endLine()
            next(.dovecotLogout, ms(2000, 900_000))
        case .dovecotLogout:
            stamp(h, t); out.b(0x20); out.a(hosts[h].name); out.s(" dovecot: imap("); out.a(saslNames[Int(e.c)]); out.s(")<")
            out.int(sessionPid(h, e.c)); out.s("><"); out.a(sessionID(e.c)); out.s(">: Logged out in="); out.int(rng.range(50, 5000))
            out.s(" out="); out.int(rng.range(500, 900_000)); out.s(" deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0")
            out.endLine()
        case .saslConnect, .saslWarning, .saslLost, .saslDisconnect:
            let ip = scannerIP(e.c)
            syslog(h, t, progMain[Prog.submission.rawValue], sessionPid(h, e.c))
            switch kind {
            case .saslConnect:
                out.s("connect from unknown["); out.a(ip); out.b(0x5D); out.endLine()
                next(.saslWarning, ms(300, 2500))
            case .saslWarning:
                out.s("warning: unknown["); out.a(ip); out.s("]: SASL LOGIN authentication failed: UGFzc3dvcmQ6"); out.endLine()
                next(.saslLost, ms(1, 300))
            case .saslLost:
                out.s("lost connection after AUTH from unknown["); out.a(ip); out.b(0x5D); out.endLine()
                next(.saslDisconnect, 1)
            default:
                out.s("disconnect from unknown["); out.a(ip); out.s("] ehlo=1 auth=0/1 rset=1 commands=2/3"); out.endLine()
            }
        case .rejectConnect, .rejectLine, .rejectDisconnect:
            let ip = scannerIP(e.c)
            syslog(h, t, progMain[Prog.smtpd.rawValue], sessionPid(h, e.c))
            switch kind {
            case .rejectConnect:
                out.s("connect from unknown["); out.a(ip); out.b(0x5D); out.endLine()
                next(.rejectLine, ms(200, 1500))
            case .rejectLine:
                out.s("NOQUEUE: reject: RCPT from unknown["); out.a(ip)
                switch UInt32(bitPattern: e.c) % 3 {
                case 0:
                    out.s("]: 554 5.7.1 <spameri@tiscali.it>: Relay access denied; from=<spameri@tiscali.it> to=<spameri@tiscali.it> proto=ESMTP helo=<WIN-CLJ1B0GQ6JP>")
                case 1:
                    out.s("]: 450 4.7.1 Client host rejected: cannot find your reverse hostname, ["); out.a(ip)
                    out.s("]; from=<info@"); out.a(ip.map { $0 == 0x2E ? 0x2D : $0 }); out.s(".example.com> to=<postmaster@example.net> proto=ESMTP helo=<User>")
                default:
                    out.s("]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; from=<test@example.org> to=<test@example.org> proto=ESMTP helo=<User>")
                }
                out.endLine()
                expect.smtpRejects += 1
                next(.rejectDisconnect, ms(100, 900))
            default:
                out.s("disconnect from unknown["); out.a(ip); out.s("] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"); out.endLine()
            }
        case .warning:
            let ip = scannerIP(e.c)
            syslog(h, t, progMain[Prog.smtpd.rawValue], sessionPid(h, e.c))
            out.s("warning: hostname "); out.a(ip.map { $0 == 0x2E ? 0x2D : $0 }); out.s(".static.example-hoster.com does not resolve to address "); out.a(ip)
            out.s(": Name or service not known")
            out.endLine()
        case .eximAuthFail:
            eximHead(h, t)
            out.s("dovecot_plain authenticator failed for (User) ["); out.a(scannerIP(e.c)); out.s("]:"); out.int(rng.range(30000, 65000))
            out.s(" I=["); out.a(egressBytes[hosts[h].egress]); out.s("]:587: 535 Incorrect authentication data (set_id=admin@example.net)")
            out.endLine()
        case .eximReject:
            eximHead(h, t)
            out.s("H=(WIN-CLJ1B0GQ6JP) ["); out.a(scannerIP(e.c)); out.s("]:"); out.int(rng.range(30000, 65000))
            out.s(" I=["); out.a(egressBytes[hosts[h].egress])
            if UInt32(bitPattern: e.c) % 2 == 0 {
                out.s("]:25 F=<spameri@tiscali.it> rejected RCPT <spameri@tiscali.it>: relay not permitted")
            } else {
                out.s("]:25 F=<info@example.org> rejected RCPT <admin@example.net>: Unrouteable address")
            }
            out.endLine()
            expect.smtpRejects += 1
        case .eximTLS:
            eximHead(h, t)
            out.s("TLS error on connection from (laptop) ["); out.a(scannerIP(e.c)); out.s("]:"); out.int(rng.range(30000, 65000))
            out.s(" I=["); out.a(egressBytes[hosts[h].egress]); out.s("]:587 (SSL_accept): error:0A000126:SSL routines::unexpected eof while reading")
            out.endLine()
        case .eximQueueEnd:
            eximHead(h, t); out.s("End queue run: pid="); out.int(Int(e.c)); out.endLine()
        }
    }

    enum PeriodicKind: Int32 { case cron = 1, anvil, queueRun }

    func schedulePeriodic() {
        let t0 = cfg.start * 1_000_000
        for h in hosts.indices {
            if hosts[h].fmt == .exim {
                schedule(t0 + ms(0, 1_800_000), .periodic, PeriodicKind.queueRun.rawValue, Int32(h))
            } else {
                schedule(t0 + ms(0, 600_000), .periodic, PeriodicKind.cron.rawValue, Int32(h))
                schedule(t0 + ms(0, 600_000), .periodic, PeriodicKind.anvil.rawValue, Int32(h))
            }
        }
    }

    func periodic(_ e: Ev) {
        let h = Int(e.b)
        let t = e.t
        switch PeriodicKind(rawValue: e.a) {
        case .cron:
            stamp(h, t); out.b(0x20); out.a(hosts[h].name); out.s(" CRON["); out.int(nextPid(h)); out.s("]: (root) CMD (")
            let c = civil(t / 1_000_000)
            if c.minute < 10 { out.s("   cd / && run-parts --report /etc/cron.hourly") } else { out.s("command -v debian-sa1 > /dev/null && debian-sa1 1 1") }
            out.b(0x29)
            out.endLine()
            schedule(t - t % 600_000_000 + 600_000_000 + ms(0, 2000), .periodic, e.a, e.b)
        case .anvil:
            syslog(h, t, progMain[Prog.anvil.rawValue], hosts[h].qmgrPid[0] + 7)
            out.s("statistics: max connection rate "); out.int(rng.range(2, 30)); out.s("/60s for (submission:"); out.int(rng.range(79, 95)); out.b(0x2E)
            out.int(rng.range(1, 254)); out.s(".0."); out.int(rng.range(1, 254)); out.s(") at ")
            stamps.bsd(t - ms(1000, 500_000), out)
            out.endLine()
            schedule(t + 600_000_000, .periodic, e.a, e.b)
        case .queueRun:
            let pid = nextPid(h)
            eximHead(h, t); out.s("Start queue run: pid="); out.int(pid); out.endLine()
            schedule(t + ms(200, 20_000), .noise, NoiseKind.eximQueueEnd.rawValue, Int32(h), Int32(pid))
            schedule(t + 1_800_000_000, .periodic, e.a, e.b)
        default: break
        }
    }
}
