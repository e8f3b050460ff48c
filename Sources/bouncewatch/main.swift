// bouncewatch: a thin CLI over BWInput / BWEngine / BWReport.

import ArgumentParser
import BWEngine
import BWInput
import BWReport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

let version = "0.1.0"

/// Writes all of `s` to a descriptor; false (errno set) when a write fails.
func writeAll(_ fd: Int32, _ s: String) -> Bool {
    var s = s
    return s.withUTF8 { buf in
        guard var p = buf.baseAddress else { return true }
        var left = buf.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                // a non-blocking descriptor that is full for now: wait until it takes more
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&pfd, 1, -1)
                    continue
                }
                return false
            }
            p += n
            left -= n
        }
        return true
    }
}

/// Writes to stdout without buffering surprises. A write that fails (a full disk, a closed descriptor) ends the run
/// with a one-line message and status 1; a closed pipe ends it by SIGPIPE, as for any filter.
func emit(_ s: String) {
    if !writeAll(1, s) {
        warn("cannot write to standard output: " + String(cString: strerror(errno)))
        exit(1)
    }
}

/// One line on stderr, its control characters escaped (file names, rule files and options are not trusted).
func warn(_ s: String) {
    _ = writeAll(2, "bouncewatch: " + terminalSafe(s) + "\n")
}

/// A configuration or data error (a rule pack, a snapshot): one line on stderr, cut to 400 characters, and the
/// status of a usage error (64) — without the usage text an argument error prints.
func failure(_ message: String, status: Int32 = 64) -> ExitCode {
    warn(clipped(message, 400))
    return ExitCode(status)
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv, snapshot
}

/// `6h`, `90m`, `3600s`, `3600`, `2d` → seconds.
func parseDuration(_ s: String) -> Int64? {
    let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]
    let most = AnalyzerOptions.maxEpisodeGap
    if let last = s.last, let u = units[last], let v = Int64(s.dropLast()), v >= 0 { return v <= most / u ? v * u : nil }
    return Int64(s).flatMap { $0 >= 0 && $0 <= most ? $0 : nil }
}

/// The inputs with a file named twice (by another path too: the same device and inode) read once, with a warning: its
/// lines would be counted twice.
func uniqueInputs(_ paths: [String]) -> [String] {
    var seen: [String: String] = [:]
    var out: [String] = []
    for p in paths {
        var st = stat()
        let key = p != "-" && stat(p, &st) == 0 ? "\(st.st_dev):\(st.st_ino)" : "path:" + p
        if let first = seen[key] {
            warn(first == p ? "\(p): given twice; read once" : "\(p): the same file as \(first); read once")
            continue
        }
        seen[key] = p
        out.append(p)
    }
    return out
}

func useColor(_ mode: ColorMode) -> Bool {
    switch mode {
    case .always: return true
    case .never: return false
    case .auto: return isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

func render(_ snapshot: Snapshot, format: ReportFormat, color: ColorMode, top: Int) {
    switch format {
    case .json: emit(ReportJSON.render(snapshot, version: version, top: top))
    case .snapshot: emit(SnapshotJSON.render(snapshot, version: version))
    case .csv: emit(ReportCSV.render(snapshot))
    case .text: emit(ReportText.render(snapshot, style: TextStyle(color: useColor(color)), top: top))
    }
}

enum ColorMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

struct PatternOptions: ParsableArguments {
    @Option(name: .customLong("patterns"), help: ArgumentHelp("Extra rule directory (repeatable); its rules add to or replace the shipped ones.", valueName: "dir"))
    var extra: [String] = []

    @Option(name: .customLong("patterns-dir"), help: ArgumentHelp("Use this directory instead of the shipped rule packs.", valueName: "dir"))
    var base: String?

    func load() throws -> PatternLibrary {
        guard let dir = base ?? PatternLibrary.defaultDirectory() else {
            throw failure("cannot find the shipped patterns/ directory; set BOUNCEWATCH_PATTERNS or pass --patterns-dir")
        }
        let library: PatternLibrary
        do {
            library = try PatternLibrary.load(directories: [dir] + extra)
        } catch let e as PatternError {
            throw failure("\(e)")
        } catch {
            throw failure("\(dir): \(error.localizedDescription)")
        }
        // an empty or wrong directory would classify every text `other` without a word
        if library.rules.isEmpty { throw failure("\(dir): no rules found (rule packs are patterns/*.yaml)") }
        return library
    }
}

struct Bouncewatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bouncewatch",
        abstract: "Find mail refused because our sending IP is on a blocklist, in Postfix and Exim logs.",
        version: version,
        subcommands: [Report.self, Merge.self, Classify.self, Explain.self, Patterns.self, Inflate.self],
        defaultSubcommand: Report.self)
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse logs: which IPs are listed, by whom, since when, and how many users were hit.",
        discussion: """
        FILE may be plain text or gzip (detected by content), '-' for standard input; with no FILE,
        standard input is read. A rotated set (mail.log.2.gz mail.log.1 mail.log) is read oldest first.
        Exit status: 0 ok, 1 an input could not be read completely (the report covers what was read), 64 usage.
        """)

    @Argument(help: ArgumentHelp("Log files (plain or gzip); '-' is standard input.", valueName: "file"))
    var files: [String] = []

    @Option(name: .shortAndLong, help: "Output format: text, json, csv (listed IPs, domains and episodes), or snapshot (JSON with sketches, for `merge`).")
    var format: ReportFormat = .text

    @Option(help: "Year of BSD syslog timestamps (default: from each file's modification time).")
    var year: Int?

    @Option(help: ArgumentHelp("Time zone of timestamps without one (default: TZ / local).", valueName: "zone"))
    var timezone: String?

    @Option(help: "Colour: auto (only on a terminal, not with NO_COLOR), always, never.")
    var color: ColorMode = .auto

    @Option(help: "Rows per table in text output (and top lists in JSON).")
    var top: Int = 20

    @Flag(help: "Read the files in the order given (do not order rotated sets oldest first).")
    var keepOrder = false

    @Option(name: .customLong("egress"), help: ArgumentHelp(
        "Our sending address for Postfix deliveries (repeatable): IP, INSTANCE=IP or HOST:INSTANCE=IP, where INSTANCE is the syslog name (postfix, postfix-out2) and * matches any.",
        valueName: "spec"))
    var egress: [String] = []

    @Option(name: .customLong("postfix-config"), help: ArgumentHelp(
        "A Postfix configuration directory (repeatable): smtp_bind_address and syslog_name from main.cf and master.cf give each instance's address.",
        valueName: "dir"))
    var postfixConfig: [String] = []

    @Option(help: ArgumentHelp("Quiet time that ends a listing episode (e.g. 6h, 90m, 2d, 1w, 3600).", valueName: "duration"))
    var episodeGap: String = "6h"

    @Option(help: "Prefix length grouping listed IPv4 addresses into ranges.")
    var cidr4: Int = 24

    @Option(help: "Prefix length grouping listed IPv6 addresses into ranges.")
    var cidr6: Int = 48

    @Flag(help: "List the most frequent refusal texts no rule explained, as templates with a sample.")
    var unclassified = false

    @Option(name: [.short, .long], help: "Threads: inputs (and large plain files, cut at line boundaries) are read in parallel and stitched exactly. Default: the number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Live message states kept per thread (about 70 bytes each); beyond it the least recently seen half is dropped and counted as evicted.")
    var maxMessages: Int = 80_000

    @Option(help: ArgumentHelp("Cut plain files of at least this many bytes into --jobs parts.", visibility: .hidden))
    var splitAbove: UInt64 = 64 << 20

    @OptionGroup var patterns: PatternOptions

    func validate() throws {
        if let y = year, y < 1970 || y > 9999 { throw ValidationError("--year must be between 1970 and 9999") }
        if let z = timezone, TimeZone(identifier: z) == nil { throw ValidationError("unknown time zone '\(terminalSafe(z))'") }
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if parseDuration(episodeGap) == nil { throw ValidationError("--episode-gap: not a duration of at most 100 years: '\(terminalSafe(episodeGap))' (e.g. 6h, 90m, 2d, 1w, 3600)") }
        if !(0...32).contains(cidr4) { throw ValidationError("--cidr4 must be 0...32") }
        if !(0...128).contains(cidr6) { throw ValidationError("--cidr6 must be 0...128") }
        if jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be 1...256") }
        if maxMessages < 1000 { throw ValidationError("--max-messages must be at least 1000") }
    }

    func run() throws {
        let library = try patterns.load()
        var options = AnalyzerOptions()
        options.year = year
        if let z = timezone { options.timeZone = TimeZone(identifier: z)! }
        options.episodeGap = parseDuration(episodeGap)!
        options.cidr4 = cidr4
        options.cidr6 = cidr6
        options.collectUnclassified = unclassified
        options.maxMessages = maxMessages
        do {
            for spec in egress { try options.egress.add(spec: spec) }
            for dir in postfixConfig { try options.egress.addPostfixConfig(directory: dir) }
        } catch let e as EgressMapError {
            throw ValidationError(terminalSafe(e.message))
        }
        // no input named, and a terminal on standard input: a person who typed the command, not a pipe
        if files.isEmpty && isatty(0) == 1 {
            throw failure("report: no input: name log files (bouncewatch report /var/log/mail.log*), or pipe logs in (zcat mail.log.*.gz | bouncewatch report -)")
        }
        let paths = uniqueInputs(files.isEmpty ? ["-"] : (keepOrder ? files : InputOrder.oldestFirst(files)))
        let segments = Parallel.plan(paths, jobs: jobs, options: options, splitAbove: splitAbove)
        // The memory bounds hold for the run, not per thread: engines that run side by side share them.
        let engines = max(1, min(jobs, segments.count))
        options.verdictCacheBytes = max(1 << 20, options.verdictCacheBytes / engines)
        options.maxMessages = max(10_000, options.maxMessages / engines)
        let snapshot: Snapshot
        var errors: [String] = []
        if jobs > 1 && segments.count > 1 {
            (snapshot, errors) = Parallel.run(segments, library: library, options: options, jobs: jobs)
        } else {
            let analyzer = Analyzer(classifier: Classifier(library: library), options: options)
            let reader = LineReader()
            for path in paths {
                if let error = analyzer.read(path: path, reader: reader) { errors.append(error) }
            }
            snapshot = analyzer.snapshot()
        }
        errors.forEach(warn)
        render(snapshot, format: format, color: color, top: top)
        if unclassified && format == .text && snapshot.unclassified.isEmpty {
            emit("Refusals no rule explained: none — every refusal text read was explained by a rule.\n")
        }
        if !errors.isEmpty { throw ExitCode(1) }
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge snapshots (report --format snapshot) of several hosts or days into one report.",
        discussion: """
        Counts add, distinct-user sketches unite and listing episodes re-join across the quiet gap, so the
        result equals one report over all the logs. Example:
          ssh mx1 bouncewatch report -f snapshot /var/log/mail.log > mx1.json
          ssh mx2 bouncewatch report -f snapshot /var/log/mail.log > mx2.json
          bouncewatch merge mx1.json mx2.json
        """)

    @Argument(help: ArgumentHelp("Snapshot files; '-' is standard input.", valueName: "file"))
    var files: [String]

    @Option(name: .shortAndLong, help: "Output format: text, json, csv, or snapshot.")
    var format: ReportFormat = .text

    @Option(help: "Colour: auto, always, never.")
    var color: ColorMode = .auto

    @Option(help: "Rows per table.")
    var top: Int = 20

    func run() throws {
        var merged: Snapshot? = nil
        var read: [Data: String] = [:]
        for f in files {
            let data: Data
            if f == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
                guard let d = FileManager.default.contents(atPath: f) else { throw failure("\(f): cannot read", status: 1) }
                data = d
            }
            // the same snapshot twice would count its logs twice
            if let first = read[data] {
                warn(first == f ? "\(f): given twice; merged once" : "\(f): the same snapshot as \(first); merged once")
                continue
            }
            read[data] = f
            let s: Snapshot
            do { s = try SnapshotJSON.decode(data, name: f) } catch let e as SnapshotJSON.DecodeError {
                throw failure(e.message)
            }
            if let m = merged {
                // sums of different episode gaps or ranges would be no report of any one setting
                if m.episodeGap != s.episodeGap || m.cidr4 != s.cidr4 || m.cidr6 != s.cidr6 {
                    throw failure("\(f): written with --episode-gap \(s.episodeGap)s --cidr4 \(s.cidr4) --cidr6 \(s.cidr6), the snapshots before it with \(m.episodeGap)s, \(m.cidr4), \(m.cidr6): write them with the same settings")
                }
                merged!.merge(s)
            } else {
                merged = s
            }
        }
        guard let merged else { throw ValidationError("no snapshots given") }
        render(merged, format: format, color: color, top: top)
        // an input a snapshot's report could not read completely: the merged report covers what was read
        if merged.inputs.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify refusal texts given as arguments, or one per line on standard input.")

    @Argument(help: "Refusal texts; none: read one per line from standard input.")
    var texts: [String] = []

    @Option(help: ArgumentHelp("Relay host that gave the texts (decides the provider when the text does not).", valueName: "host"))
    var relay: String?

    @Option(name: .shortAndLong, help: "Output format: text or json (one object per line).")
    var format: OutputFormat = .text

    @OptionGroup var patterns: PatternOptions

    func run() throws {
        let classifier = Classifier(library: try patterns.load())
        func one(_ text: String) {
            let v = classifier.classify(text: text, relay: relay)
            switch format {
            case .json:
                var w = JSONWriter(pretty: false)
                w.beginObject()
                w.string("text", text)
                w.string("category", v.category.rawValue)
                w.string("provider", v.provider)
                w.string("operator", v.operatorName)
                w.string("list", v.list)
                w.string("listed_ip", v.listedIP)
                w.string("listed_domain", v.listedDomain)
                w.string("rule", v.rule)
                w.string("delist", v.delist)
                w.endObject()
                emit(w.out + "\n")
            case .text:
                var parts = [v.category.rawValue, "provider=\(v.provider)"]
                if let o = v.operatorName { parts.append("operator=\(o)") }
                if let l = v.list { parts.append("list=\(l)") }
                if let ip = v.listedIP { parts.append("ip=\(ip)") }
                if let d = v.listedDomain { parts.append("domain=\(d)") }
                parts.append("rule=\(v.rule ?? "-")")
                emit(terminalSafe(parts.joined(separator: " ")) + "\n")
            }
        }
        if texts.isEmpty {
            let reader = LineReader()
            try reader.read(FileSource(standardInputNamed: "(stdin)")) { line in
                one(String(decoding: line, as: UTF8.self))
            }
        } else {
            texts.forEach { one($0.utf8.count > maxTextBytes ? cutText($0) : $0) }
        }
    }
}

/// The longest text classify and explain read, as `report` reads a log line (LineReader's maxLineLength): a refusal
/// is a few hundred bytes, and a text of megabytes is no refusal (explain's per-rule readings grew with its square).
let maxTextBytes = LineReader.defaultMaxLineLength

/// `text` cut to `maxTextBytes` bytes at a character boundary.
func cutText(_ text: String) -> String {
    var bytes = Array(text.utf8.prefix(maxTextBytes))
    while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
    if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
}

/// `s` cut to at most `limit` characters, its last three "..." when cut (explain's and profile's long texts).
func clipped(_ s: String, _ limit: Int) -> String {
    s.count > limit ? String(s.prefix(limit - 3)) + "..." : s
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how a refusal text is judged: literals found, rules tried, groups captured, the verdict.")

    @Argument(help: "The refusal text; '-' reads it from standard input (a text too long for an argument; its line breaks are read as spaces, as in a log line).")
    var text: String

    @Option(help: ArgumentHelp("Relay host that gave the text.", valueName: "host"))
    var relay: String?

    @Flag(help: "Print the winning rule's whole regex (by default: the branch that matched, or a short regex).")
    var fullRegex = false

    @OptionGroup var patterns: PatternOptions

    /// A regex as written, one indented line per line of it (each made terminal-safe).
    func regexLines(_ pattern: String, indent: String) -> String {
        pattern.split(separator: "\n", omittingEmptySubsequences: false)
            .map { indent + terminalSafe(String($0)) + "\n" }.joined()
    }

    func run() throws {
        let classifier = Classifier(library: try patterns.load())
        var text = self.text
        if text == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            text = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" })
                .joined(separator: " ")
        }
        let cut = text.utf8.count > maxTextBytes
        if cut { text = cutText(text) }
        let e = classifier.explain(text: text, relay: relay)
        var out = "text: \(terminalSafe(clipped(text, 2000)))\n"
        if cut { out += "(the text is cut to its first \(maxTextBytes) bytes, as report cuts a log line)\n" }
        if let r = relay { out += "relay: \(terminalSafe(r))\n" }
        if let r = e.readAs { out += "rules read: \(terminalSafe(r))\n" }
        out += "\nprefilter: \(e.literalsFound.count) of \(classifier.library.rules.count) rules have a literal in the text\n"
        for (rule, lits) in e.literalsFound {
            out += "  \(rule)  literals found: \(lits.isEmpty ? "(rule has none: always tried)" : lits.map { "\"\(terminalSafe($0))\"" }.joined(separator: ", "))\n"
        }
        out += "\nregexes tried, in priority order:\n"
        for (rule, matched) in e.tried {
            if let g = e.vetoed[rule] {
                let on = e.vetoedBy[rule].map { ", on \"\(terminalSafe(clipped($0, 80)))\"" } ?? ""
                out += "  veto   \(rule)  (its regex matches, but so does its unless guard \(terminalSafe(clipped(g, 60)).replacingOccurrences(of: "\n", with: " "))\(on))\n"
            } else {
                out += "  \(matched ? "MATCH" : "no   ")  \(rule)\n"
            }
        }
        if let w = e.winner {
            out += "\nwinner: \(w.id) (priority \(w.priority), \(w.file):\(w.line))\n"
            if let m = e.matched {
                out += "  matched: \"\(terminalSafe(clipped(m, 300)))\"\n"
            }
            let lines = w.pattern.split(separator: "\n", omittingEmptySubsequences: false).count
            if fullRegex || (e.branch == nil && lines <= 12) {
                out += "  regex:\n" + regexLines(w.pattern, indent: "    ")
            } else if let b = e.branch {
                // a long rule: the branch that matched, and the note its author wrote above it
                out += "  branch \(b.index + 1) of \(b.count)" + (b.note.isEmpty ? "" : ": \(terminalSafe(b.note))") + "\n"
                out += regexLines(b.body, indent: "    ")
                out += "  (the whole regex: --full-regex)\n"
            } else {
                out += "  regex: \(terminalSafe(String(w.pattern.prefix { $0 != "\n" }))) … (\(lines) lines; --full-regex prints them)\n"
            }
            for (name, value) in e.captures {
                let masked = value.contains(".") && value.allSatisfy { $0 == "0" || $0 == "." }
                out += "  group \(name) = \"\(terminalSafe(value))\"\(masked ? " (a masked address: no listed IP)" : "")\n"
            }
            if !e.otherMatches.isEmpty {
                out += "  lower-priority rules that also match: \(e.otherMatches.joined(separator: ", "))\n"
            }
        } else {
            out += "\nno rule matched; "
            out += e.dsn.map { "enhanced status code \($0) decides the category\n" } ?? "no enhanced status code either\n"
        }
        let v = e.verdict
        out += "\nverdict: category=\(v.category.rawValue) provider=\(v.provider)"
        out += " operator=\(v.operatorName ?? "-") list=\(v.list ?? "-") listed_ip=\(v.listedIP ?? "-")"
        out += " listed_domain=\(v.listedDomain ?? "-") rule=\(v.rule ?? "-")\n"
        if let d = v.delist { out += "delist: \(terminalSafe(d))\n" }
        if let r = e.operatorReason { out += "operator: \(terminalSafe(r))\n" }
        if relay == nil && e.winner?.provider == nil {
            if let h = e.wrapperHost {
                out += v.provider == "other"
                    ? "(provider: the MX the bounce names, \(terminalSafe(h)), is not in patterns/providers.yaml)\n"
                    : "provider: from the MX the bounce names, \(terminalSafe(h))\n"
            } else if let b = e.bannerHost {
                out += v.provider == "other"
                    ? "(provider: the server the reply names, \(terminalSafe(b)), is not in patterns/providers.yaml)\n"
                    : "provider: from the server the reply names after its code, \(terminalSafe(b))\n"
            } else if v.provider == "other" {
                out += "(provider: the text does not name one; pass --relay HOST to decide it from the relay host)\n"
            }
        }
        emit(out)
    }
}

/// Reads inputs through the same byte sources (zlib inflate for gzip) and discards the bytes:
/// the floor `report` is measured against.
struct Inflate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read inputs (inflating gzip) and count the bytes, nothing else: a speed floor.",
        shouldDisplay: false)

    @Argument var files: [String]

    func run() throws {
        var bytes: UInt64 = 0
        var failed = false
        for f in files {
            do {
                // without the read-ahead thread: zlib's own speed on one core (the input opened once: a FIFO too)
                let (source, _) = try openInput(f, prefetch: false)
                let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
                defer { buf.deallocate() }
                while true {
                    let n = try source.read(into: buf)
                    if n == 0 { break }
                    bytes += UInt64(n)
                }
            } catch {
                // as report does: one line, the other inputs still read, the bytes read so far counted
                warn("\(error)")
                failed = true
            }
        }
        emit("\(bytes) bytes\n")
        if failed { throw ExitCode(1) }
    }
}

struct Patterns: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test, list or lint the rule packs.",
        subcommands: [PatternsTest.self, PatternsList.self, PatternsLint.self, PatternsProfile.self],
        defaultSubcommand: PatternsTest.self)
}

struct PatternsTest: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test",
        abstract: "Prove every example and counterexample of every rule.")

    @OptionGroup var patterns: PatternOptions

    func run() throws {
        let library = try patterns.load()
        let classifier = Classifier(library: library)
        let result = PatternCheck.run(library: library, classifier: classifier)
        for f in result.failures { emit(terminalSafe(f) + "\n") }
        emit("\(result.passed) passed, \(result.failures.count) failed\n")
        if !result.failures.isEmpty { throw ExitCode(1) }
    }
}

struct PatternsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rules in evaluation order.")

    @OptionGroup var patterns: PatternOptions

    func run() throws {
        let library = try patterns.load()
        var out = ""
        for r in library.rules {
            out += "\(r.id)\t\(r.category.rawValue)\tprovider=\(r.provider ?? "-")\toperator=\(r.operatorName ?? "-")\tlist=\(r.list ?? "-")\tpriority=\(r.priority)\texamples=\(r.examples.count)\n"
        }
        out += "\(library.rules.count) rules from \(library.files.count) files\n"
        emit(out)
    }
}

struct PatternsLint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint",
        abstract: "Report overlapping rules with conflicting verdicts, missing examples and risky regexes.")

    @OptionGroup var patterns: PatternOptions

    @Flag(help: "With --patterns: report the shipped packs' findings too (by default only the findings in your rule files).")
    var all = false

    func run() throws {
        let library = try patterns.load()
        var findings = PatternCheck.lint(library: library, classifier: Classifier(library: library))
        // a user checking their own rules: the shipped packs' hundreds of warnings would bury theirs
        var note = ""
        if !patterns.extra.isEmpty && !all {
            let dirs = patterns.extra.map { ($0 as NSString).standardizingPath + "/" }
            let before = findings.count
            findings = findings.filter { f in dirs.contains { ((f.file as NSString).standardizingPath).hasPrefix($0) } }
            if before > findings.count { note = " (\(before - findings.count) findings in the shipped packs not shown: --all)" }
        }
        for f in findings { emit(terminalSafe(f.description) + "\n") }
        let errors = findings.filter { $0.severity == .error }.count
        emit("\(library.rules.count) rules, \(errors) errors, \(findings.count - errors) warnings\(note)\n")
        if errors > 0 { throw ExitCode(1) }
    }
}

struct PatternsProfile: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profile",
        abstract: "Time each rule's regex over refusal texts (one per line) and list the costliest rules and branches.")

    @Argument(help: "Files of refusal texts, one per line; none or '-': standard input.")
    var files: [String] = []

    @Option(help: "How many rules to list.")
    var top = 15

    @Option(help: "For how many of the costliest rules to time each branch of the regex.")
    var branches = 3

    @OptionGroup var patterns: PatternOptions

    func run() throws {
        let classifier = Classifier(library: try patterns.load())
        var texts: [String] = []
        let reader = LineReader()
        for f in files.isEmpty ? ["-"] : files {
            let source = f == "-" ? FileSource(standardInputNamed: "(stdin)") : try FileSource(path: f)
            try reader.read(source) { line in if !line.isEmpty { texts.append(String(decoding: line, as: UTF8.self)) } }
        }
        let (costs, guards, read) = classifier.profile(texts)
        let total = costs.reduce(UInt64(0)) { $0 + $1.nanos }
        let runs = costs.reduce(0) { $0 + $1.runs }
        func ms(_ n: UInt64) -> String { String(format: "%.1f ms", Double(n) / 1e6) }
        func us(_ n: UInt64, _ k: Int) -> String { String(format: "%.1f µs", Double(n) / 1e3 / Double(max(k, 1))) }
        var out = "\(texts.count) texts, \(runs) regex runs (every rule whose literals a text holds; classify stops at the first match), \(ms(total)) in regexes\n"
        out += "rule\truns\tmatches\ttime\tper run\tshare\n"
        let ranked = costs.filter { $0.runs > 0 }.sorted { $0.nanos > $1.nanos }
        for c in ranked.prefix(top) {
            out += "\(c.rule.id)\t\(c.runs)\t\(c.matches)\t\(ms(c.nanos))\t\(us(c.nanos, c.runs))\t"
                + String(format: "%.0f%%", total == 0 ? 0 : 100 * Double(c.nanos) / Double(total)) + "\n"
        }
        if !guards.isEmpty {
            out += "\nguards (tried after each match of a rule citing them; 'whole': without the prefilter's gate)\n"
            out += "guard\truns\tvetoes\ttime\tper run\twhole\n"
            for g in guards.sorted(by: { $0.nanos > $1.nanos }).prefix(top) {
                out += "\(terminalSafe(clipped(g.name, 60)))\t\(g.runs)\t\(g.vetoes)\t\(ms(g.nanos))\t\(us(g.nanos, g.runs))\t\(ms(g.fullNanos))\n"
            }
        }
        for c in ranked.prefix(branches) {
            guard let bs = classifier.profileBranches(c.rule, read: read) else { continue }
            out += "\n\(c.rule.id): each branch alone (\(c.runs) texts; the branches' sum may differ from the whole: one regex tries them all at each position)\n"
            for b in bs.sorted(by: { $0.nanos > $1.nanos }).prefix(8) {
                let note = b.note.isEmpty ? "" : "  " + terminalSafe(clipped(b.note, 90))
                out += "  branch \(b.index + 1)\t\(ms(b.nanos))\t\(b.matches) matches\(note)\n"
            }
        }
        emit(out)
    }
}

Bouncewatch.main()
