// `report --format json`: schema bouncewatch.report/1.

import BWEngine

public enum ReportJSON {
    public static let schema = "bouncewatch.report/1"

    public static func render(_ s: Snapshot, version: String, pretty: Bool = true, top: Int = 20) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.string("schema", schema)
        w.string("generator", "bouncewatch \(version)")
        w.beginObject("period")
        w.string("first", s.firstTime.map(rfc3339))
        w.string("last", s.lastTime.map(rfc3339))
        w.endObject()
        w.beginArray("inputs")
        for i in s.inputs {
            w.beginObject()
            w.string("name", i.name)
            w.bool("gzip", i.compressed)
            w.int("lines", i.lines)
            w.uint("bytes", i.bytes)
            w.string("error", i.error)
            w.endObject()
        }
        w.endArray()
        let t = s.totals
        w.beginObject("totals")
        w.int("lines", t.lines)
        w.int("malformed", t.malformed)
        w.int("overlong", t.overlong)
        w.int("postfix_lines", t.postfixLines)
        w.int("exim_lines", t.eximLines)
        w.int("messages", t.messages)
        w.beginObject("deliveries")
        w.int("sent", t.sent)
        w.int("deferred", t.deferred)
        w.int("bounced", t.bounced)
        w.int("expired", t.expired)
        w.endObject()
        w.int("bounce_notifications", t.bounceNotifications)
        w.int("smtp_rejects", t.smtpRejects)
        w.int("evicted_messages", t.evicted)
        w.endObject()
        w.beginObject("categories")
        for c in Category.allCases { w.int(c.rawValue, s.categories[c.rawValue] ?? 0) }
        w.endObject()

        let b = s.blocklist
        w.beginObject("blocklist")
        w.int("attempts", b.attempts)
        users(&w, "affected_users", b.users, atMost: b.attempts)
        if let exposed = allExposed(s) { users(&w, "exposed_users", exposed) } else { w.null("exposed_users") }
        // Exposure is counted per bucket of this many hours (1; wider only when the logs span more
        // buckets than the memory bound allows).
        w.int("exposure_resolution_hours", Int(s.exposureHours))
        let recipients = b.recipients.count(atMost: b.attempts)
        users(&w, "recipients", b.recipients, atMost: b.attempts)
        users(&w, "recipients_not_delivered", b.recipientsBounced, atMost: recipients)
        users(&w, "recipient_domains", b.recipientDomains, atMost: recipients)
        users(&w, "client_ips", b.clientIPs, atMost: b.attempts)
        w.string("first_seen", b.firstSeen.map(rfc3339))
        w.string("last_seen", b.lastSeen.map(rfc3339))
        w.beginArray("providers")
        for p in b.providers {
            w.beginObject()
            w.string("provider", p.provider)
            w.int("attempts", p.attempts)
            users(&w, "affected_users", p.users, atMost: p.attempts)
            w.beginArray("top_recipient_domains")
            // every kept domain (up to 1,024 per provider), as the README says: a tool filters, --top is for people
            for (d, n) in p.recipientDomains.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                w.beginObject(); w.string("domain", d); w.int("attempts", n); w.endObject()
            }
            w.endArray()
            w.int("recipient_domains", p.recipientDomainCount.count)
            w.endObject()
        }
        w.endArray()
        w.beginArray("operators")
        for o in b.operators {
            w.beginObject()
            w.string("operator", o.operatorName)
            w.counts("lists", o.lists)
            w.int("attempts", o.attempts)
            users(&w, "affected_users", o.users, atMost: o.attempts)
            w.strings("delist", o.delist)
            w.endObject()
        }
        w.endArray()
        w.beginArray("listed_ips")
        // "ip": null for the listings whose text names no address, sent from an address not known
        for ip in b.listedIPs { listed(&w, "ip", ip.ip.isEmpty ? nil : ip.ip, ip, exposed: { s.exposedUsers(ip: ip.ip) }) }
        w.endArray()
        // Domain listings (DBL, SURBL, URIBL, …) whose text names no listed IP: counted here, not for an IP.
        w.beginArray("listed_domains")
        for d in b.listedDomains { listed(&w, "domain", d.domain.isEmpty ? nil : d.domain, d, exposed: nil) }
        w.endArray()
        w.beginArray("episodes")
        for e in s.blocklist.episodes {
            w.beginObject()
            w.string("ip", e.ip)
            w.string("operator", e.operatorName)
            w.string("list", e.list)
            w.string("provider", e.provider)
            w.string("first_seen", rfc3339(e.first))
            w.string("last_seen", rfc3339(e.last))
            w.int("duration_seconds", Int(e.last - e.first))
            w.bool("ongoing", s.isOngoing(e))
            w.int("attempts", e.attempts)
            users(&w, "affected_users", e.users, atMost: e.attempts)
            if let exposed = s.exposedUsers(ip: e.ip, first: e.first, last: e.last) { users(&w, "exposed_users", exposed) } else { w.null("exposed_users") }
            w.endObject()
        }
        w.endArray()
        w.beginArray("ranges")
        for r in s.ranges {
            w.beginObject()
            w.string("range", r.range)
            w.strings("listed_ips", r.listedIPs)
            w.int("attempts", r.attempts)
            w.counts("lists", r.lists)
            w.bool("range_listing", r.rangeListing)
            w.strings("egress_ips_inside", r.egressInside)
            w.int("client_ips_inside", r.clientsInside)
            w.endObject()
        }
        w.endArray()
        w.int("episode_gap_seconds", Int(s.episodeGap))
        w.endObject()

        w.beginArray("egress")
        for e in s.egress {
            w.beginObject()
            w.string("ip", e.ip)
            w.string("source", e.source)
            w.int("deliveries", e.deliveries)
            w.bool("listed", s.blocklist.listedIPs.contains { $0.ip == e.ip })
            w.endObject()
        }
        w.endArray()
        if !s.unclassified.isEmpty {
            w.beginArray("unclassified")
            for u in s.unclassified.prefix(top) {
                w.beginObject(); w.string("template", u.template); w.int("count", u.count); w.string("sample", u.sample); w.endObject()
            }
            w.endArray()
        }

        w.beginObject("classifier")
        w.int("rules", s.classifier.rules)
        w.int("distinct_texts", s.classifier.distinctTexts)
        w.int("cache_hits", s.classifier.cacheHits)
        w.int("regex_runs", s.classifier.regexRuns)
        w.int("regex_errors", s.classifier.regexErrors)
        w.endObject()
        w.strings("errors", s.errors)
        w.endObject()
        return w.out + "\n"
    }

    /// One listed IP's or domain's row: what it was refused for, and for an IP the users exposed while it was listed.
    static func listed(_ w: inout JSONWriter, _ key: String, _ subject: String?, _ r: ListedRow, exposed: (() -> DistinctCounter?)?) {
        w.beginObject()
        w.string(key, subject)
        w.int("attempts", r.attempts)
        w.strings("providers", r.providers)
        w.counts("lists", r.lists)
        w.string("first_seen", rfc3339(r.firstSeen))
        w.string("last_seen", rfc3339(r.lastSeen))
        users(&w, "affected_users", r.users, atMost: r.attempts)
        if let exposed {
            if let e = exposed() { users(&w, "exposed_users", e) } else { w.null("exposed_users") }
        }
        w.strings("delist", r.delist)
        w.endObject()
    }

    /// Exposed users over every listed egress IP's episodes together.
    static func allExposed(_ s: Snapshot) -> DistinctCounter? {
        var total: DistinctCounter? = nil
        for ip in s.blocklist.listedIPs {
            if let e = s.exposedUsers(ip: ip.ip) {
                if total == nil { total = e } else { total!.merge(e) }
            }
        }
        return total
    }

    /// A distinct count: the number, then `KEY_estimate` ("exact" or "approximate")
    /// and, when approximate, `KEY_error` (relative standard error of the sketch).
    static func users(_ w: inout JSONWriter, _ key: String, _ c: DistinctCounter, atMost bound: Int = .max) {
        // an estimate is never written above what it was drawn from
        w.int(key, c.count(atMost: bound))
        w.string(key + "_estimate", c.isExact ? "exact" : "approximate")
        if !c.isExact { w.double(key + "_error", (c.relativeError * 10000).rounded() / 10000) }
    }
}
