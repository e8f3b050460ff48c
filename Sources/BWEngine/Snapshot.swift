// The immutable result of a run: what every renderer reads.

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
}

public struct InputSummary: Sendable, Equatable {
    public var name: String
    public var compressed: Bool
    public var lines: Int
    public var bytes: UInt64
    public var error: String?
}

public struct ProviderRow: Sendable, Equatable {
    public var provider: String
    public var attempts: Int
    public var users: DistinctCounter
}

public struct OperatorRow: Sendable, Equatable {
    public var operatorName: String
    public var lists: [String: Int]
    public var attempts: Int
    public var users: DistinctCounter
    public var delist: [String]
}

public struct ListedIPRow: Sendable, Equatable {
    public var ip: String
    public var attempts: Int
    public var providers: [String]
    public var lists: [String: Int]
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var users: DistinctCounter
    public var delist: [String]
}

public struct BlocklistSection: Sendable, Equatable {
    public var attempts = 0
    public var providers: [ProviderRow] = []
    public var operators: [OperatorRow] = []
    public var listedIPs: [ListedIPRow] = []
    public var users = DistinctCounter()
    public var firstSeen: Int64?
    public var lastSeen: Int64?
    public init() {}
}

public struct ClassifierStats: Sendable, Equatable {
    public var rules = 0
    public var distinctTexts = 0
    public var cacheHits = 0
    public var regexRuns = 0
    public var regexErrors = 0
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
    public init() {}

    public var errors: [String] { inputs.compactMap { $0.error } }
}
