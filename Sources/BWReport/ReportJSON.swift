// `report --format json`: schema bouncewatch.report/1.

import BWEngine

public enum ReportJSON {
    public static let schema = "bouncewatch.report/1"

    public static func render(_ s: Snapshot, version: String, pretty: Bool = true) -> String {
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
        users(&w, "affected_users", b.users)
        w.string("first_seen", b.firstSeen.map(rfc3339))
        w.string("last_seen", b.lastSeen.map(rfc3339))
        w.beginArray("providers")
        for p in b.providers {
            w.beginObject()
            w.string("provider", p.provider)
            w.int("attempts", p.attempts)
            users(&w, "affected_users", p.users)
            w.endObject()
        }
        w.endArray()
        w.beginArray("operators")
        for o in b.operators {
            w.beginObject()
            w.string("operator", o.operatorName)
            w.beginObject("lists")
            for (k, v) in o.lists.sorted(by: { $0.key < $1.key }) { w.int(k, v) }
            w.endObject()
            w.int("attempts", o.attempts)
            users(&w, "affected_users", o.users)
            w.beginArray("delist")
            for d in o.delist { w.string(nil, d) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.beginArray("listed_ips")
        for ip in b.listedIPs {
            w.beginObject()
            w.string("ip", ip.ip)
            w.int("attempts", ip.attempts)
            w.beginArray("providers")
            for p in ip.providers { w.string(nil, p) }
            w.endArray()
            w.beginObject("lists")
            for (k, v) in ip.lists.sorted(by: { $0.key < $1.key }) { w.int(k, v) }
            w.endObject()
            w.string("first_seen", rfc3339(ip.firstSeen))
            w.string("last_seen", rfc3339(ip.lastSeen))
            users(&w, "affected_users", ip.users)
            w.beginArray("delist")
            for d in ip.delist { w.string(nil, d) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()

        w.beginObject("classifier")
        w.int("rules", s.classifier.rules)
        w.int("distinct_texts", s.classifier.distinctTexts)
        w.int("cache_hits", s.classifier.cacheHits)
        w.int("regex_runs", s.classifier.regexRuns)
        w.int("regex_errors", s.classifier.regexErrors)
        w.endObject()
        w.beginArray("errors")
        for e in s.errors { w.string(nil, e) }
        w.endArray()
        w.endObject()
        return w.out + "\n"
    }

    /// A distinct count: the number, then `KEY_estimate` ("exact" or "approximate")
    /// and, when approximate, `KEY_error` (relative standard error of the sketch).
    static func users(_ w: inout JSONWriter, _ key: String, _ c: DistinctCounter) {
        w.int(key, c.count)
        w.string(key + "_estimate", c.isExact ? "exact" : "approximate")
        if !c.isExact { w.double(key + "_error", (DistinctCounter.standardError * 10000).rounded() / 10000) }
    }
}
