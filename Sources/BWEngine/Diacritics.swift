import Foundation

/// A rule's regex made to match its words with or without their diacritics (session 26). SMTP replies are 7-bit ASCII
/// unless both sides speak SMTPUTF8, so receivers write their languages without accents as often as with them
/// ("Adresse IP source bloquee", "Vasi IP adrese byl zablokovan pristup", "Ihre IP wurde gesperrt, Empfaenger …"); the
/// packs are written with the accents. Each Latin letter with a diacritic outside a character class becomes a class of
/// itself and its base letter (`é` → `[ée]`), a German umlaut also its "e" spelling (`ä` → `(?:ä|ae?)`), and inside a
/// class the base letter is added beside it (not next to a range's '-'). Escapes (`\p{…}`, `\x{…}`, `\Q…\E`) and an
/// extended pattern's comments are copied as written. Other scripts are left alone, and so are words of fewer than
/// five letters (`minimumWord`).
enum Diacritics {
    /// The pattern with its accented Latin letters folded as above; the same string when it has none.
    static func folding(_ pattern: String) -> String {
        guard pattern.unicodeScalars.contains(where: { base(of: $0) != nil }) else { return pattern }
        let s = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var inClass = false
        var classStart = 0
        let extended = pattern.contains("(?x)")
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                out.append(c)
                guard i + 1 < s.count else { break }
                let e = s[i + 1]
                out.append(e)
                i += 2
                if e == "Q" {
                    // literal up to \E, copied as written
                    while i < s.count, !(s[i] == "\\" && i + 1 < s.count && s[i + 1] == "E") { out.append(s[i]); i += 1 }
                } else if (e == "p" || e == "P" || e == "x" || e == "N" || e == "o" || e == "g" || e == "k"), i < s.count, s[i] == "{" || s[i] == "<" {
                    let close: Unicode.Scalar = s[i] == "{" ? "}" : ">"
                    while i < s.count, s[i] != close { out.append(s[i]); i += 1 }
                }
                continue
            }
            if inClass {
                if c == "]" && i > classStart {
                    inClass = false
                } else if c == "[", i + 1 < s.count, s[i + 1] == ":" {
                    // a POSIX class [:alpha:] inside a class, copied with its closing ":]"
                    out.append(c)
                    i += 1
                    while i < s.count, !(s[i] == "]" && s[i - 1] == ":") { out.append(s[i]); i += 1 }
                    if i < s.count { out.append(s[i]); i += 1 }
                    continue
                } else if let b = base(of: c), !(i > 0 && s[i - 1] == "-"), !(i + 1 < s.count && s[i + 1] == "-") {
                    out.append(c)
                    out.append(b.first!)
                    i += 1
                    continue
                }
                out.append(c)
                i += 1
                continue
            }
            if extended && c == "#" {
                // a comment of an extended pattern, to its line's end, copied as written
                while i < s.count, s[i] != "\n" { out.append(s[i]); i += 1 }
                continue
            }
            if c == "[" {
                inClass = true
                out.append(c)
                i += 1
                if i < s.count, s[i] == "^" { out.append(s[i]); i += 1 }
                classStart = i   // a ']' right after '[' or '[^' is a literal
                continue
            }
            if let b = base(of: c), wordLength(s, i) >= minimumWord {
                let spelled = String(String.UnicodeScalarView(b))
                if b.count > 1 {
                    // ä → (?:ä|ae?): "Empfänger", "Empfaenger", "Empfanger"
                    out.append(contentsOf: "(?:\(c)|\(spelled.first!)\(spelled.dropFirst())?)".unicodeScalars)
                } else {
                    out.append(contentsOf: "[\(c)\(spelled)]".unicodeScalars)
                }
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    /// Letters of the word around the accented letter at `i`, in the pattern's source. A short word folded is often
    /// another language's word ("nėra", Lithuanian "is not", would read Italian "nera", black; Polish "prób" would read
    /// "Probably"), so only words of this many letters or more are folded (a letter in a character class always: the
    /// class was written for one letter of a word around it).
    static let minimumWord = 5

    static func wordLength(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        var a = i, b = i + 1
        while a > 0, s[a - 1].properties.isAlphabetic, !(a > 1 && s[a - 2] == "\\") { a -= 1 }
        while b < s.count, s[b].properties.isAlphabetic { b += 1 }
        return b - a
    }

    /// The ASCII spelling of a Latin letter with a diacritic (umlauts: the letter and "e"), or nil.
    static func base(of c: Unicode.Scalar) -> [Unicode.Scalar]? {
        let v = c.value
        guard (v >= 0xC0 && v <= 0x24F) || (v >= 0x1E00 && v <= 0x1EFF) else { return nil }
        switch c {
        case "ä", "Ä", "ö", "Ö", "ü", "Ü":
            let lower = Unicode.Scalar(String(c).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars.first!.value)!
            return [lower, "e"]
        case "ł": return ["l"]
        case "Ł": return ["L"]
        case "ø": return ["o"]
        case "Ø": return ["O"]
        case "đ": return ["d"]
        case "Đ": return ["D"]
        case "ı": return ["i"]
        case "ħ": return ["h"]
        default: break
        }
        let d = String(c).decomposedStringWithCanonicalMapping.unicodeScalars
        guard let first = d.first, first.isASCII, first.properties.isAlphabetic, d.count > 1,
              d.dropFirst().allSatisfy({ $0.value >= 0x300 && $0.value <= 0x36F }) else { return nil }
        return [first]
    }
}
