// Reads Postfix's own configuration for the addresses it sends from:
// `smtp_bind_address` (and `smtp_bind_address6`) in main.cf, overridden per
// service in master.cf with `-o smtp_bind_address=...`, and the syslog name
// (`syslog_name`, `-o syslog_name=postfix/$service_name`) that tells the
// services apart in the log.

import Foundation

extension EgressMap {
    /// Adds the egress addresses configured in a Postfix configuration directory
    /// (main.cf and master.cf). Returns the entries added.
    @discardableResult
    public mutating func addPostfixConfig(directory dir: String, host: String? = nil) throws -> [Entry] {
        let mainPath = dir + "/main.cf", masterPath = dir + "/master.cf"
        let main: String
        do { main = try String(contentsOfFile: mainPath, encoding: .utf8) } catch {
            let why = FileManager.default.fileExists(atPath: mainPath) ? "not readable as UTF-8 text" : "no such file"
            throw EgressMapError(message: "\(mainPath): cannot read Postfix main.cf (\(why))")
        }
        let params = EgressMap.parseMain(main)
        // "$name", "${name}" and "$(name)" of main.cf's parameters, as Postfix expands them (a value may name another
        // parameter: a few rounds; the longest names first, so "$myaddr6" is not read as "$myaddr" and a "6")
        let names = params.keys.sorted { $0.count > $1.count }
        func expand(_ v: String, service: String) -> String {
            var out = v
            for _ in 0..<8 where out.contains("$") {
                let before = out
                for (k, val) in [("service_name", service)] + names.map({ ($0, params[$0]!) }) where out.contains("$") {
                    out = out.replacingOccurrences(of: "${\(k)}", with: val).replacingOccurrences(of: "$(\(k))", with: val)
                        .replacingOccurrences(of: "$\(k)", with: val)
                }
                if out == before { break }
            }
            return out
        }
        let baseName = expand(params["syslog_name"] ?? "postfix", service: "")
        var added: [Entry] = []
        func add(_ instance: String, _ bind: String?, from file: String, parameter: String) throws {
            for ip in (bind ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) {
                // a variable not defined in main.cf stays unread; anything else must be an address (a typo would
                // silently leave deliveries without their egress IP)
                if ip.contains("$") { continue }
                // any address is valid configuration (a scope "%eth0" dropped); loopback and unspecified addresses,
                // which mail never leaves from, are read as none
                let bare = String(ip.split(separator: "%", maxSplits: 1).first ?? "")
                var v4 = in_addr(), v6 = in6_addr()
                guard inet_pton(AF_INET, bare, &v4) == 1 || inet_pton(AF_INET6, bare, &v6) == 1 else {
                    throw EgressMapError(message: "\(file): \(parameter) of \(instance) is '\(ip)', not an IP address")
                }
                guard let n = normalizeIP(bare) else { continue }
                let e = Entry(host: host, instance: instance, ip: n)
                if !entries.contains(e) { entries.append(e); added.append(e) }
            }
        }
        let defaultBind = [params["smtp_bind_address"], params["smtp_bind_address6"]].compactMap { $0 }.map { expand($0, service: "") }
            .joined(separator: " ")
        let defaultParameter = params["smtp_bind_address"] != nil ? "smtp_bind_address" : "smtp_bind_address6"
        if let master = try? String(contentsOfFile: masterPath, encoding: .utf8) {
            for svc in EgressMap.parseMaster(master) where svc.command == "smtp" || svc.command == "lmtp" {
                let name = expand(svc.options["syslog_name"] ?? params["syslog_name"] ?? "postfix", service: svc.service)
                let bind = [svc.options["smtp_bind_address"], svc.options["smtp_bind_address6"]].compactMap { $0 }
                try add(name, bind.isEmpty ? defaultBind : bind.map { expand($0, service: svc.service) }.joined(separator: " "),
                        from: bind.isEmpty ? mainPath : masterPath,
                        parameter: bind.isEmpty ? defaultParameter : svc.options["smtp_bind_address"] != nil ? "-o smtp_bind_address" : "-o smtp_bind_address6")
            }
        }
        if added.isEmpty { try add(baseName, defaultBind, from: mainPath, parameter: defaultParameter) }
        return added
    }

    /// `name = value` lines; continuation lines start with white space; `#` comments.
    static func parseMain(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        var current: (String, String)? = nil
        func flush() { if let (k, v) = current { out[k] = v.trimmingCharacters(in: .whitespaces) }; current = nil }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.first == " " || line.first == "\t" {
                if current != nil { current!.1 += " " + line.trimmingCharacters(in: .whitespaces) }
                continue
            }
            flush()
            guard let eq = line.firstIndex(of: "=") else { continue }
            current = (line[..<eq].trimmingCharacters(in: .whitespaces), String(line[line.index(after: eq)...]))
        }
        flush()
        return out
    }

    struct MasterService { var service: String; var command: String; var options: [String: String] }

    /// master.cf entries: `service type private unpriv chroot wakeup maxproc command args...`.
    static func parseMaster(_ text: String) -> [MasterService] {
        var logical: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || trimmed.isEmpty { continue }
            if (line.first == " " || line.first == "\t"), !logical.isEmpty { logical[logical.count - 1] += " " + trimmed }
            else { logical.append(trimmed) }
        }
        var out: [MasterService] = []
        for l in logical {
            // `-o { name = value }` → `-o name=value`
            let normalized = l.replacingOccurrences(of: #"\{\s*([A-Za-z0-9_]+)\s*=\s*([^}]*?)\s*\}"#, with: "$1=$2", options: .regularExpression)
            let f = normalized.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard f.count >= 8 else { continue }
            let command = (f[7] as NSString).lastPathComponent
            var opts: [String: String] = [:]
            var i = 8
            while i < f.count {
                if f[i] == "-o", i + 1 < f.count, let eq = f[i + 1].firstIndex(of: "=") {
                    opts[String(f[i + 1][..<eq])] = String(f[i + 1][f[i + 1].index(after: eq)...])
                    i += 2
                } else if f[i].hasPrefix("-o"), let eq = f[i].firstIndex(of: "=") {
                    opts[String(f[i].dropFirst(2)[..<eq])] = String(f[i][f[i].index(after: eq)...])
                    i += 1
                } else {
                    i += 1
                }
            }
            out.append(MasterService(service: f[0], command: command, options: opts))
        }
        return out
    }
}
