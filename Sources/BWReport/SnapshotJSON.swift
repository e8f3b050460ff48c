// `report --format snapshot`: everything a report holds, sketches included, so
// that `bouncewatch merge` can combine the snapshots of several hosts or days
// into exactly the report of one run over all their logs.

import BWEngine
import Foundation

public enum SnapshotJSON {
    public static let schema = "bouncewatch.snapshot/1"

    public struct DecodeError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    static func counter(_ w: inout JSONWriter, _ key: String, _ c: DistinctCounter) { w.string(key, c.serialized) }

    public static func render(_ s: Snapshot, version: String) -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.string("schema", schema)
        w.string("generator", "bouncewatch \(version)")
        w.int("episode_gap", Int(s.episodeGap))
        w.int("exposure_hours", Int(s.exposureHours))
        w.int("cidr4", s.cidr4)
        w.int("cidr6", s.cidr6)
        if let f = s.firstTime { w.int("first_time", Int(f)) } else { w.null("first_time") }
        if let l = s.lastTime { w.int("last_time", Int(l)) } else { w.null("last_time") }
        w.beginArray("inputs")
        for i in s.inputs {
            w.beginObject()
            w.string("name", i.name); w.bool("gzip", i.compressed); w.int("lines", i.lines); w.uint("bytes", i.bytes)
            w.string("error", i.error)
            w.endObject()
        }
        w.endArray()
        let t = s.totals
        w.beginObject("totals")
        for (k, v) in [("lines", t.lines), ("malformed", t.malformed), ("overlong", t.overlong), ("messages", t.messages),
                       ("sent", t.sent), ("deferred", t.deferred), ("bounced", t.bounced), ("expired", t.expired),
                       ("bounce_notifications", t.bounceNotifications), ("smtp_rejects", t.smtpRejects),
                       ("postfix_lines", t.postfixLines), ("exim_lines", t.eximLines), ("evicted", t.evicted)] {
            w.int(k, v)
        }
        w.uint("bytes", t.bytes)
        w.endObject()
        w.counts("categories", s.categories)
        let c = s.classifier
        w.beginObject("classifier")
        w.int("rules", c.rules); w.int("distinct_texts", c.distinctTexts); w.int("cache_hits", c.cacheHits)
        w.int("regex_runs", c.regexRuns); w.int("regex_errors", c.regexErrors)
        w.endObject()

        let b = s.blocklist
        w.beginObject("blocklist")
        w.int("attempts", b.attempts)
        counter(&w, "users", b.users)
        counter(&w, "recipients", b.recipients)
        counter(&w, "recipients_bounced", b.recipientsBounced)
        counter(&w, "recipient_domains", b.recipientDomains)
        counter(&w, "client_ips", b.clientIPs)
        if let f = b.firstSeen { w.int("first_seen", Int(f)) } else { w.null("first_seen") }
        if let l = b.lastSeen { w.int("last_seen", Int(l)) } else { w.null("last_seen") }
        w.beginArray("providers")
        for p in b.providers {
            w.beginObject()
            w.string("provider", p.provider); w.int("attempts", p.attempts); counter(&w, "users", p.users)
            w.int("first", Int(p.first)); w.int("last", Int(p.last))
            w.counts("recipient_domains", p.recipientDomains)
            counter(&w, "recipient_domain_count", p.recipientDomainCount)
            w.endObject()
        }
        w.endArray()
        w.beginArray("operators")
        for o in b.operators {
            w.beginObject()
            w.string("operator", o.operatorName); w.int("attempts", o.attempts); counter(&w, "users", o.users)
            w.counts("lists", o.lists)
            w.strings("delist", o.delist)
            w.endObject()
        }
        w.endArray()
        for (key, name, rows) in [("listed_ips", "ip", b.listedIPs), ("listed_domains", "domain", b.listedDomains)] {
            w.beginArray(key)
            for r in rows {
                w.beginObject()
                w.string(name, r.subject); w.int("attempts", r.attempts); counter(&w, "users", r.users)
                w.int("first", Int(r.firstSeen)); w.int("last", Int(r.lastSeen))
                w.strings("providers", r.providers)
                w.counts("lists", r.lists)
                w.strings("delist", r.delist)
                w.endObject()
            }
            w.endArray()
        }
        w.beginArray("episodes")
        for e in b.episodes {
            w.beginObject()
            w.string("ip", e.ip); w.string("operator", e.operatorName); w.string("list", e.list); w.string("provider", e.provider)
            w.int("first", Int(e.first)); w.int("last", Int(e.last)); w.int("attempts", e.attempts); counter(&w, "users", e.users)
            w.endObject()
        }
        w.endArray()
        w.endObject()

        w.beginArray("channels")
        for c in s.channels.values.sorted(by: { $0.key < $1.key }) {
            w.beginObject()
            w.string("kind", c.kind); w.string("host", c.host); w.string("instance", c.instance); w.string("ip", c.ip)
            w.int("deliveries", c.deliveries)
            w.counts("listed", c.listed)
            w.beginObject("exposure")
            for (h, u) in c.exposure.sorted(by: { $0.key < $1.key }) { counter(&w, String(h), u) }
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.beginObject("range_clients")
        for (r, c) in s.rangeClients.sorted(by: { $0.key < $1.key }) { counter(&w, r, c) }
        w.endObject()
        w.beginArray("unclassified")
        for u in s.unclassified {
            w.beginObject(); w.string("template", u.template); w.int("count", u.count); w.string("sample", u.sample); w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.out + "\n"
    }

    // MARK: - Decoding

    public static func decode(_ data: Data, name: String) throws -> Snapshot {
        func fail(_ m: String) -> DecodeError { DecodeError(message: "\(name): \(m)") }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch {
            // where the parser stopped, when it says ("… around line 1, column 11")
            let at = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String).flatMap { d in
                d.range(of: "around ").map { String(d[$0.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: ". ")) }
            }
            throw fail("not JSON\(at.map { " (\($0))" } ?? "") (expected a snapshot written by `report --format snapshot`)")
        }
        guard let root = parsed as? [String: Any] else {
            throw fail("not a JSON object (expected a snapshot written by `report --format snapshot`)")
        }
        guard root["schema"] as? String == schema else {
            throw fail("schema is \(root["schema"] as? String ?? "missing"), expected \(schema) (write it with `report --format snapshot`)")
        }
        // Numbers are checked before they are used: a count is a whole number 0...2^50, a byte count 0...2^60, a time
        // 1970...9999 give or take a day (a local midnight of 1970-01-01 east of UTC is before the epoch); an edited
        // or corrupt snapshot is an error naming the field, never an overflow in the sums of a merge.
        func number(_ d: [String: Any], _ k: String, _ range: ClosedRange<Int64>) throws -> Int64? {
            guard let v = d[k], !(v is NSNull) else { return nil }
            guard let n = v as? NSNumber else { throw fail("'\(k)' is not a number") }
            let x = n.doubleValue
            guard x.isFinite, x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound), let i = Int64(exactly: x) else {
                throw fail("'\(k)' out of range: \(n)")
            }
            return i
        }
        func int(_ d: [String: Any], _ k: String) throws -> Int { Int(try number(d, k, 0...(1 << 50)) ?? 0) }
        func time(_ d: [String: Any], _ k: String) throws -> Int64? { try number(d, k, -86_400...253_402_387_199) }
        func i64(_ d: [String: Any], _ k: String) throws -> Int64 { try time(d, k) ?? 0 }
        func byteCount(_ d: [String: Any], _ k: String) throws -> UInt64 { UInt64(try number(d, k, 0...(1 << 60)) ?? 0) }
        // a provider row's first and last time, or the "none yet" its report writes (Int64.max, Int64.min)
        func edge(_ d: [String: Any], _ k: String, none: Int64) throws -> Int64 {
            if let n = d[k] as? NSNumber, n.description == String(none) { return none }
            return try i64(d, k)
        }
        func dc(_ d: [String: Any], _ k: String, precision: Int = DistinctCounter.precision, limit: Int = DistinctCounter.exactLimit) throws -> DistinctCounter {
            guard let str = d[k] as? String, let c = DistinctCounter(serialized: str, precision: precision, exactLimit: limit) else {
                throw fail("bad sketch '\(k)'")
            }
            return c
        }
        func dict(_ x: Any?) -> [String: Any] { x as? [String: Any] ?? [:] }
        func arr(_ x: Any?) -> [[String: Any]] { x as? [[String: Any]] ?? [] }
        func ints(_ x: Any?) throws -> [String: Int] {
            let d = x as? [String: Any] ?? [:]
            var out: [String: Int] = [:]
            for k in d.keys { out[k] = try int(d, k) }
            return out
        }
        func strings(_ x: Any?) -> [String] { x as? [String] ?? [] }

        var s = Snapshot()
        s.episodeGap = try number(root, "episode_gap", 0...AnalyzerOptions.maxEpisodeGap) ?? 0
        // Exposure bucket width in hours (absent in older snapshots: one hour); a power of two.
        let hours = (root["exposure_hours"] as? NSNumber)?.int64Value ?? 1
        guard hours >= 1, hours <= 1 << 20, hours & (hours - 1) == 0 else { throw fail("bad exposure_hours \(hours)") }
        s.exposureHours = hours
        s.cidr4 = Int(try number(root, "cidr4", 0...32) ?? 24); s.cidr6 = Int(try number(root, "cidr6", 0...128) ?? 48)
        s.firstTime = try time(root, "first_time")
        s.lastTime = try time(root, "last_time")
        s.inputs = try arr(root["inputs"]).map {
            InputSummary(name: $0["name"] as? String ?? "?", compressed: $0["gzip"] as? Bool ?? false, lines: try int($0, "lines"),
                         bytes: try byteCount($0, "bytes"), error: $0["error"] as? String)
        }
        let t = dict(root["totals"])
        s.totals.lines = try int(t, "lines"); s.totals.malformed = try int(t, "malformed"); s.totals.overlong = try int(t, "overlong")
        s.totals.messages = try int(t, "messages"); s.totals.sent = try int(t, "sent"); s.totals.deferred = try int(t, "deferred")
        s.totals.bounced = try int(t, "bounced"); s.totals.expired = try int(t, "expired")
        s.totals.bounceNotifications = try int(t, "bounce_notifications"); s.totals.smtpRejects = try int(t, "smtp_rejects")
        s.totals.postfixLines = try int(t, "postfix_lines"); s.totals.eximLines = try int(t, "exim_lines")
        s.totals.evicted = try int(t, "evicted"); s.totals.bytes = try byteCount(t, "bytes")
        s.categories = try ints(root["categories"])
        let c = dict(root["classifier"])
        s.classifier = ClassifierStats(rules: try int(c, "rules"), distinctTexts: try int(c, "distinct_texts"), cacheHits: try int(c, "cache_hits"),
                                       regexRuns: try int(c, "regex_runs"), regexErrors: try int(c, "regex_errors"))
        let b = dict(root["blocklist"])
        s.blocklist.attempts = try int(b, "attempts")
        s.blocklist.users = try dc(b, "users")
        s.blocklist.recipients = try dc(b, "recipients")
        s.blocklist.recipientsBounced = try dc(b, "recipients_bounced")
        s.blocklist.recipientDomains = try dc(b, "recipient_domains")
        s.blocklist.clientIPs = try dc(b, "client_ips")
        s.blocklist.firstSeen = try time(b, "first_seen")
        s.blocklist.lastSeen = try time(b, "last_seen")
        s.blocklist.providers = try arr(b["providers"]).map {
            ProviderRow(provider: $0["provider"] as? String ?? "other", attempts: try int($0, "attempts"), users: try dc($0, "users"),
                        recipientDomains: try ints($0["recipient_domains"]),
                        recipientDomainCount: $0["recipient_domain_count"] == nil ? nil : try dc($0, "recipient_domain_count"),
                        first: try edge($0, "first", none: .max), last: try edge($0, "last", none: .min))
        }
        s.blocklist.operators = try arr(b["operators"]).map {
            OperatorRow(operatorName: $0["operator"] as? String ?? "unknown", lists: try ints($0["lists"]), attempts: try int($0, "attempts"),
                        users: try dc($0, "users"), delist: strings($0["delist"]))
        }
        func listed(_ key: String, _ name: String) throws -> [ListedRow] {
            try arr(b[key]).map {
                ListedRow(subject: $0[name] as? String ?? "?", attempts: try int($0, "attempts"), providers: strings($0["providers"]),
                          lists: try ints($0["lists"]), firstSeen: try i64($0, "first"), lastSeen: try i64($0, "last"),
                          users: try dc($0, "users"), delist: strings($0["delist"]))
            }
        }
        s.blocklist.listedIPs = try listed("listed_ips", "ip")
        s.blocklist.listedDomains = try listed("listed_domains", "domain")   // absent in snapshots before 2026-12
        s.blocklist.episodes = try arr(b["episodes"]).map {
            Episode(ip: $0["ip"] as? String ?? "?", operatorName: $0["operator"] as? String ?? "unknown", list: $0["list"] as? String ?? "?",
                    provider: $0["provider"] as? String ?? "other", first: try i64($0, "first"), last: try i64($0, "last"),
                    attempts: try int($0, "attempts"), users: try dc($0, "users"))
        }
        for c in arr(root["channels"]) {
            var ch = Channel(kind: c["kind"] as? String ?? "postfix", host: c["host"] as? String ?? "",
                             instance: c["instance"] as? String ?? "", ip: c["ip"] as? String)
            ch.deliveries = try int(c, "deliveries")
            ch.listed = try ints(c["listed"])
            let exp = dict(c["exposure"])
            for (h, _) in exp {
                guard let hour = Int64(h) else { throw fail("bad exposure hour '\(h)'") }
                ch.exposure[hour] = try dc(exp, h, precision: DistinctCounter.exposurePrecision, limit: DistinctCounter.exposureExactLimit)
            }
            s.channels[ch.key] = ch
        }
        for (r, _) in dict(root["range_clients"]) { s.rangeClients[r] = try dc(dict(root["range_clients"]), r) }
        s.unclassified = try arr(root["unclassified"]).map {
            UnclassifiedText(template: $0["template"] as? String ?? "", count: try int($0, "count"), sample: $0["sample"] as? String ?? "")
        }
        s.normalize()
        return s
    }
}
