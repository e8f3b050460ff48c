// A small JSON writer with a fixed key order and full string escaping:
// log text is hostile, so every control character is escaped.

public struct JSONWriter {
    public private(set) var out = ""
    var needComma = [false]
    let pretty: Bool
    var depth: Int { needComma.count - 1 }

    public init(pretty: Bool = true) { self.pretty = pretty }

    mutating func separator() {
        if needComma[needComma.count - 1] { out += "," }
        needComma[needComma.count - 1] = true
        if pretty && depth > 0 { out += "\n" + String(repeating: "  ", count: depth) }
    }

    public mutating func beginObject(_ key: String? = nil) { open(key, "{") }
    public mutating func endObject() { close("}") }
    public mutating func beginArray(_ key: String? = nil) { open(key, "[") }
    public mutating func endArray() { close("]") }

    mutating func open(_ key: String?, _ bracket: String) {
        if depth > 0 || key != nil { separator() }
        if let key { out += JSONWriter.quote(key) + (pretty ? ": " : ":") }
        out += bracket
        needComma.append(false)
    }

    mutating func close(_ bracket: String) {
        let had = needComma.removeLast()
        if pretty && had { out += "\n" + String(repeating: "  ", count: depth) }
        out += bracket
    }

    mutating func key(_ key: String?) {
        separator()
        if let key { out += JSONWriter.quote(key) + (pretty ? ": " : ":") }
    }

    public mutating func string(_ key: String?, _ v: String?) {
        self.key(key)
        out += v.map(JSONWriter.quote) ?? "null"
    }
    public mutating func int(_ key: String?, _ v: Int) { self.key(key); out += String(v) }
    public mutating func uint(_ key: String?, _ v: UInt64) { self.key(key); out += String(v) }
    public mutating func double(_ key: String?, _ v: Double) {
        self.key(key)
        out += v.isFinite ? String(v) : "null"
    }
    public mutating func bool(_ key: String?, _ v: Bool) { self.key(key); out += v ? "true" : "false" }
    public mutating func null(_ key: String?) { self.key(key); out += "null" }

    /// An object of counts, keys sorted.
    public mutating func counts(_ key: String, _ d: [String: Int]) {
        beginObject(key)
        for (k, v) in d.sorted(by: { $0.key < $1.key }) { int(k, v) }
        endObject()
    }

    /// An array of strings.
    public mutating func strings(_ key: String, _ a: [String]) {
        beginArray(key)
        for x in a { string(nil, x) }
        endArray()
    }

    public static func quote(_ s: String) -> String {
        var r = "\""
        r.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            case "\u{2028}": r += "\\u2028"
            case "\u{2029}": r += "\\u2029"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    r += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    r.unicodeScalars.append(u)
                }
            }
        }
        return r + "\""
    }
}
