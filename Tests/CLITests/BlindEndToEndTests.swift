import XCTest
import Foundation

/// fixtures/blind-e2e: two relays' logs (Postfix with two instances and a second host, Exim with two addresses) written
/// by a helper who never saw the rules or the code, with the helper's own ground truth for every refused delivery
/// (`truth.tsv`: listing or not, listed IP or the egress that sent it, list operator, who refused, user, recipient,
/// client). The report must give the numbers that truth counts to, under this project's conventions where they differ
/// from the helper's (fixtures/blind-e2e/README.md, "Blind score").
final class BlindEndToEndTests: XCTestCase {
    func truth() throws -> [[String: String]] {
        let text = try String(contentsOfFile: cliRepoRoot + "/fixtures/blind-e2e/truth.tsv", encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        return lines.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// Runs `report` with a case's `command_options` over its logs, checks the exit status and the deliveries, and
    /// gives the report, its blocklist section, the expected one and the whole expected file.
    func runCase(_ dir: String, _ logs: [String]) throws -> (json: [String: Any], b: [String: Any], eb: [String: Any], exp: [String: Any]) {
        let exp = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cliRepoRoot + "/fixtures/\(dir)/expected.json"))) as! [String: Any]
        let options = exp["command_options"] as! [String]
        let r = try bw(["report"] + options + (options.contains("--format") ? [] : ["--format", "json"]) + logs.map { "fixtures/\(dir)/" + $0 })
        XCTAssertEqual(r.status, 0, r.stderr)
        assertDeliveries(r.json, exp, dir)
        return (r.json, r.json["blocklist"] as! [String: Any], exp["blocklist"] as! [String: Any], exp)
    }

    func assertDeliveries(_ json: [String: Any], _ exp: [String: Any], _ dir: String, line: UInt = #line) {
        let d = (json["totals"] as! [String: Any])["deliveries"] as! [String: Int]
        for (k, v) in exp["deliveries"] as! [String: Int] { XCTAssertEqual(d[k], v, "\(dir): deliveries.\(k)", line: line) }
    }

    /// The numbers of an expected file written in the shape of cases 4 and 5: attempts, affected and exposed users, and
    /// per listed address, per operator and per egress address.
    func assertNumbers(_ json: [String: Any], _ exp: [String: Any], line: UInt = #line) {
        let b = json["blocklist"] as! [String: Any], eb = exp["blocklist"] as! [String: Any]
        for k in ["attempts", "affected_users", "exposed_users"] { XCTAssertEqual(b[k] as? Int, eb[k] as? Int, k, line: line) }
        let ips = Dictionary(uniqueKeysWithValues: (b["listed_ips"] as! [[String: Any]]).map { ($0["ip"] as! String, [$0["attempts"] as! Int, $0["affected_users"] as! Int, $0["exposed_users"] as? Int ?? -1]) })
        XCTAssertEqual(ips, (eb["listed_ips"] as! [String: [String: Int]]).mapValues { [$0["attempts"]!, $0["affected_users"]!, $0["exposed_users"]!] }, line: line)
        let ops = Dictionary(uniqueKeysWithValues: (b["operators"] as! [[String: Any]]).map { ($0["operator"] as! String, [$0["attempts"] as! Int, $0["affected_users"] as! Int]) })
        XCTAssertEqual(ops, (eb["operators"] as! [String: [String: Int]]).mapValues { [$0["attempts"]!, $0["affected_users"]!] }, line: line)
        let egress = Dictionary(uniqueKeysWithValues: (json["egress"] as! [[String: Any]]).map { ($0["ip"] as! String, "\($0["deliveries"]!) \($0["listed"]!)") })
        XCTAssertEqual(egress, (exp["egress"] as! [String: [String: Any]]).mapValues { "\($0["deliveries"]!) \($0["listed"]!)" }, line: line)
    }

    func testTheReportCountsWhatTheHandMadeTruthCounts() throws {
        let rows = try truth()
        let listings = rows.filter { $0["blocklist"] == "yes" }
        XCTAssertEqual(rows.count, 111)
        XCTAssertEqual(listings.count, 57)
        func users(_ rs: [[String: String]]) -> Int { Set(rs.compactMap { $0["user"] }.filter { $0 != "-" }.map { $0.lowercased() }).count }
        let (_, b, _, _) = try runCase("blind-e2e", ["postfix.log", "exim.log"])
        XCTAssertEqual(b["attempts"] as? Int, listings.count)
        XCTAssertEqual(b["affected_users"] as? Int, users(listings))
        XCTAssertEqual(b["recipients"] as? Int, Set(listings.map { $0["recipient"]!.lowercased() }).count)
        XCTAssertEqual(b["recipient_domains"] as? Int, Set(listings.map { $0["recipient"]!.lowercased().split(separator: "@").last! }).count)
        XCTAssertEqual(b["client_ips"] as? Int, Set(listings.compactMap { $0["client_ip"] }.filter { $0 != "-" }).count)

        // a domain listing whose text names no IP counts for the domain, not for the address that sent it
        let domainListing = { (r: [String: String]) in r["listed_domain"] != "-" && r["ip_from"] != "text" }
        let byIP = Dictionary(grouping: listings.filter { !domainListing($0) }, by: { $0["listed_ip"]! })
        let gotIPs = Dictionary(uniqueKeysWithValues: (b["listed_ips"] as! [[String: Any]]).map { ($0["ip"] as! String, $0) })
        XCTAssertEqual(Set(gotIPs.keys), Set(byIP.keys), "192.0.2.31 is refused only for other reasons")
        for (ip, rs) in byIP {
            XCTAssertEqual(gotIPs[ip]?["attempts"] as? Int, rs.count, ip)
            XCTAssertEqual(gotIPs[ip]?["affected_users"] as? Int, users(rs), ip)
        }
        let domains = Dictionary(grouping: listings.filter(domainListing), by: { $0["listed_domain"]! }).mapValues(\.count)
        let gotDomains = (b["listed_domains"] as! [[String: Any]]).map { ($0["domain"] as? String ?? "-", $0["attempts"] as! Int) }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: gotDomains), domains)

        // whose list: Mimecast's "IP found in RBL" names no list (this project: `unknown`, the helper: `mimecast`)
        let byOperator = Dictionary(grouping: listings, by: { r -> String in
            r["operator"] == "mimecast" && r["provider"] == "mimecast" ? "unknown" : r["operator"]! })
        let gotOps = Dictionary(uniqueKeysWithValues: (b["operators"] as! [[String: Any]]).map { ($0["operator"] as! String, $0) })
        XCTAssertEqual(Set(gotOps.keys), Set(byOperator.keys))
        for (op, rs) in byOperator {
            XCTAssertEqual(gotOps[op]?["attempts"] as? Int, rs.count, op)
            XCTAssertEqual(gotOps[op]?["affected_users"] as? Int, users(rs), op)
        }

        // who refused: the large receivers by name; the small sites' MX names are under the documentation domain
        // `.example`, which names no organisation, so they are `other` here (a real domain names them)
        let known: Set<String> = ["microsoft", "gmail", "yahoo", "messagelabs", "mimecast", "proofpoint", "barracuda"]
        let byProvider = Dictionary(grouping: listings, by: { known.contains($0["provider"]!) ? $0["provider"]! : "other" })
        let gotProviders = Dictionary(uniqueKeysWithValues: (b["providers"] as! [[String: Any]]).map { ($0["provider"] as! String, $0) })
        XCTAssertEqual(Set(gotProviders.keys), Set(byProvider.keys))
        for (p, rs) in byProvider {
            XCTAssertEqual(gotProviders[p]?["attempts"] as? Int, rs.count, p)
            XCTAssertEqual(gotProviders[p]?["affected_users"] as? Int, users(rs), p)
        }
    }

    /// fixtures/blind-e2e-2: one relay's rotated logs over three days (a gzip member, two rotations, messages straddling
    /// them) with a 20-hour UCEPROTECT listing at MessageLabs and a short Spamhaus one at a small site, written with its
    /// expected numbers by a helper who saw neither rules nor code. Every number matched on the first run.
    func testARotatedThreeDayIncidentCountsAsTheHelperCounted() throws {
        // given newest first: the rotated set is read oldest first whatever the order
        let (_, b, eb, _) = try runCase("blind-e2e-2", ["mail.log", "mail.log.1", "mail.log.2.gz"])
        for k in ["attempts", "affected_users", "exposed_users", "recipients", "recipient_domains"] {
            XCTAssertEqual(b[k] as? Int, eb[k] as? Int, k)
        }
        for k in ["first_seen", "last_seen"] { XCTAssertEqual(b[k] as? String, eb[k] as? String, k) }
        for (key, field) in [("operators", "operator"), ("providers", "provider")] {
            let got = Dictionary(uniqueKeysWithValues: (b[key] as! [[String: Any]]).map { ($0[field] as! String, [$0["attempts"] as! Int, $0["affected_users"] as! Int]) })
            let want = (eb[key] as! [String: [String: Int]]).mapValues { [$0["attempts"]!, $0["affected_users"]!] }
            XCTAssertEqual(got, want, key)
        }
        let opOfList = Dictionary((b["operators"] as! [[String: Any]]).flatMap { o in (o["lists"] as! [String: Int]).keys.map { ($0, o["operator"] as! String) } },
                                  uniquingKeysWith: { a, _ in a })
        func episode(_ e: [String: Any], op: String) -> String {
            "\(op) \(e["provider"]!) \(e["first_seen"]!) \(e["last_seen"]!) \(e["attempts"]!) \(e["affected_users"]!) \(e["exposed_users"]!)"
        }
        let got = (b["episodes"] as! [[String: Any]]).map { episode($0, op: opOfList[$0["list"] as! String] ?? "?") }.sorted()
        let want = (eb["episodes"] as! [[String: Any]]).map { episode($0, op: $0["list_operator"] as! String) }.sorted()
        XCTAssertEqual(got, want)
    }

    /// fixtures/blind-e2e-3: an Exim relay pool of four addresses in one /24 and an IPv6 address over one day, with a
    /// UCEPROTECT Level 2 range listing refused by seven sites, a Level 1 listing of one address and a Spamhaus listing of
    /// the IPv6 address, written with its expected numbers by a helper who saw neither rules nor code. Every number
    /// matched on the first run.
    func testARangeListingOfAnEximPoolCountsAsTheHelperCounted() throws {
        let (_, b, eb, _) = try runCase("blind-e2e-3", ["mainlog"])
        for k in ["attempts", "affected_users", "exposed_users", "recipients", "client_ips"] { XCTAssertEqual(b[k] as? Int, eb[k] as? Int, k) }
        let ips = Dictionary(uniqueKeysWithValues: (b["listed_ips"] as! [[String: Any]]).map { ($0["ip"] as! String, $0) })
        let wantIPs = eb["listed_ips"] as! [String: [String: Any]]
        XCTAssertEqual(Set(ips.keys), Set(wantIPs.keys))
        for (ip, w) in wantIPs {
            for k in ["attempts", "affected_users", "exposed_users"] { XCTAssertEqual(ips[ip]?[k] as? Int, w[k] as? Int, "\(ip) \(k)") }
            XCTAssertEqual(ips[ip]?["lists"] as? [String: Int], w["lists"] as? [String: Int], ip)
        }
        let ranges = Dictionary(uniqueKeysWithValues: (b["ranges"] as! [[String: Any]]).map { ($0["range"] as! String, $0) })
        for (range, w) in eb["ranges"] as! [String: [String: Any]] {
            XCTAssertEqual(ranges[range]?["listed_ips"] as? [String], w["listed_ips"] as? [String], range)
            XCTAssertEqual(ranges[range]?["attempts"] as? Int, w["attempts"] as? Int, range)
            XCTAssertEqual(ranges[range]?["range_listing"] as? Bool, w["range_listing"] as? Bool, range)
            XCTAssertEqual(ranges[range]?["egress_ips_inside"] as? [String], w["egress_ips_inside"] as? [String], range)
        }
        let ops = Dictionary(uniqueKeysWithValues: (b["operators"] as! [[String: Any]]).map { ($0["operator"] as! String, [$0["attempts"] as! Int, $0["affected_users"] as! Int]) })
        XCTAssertEqual(ops, (eb["operators"] as! [String: [String: Int]]).mapValues { [$0["attempts"]!, $0["affected_users"]!] })
    }

    /// fixtures/blind-e2e-4: a multi-instance Postfix relay (the default instance, a `bulk` transport with its own
    /// `smtp_bind_address` and `syslog_name` in master.cf, a second instance `postfix-out2`) read with `--postfix-config`,
    /// written with its configuration and expected numbers by a helper who saw neither rules nor code. Every number matched
    /// on the first run.
    func testAMultiInstancePostfixReadWithItsConfigurationCountsAsTheHelperCounted() throws {
        let (json, _, _, exp) = try runCase("blind-e2e-4", ["mail.log"])
        assertNumbers(json, exp)
    }

    /// fixtures/blind-e2e-5: two Postfix relays behind one NAT address (stated with --egress per host) and an Exim relay,
    /// users moving between hosts, read host by host into snapshots and merged — as an admin of several relays runs it.
    /// Written with its expected numbers by a helper who saw neither rules nor code (users counted once across hosts);
    /// all 22 numbers matched on the first run (bcdcb09), merged and as one report over the three logs.
    func testThreeHostsMergedCountUsersOnceAsTheHelperCounted() throws {
        let dir = "blind-e2e-5"
        let exp = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cliRepoRoot + "/fixtures/\(dir)/expected.json"))) as! [String: Any]
        let options = exp["report_options"] as! [String], hosts = exp["hosts"] as! [String]
        let tmp = NSTemporaryDirectory() + "bw-e2e5-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var snapshots: [String] = []
        for host in hosts {
            let r = try bw(["report"] + options + ["--format", "snapshot", "fixtures/\(dir)/" + host])
            XCTAssertEqual(r.status, 0, r.stderr)
            let path = tmp + "/" + host + ".json"
            try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: path))
            snapshots.append(path)
        }
        let merged = try bw(["merge", "--format", "json"] + snapshots)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        assertDeliveries(merged.json, exp, dir)
        assertNumbers(merged.json, exp)
        // and one report over the three logs says the same
        let one = try bw(["report"] + options + ["--format", "json"] + hosts.map { "fixtures/\(dir)/" + $0 })
        assertDeliveries(one.json, exp, dir)
        assertNumbers(one.json, exp)
    }
}
