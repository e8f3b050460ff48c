// The immutable result of a run: what every renderer reads, and what merges.
// Everything is keyed by strings and counted with mergeable sketches, so the
// snapshots of several hosts, days or threads merge into exactly what one run
// over all their logs would give.

public struct Totals: Sendable, Equatable {
    public var lines = 0
    public var malformed = 0
    public var overlong = 0
    public var messages = 0
    public var sent = 0
    public var deferred = 0
    public var bounced = 0
    public var expired = 0
    public var bounceNotifications = 0
    public var smtpRejects = 0
    /// Lines with a recognised header from Postfix / Exim.
    public var postfixLines = 0
    public var eximLines = 0
    /// Message states dropped by the age/size bound before their end was seen.
    public var evicted = 0
    public var bytes: UInt64 = 0
    public init() {}

    public mutating func add(_ o: Totals) {
        lines += o.lines; malformed += o.malformed; overlong += o.overlong; messages += o.messages
        sent += o.sent; deferred += o.deferred; bounced += o.bounced; expired += o.expired
        bounceNotifications += o.bounceNotifications; smtpRejects += o.smtpRejects
        postfixLines += o.postfixLines; eximLines += o.eximLines; evicted += o.evicted; bytes += o.bytes
    }
}

public struct InputSummary: Sendable, Equatable {
    public var name: String
    public var compressed: Bool
    public var lines: Int
    public var bytes: UInt64
    public var error: String?
    public init(name: String, compressed: Bool, lines: Int, bytes: UInt64, error: String?) {
        self.name = name; self.compressed = compressed; self.lines = lines; self.bytes = bytes; self.error = error
    }
}

public struct ProviderRow: Sendable, Equatable {
    public var provider: String
    public var attempts: Int
    public var users: DistinctCounter
    /// The most refused recipient domains (at most `DomainTally.capacity`) and their refused attempts.
    public var recipientDomains: [String: Int] = [:]
    /// Distinct refused recipient domains (all of them, not only those in `recipientDomains`).
    public var recipientDomainCount: DistinctCounter
    public var first: Int64 = .max
    public var last: Int64 = .min

    /// Without `recipientDomainCount` (an older snapshot), the domains listed are counted.
    public init(provider: String, attempts: Int, users: DistinctCounter, recipientDomains: [String: Int] = [:],
                recipientDomainCount: DistinctCounter? = nil, first: Int64 = .max, last: Int64 = .min) {
        self.provider = provider
        self.attempts = attempts
        self.users = users
        self.recipientDomains = recipientDomains
        if let c = recipientDomainCount {
            self.recipientDomainCount = c
        } else {
            var c = DistinctCounter()
            for d in recipientDomains.keys { c.insert(DomainTally.key(d)) }
            self.recipientDomainCount = c
        }
        self.first = first
        self.last = last
    }
}

public struct OperatorRow: Sendable, Equatable {
    public var operatorName: String
    public var lists: [String: Int]
    public var attempts: Int
    public var users: DistinctCounter
    public var delist: [String]

    public init(operatorName: String, lists: [String: Int], attempts: Int, users: DistinctCounter, delist: [String]) {
        self.operatorName = operatorName
        self.lists = lists
        self.attempts = attempts
        self.users = users
        self.delist = delist
    }
}

/// What one listed address — or one listed domain (DBL, SURBL, URIBL, …) — was refused for.
public struct ListedRow: Sendable, Equatable {
    /// The listed IP, or the listed domain ("" for a domain listing whose text names no domain).
    public var subject: String
    public var attempts: Int
    public var providers: [String]
    public var lists: [String: Int]
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var users: DistinctCounter
    public var delist: [String]

    public var ip: String { subject }
    public var domain: String { subject }

    public init(subject: String, attempts: Int, providers: [String], lists: [String: Int], firstSeen: Int64, lastSeen: Int64, users: DistinctCounter, delist: [String]) {
        self.subject = subject
        self.attempts = attempts
        self.providers = providers
        self.lists = lists
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.users = users
        self.delist = delist
    }

    public init(ip: String, attempts: Int, providers: [String], lists: [String: Int], firstSeen: Int64, lastSeen: Int64, users: DistinctCounter, delist: [String]) {
        self.init(subject: ip, attempts: attempts, providers: providers, lists: lists, firstSeen: firstSeen, lastSeen: lastSeen, users: users, delist: delist)
    }

    /// Rows of two parts joined by subject: counts add, sketches unite, sets join.
    static func merging(_ a: [ListedRow], _ b: [ListedRow]) -> [ListedRow] {
        var rows = Dictionary(uniqueKeysWithValues: a.map { ($0.subject, $0) })
        for p in b {
            guard var m = rows[p.subject] else { rows[p.subject] = p; continue }
            m.attempts += p.attempts
            m.users.merge(p.users)
            for (l, n) in p.lists { m.lists[l, default: 0] += n }
            m.providers = Array(Set(m.providers).union(p.providers)).sorted()
            m.delist = Array(Set(m.delist).union(p.delist)).sorted()
            m.firstSeen = min(m.firstSeen, p.firstSeen); m.lastSeen = max(m.lastSeen, p.lastSeen)
            rows[p.subject] = m
        }
        return Array(rows.values)
    }
}

public typealias ListedIPRow = ListedRow

/// One listing episode: one IP refused by one provider citing one list, from the
/// first to the last refusal, ended by a quiet gap.
public struct Episode: Sendable, Equatable {
    public var ip: String
    public var operatorName: String
    public var list: String
    public var provider: String
    public var first: Int64
    public var last: Int64
    public var attempts: Int
    public var users: DistinctCounter

    public var key: String { ip + "\u{0}" + list + "\u{0}" + provider }

    public init(ip: String, operatorName: String, list: String, provider: String, first: Int64, last: Int64, attempts: Int, users: DistinctCounter) {
        self.ip = ip
        self.operatorName = operatorName
        self.list = list
        self.provider = provider
        self.first = first
        self.last = last
        self.attempts = attempts
        self.users = users
    }
}

/// A sending channel: how mail left, and what is known of its address.
public struct Channel: Sendable, Equatable {
    /// `postfix` (host + instance) or `exim` (the address is logged).
    public var kind: String
    public var host: String
    public var instance: String
    /// The address when the log or the egress map says it.
    public var ip: String?
    public var deliveries: Int = 0
    /// Listed IPs that this channel's refusals named, with counts (to infer its address).
    public var listed: [String: Int] = [:]
    /// Bucket start hour (epoch / 3600, a multiple of the snapshot's `exposureHours`) → users who
    /// sent through this channel in that bucket.
    public var exposure: [Int64: DistinctCounter] = [:]

    public init(kind: String, host: String, instance: String, ip: String?) {
        self.kind = kind; self.host = host; self.instance = instance; self.ip = ip
    }

    public var key: String { kind + "\u{0}" + host + "\u{0}" + instance + "\u{0}" + (kind == "exim" ? ip ?? "" : "") }

    /// The address: logged or mapped, else the one its refusals name most often.
    public var resolvedIP: (ip: String, source: String)? {
        if let ip { return (ip, kind == "exim" ? "exim" : "map") }
        if let named = listed.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) { return (named.key, "inferred") }
        return nil
    }

    public mutating func merge(_ o: Channel) {
        deliveries += o.deliveries
        if ip == nil { ip = o.ip }
        for (k, v) in o.listed { listed[k, default: 0] += v }
        for (h, c) in o.exposure { exposure[h, default: DistinctCounter.exposure].merge(c) }
    }

    /// Re-buckets the exposure to `width`-hour buckets (a multiple of the current width).
    public mutating func widenExposure(to width: Int64) {
        var out: [Int64: DistinctCounter] = [:]
        for (h, c) in exposure { out[exposureBucket(h, width: width), default: DistinctCounter.exposure].merge(c) }
        exposure = out
    }
}

/// One of our sending addresses and how it is known.
public struct EgressRow: Sendable, Equatable {
    public var ip: String
    /// "exim" (I= in the log), "map" (--egress / Postfix configuration), "inferred"
    /// (the address a channel's refusals name as listed), joined by "," when several.
    public var source: String
    public var deliveries: Int

    public init(ip: String, source: String, deliveries: Int) {
        self.ip = ip
        self.source = source
        self.deliveries = deliveries
    }
}

public struct BlocklistSection: Sendable, Equatable {
    public var attempts = 0
    public var providers: [ProviderRow] = []
    public var operators: [OperatorRow] = []
    public var listedIPs: [ListedIPRow] = []
    /// Listings of a domain (DBL, SURBL, URIBL, …) whose text names no listed IP: the domain is listed, not
    /// our sending address, so they are not counted for an IP.
    public var listedDomains: [ListedRow] = []
    public var users = DistinctCounter()
    /// Distinct refused recipients, recipient domains and originating client IPs.
    public var recipients = DistinctCounter()
    public var recipientDomains = DistinctCounter()
    public var clientIPs = DistinctCounter()
    /// Recipients whose refusal was permanent (bounced): they did not get the mail.
    public var recipientsBounced = DistinctCounter()
    public var firstSeen: Int64?
    public var lastSeen: Int64?
    public var episodes: [Episode] = []
    public init() {}
}

public struct ClassifierStats: Sendable, Equatable {
    public var rules = 0
    public var distinctTexts = 0
    public var cacheHits = 0
    public var regexRuns = 0
    public var regexErrors = 0

    public init(rules: Int = 0, distinctTexts: Int = 0, cacheHits: Int = 0, regexRuns: Int = 0, regexErrors: Int = 0) {
        self.rules = rules
        self.distinctTexts = distinctTexts
        self.cacheHits = cacheHits
        self.regexRuns = regexRuns
        self.regexErrors = regexErrors
    }
}

/// A refusal text no rule explained, as a template with a count and one raw sample.
public struct UnclassifiedText: Sendable, Equatable {
    public var template: String
    public var count: Int
    public var sample: String

    public init(template: String, count: Int, sample: String) {
        self.template = template
        self.count = count
        self.sample = sample
    }
}

public struct Snapshot: Sendable, Equatable {
    public var inputs: [InputSummary] = []
    public var totals = Totals()
    /// Refused attempts (deferred + bounced) per category.
    public var categories: [String: Int] = [:]
    public var blocklist = BlocklistSection()
    public var firstTime: Int64?
    public var lastTime: Int64?
    public var classifier = ClassifierStats()
    /// Sending channels (a Postfix host and instance, or an Exim egress address) with
    /// their deliveries, the addresses their refusals named as listed, and per-hour users.
    /// Egress rows and exposure by IP are derived from these (`resolveChannels`), after
    /// any merge, so that inference sees every part's refusals.
    public var channels: [String: Channel] = [:]
    /// Width in hours of the exposure buckets (1 unless the logs spanned more buckets than the bound).
    public var exposureHours: Int64 = 1
    /// Egress IP → bucket start hour → users who sent through it in that bucket (derived).
    public internal(set) var exposure: [String: [Int64: DistinctCounter]] = [:]
    /// Our sending addresses (derived).
    public internal(set) var egress: [EgressRow] = []
    /// Listed range (CIDR) → our distinct client IPs inside it.
    public var rangeClients: [String: DistinctCounter] = [:]
    public var unclassified: [UnclassifiedText] = []
    /// Parameters that derived views depend on.
    public var episodeGap: Int64 = 6 * 3600
    public var cidr4 = 24
    public var cidr6 = 48
    public init() {}

    public var errors: [String] { inputs.compactMap { $0.error } }
}
