/// The top-level alternatives of a rule's regex, for `explain`: which branch of a long rule matched, and
/// the comment its author wrote above that branch.
///
/// A rule's regex is usually one group of alternatives after its option settings
/// ("(?x)(?J)\n(?:\n  # a note\n  branch\n  | branch …)"), sometimes after a lead-in of its own; the
/// alternatives are those of the group that ends the pattern (or of the pattern itself when it has several at
/// its top). In extended mode (`(?x)` at the start) a '#'
/// outside a character class starts a comment that runs to the line's end; the comment lines before a
/// branch's first token (after the previous branch's last one) are its note.
struct RegexBranches {
    /// Text before the branches (option settings, the group's opening "(?:") and after them.
    let prefix: String
    let suffix: String
    /// Extended mode set at the start: white space and '#' comments in the branches are not literal.
    let extended: Bool
    /// Each branch as written, and its note (comment lines without their '#', joined by spaces).
    let branches: [(body: String, note: String)]

    init?(_ pattern: String) {
        let b = Array(pattern.utf8)
        let extended = pattern.hasPrefix("(?x)") || pattern.hasPrefix("(?xi)") || pattern.hasPrefix("(?ix)")
        self.extended = extended
        // Pass 1: the depth of every significant byte; comments and escapes skipped.
        var depthAt = [Int](repeating: -1, count: b.count)   // -1: not significant (comment, blank)
        var isComment = [Bool](repeating: false, count: b.count)
        var literal = [Bool](repeating: false, count: b.count)   // escaped or in a character class
        var depth = 0
        var i = 0
        var inClass = false
        while i < b.count {
            let c = b[i]
            if inClass {
                depthAt[i] = depth
                literal[i] = true
                if c == 0x5C, i + 1 < b.count { depthAt[i + 1] = depth; literal[i + 1] = true; i += 2; continue }
                if c == 0x5D { inClass = false }
                i += 1
                continue
            }
            switch c {
            case 0x5C:   // an escape: the next byte is literal
                depthAt[i] = depth
                if i + 1 < b.count { depthAt[i + 1] = depth; literal[i + 1] = true }
                i += 2
                continue
            case 0x5B:   // a character class; "]" first in it is literal
                depthAt[i] = depth
                inClass = true
                var j = i + 1
                if j < b.count, b[j] == 0x5E { depthAt[j] = depth; literal[j] = true; j += 1 }
                if j < b.count, b[j] == 0x5D { depthAt[j] = depth; literal[j] = true; j += 1 }
                i = j
                continue
            case 0x23 where extended:
                while i < b.count && b[i] != 0x0A { isComment[i] = true; i += 1 }
                continue
            case 0x28:
                depthAt[i] = depth
                depth += 1
            case 0x29:
                depth -= 1
                if depth < 0 { return nil }
                depthAt[i] = depth
            case 0x20, 0x09, 0x0A, 0x0D:
                // white space is no token in extended mode; elsewhere it is a literal
                if !extended { depthAt[i] = depth }
            default:
                depthAt[i] = depth
            }
            i += 1
        }
        guard depth == 0, !inClass else { return nil }
        // The level whose alternatives are the branches: the top, or the one group that holds the rest.
        func bars(at level: Int, from: Int, to: Int) -> [Int] {
            (from..<to).filter { b[$0] == 0x7C && depthAt[$0] == level && !literal[$0] }
        }
        // leading option settings "(?x)", "(?J)", "(?i)" stay before every branch
        var k = 0
        while true {
            while k < b.count && depthAt[k] < 0 { k += 1 }
            guard k + 2 < b.count, b[k] == 0x28, b[k + 1] == 0x3F else { break }
            var m = k + 2
            while m < b.count && (Scan.isAlnum(b[m]) || b[m] == 0x2D) { m += 1 }
            guard m < b.count, b[m] == 0x29 else { break }
            k = m + 1
        }
        var level = 0
        var from = k, to = b.count
        if bars(at: 0, from: k, to: b.count).isEmpty {
            // one group "(?:" … ")" running to the end, after the options or after a lead-in of its own
            // ("^ (?= …) [\s\S]*? \K (?: …)": a look at the text's end first, generic-listing-cut)
            guard let close = (k..<b.count).last(where: { depthAt[$0] >= 0 }), b[close] == 0x29, !literal[close],
                  let open = (k..<close).last(where: { b[$0] == 0x28 && depthAt[$0] == 0 && !literal[$0] }),
                  open + 2 < close, b[open + 1] == 0x3F, b[open + 2] == 0x3A else { return nil }
            level = 1
            from = open + 3
            to = close
        }
        let cuts = bars(at: level, from: from, to: to)
        guard !cuts.isEmpty else { return nil }
        let starts = [from] + cuts.map { $0 + 1 }
        let ends = cuts + [to]
        func text(_ r: Range<Int>) -> String { String(decoding: b[r], as: UTF8.self) }
        // a branch's note: the comment lines between the previous branch's last token and its first one
        var out: [(String, String)] = []
        var noteStart = from
        for (s, e) in zip(starts, ends) {
            var first = s
            while first < e && depthAt[first] < 0 { first += 1 }
            var lines: [String] = []
            var k = noteStart
            while k < first {
                if isComment[k] {
                    var m = k
                    while m < first && isComment[m] { m += 1 }
                    var line = text(k..<m)
                    line.removeFirst()   // '#'
                    lines.append(line.trimmingCharacters(inSet: [" ", "\t"]))
                    k = m
                } else {
                    k += 1
                }
            }
            var last = e
            while last > first && depthAt[last - 1] < 0 { last -= 1 }
            out.append((text(first..<last), lines.filter { !$0.isEmpty }.joined(separator: " ")))
            noteStart = last
        }
        prefix = text(0..<from)
        suffix = text(to..<b.count)
        branches = out
    }
}

extension String {
    /// Without the given characters at either end (no Foundation on this path).
    func trimmingCharacters(inSet set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
