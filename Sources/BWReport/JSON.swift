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

    private static let hex = Array("0123456789abcdef".utf8)

    /// `s` as a JSON string literal: quote, backslash, every C0 control and DEL escaped, and U+2028/U+2029
    /// too (a JavaScript reader would end the line there). Works on the UTF-8 bytes: runs of bytes that need
    /// no escape are copied as they are (the input is valid UTF-8, so the output is).
    public static func quote(_ s: String) -> String {
        let hex = JSONWriter.hex
        var s = s
        return s.withUTF8 { src in
            var r = [UInt8]()
            r.reserveCapacity(src.count + 2)
            r.append(UInt8(ascii: "\""))
            var run = 0, i = 0
            func flush(_ end: Int) {
                if end > run { r.append(contentsOf: UnsafeBufferPointer(rebasing: src[run..<end])) }
            }
            while i < src.count {
                let b = src[i]
                var esc: (UInt8, UInt8)? = nil
                var width = 1
                switch b {
                case UInt8(ascii: "\""): esc = (UInt8(ascii: "\\"), UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): esc = (UInt8(ascii: "\\"), UInt8(ascii: "\\"))
                case 0x0A: esc = (UInt8(ascii: "\\"), UInt8(ascii: "n"))
                case 0x0D: esc = (UInt8(ascii: "\\"), UInt8(ascii: "r"))
                case 0x09: esc = (UInt8(ascii: "\\"), UInt8(ascii: "t"))
                case 0x00..<0x20, 0x7F: break
                case 0xE2 where i + 2 < src.count && src[i + 1] == 0x80 && (src[i + 2] == 0xA8 || src[i + 2] == 0xA9):
                    width = 3
                default:
                    i += 1
                    continue
                }
                flush(i)
                if let (a, c) = esc {
                    r.append(a); r.append(c)
                } else {
                    // \u00XX for a control byte, \u2028 / \u2029 for the two line separators
                    let v: Int = width == 3 ? (src[i + 2] == 0xA8 ? 0x2028 : 0x2029) : Int(b)
                    r.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"),
                                          hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]])
                }
                i += width
                run = i
            }
            flush(src.count)
            r.append(UInt8(ascii: "\""))
            return String(decoding: r, as: UTF8.self)
        }
    }
}
