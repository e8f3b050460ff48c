// bwgen: deterministic, realistic Postfix/Exim log generator for bouncewatch's
// tests and benchmarks. Writes the log and, optionally, the exact counts that
// `bouncewatch report --format json --year YYYY --timezone UTC` must find.

import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Format: ExpressibleByArgument {}

struct BWGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bwgen",
        abstract: "Generate deterministic Postfix/Exim mail logs with blocklist refusals, and their expected counts.",
        discussion: """
        The same seed and arguments always give the same bytes. BSD syslog lines carry no year and Exim \
        lines no zone: analyse with `bouncewatch report --year <start year> --timezone UTC`.

        --expected writes, in the shape of `bouncewatch report --format json`, the counts the generator \
        knows from what it wrote: totals, categories, blocklist attempts and affected users, per provider, \
        operator and listed IP, plus the listing episodes it simulated.
        """)

    @Option(help: "Seed of the pseudo-random generator.")
    var seed: UInt64 = 1

    @Option(help: "Approximate output size: bytes, or with K/M/G (1G = 2^30).")
    var size: String = "100M"

    @Option(help: "postfix-bsd, postfix-rfc3339, exim, or mixed (hosts alternate the three).")
    var format: Format = .postfixBSD

    @Option(help: ArgumentHelp("Output file; '-' is standard output.", valueName: "file"))
    var out: String = "-"

    @Option(help: ArgumentHelp("Write the expected report numbers (JSON) to this file.", valueName: "file"))
    var expected: String?

    @Option(help: "Number of relay hosts (relay1..N).")
    var hosts: Int = 3

    @Option(help: "Size of the pool of SASL users.")
    var users: Int = 50_000

    @Option(name: .customLong("listed-share"), help: "About this share of first delivery attempts is refused for a blocklist reason (retries of deferred ones add more); 0: no listings.")
    var listedShare: Double = 0.05

    @Option(help: "Start time, RFC 3339 (UTC with Z, or with an offset).")
    var start: String = "2026-11-01T00:00:00Z"

    @Option(help: "Time span the output covers, in days (approximate).")
    var days: Double = 3

    @Flag(name: .customLong("list-texts"), help: "Print the refusal-text table, rendered as the logs carry it, as JSON lines (for checking the labels).")
    var listTexts = false

    func validate() throws {
        guard let s = parseSize(size), s > 0 else { throw ValidationError("--size must be a positive size such as 5M or 1G") }
        _ = s
        guard hosts >= 1 && hosts <= 64 else { throw ValidationError("--hosts must be between 1 and 64") }
        guard users >= 1 && users <= 50_000_000 else { throw ValidationError("--users must be between 1 and 50000000") }
        guard listedShare >= 0 && listedShare <= 1 else { throw ValidationError("--listed-share must be between 0 and 1") }
        guard parseRFC3339(start) != nil else { throw ValidationError("--start must be RFC 3339, e.g. 2026-11-01T00:00:00Z") }
        guard days > 0 && days <= 3650 else { throw ValidationError("--days must be between 0 and 3650") }
    }

    func run() throws {
        var cfg = Config()
        cfg.seed = seed
        cfg.size = parseSize(size)!
        cfg.format = format
        cfg.hosts = hosts
        cfg.users = users
        cfg.listedShare = listedShare
        cfg.start = parseRFC3339(start)!
        cfg.days = days

        if listTexts {
            let sink = fopen("/dev/null", "w")!
            defer { fclose(sink) }
            let sim = Sim(cfg: cfg, out: Out(file: sink))
            FileHandle.standardOutput.write(sim.sampleTexts().data(using: .utf8)!)
            return
        }

        let file: UnsafeMutablePointer<FILE>
        if out == "-" {
            guard let f = fdopen(1, "w") else { throw ExitCode(1) }
            file = f
        } else {
            guard let f = fopen(out, "w") else { throw ValidationError("cannot create \(out): \(String(cString: strerror(errno)))") }
            file = f
        }
        let o = Out(file: file)
        let sim = Sim(cfg: cfg, out: o)
        sim.run()
        if fflush(file) != 0 { throw ExitCode(1) }
        if out != "-" { fclose(file) }
        if let expected {
            let json = sim.expect.json(config: cfg, lines: o.lines, bytes: o.total, episodes: sim.episodes,
                                       extra: [("messages_started", String(sim.created))])
            do {
                try json.write(toFile: expected, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write \(expected): \(error.localizedDescription)")
            }
        }
    }
}

BWGen.main()
