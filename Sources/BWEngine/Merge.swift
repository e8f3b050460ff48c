// Snapshots merge: counts add, sketches unite, episodes re-join across the
// quiet gap, so the merge of per-host (or per-day, per-thread) snapshots equals
// the snapshot of one run over all their logs.

extension Snapshot {
    /// Deterministic order of every list.
    public mutating func normalize() {
        blocklist.providers.sort { ($0.attempts, $1.provider) > ($1.attempts, $0.provider) }
        blocklist.operators.sort { ($0.attempts, $1.operatorName) > ($1.attempts, $0.operatorName) }
        blocklist.listedIPs.sort { ($0.attempts, $1.ip) > ($1.attempts, $0.ip) }
        blocklist.listedDomains.sort { ($0.attempts, $1.domain) > ($1.attempts, $0.domain) }
        blocklist.episodes.sort { ($0.first, $0.ip, $0.list, $0.provider) < ($1.first, $1.ip, $1.list, $1.provider) }
        resolveChannels()
        unclassified.sort { ($0.count, $1.template) > ($1.count, $0.template) }
    }

    public mutating func merge(_ o: Snapshot) {
        inputs += o.inputs
        totals.add(o.totals)
        for (k, v) in o.categories { categories[k, default: 0] += v }
        if let f = o.firstTime { firstTime = min(firstTime ?? f, f) }
        if let l = o.lastTime { lastTime = max(lastTime ?? l, l) }
        classifier.rules = max(classifier.rules, o.classifier.rules)
        classifier.distinctTexts += o.classifier.distinctTexts
        classifier.cacheHits += o.classifier.cacheHits
        classifier.regexRuns += o.classifier.regexRuns
        classifier.regexErrors += o.classifier.regexErrors

        var b = blocklist
        let ob = o.blocklist
        b.attempts += ob.attempts
        b.users.merge(ob.users)
        b.recipients.merge(ob.recipients)
        b.recipientsBounced.merge(ob.recipientsBounced)
        b.recipientDomains.merge(ob.recipientDomains)
        b.clientIPs.merge(ob.clientIPs)
        if let f = ob.firstSeen { b.firstSeen = min(b.firstSeen ?? f, f) }
        if let l = ob.lastSeen { b.lastSeen = max(b.lastSeen ?? l, l) }

        var providers = Dictionary(uniqueKeysWithValues: b.providers.map { ($0.provider, $0) })
        for p in ob.providers {
            if var m = providers[p.provider] {
                m.attempts += p.attempts
                m.users.merge(p.users)
                let t = DomainTally.merging([(m.recipientDomains, m.recipientDomainCount), (p.recipientDomains, p.recipientDomainCount)])
                m.recipientDomains = t.top
                m.recipientDomainCount = t.distinct
                m.first = min(m.first, p.first); m.last = max(m.last, p.last)
                providers[p.provider] = m
            } else {
                providers[p.provider] = p
            }
        }
        b.providers = Array(providers.values)

        var ops = Dictionary(uniqueKeysWithValues: b.operators.map { ($0.operatorName, $0) })
        for p in ob.operators {
            if var m = ops[p.operatorName] {
                m.attempts += p.attempts
                m.users.merge(p.users)
                for (l, n) in p.lists { m.lists[l, default: 0] += n }
                m.delist = Array(Set(m.delist).union(p.delist)).sorted()
                ops[p.operatorName] = m
            } else {
                ops[p.operatorName] = p
            }
        }
        b.operators = Array(ops.values)

        b.listedIPs = ListedRow.merging(b.listedIPs, ob.listedIPs)
        b.listedDomains = ListedRow.merging(b.listedDomains, ob.listedDomains)

        let gap = max(episodeGap, o.episodeGap)
        var byKey: [String: [Episode]] = [:]
        for e in b.episodes { byKey[e.key, default: []].append(e) }
        for e in ob.episodes { Episode.insert(&byKey[e.key, default: []], e, gap: gap) }
        b.episodes = byKey.values.flatMap { $0 }
        blocklist = b

        // Exposure buckets: the wider width of the two parts, then a bound on their number.
        let width = max(exposureHours, o.exposureHours)
        if width > exposureHours { for k in channels.keys { channels[k]!.widenExposure(to: width) } }
        for (k, var c) in o.channels {
            if width > o.exposureHours { c.widenExposure(to: width) }
            if channels[k] == nil { channels[k] = c } else { channels[k]!.merge(c) }
        }
        exposureHours = width
        _ = widenExposureBuckets(maxBuckets: AnalyzerOptions().maxExposureBuckets)   // normalize() below re-derives
        for (r, c) in o.rangeClients { rangeClients[r, default: DistinctCounter()].merge(c) }
        var un = Dictionary(uniqueKeysWithValues: unclassified.map { ($0.template, $0) })
        for u in o.unclassified {
            if var m = un[u.template] { m.count += u.count; un[u.template] = m } else { un[u.template] = u }
        }
        unclassified = Array(un.values)
        normalize()
    }

    // MARK: - Derived views

    /// Derives egress rows and exposure by IP from the channels.
    public mutating func resolveChannels() {
        var rows: [String: EgressRow] = [:]
        var exp: [String: [Int64: DistinctCounter]] = [:]
        for c in channels.values {
            guard let r = c.resolvedIP else { continue }
            var row = rows[r.ip] ?? EgressRow(ip: r.ip, source: r.source, deliveries: 0)
            row.source = Set(row.source.split(separator: ",").map(String.init) + [r.source]).sorted().joined(separator: ",")
            row.deliveries += c.deliveries
            rows[r.ip] = row
            for (h, u) in c.exposure { exp[r.ip, default: [:]][h, default: DistinctCounter.exposure].merge(u) }
        }
        egress = rows.values.sorted { $0.ip < $1.ip }
        exposure = exp
    }

    /// Widens the exposure buckets of every channel until there are at most `maxBuckets`
    /// (and re-derives the exposure by IP when it did).
    public mutating func boundExposure(maxBuckets: Int = AnalyzerOptions().maxExposureBuckets) {
        if widenExposureBuckets(maxBuckets: maxBuckets) { resolveChannels() }
    }

    /// Doubles the bucket width until there are at most `maxBuckets`; true when it widened.
    private mutating func widenExposureBuckets(maxBuckets: Int) -> Bool {
        let before = exposureHours
        while channels.values.reduce(0, { $0 + $1.exposure.count }) > maxBuckets && exposureHours < 1 << 20 {
            exposureHours *= 2
            for k in channels.keys { channels[k]!.widenExposure(to: exposureHours) }
        }
        return exposureHours != before
    }

    /// Users who sent through `ip` during [first, last] (the resolution of the exposure buckets:
    /// an hour, or `exposureHours` when the logs spanned more buckets than the bound).
    public func exposedUsers(ip: String, first: Int64, last: Int64) -> DistinctCounter? {
        guard let hours = exposure[ip] else { return nil }
        var c = DistinctCounter.exposure
        let w = exposureHours
        let h0 = exposureBucket(hourOf(first), width: w)
        let h1 = exposureBucket(hourOf(last), width: w)
        if (h1 - h0) / w < Int64(hours.count) {
            for h in stride(from: h0, through: h1, by: Int(w)) { if let b = hours[h] { c.merge(b) } }
        } else {
            for (h, b) in hours where h >= h0 && h <= h1 { c.merge(b) }
        }
        return c
    }

    /// An episode is ongoing when its last refusal is within the quiet gap of the end of the logs.
    public func isOngoing(_ e: Episode) -> Bool {
        guard let end = lastTime else { return false }
        return e.last + episodeGap > end
    }

    public struct RangeRow: Sendable, Equatable {
        public var range: String
        public var listedIPs: [String]
        public var attempts: Int
        public var lists: [String: Int]
        public var rangeListing: Bool
        public var egressInside: [String]
        public var clientsInside: Int
    }

    /// Lists that name a whole range, not one address.
    public static let rangeLists: Set<String> = ["uceprotect-l2", "uceprotect-l3"]

    /// Listed IPs grouped by range (CIDR), with our egress addresses and clients inside.
    public var ranges: [RangeRow] {
        var rows: [String: RangeRow] = [:]
        var egressByRange: [String: [String]] = [:]
        for e in egress {
            if let r = cidrRange(e.ip, v4: cidr4, v6: cidr6) { egressByRange[r.text, default: []].append(e.ip) }
        }
        for ip in blocklist.listedIPs {
            guard let r = cidrRange(ip.ip, v4: cidr4, v6: cidr6) else { continue }
            var row = rows[r.text] ?? RangeRow(range: r.text, listedIPs: [], attempts: 0, lists: [:], rangeListing: false,
                                               egressInside: egressByRange[r.text] ?? [], clientsInside: rangeClients[r.text]?.count ?? 0)
            row.listedIPs.append(ip.ip)
            row.attempts += ip.attempts
            for (l, n) in ip.lists {
                row.lists[l, default: 0] += n
                if Snapshot.rangeLists.contains(l) { row.rangeListing = true }
            }
            rows[r.text] = row
        }
        return rows.values.map { var r = $0; r.listedIPs.sort(); r.egressInside.sort(); return r }
            .sorted { ($0.attempts, $1.range) > ($1.attempts, $0.range) }
    }

    /// Exposed users of all episodes of one IP together (its listed periods).
    public func exposedUsers(ip: String) -> DistinctCounter? {
        let eps = blocklist.episodes.filter { $0.ip == ip }
        guard exposure[ip] != nil, !eps.isEmpty else { return nil }
        var c = DistinctCounter.exposure
        for e in eps { if let x = exposedUsers(ip: ip, first: e.first, last: e.last) { c.merge(x) } }
        return c
    }
}
