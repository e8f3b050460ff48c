import XCTest
@testable import BWEngine
import BWRegex

/// Rules match their words with or without diacritics (SMTP replies are often 7-bit ASCII).
final class DiacriticsTests: XCTestCase {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        let r = try Regex(Diacritics.folding(pattern), options: [.caseless, .utf])
        return try r.firstMatch(in: text, scratch: MatchScratch()) != nil
    }

    func testAccentedWordsMatchTheirASCIISpellings() throws {
        for text in ["bloquée", "bloquee", "BLOQUEE"] { XCTAssertTrue(try matches("bloquée", text), text) }
        for text in ["Empfänger", "Empfaenger", "Empfanger"] { XCTAssertTrue(try matches("Empfänger", text), text) }
        XCTAssertTrue(try matches("blokovaná\\s+na\\s+našom", "blokovana na nasom"))
        XCTAssertTrue(try matches("zablokowała", "zablokowala"), "ł has no decomposition: its own table")
        XCTAssertFalse(try matches("bloquée", "bloqu e"))
    }

    func testSyntaxIsKept() throws {
        // a class's range, escapes, a POSIX class and an extended pattern's comment are left as written
        XCTAssertEqual(Diacritics.folding("[à-ÿ]x"), "[à-ÿ]x")
        XCTAssertEqual(Diacritics.folding("\\x{e9}t\\p{L}"), "\\x{e9}t\\p{L}")
        XCTAssertEqual(Diacritics.folding("(?x) a # bloquée\n b"), "(?x) a # bloquée\n b")
        XCTAssertEqual(Diacritics.folding("[[:alpha:]é]"), "[[:alpha:]ée]")
        XCTAssertEqual(Diacritics.folding("plain ascii"), "plain ascii")
        // inside a class the base letter joins it; outside, a class of both
        XCTAssertEqual(Diacritics.folding("blokován[áý]"), "blokov[áa]n[áaýy]")
    }

    func testShortWordsAreNotFolded() throws {
        // Lithuanian "nėra" (is not) folded would read Italian "nera" (black): "lista nera" is a listing
        XCTAssertEqual(Diacritics.folding("nėra|prób|țar"), "nėra|prób|țar")
        XCTAssertFalse(try matches("(?<!\\p{L})nėra(?!\\p{L})", "lista nera"))
    }

    /// End to end with the shipped rules: a receiver's own block written without the accents of its language.
    func testASCIIRepliesInAccentedLanguages() throws {
        let c = Classifier(library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        for text in ["550 Pripojenie odmietnute: IP 198.51.100.60 je blokovana na nasom serveri",
                     "550 Pripojenie odmietnuté: IP 198.51.100.60 je blokovaná na našom serveri",
                     "550 5.7.1 Jusu serverio IP adresas 203.0.113.36 yra uzblokuotas musu sistemoje"] {
            let v = c.classify(text: text, relay: nil)
            XCTAssertEqual(v.category, .blocklist, text)
            XCTAssertNotNil(v.listedIP, text)
        }
        // and the Italian own list is no Lithuanian negation
        XCTAssertEqual(c.classify(text: "554 Il vostro server 198.51.100.45 risulta nella nostra lista nera", relay: nil).category, .blocklist)
    }
}
