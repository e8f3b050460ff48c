// Orders a rotated set oldest first, so message state carries over from one
// file into the next: `mail.log*` expands to `mail.log mail.log.1 mail.log.2.gz`
// (newest first), which is read as `mail.log.2.gz mail.log.1 mail.log`.
// Date-stamped rotations (`mail.log-20261127.gz`) are read in date order, before
// the live file. Paths of different bases keep their relative order.

public enum InputOrder {
    /// Splits a path into its rotation base and a sort key: nil for the live file.
    static func rotation(_ path: String) -> (base: String, key: RotationKey?) {
        var name = Substring(path)
        if name.hasSuffix(".gz") { name = name.dropLast(3) }
        // mail.log.3
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let suffix = name[name.index(after: dot)...]
            if !suffix.isEmpty, suffix.count <= 4, let n = Int(suffix) {
                return (String(name[..<dot]), .number(n))
            }
        }
        // mail.log-20261127
        if let dash = name.lastIndex(of: "-"), dash != name.startIndex {
            let suffix = name[name.index(after: dash)...]
            if suffix.count >= 8, suffix.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return (String(name[..<dash]), .date(String(suffix)))
            }
        }
        return (String(name), nil)
    }

    enum RotationKey: Comparable {
        case number(Int)
        case date(String)
        /// Oldest first: higher numbers are older; earlier dates are older.
        static func < (a: RotationKey, b: RotationKey) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): return x > y
            case let (.date(x), .date(y)): return x < y
            case (.number, .date): return true
            case (.date, .number): return false
            }
        }
    }

    /// Returns the paths with each rotated set ordered oldest first, the live file last.
    public static func oldestFirst(_ paths: [String]) -> [String] {
        let info = paths.map { rotation($0) }
        var bases: [String: Int] = [:]
        for (i, r) in info.enumerated() where bases[r.base] == nil { bases[r.base] = i }
        let order = paths.indices.sorted { i, j in
            let a = info[i], b = info[j]
            let ga = bases[a.base]!, gb = bases[b.base]!
            if ga != gb { return ga < gb }
            switch (a.key, b.key) {
            case let (x?, y?): return x == y ? i < j : x < y
            case (nil, nil): return i < j
            case (nil, _?): return false
            case (_?, nil): return true
            }
        }
        return order.map { paths[$0] }
    }
}
