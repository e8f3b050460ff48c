// Delivery → verdict → aggregates: counters, distinct-user sketches, listing
// episodes, exposure buckets, egress attribution; and the snapshot they make.

import Foundation

struct EpisodeKey: Hashable { var ip: Int32, list: Int32, provider: Int32 }

/// How a delivery's channel and sending address are found.
enum EgressHint {
    /// Postfix: the channel is (host, instance); `mapped` is the address from the egress map (symbol).
    case postfix(channel: Int64, mapped: Int32)
    /// Exim: the line's own `I=` (ips id), else the message's.
    case exim(lineIP: Int32)
}

/// What a blocklist refusal says, as symbols.
struct BlockFields {
    var provider: Int32, op: Int32, list: Int32, textIP: Int32, delist: Int32
    var rcptHash: UInt64, domainHash: UInt64
    /// The refused recipient's domain (interner id).
    var domain: Int32
    /// A domain listing (DBL, SURBL, …) and the domain it names (symbol, -1 when the text names none).
    var domainListing = false
    var listedDomain: Int32 = -1
    /// Segment mode, `provider == BlockFields.unnamed`: the organisations (symbols, -1 none) of the relay and the
    /// recipient's domain, for the stitch to name one (`Analyzer.maxNamedOrganisations` counts over the whole run);
    /// `op` and `list` are then those of a provider not named by the relay, `ownBlock` says whether one named by it
    /// would own them.
    var relayOrganisation: Int32 = -1
    var domainOrganisation: Int32 = -1
    var ownBlock = false
    static let unnamed: Int32 = -3
}

/// A delivery of a message that began in an earlier segment, kept for the stitch.
struct PendingDelivery {
    var key: QueueKey
    var status: DeliveryStatus
    var t: Int64
    var hint: EgressHint
    var sender: UInt64, sasl: UInt64, client: UInt64
    var egress: Int32
    var block: BlockFields?
    /// The refused recipient's domain (the interner's ids do not outlive the bound on it).
    var domainName: String?
}

/// The refused recipient domains of one provider, in bounded memory: exact counts while there
/// are at most `capacity` distinct domains; beyond that, whenever the table is full the less
/// refused half is dropped (the most refused domains stay; a count may then miss what a domain
/// had before it was dropped once). The number of distinct domains is a `DistinctCounter`.
public struct DomainTally: Sendable {
    public static let capacity = 1024
    private var index: [UInt64: Int] = [:]
    private var names: [String] = []
    private var counts: [Int] = []
    private var keys: [UInt64] = []
    public private(set) var distinct = DistinctCounter()

    public init() {}

    /// The key of a domain name (the same as the engine's hash of the log's bytes).
    public static func key(_ name: String) -> UInt64 {
        var bytes = Array(name.utf8)
        let n = bytes.count
        return bytes.withUnsafeMutableBufferPointer { buf in
            foldedHash(UnsafePointer(buf.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!), n, scratch: buf)
        }
    }

    /// One refused attempt to `key`; `name` is asked for only when the domain is new to the table.
    public mutating func add(_ key: UInt64, count: Int = 1, name: () -> String) {
        distinct.insert(key)
        if let i = index[key] { counts[i] += count; return }
        if names.count >= DomainTally.capacity { evict() }
        index[key] = names.count
        names.append(name().lowercased())
        counts.append(count)
        keys.append(key)
    }

    private mutating func evict() {
        let keep = names.indices.sorted { (counts[$0], names[$1]) > (counts[$1], names[$0]) }.prefix(DomainTally.capacity / 2)
        names = keep.map { names[$0] }; counts = keep.map { counts[$0] }; keys = keep.map { keys[$0] }
        index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
    }

    /// Domain → refused attempts (at most `capacity` entries).
    public var top: [String: Int] { Dictionary(zip(names, counts), uniquingKeysWith: +) }

    /// The tally of snapshot rows: their top domains and their distinct counts merged.
    public static func merging(_ rows: [(top: [String: Int], distinct: DistinctCounter)]) -> DomainTally {
        var t = DomainTally()
        for r in rows {
            for (d, n) in r.top.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { t.add(key(d), count: n) { d } }
        }
        t.distinct = DistinctCounter()
        for r in rows { t.distinct.merge(r.distinct) }
        return t
    }
}

struct ExposureKey: Hashable { var channel: Int64, hour: Int64 }

/// The hour (since the epoch, floored) of a time.
@inline(__always)
func hourOf(_ t: Int64) -> Int64 { t >= 0 ? t / 3600 : (t - 3599) / 3600 }

/// The first hour of the `width`-hour exposure bucket holding `hour` (buckets are aligned to
/// multiples of their width, so widths that are powers of two nest).
@inline(__always)
public func exposureBucket(_ hour: Int64, width: Int64) -> Int64 {
    let r = hour % width
    return r >= 0 ? hour - r : hour - r - width
}

/// Postfix does not log the address it sends from: a map from syslog host and
/// instance (the syslog_name, e.g. `postfix-out2`) to the address, given with
/// `--egress` or read from Postfix's configuration.
public struct EgressMap: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var host: String?
        public var instance: String?
        public var ip: String
        public init(host: String?, instance: String?, ip: String) { self.host = host; self.instance = instance; self.ip = ip }
    }
    public var entries: [Entry] = []
    public init() {}

    /// `IP`, `INSTANCE=IP`, `HOST:INSTANCE=IP`, `HOST:*=IP` (`*` matches anything).
    public mutating func add(spec: String) throws {
        let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let ipText = (parts.last ?? "").trimmingCharacters(in: .whitespaces)
        guard let ip = normalizeIP(ipText) else { throw EgressMapError(message: "not an IP address: '\(ipText)' in '\(spec)'") }
        var host: String? = nil, instance: String? = nil
        if parts.count == 2 {
            let left = parts[0]
            if let colon = left.firstIndex(of: ":") {
                host = String(left[..<colon]); instance = String(left[left.index(after: colon)...])
            } else {
                instance = left
            }
            if host == "*" { host = nil }
            if instance == "*" || instance == "" { instance = nil }
        }
        entries.append(Entry(host: host, instance: instance, ip: ip))
    }

    /// The most specific entry for a host and instance.
    public func ip(host: String, instance: String) -> String? {
        var best: (score: Int, ip: String)? = nil
        for e in entries {
            if let h = e.host, h != host { continue }
            if let i = e.instance, i != instance { continue }
            let score = (e.host != nil ? 2 : 0) + (e.instance != nil ? 1 : 0)
            if best == nil || score > best!.score { best = (score, e.ip) }
        }
        return best?.ip
    }

    public var isEmpty: Bool { entries.isEmpty }
}

public struct EgressMapError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

extension Analyzer {
    static let postfixChannelBase: Int64 = 1 << 48
    static let eximChannelBase: Int64 = 2 << 48

    /// Channel of a Postfix delivery: (syslog host, instance).
    @inline(__always)
    func postfixChannel(_ p: UnsafePointer<UInt8>) -> Int64 {
        var slash = curProgEnd - 1
        while slash > curProgStart && p[slash] != 0x2F { slash -= 1 }
        let len = max(0, slash - curProgStart)
        var inst: Int32
        if len <= 16 {
            var k: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &k) { $0.baseAddress!.copyMemory(from: p + curProgStart, byteCount: len) }
            if len == lastInstanceLen && k == lastInstanceKey {
                inst = lastInstanceID
            } else {
                inst = instances.intern(p + curProgStart, len)
                lastInstanceKey = k; lastInstanceLen = len; lastInstanceID = inst
            }
        } else {
            inst = instances.intern(p + curProgStart, len)
        }
        return Analyzer.postfixChannelBase | Int64(curHost) << 20 | Int64(inst)
    }

    /// Our sending address for a Postfix channel from the egress map (symbol), -1 unknown.
    @inline(__always)
    func postfixEgress(_ channel: Int64) -> Int32 {
        if options.egress.isEmpty { return -1 }
        if let s = postfixEgressCache[channel] { return s }
        let host = hosts.string(Int32((channel >> 20) & 0xFFFFFFF))
        let inst = instances.string(Int32(channel & 0xFFFFF))
        let s = options.egress.ip(host: host, instance: inst).map { classifier.symbols.id($0) } ?? -1
        postfixEgressCache[channel] = s
        return s
    }

    func delivery(_ status: DeliveryStatus, _ idx: Int,
                  text: UnsafeBufferPointer<UInt8>, dsn: UnsafeBufferPointer<UInt8>?,
                  relay: (Int, Int), rcpt: (Int, Int), domain: (Int, Int), p: UnsafePointer<UInt8>,
                  time t: Int64, hint: EgressHint) {
        let msg = messages.values[idx]
        switch status {
        case .sent: totals.sent += 1
        case .deferred: totals.deferred += 1
        case .bounced: totals.bounced += 1
        }
        var block: BlockFields? = nil
        if status != .sent {
            let v = classifier.classify(text, dsn: dsn)
            categoryCounts[v.category.index] += 1
            if v.rule < 0 && options.collectUnclassified { noteUnclassified(text) }
            if v.category == .blocklist {
                boundNameTables()
                var provider = v.provider
                var byRelay = false
                var organisations: (relay: Int32, domain: Int32) = (-1, -1)
                if provider < 0 { (provider, byRelay, organisations) = providerOf(relay: relay, domain: domain, p) }
                // the receiver's own block: its list is the provider's, when the relay named it (not when only
                // the recipient's domain did: the relay may be our smarthost)
                let named = byRelay ? classifier.ownedBy(provider, ownBlock: classifier.isOwnBlock(v), op: v.op, list: v.list) : (op: v.op, list: v.list)
                let op = named.op >= 0 ? named.op : unknownOperator
                let list = named.list >= 0 ? named.list : op
                var b = BlockFields(provider: provider, op: op, list: list, textIP: v.ip, delist: v.delist,
                                    rcptHash: lowerHash(p + rcpt.0, rcpt.1 - rcpt.0), domainHash: 0, domain: -1,
                                    domainListing: v.domainListing, listedDomain: v.domain)
                if provider == BlockFields.unnamed {
                    b.relayOrganisation = organisations.relay
                    b.domainOrganisation = organisations.domain
                    b.ownBlock = classifier.isOwnBlock(v)
                }
                if domain.1 > domain.0 {
                    b.domainHash = lowerHash(p + domain.0, domain.1 - domain.0)
                    b.domain = domains.intern(p + domain.0, domain.1 - domain.0)
                }
                block = b
            }
        }
        if status == .deferred ? block != nil : msg.continued || !listedPending.isEmpty {
            followListed(status, block: block, rcpt: rcpt, p: p, continued: msg.continued)
        }
        if msg.continued || block?.provider == BlockFields.unnamed {
            let kept = PendingDelivery(key: currentKey, status: status, t: t, hint: hint, sender: msg.sender, sasl: msg.sasl,
                                       client: msg.clientIP, egress: msg.egress, block: block,
                                       domainName: block.flatMap { $0.domain >= 0 ? domains.string($0.domain) : nil })
            // The message began in an earlier segment: who sent it and through which address is known only when the
            // segments are stitched together. Else who refused is named at the stitch, which replays the delivery.
            if msg.continued { pending[currentKey, default: []].append(kept) } else { deferred.append(kept) }
            return
        }
        let userKey = msg.sasl != 0 ? msg.sasl : msg.sender
        let (channel, egressSym) = resolve(hint, messageEgress: msg.egress)
        applyDelivery(status, t, channel: channel, egressSym: egressSym, user: userKey != 0 ? userKey : nil,
                      client: msg.clientIP, block: block)
    }

    /// Follows the recipients deferred for a listing (`listedPending`) until they are delivered or fail: a later
    /// failure, whatever its text, means the listing kept the mail from them. A continued message's delivered and
    /// failed recipients are kept for the stitch, which settles the ones an earlier segment left deferred.
    func followListed(_ status: DeliveryStatus, block: BlockFields?, rcpt: (Int, Int), p: UnsafePointer<UInt8>, continued: Bool) {
        if status != .deferred && !continued && listedPending[currentKey] == nil { return }
        let h = block?.rcptHash ?? lowerHash(p + rcpt.0, rcpt.1 - rcpt.0)
        if status == .deferred {
            if !(listedPending[currentKey]?.contains(h) ?? false) { listedPending[currentKey, default: []].append(h) }
            return
        }
        if continued { continuedOutcomes[currentKey, default: []].append(status == .sent ? .delivered(h) : .failed(h)) }
        guard let i = listedPending[currentKey]?.firstIndex(of: h) else { return }
        listedPending[currentKey]!.remove(at: i)
        if listedPending[currentKey]!.isEmpty { listedPending[currentKey] = nil }
        if status == .bounced { blockRecipientsBounced.insert(h) }
    }

    /// A message expired (Postfix: `from=<…>, status=expired, returned to sender`): its recipients still deferred
    /// for a listing never got it.
    func settleExpired(_ key: QueueKey, _ idx: Int) {
        if messages.values[idx].continued { continuedOutcomes[key, default: []].append(.expired) }
        guard !listedPending.isEmpty, let left = listedPending.removeValue(forKey: key) else { return }
        for h in left { blockRecipientsBounced.insert(h) }
    }

    /// The stitch: what a later segment saw of a continued message's recipients settles those an earlier segment
    /// left deferred for a listing; returns the ones still deferred.
    func settle(_ deferred: [UInt64], _ outcomes: [RecipientOutcome]) -> [UInt64] {
        var left = deferred
        for o in outcomes {
            switch o {
            case let .delivered(h):
                left.removeAll { $0 == h }
            case let .failed(h):
                if left.contains(h) { blockRecipientsBounced.insert(h); left.removeAll { $0 == h } }
            case .expired:
                for h in left { blockRecipientsBounced.insert(h) }
                left = []
            }
        }
        return left
    }

    /// The channel of a delivery and our sending address (symbol), as far as known.
    @inline(__always)
    func resolve(_ hint: EgressHint, messageEgress: Int32) -> (Int64, Int32) {
        switch hint {
        case let .postfix(channel, mapped):
            return (channel, mapped)
        case let .exim(lineIP):
            let e = lineIP >= 0 ? lineIP : messageEgress
            return e >= 0 ? (Analyzer.eximChannelBase | Int64(e), symbolForIP(e)) : (-1, -1)
        }
    }

    /// Aggregates one delivery whose sender, client and address are known.
    func applyDelivery(_ status: DeliveryStatus, _ t: Int64, channel: Int64, egressSym: Int32, user: UInt64?,
                       client: UInt64, block: BlockFields?) {
        if channel >= 0 {
            if channel == lastDeliveryChannel {
                lastDeliveryCount += 1
            } else {
                if lastDeliveryChannel >= 0 { channelDeliveries[lastDeliveryChannel, default: 0] += lastDeliveryCount }
                lastDeliveryChannel = channel
                lastDeliveryCount = 1
            }
            if let user { expose(channel, t, user) }
        }
        guard let b = block else { return }
        if b.textIP >= 0 && channel >= 0 { channelListed[channel, default: [:]][b.textIP, default: 0] += 1 }
        // a domain listing lists the domain, not the address that sent it (unless the text names one)
        let ip = b.textIP >= 0 ? b.textIP : b.domainListing ? -1 : egressSym

        blockAttempts += 1
        if let user { blockUsers.insert(user) }
        if t < blockFirst { blockFirst = t }
        if t > blockLast { blockLast = t }
        blockRecipients.insert(b.rcptHash)
        if status == .bounced { blockRecipientsBounced.insert(b.rcptHash) }
        if b.domain >= 0 { blockDomains.insert(b.domainHash) }
        if client != 0 { blockClients.insert(mix64(client)) }

        let pc = counter(&byProvider, b.provider)
        pc.hit(user, t)
        if b.domain >= 0 { pc.domains.add(b.domainHash) { domains.string(b.domain) } }
        let oc = counter(&byOperator, b.op)
        oc.hit(user, t)
        oc.lists[b.list, default: 0] += 1
        if b.delist >= 0 { oc.delist.insert(b.delist) }
        if ip >= 0 {
            listing(&byIP, ip, b, user, t)
            addEpisode(EpisodeKey(ip: ip, list: b.list, provider: b.provider), t, user)
        } else if !b.domainListing {
            // a listing whose text names no address and whose sending address is not known: a row of its own (no
            // subject), so that the listed IPs' rows add up to the refused attempts
            listing(&byIP, -1, b, user, t)
        }
        if b.domainListing { listing(&byDomain, b.listedDomain, b, user, t) }
    }

    /// One refused attempt of a listed address or domain.
    @inline(__always)
    func listing(_ d: inout [Int32: Counter], _ subject: Int32, _ b: BlockFields, _ user: UInt64?, _ t: Int64) {
        let c = counter(&d, subject)
        c.hit(user, t)
        c.providers.insert(b.provider)
        c.lists[b.list, default: 0] += 1
        if b.delist >= 0 { c.delist.insert(b.delist) }
    }

    @inline(__always)
    func lowerHash(_ q: UnsafePointer<UInt8>, _ len: Int) -> UInt64 {
        guard len > 0 else { return 1 }
        return userHash(q, len)
    }

    @inline(__always)
    func counter(_ d: inout [Int32: Counter], _ k: Int32) -> Counter {
        if let c = d[k] { return c }
        let c = Counter()
        d[k] = c
        return c
    }

    /// Records that `user` sent through `channel` in the hour of `t`.
    @inline(__always)
    func expose(_ channel: Int64, _ t: Int64, _ user: UInt64) {
        let key = ExposureKey(channel: channel, hour: exposureBucket(hourOf(t), width: exposureHours))
        let slot: Int
        if key == lastExposureKey {
            slot = lastExposureSlot
        } else if let s = exposureIndex[key] {
            slot = s
            lastExposureKey = key; lastExposureSlot = s
        } else {
            slot = exposureBuckets.count
            exposureBuckets.append(DistinctCounter.exposure)
            exposureIndex[key] = slot
            lastExposureKey = key; lastExposureSlot = slot
        }
        exposureBuckets[slot].insert(user)
        if exposureBuckets.count > options.maxExposureBuckets { widenExposure() }
    }

    /// Doubles the exposure bucket width, merging each pair of neighbouring buckets.
    func widenExposure() {
        repeat {
            exposureHours *= 2
            var index: [ExposureKey: Int] = [:]
            var buckets: [DistinctCounter] = []
            for (key, slot) in exposureIndex.sorted(by: { $0.value < $1.value }) {
                let k = ExposureKey(channel: key.channel, hour: exposureBucket(key.hour, width: exposureHours))
                if let s = index[k] { buckets[s].merge(exposureBuckets[slot]) } else {
                    index[k] = buckets.count
                    buckets.append(exposureBuckets[slot])
                }
            }
            exposureIndex = index
            exposureBuckets = buckets
        } while exposureBuckets.count > options.maxExposureBuckets / 2 && exposureHours < 1 << 20
        lastExposureKey = ExposureKey(channel: -1, hour: Int64.min)
    }

    func addEpisode(_ key: EpisodeKey, _ t: Int64, _ user: UInt64?) {
        let gap = options.episodeGap
        if var eps = episodes[key], !eps.isEmpty {
            let i = eps.count - 1
            if t >= eps[i].first && t <= eps[i].last + gap {
                episodes[key] = nil        // keep the array uniquely referenced while mutating
                eps[i].attempts += 1
                if t > eps[i].last { eps[i].last = t }
                if let user { eps[i].users.insert(user) }
                episodes[key] = eps
                return
            }
        }
        var users = DistinctCounter()
        if let user { users.insert(user) }
        var list = episodes[key] ?? []
        Episode.insert(&list, Episode(ip: "", operatorName: "", list: "", provider: "", first: t, last: t, attempts: 1, users: users), gap: gap)
        episodes[key] = list
    }

    /// A channel's identity and known address (no counts).
    func channelInfo(_ channel: Int64) -> Channel {
        if channel & Analyzer.eximChannelBase != 0 {
            let raw = ips.string(Int32(channel & 0xFFFFFFFF))
            return Channel(kind: "exim", host: "", instance: "", ip: normalizeIP(raw) ?? raw)
        }
        let host = hosts.string(Int32((channel >> 20) & 0xFFFFFFF))
        let inst = instances.string(Int32(channel & 0xFFFFF))
        let e = postfixEgress(channel)
        return Channel(kind: "postfix", host: host, instance: inst, ip: e >= 0 ? classifier.symbols[e] : nil)
    }

    func noteUnclassified(_ full: UnsafeBufferPointer<UInt8>) {
        classifier.withReply(full) { noteUnclassifiedReply($0) }
    }

    private func noteUnclassifiedReply(_ text: UnsafeBufferPointer<UInt8>) {
        let template = UnclassifiedTemplate.make(text)
        var t = template
        let id = t.withUTF8 { templates.intern($0.p, $0.count) }
        if let e = unclassified[id] {
            unclassified[id] = (e.count + 1, e.sample)
        } else if unclassified.count < 20_000 {
            unclassified[id] = (1, String(decoding: text.prefix(1000), as: UTF8.self))
        }
    }

    // MARK: - Snapshot

    /// Sizes of the main tables, for `BOUNCEWATCH_DEBUG_MEMORY=1`.
    public var memoryReport: String {
        "messages live \(messages.count) capacity \(messages.capacity); texts \(classifier.cacheMisses); " +
        "exposure buckets \(exposureBuckets.count) (\(exposureBuckets.filter { !$0.isExact }.count) sketches); " +
        "clients \(clientSet.count); relays \(relays.count); domains \(domains.count); " +
        "providers \(byProvider.count) operators \(byOperator.count) ips \(byIP.count) domains listed \(byDomain.count) episodes \(episodes.values.map(\.count).reduce(0, +))"
    }

    public func snapshot() -> Snapshot {
        if ProcessInfo.processInfo.environment["BOUNCEWATCH_DEBUG_MEMORY"] != nil {
            FileHandle.standardError.write(Data(("bouncewatch: " + memoryReport + "\n").utf8))
        }
        var s = Snapshot()
        s.inputs = inputs
        s.totals = totals
        s.episodeGap = options.episodeGap
        s.cidr4 = options.cidr4
        s.cidr6 = options.cidr6
        for (i, c) in Category.allCases.enumerated() where categoryCounts[i] > 0 {
            s.categories[c.rawValue] = categoryCounts[i]
        }
        let sym = classifier.symbols
        var b = BlocklistSection()
        b.attempts = blockAttempts
        b.users = blockUsers
        b.recipients = blockRecipients
        b.recipientsBounced = blockRecipientsBounced
        b.recipientDomains = blockDomains
        b.clientIPs = blockClients
        if blockAttempts > 0 { b.firstSeen = blockFirst; b.lastSeen = blockLast }
        b.providers = byProvider.map { k, c in
            ProviderRow(provider: sym[k], attempts: c.attempts, users: c.users,
                        recipientDomains: c.domains.top, recipientDomainCount: c.domains.distinct,
                        first: c.first, last: c.last)
        }
        b.operators = byOperator.map { k, c in
            OperatorRow(operatorName: sym[k], lists: Dictionary(uniqueKeysWithValues: c.lists.map { (sym[$0.key], $0.value) }),
                        attempts: c.attempts, users: c.users, delist: c.delist.map { sym[$0] }.sorted())
        }
        func rows(_ d: [Int32: Counter]) -> [ListedRow] {
            d.map { k, c in
                ListedRow(subject: k >= 0 ? sym[k] : "", attempts: c.attempts, providers: c.providers.map { sym[$0] }.sorted(),
                          lists: Dictionary(uniqueKeysWithValues: c.lists.map { (sym[$0.key], $0.value) }),
                          firstSeen: c.first, lastSeen: c.last, users: c.users, delist: c.delist.map { sym[$0] }.sorted())
            }
        }
        b.listedIPs = rows(byIP)
        b.listedDomains = rows(byDomain)
        // a list cited by more than one operator's verdicts: the first operator by name (deterministic)
        var opOfList: [String: String] = [:]
        for o in b.operators.sorted(by: { $0.operatorName < $1.operatorName }) {
            for l in o.lists.keys where opOfList[l] == nil { opOfList[l] = o.operatorName }
        }
        for (k, eps) in episodes {
            for var e in eps {
                e.ip = sym[k.ip]; e.list = sym[k.list]; e.provider = sym[k.provider]
                e.operatorName = opOfList[e.list] ?? e.list
                b.episodes.append(e)
            }
        }
        s.blocklist = b

        if lastDeliveryChannel >= 0 {
            channelDeliveries[lastDeliveryChannel, default: 0] += lastDeliveryCount
            lastDeliveryChannel = -1
            lastDeliveryCount = 0
        }
        // Channels: deliveries, named listed IPs and exposure; addresses are resolved
        // (and inferred) from them in `normalize`, after any merge.
        for channel in Set(channelDeliveries.keys).union(channelListed.keys) {
            var c = channelInfo(channel)
            c.deliveries = channelDeliveries[channel] ?? 0
            for (ip, n) in channelListed[channel] ?? [:] { c.listed[sym[ip], default: 0] += n }
            s.channels[c.key] = c
        }
        s.exposureHours = exposureHours
        for (key, slot) in exposureIndex {
            let c = channelInfo(key.channel)
            if s.channels[c.key] == nil { s.channels[c.key] = c }
            s.channels[c.key]!.exposure[key.hour, default: DistinctCounter.exposure].merge(exposureBuckets[slot])
        }
        // Clients inside each listed range.
        for ip in b.listedIPs {
            guard let range = cidrRange(ip.ip, v4: options.cidr4, v6: options.cidr6), s.rangeClients[range.text] == nil,
                  let v4 = range.v4 else { continue }
            var c = DistinctCounter()
            for ip in clientSet.elements where UInt64(ip) & v4.mask == v4.network { c.insert(mix64(UInt64(ip) | 1 << 40)) }
            s.rangeClients[range.text] = c
        }
        s.unclassified = unclassified.map { UnclassifiedText(template: templates.string($0.key), count: $0.value.count, sample: $0.value.sample) }
        if firstTime != .max { s.firstTime = firstTime; s.lastTime = lastTime }
        s.classifier = ClassifierStats(rules: classifier.library.rules.count, distinctTexts: classifier.cacheMisses,
                                       cacheHits: classifier.cacheHits, regexRuns: classifier.regexRuns,
                                       regexErrors: classifier.regexErrors)
        s.normalize()
        return s
    }
}

extension Episode {
    /// Adds an episode to a list sorted by start, merging every episode that overlaps
    /// it or lies within `gap` of it. Used while reading and when merging snapshots,
    /// so merged episodes equal those of one run over all refusals.
    static func insert(_ list: inout [Episode], _ e: Episode, gap: Int64) {
        var e = e
        var i = 0
        while i < list.count {
            let o = list[i]
            if o.first <= e.last + gap && e.first <= o.last + gap {
                e.first = min(e.first, o.first)
                e.last = max(e.last, o.last)
                e.attempts += o.attempts
                e.users.merge(o.users)
                list.remove(at: i)
                i = 0    // the grown episode may now reach earlier ones
                continue
            }
            i += 1
        }
        let pos = list.firstIndex { $0.first > e.first } ?? list.count
        list.insert(e, at: pos)
    }
}

/// An IP's range as CIDR text, and for IPv4 the network and mask.
public func cidrRange(_ ip: String, v4: Int, v6: Int) -> (text: String, v4: (network: UInt64, mask: UInt64)?)? {
    if ip.contains(":") {
        // Expand to 8 groups, keep v6 bits.
        let halves = ip.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        let head = halves[0].isEmpty ? [] : halves[0].split(separator: ":").map(String.init)
        let tail = halves.count == 2 && !halves[1].isEmpty ? halves[1].split(separator: ":").map(String.init) : []
        guard head.count + tail.count <= 8 else { return nil }
        var groups = head + Array(repeating: "0", count: halves.count == 2 ? 8 - head.count - tail.count : 0) + tail
        guard groups.count == 8 else { return nil }
        var bits = v6
        for g in 0..<8 {
            guard let v = UInt16(groups[g], radix: 16) else { return nil }
            let keep = max(0, min(16, bits))
            let masked = keep == 0 ? 0 : v & ~UInt16((1 << (16 - keep)) - 1 & 0xFFFF)
            groups[g] = String(masked, radix: 16)
            bits -= 16
        }
        // Compress the longest run of zero groups.
        var text = groups.joined(separator: ":")
        for run in (2...8).reversed() {
            let zeros = Array(repeating: "0", count: run).joined(separator: ":")
            if text == zeros { text = "::"; break }
            if text.hasSuffix(":" + zeros) { text = String(text.dropLast(zeros.count + 1)) + "::"; break }
            if let r = text.range(of: zeros) { text.replaceSubrange(r, with: ""); text = text.replacingOccurrences(of: ":::", with: "::"); break }
        }
        return (text + "/\(v6)", nil)
    }
    let parts = ip.split(separator: ".").compactMap { UInt64($0) }
    guard parts.count == 4 else { return nil }
    let value = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]
    let mask: UInt64 = v4 == 0 ? 0 : (0xFFFF_FFFF << UInt64(32 - v4)) & 0xFFFF_FFFF
    let net = value & mask
    return ("\(net >> 24).\((net >> 16) & 255).\((net >> 8) & 255).\(net & 255)/\(v4)", (net, mask))
}

/// Normalises a refusal text into a template: numbers, IPs, hex IDs, addresses and
/// host names with digits become placeholders, so repeats of one refusal group together.
enum UnclassifiedTemplate {
    static func make(_ text: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: text.prefix(400), as: UTF8.self)
        var out = ""
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            out += classify(word)
            word = ""
        }
        for ch in s {
            if ch == " " || ch == "(" || ch == ")" || ch == "," || ch == ";" || ch == "\"" || ch == "'" {
                flush(); out.append(ch)
            } else {
                word.append(ch)
            }
        }
        flush()
        return out
    }

    static func classify(_ w: String) -> String {
        var trail = ""
        var core = Substring(w)
        while let l = core.last, ".:!?".contains(l) { trail = String(l) + trail; core = core.dropLast() }
        let c = String(core)
        if c.contains("@") { return (c.hasPrefix("<") ? "<" : "") + "ADDR" + (c.hasSuffix(">") ? ">" : "") + trail }
        let bracketed = c.hasPrefix("[") && c.hasSuffix("]")
        let inner = bracketed ? String(c.dropFirst().dropLast()) : c
        if normalizeIP(inner) != nil { return (bracketed ? "[IP]" : "IP") + trail }
        if inner.contains(where: { $0.isNumber }) {
            // A status code (550, 5.7.1) stays; other numbers and digit-bearing names go.
            if inner.count == 3 && inner.allSatisfy({ $0.isNumber }) && ("245".contains(inner.first!)) { return c + trail }
            if inner.range(of: #"^[245]\.\d{1,3}\.\d{1,3}$"#, options: .regularExpression) != nil { return c + trail }
            if inner.range(of: #"^[245]\d\d[- ]"#, options: .regularExpression) != nil { return c + trail }
            if inner.contains("[") && inner.contains("]") { return "HOST[IP]" + trail }
            if inner.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "/" || $0 == ":" }) { return "N" + trail }
            return (bracketed ? "[ID]" : "ID") + trail
        }
        return c + trail
    }
}
