// Split runs, stitched exactly. Inputs (whole files, or a large plain file cut at
// line boundaries) are read by several analyzers at once; each later segment
// marks the messages whose first line it sees is not their start ("continued")
// and keeps their deliveries aside. The stitch then walks the segments in order,
// carrying each message's state across, so the result equals one sequential run:
// a message spanning a cut is counted once, and its deliveries get the sender,
// SASL user, client and sending address it had.

/// A message across analyzers: syslog host and queue ID. The host is kept as its bytes: a host name that is no valid
/// UTF-8 (a damaged line) must not meet another one's message by decoding to the same replacement characters.
public struct MessageRef: Hashable, Sendable {
    public var host: [UInt8]
    public var id: String
}

/// What the stitch needs of a message's state.
public struct MessageExport: Sendable, Equatable {
    public var sender: UInt64
    public var sasl: UInt64
    public var client: UInt64
    public var egress: String?
    public var bounce: Bool
    /// Recipients deferred for a listing and not settled yet (`Analyzer.listedPending`); the stitch carries them.
    var listedPending: [UInt64] = []

    /// This segment's values, falling back on the earlier state for what it did not see (the deferred recipients
    /// are this segment's: the stitch settles the earlier ones).
    func over(_ prev: MessageExport?) -> MessageExport {
        guard let prev else { return self }
        return MessageExport(sender: sender != 0 ? sender : prev.sender, sasl: sasl != 0 ? sasl : prev.sasl,
                             client: client != 0 ? client : prev.client, egress: egress ?? prev.egress,
                             bounce: bounce || prev.bounce, listedPending: listedPending)
    }
}

public struct BlockExport: Sendable {
    var provider: String, op: String, list: String
    var textIP: String?, delist: String?, domain: String?
    var rcptHash: UInt64, domainHash: UInt64
    var domainListing: Bool, listedDomain: String?
    /// A receiver the stitch names by its organisation (`BlockFields.unnamed`): the relay's and the domain's.
    var organisations: (relay: String?, domain: String?)? = nil
    var ownBlock = false
}

/// A delivery of a continued message, with the message's state as this segment knew it then.
public struct PendingExport: Sendable {
    var status: DeliveryStatus
    var t: Int64
    /// The syslog host and Postfix instance as bytes (a damaged host name must not meet another one as text).
    var postfix: (host: [UInt8], instance: [UInt8])?
    var eximLineIP: String?
    var state: MessageExport
    var block: BlockExport?
}

public struct ContinuedMessage: Sendable {
    /// State when last seen in the segment.
    public var end: MessageExport
    /// Whether the message ended (or was evicted) in the segment.
    public var removed: Bool
    var deliveries: [PendingExport]
    /// What became of its recipients here, in order (`Analyzer.continuedOutcomes`).
    var outcomes: [RecipientOutcome] = []
}

public struct SegmentResult: Sendable {
    public var snapshot: Snapshot
    public var continued: [MessageRef: ContinuedMessage]
    /// Every message still live at the end of the segment.
    public var live: [MessageRef: MessageExport]
    /// Deliveries of the segment's own messages refused by a receiver named by its organisation.
    public var deferred: [PendingExport] = []
    /// The organisations a run starting with this segment would name, in order (`Analyzer.organisationOrder`).
    public var organisations: [String] = []
}


extension Analyzer {
    func ref(_ key: QueueKey) -> MessageRef {
        var w = (key.a, key.b, key.c)
        let id = withUnsafeBytes(of: &w) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return MessageRef(host: hosts.bytes(key.host), id: id)
    }

    func export(_ st: MessageState) -> MessageExport {
        MessageExport(sender: st.sender, sasl: st.sasl, client: st.clientIP,
                      egress: st.egress >= 0 ? ips.string(st.egress) : nil, bounce: st.bounce)
    }

    func export(_ d: PendingDelivery) -> PendingExport {
        let sym = classifier.symbols
        func s(_ i: Int32) -> String? { i >= 0 ? sym[i] : nil }
        var postfix: ([UInt8], [UInt8])? = nil
        var line: String? = nil
        switch d.hint {
        case let .postfix(channel, _):
            postfix = (hosts.bytes(Int32((channel >> 20) & 0xFFFFFFF)), instances.bytes(Int32(channel & 0xFFFFF)))
        case let .exim(lineIP):
            line = lineIP >= 0 ? ips.string(lineIP) : nil
        }
        let block = d.block.map {
            let unnamed = $0.provider == BlockFields.unnamed
            return BlockExport(provider: unnamed ? "" : sym[$0.provider], op: sym[$0.op], list: sym[$0.list], textIP: s($0.textIP), delist: s($0.delist),
                               domain: d.domainName, rcptHash: $0.rcptHash, domainHash: $0.domainHash,
                               domainListing: $0.domainListing, listedDomain: s($0.listedDomain),
                               organisations: unnamed ? (s($0.relayOrganisation), s($0.domainOrganisation)) : nil, ownBlock: $0.ownBlock)
        }
        let st = MessageExport(sender: d.sender, sasl: d.sasl, client: d.client,
                               egress: d.egress >= 0 ? ips.string(d.egress) : nil, bounce: false)
        return PendingExport(status: d.status, t: d.t, postfix: postfix, eximLineIP: line, state: st, block: block)
    }

    /// A continued message met its own start line: it began here after all.
    func resolveContinued(_ key: QueueKey, _ idx: Int) {
        messages.values[idx].continued = false
        continuedKeys.remove(key)
        continuedOutcomes[key] = nil
        let mine = pending.removeValue(forKey: key) ?? []
        for d in mine {
            let st = messages.values[idx]
            let user = d.sasl != 0 ? d.sasl : (d.sender != 0 ? d.sender : (st.sasl != 0 ? st.sasl : st.sender))
            let (channel, egressSym) = resolve(d.hint, messageEgress: d.egress >= 0 ? d.egress : st.egress)
            // The domain's interner id may not have survived the bound on the interner.
            var block = d.block
            if block?.provider == BlockFields.unnamed {
                // named at the stitch: kept with the message's state as it is now known
                deferred.append(PendingDelivery(key: key, status: d.status, t: d.t, hint: d.hint, sender: 0, sasl: user,
                                                client: d.client != 0 ? d.client : st.clientIP,
                                                egress: d.egress >= 0 ? d.egress : st.egress, block: block, domainName: d.domainName))
                continue
            }
            if block != nil { block!.domain = d.domainName.map { domains.intern($0) } ?? -1 }
            applyDelivery(d.status, d.t, channel: channel, egressSym: egressSym, user: user != 0 ? user : nil,
                          client: d.client != 0 ? d.client : st.clientIP, block: block)
        }
    }

    /// The segment's own aggregates, its continued messages and its live messages.
    public func segmentResult() -> SegmentResult {
        var continued: [MessageRef: ContinuedMessage] = [:]
        for key in continuedKeys {
            let end: MessageState
            let removed: Bool
            if let e = continuedEnds[key] { end = e.state; removed = e.removed }
            else if let idx = messages.find(key) { end = messages.values[idx]; removed = false }
            else { continue }
            continued[ref(key)] = ContinuedMessage(end: export(end), removed: removed, deliveries: [])
        }
        for (key, ds) in pending { for d in ds { continued[ref(key)]?.deliveries.append(export(d)) } }
        for (key, os) in continuedOutcomes { continued[ref(key)]?.outcomes = os }
        var live: [MessageRef: MessageExport] = [:]
        messages.forEachSlot { slot in
            var st = export(messages.values[slot])
            st.listedPending = listedPending[messages.keys[slot]] ?? []
            live[ref(messages.keys[slot])] = st
        }
        return SegmentResult(snapshot: snapshot(), continued: continued, live: live,
                             deferred: deferred.map(export), organisations: organisationOrder)
    }

    /// Aggregates a continued message's delivery once its earlier state is known.
    func replay(_ d: PendingExport, earlier: MessageExport?) {
        let st = d.state.over(earlier)
        let user = st.sasl != 0 ? st.sasl : st.sender
        let hint: EgressHint
        if let pf = d.postfix {
            let channel = Analyzer.postfixChannelBase | Int64(hosts.intern(pf.host)) << 20 | Int64(instances.intern(pf.instance))
            hint = .postfix(channel: channel, mapped: postfixEgress(channel))
        } else {
            hint = .exim(lineIP: d.eximLineIP.map { ips.intern($0) } ?? -1)
        }
        let (channel, egressSym) = resolve(hint, messageEgress: st.egress.map { ips.intern($0) } ?? -1)
        let sym = classifier.symbols
        let block = d.block.map { e -> BlockFields in
            var b = BlockFields(provider: -1, op: sym.id(e.op), list: sym.id(e.list),
                                textIP: e.textIP.map { sym.id($0) } ?? -1, delist: e.delist.map { sym.id($0) } ?? -1,
                                rcptHash: e.rcptHash, domainHash: e.domainHash, domain: e.domain.map { domains.intern($0) } ?? -1,
                                domainListing: e.domainListing, listedDomain: e.listedDomain.map { sym.id($0) } ?? -1)
            if let orgs = e.organisations {
                // as `providerOf` names it in one run: the relay's organisation when named, else the domain's, else `other`
                let relay = orgs.relay.flatMap { stitchedOrganisations.contains($0) ? $0 : nil }
                let who = relay ?? orgs.domain.flatMap { stitchedOrganisations.contains($0) ? $0 : nil }
                b.provider = who.map { sym.id($0) } ?? classifier.otherProvider
                // the receiver's own block, named by the relay: its list is the provider's, as in one run
                if relay != nil { (b.op, b.list) = classifier.ownedBy(b.provider, ownBlock: e.ownBlock, op: b.op, list: b.list) }
            } else {
                b.provider = sym.id(e.provider)
            }
            return b
        }
        applyDelivery(d.status, d.t, channel: channel, egressSym: egressSym, user: user != 0 ? user : nil,
                      client: st.client, block: block)
    }
}

public enum Stitch {
    /// Joins segment results (in input order) into the snapshot one sequential run would give.
    /// `continuesInput[i]`: segment i is the next part of the same file as segment i - 1.
    public static func join(_ results: [SegmentResult], continuesInput: [Bool] = [], classifier: Classifier,
                            options: AnalyzerOptions) -> Snapshot {
        guard var result = results.first?.snapshot else { return Snapshot() }
        var carry = results[0].live
        let replayer = Analyzer(classifier: classifier, options: options)
        // The organisations one run names: the first `maxNamedOrganisations` of the parts', in input order.
        for r in results {
            for o in r.organisations where replayer.stitchedOrganisations.count < Analyzer.maxNamedOrganisations {
                replayer.stitchedOrganisations.insert(o)
            }
        }
        for r in results { for d in r.deferred { replayer.replay(d, earlier: nil) } }
        for r in results.dropFirst() {
            var snap = r.snapshot
            var earlier: [MessageRef: MessageExport] = [:]
            var stillDeferred: [MessageRef: [UInt64]] = [:]
            for (ref, c) in r.continued {
                let prev = carry[ref]
                if let prev {
                    earlier[ref] = prev
                    snap.totals.messages -= 1                              // one message, seen in two segments
                    if prev.bounce && c.end.bounce { snap.totals.bounceNotifications -= 1 }
                    if !prev.listedPending.isEmpty { stillDeferred[ref] = replayer.settle(prev.listedPending, c.outcomes) }
                }
                for d in c.deliveries { replayer.replay(d, earlier: prev) }
                carry[ref] = nil
            }
            for (ref, st) in r.live {
                var next = r.continued[ref] != nil ? st.over(earlier[ref]) : st
                if let left = stillDeferred[ref], !left.isEmpty {
                    next.listedPending = left + next.listedPending.filter { !left.contains($0) }
                }
                carry[ref] = next
            }
            result.merge(snap)
        }
        var replayed = replayer.snapshot()
        replayed.inputs = []
        result.merge(replayed)
        // Segments of one file are one input (each segment reports exactly one input).
        var inputs: [InputSummary] = []
        for (k, i) in result.inputs.enumerated() {
            if k < continuesInput.count && continuesInput[k], var last = inputs.last {
                last.lines += i.lines; last.bytes += i.bytes; last.error = last.error ?? i.error
                inputs[inputs.count - 1] = last
            } else {
                inputs.append(i)
            }
        }
        result.inputs = inputs
        return result
    }
}
