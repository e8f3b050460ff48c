// Generator settings (from the command line) and the fixed model parameters.

import Foundation

enum Format: String, CaseIterable {
    case postfixBSD = "postfix-bsd"
    case postfixRFC3339 = "postfix-rfc3339"
    case exim
    case mixed
}

enum HostFormat { case bsd, rfc3339, exim }

struct Config {
    var seed: UInt64 = 1
    var size: Int64 = 100 << 20
    var format: Format = .postfixBSD
    var hosts = 3
    var users = 50_000
    var listedShare = 0.05
    var start: Int64 = 1_793_491_200          // 2026-11-01T00:00:00Z
    var days = 3.0

    // Model parameters.
    /// Postfix maximal_queue_lifetime / bounce_queue_lifetime and Exim's retry timeout.
    var queueLifetime: Int64 = 86_400 * 1_000_000
    /// Postfix delay_warning_time.
    var delayWarning: Int64 = 4 * 3_600 * 1_000_000

    func hostFormat(_ i: Int) -> HostFormat {
        switch format {
        case .postfixBSD: return .bsd
        case .postfixRFC3339: return .rfc3339
        case .exim: return .exim
        case .mixed: return [HostFormat.bsd, .rfc3339, .exim][i % 3]
        }
    }

    /// Unauthenticated senders (web servers, shops, scanners) of the relay.
    var unauthSenders: Int { max(100, users / 10) }
}

/// Parses `1G`, `500M`, `64K`, `1234`.
func parseSize(_ s: String) -> Int64? {
    guard let last = s.last else { return nil }
    var mult: Int64 = 1
    var digits = Substring(s)
    switch last {
    case "K", "k": mult = 1 << 10; digits = digits.dropLast()
    case "M", "m": mult = 1 << 20; digits = digits.dropLast()
    case "G", "g": mult = 1 << 30; digits = digits.dropLast()
    case "T", "t": mult = 1 << 40; digits = digits.dropLast()
    default: break
    }
    if let v = Int64(digits), v >= 0 { return v * mult }
    if let d = Double(digits), d >= 0 { return Int64(d * Double(mult)) }
    return nil
}
