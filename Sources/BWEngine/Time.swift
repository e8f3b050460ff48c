// Timestamps: parsed once per distinct second string and cached.
// Everything is kept as seconds since the Unix epoch (UTC).

import Foundation

/// Days since 1970-01-01 for a proleptic Gregorian civil date (Howard Hinnant's algorithm).
@inline(__always)
public func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
}

/// Civil date and time of an epoch second (UTC).
public func civilFromEpoch(_ t: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
    let days = Int((t >= 0 ? t : t - 86399) / 86400)
    let secs = Int(t - Int64(days) * 86400)
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d, secs / 3600, (secs % 3600) / 60, secs % 60)
}

/// Days in a month of the proleptic Gregorian calendar.
public func daysIn(_ month: Int, of year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// RFC 3339 in UTC: 2026-11-28T09:12:03Z (the year four digits).
public func rfc3339(_ t: Int64) -> String {
    let c = civilFromEpoch(t)
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    let y = String(c.year)
    let year = c.year >= 0 && y.count < 4 ? String(repeating: "0", count: 4 - y.count) + y : y
    return "\(year)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
}

/// Converts naive local wall-clock seconds (as if UTC) to epoch seconds in a zone.
public final class ZoneConverter: @unchecked Sendable {
    let zone: TimeZone
    let fixed: Int?
    private var lastHour: Int64 = .min
    private var lastOffset: Int = 0

    public init(zone: TimeZone) {
        self.zone = zone
        fixed = zone.identifier == "UTC" || zone.identifier == "GMT" ? 0 : nil
    }

    @inline(__always)
    public func epoch(fromNaive naive: Int64) -> Int64 {
        if let fixed { return naive - Int64(fixed) }
        let hour = naive / 3600
        if hour != lastHour {
            // Offset at the naive instant is right except within an hour of a DST change.
            let guess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(naive)))
            lastOffset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(naive - Int64(guess))))
            lastHour = hour
        }
        return naive - Int64(lastOffset)
    }
}

/// Month number (1...12) of a three-letter English abbreviation, 0 when not one.
@inline(__always)
func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
    let key = (UInt32(a | 0x20) << 16) | (UInt32(b | 0x20) << 8) | UInt32(c | 0x20)
    switch key {
    case 0x6A616E: return 1  // jan
    case 0x666562: return 2  // feb
    case 0x6D6172: return 3  // mar
    case 0x617072: return 4  // apr
    case 0x6D6179: return 5  // may
    case 0x6A756E: return 6  // jun
    case 0x6A756C: return 7  // jul
    case 0x617567: return 8  // aug
    case 0x736570: return 9  // sep
    case 0x6F6374: return 10 // oct
    case 0x6E6F76: return 11 // nov
    case 0x646563: return 12 // dec
    default: return 0
    }
}
