import Foundation
import XCTest
@testable import BWEngine

/// The refusal texts providers, mail products and list operators document (`fixtures/documented/`, session 14:
/// three helpers' audits from the providers' error tables, the products' sources and manuals, the lists' own
/// pages), each labelled by its helper from the page's own words. Ceilings and floors hold today's agreement, so
/// a rule change that loses a documented reply fails here; the README of that folder lists the disagreements
/// left (most are label conventions: Gmail's "temporarily blocked" IP is a block here, a reputation there).
final class DocumentedRepliesTests: XCTestCase {
    private struct Row: Decodable {
        let text: String
        let blocklist: Bool
        let category: String
        let provider: String?
    }

    private struct Agreement {
        var rows = 0, listings = 0, missed: [String] = [], falseAlarms: [String] = [], category = 0, provider = 0
    }

    private func agreement(_ file: String) throws -> Agreement {
        let c = Classifier(library: try PatternLibrary.load(directories: [repoRoot + "/patterns"]))
        let data = try String(contentsOfFile: repoRoot + "/fixtures/documented/" + file, encoding: .utf8)
        var a = Agreement()
        for line in data.split(separator: "\n") where !line.isEmpty {
            let r = try JSONDecoder().decode(Row.self, from: Data(line.utf8))
            // as `classify` reads a line of its input: a line break is a space
            let v = c.classify(text: r.text.replacingOccurrences(of: "\n", with: " "))
            a.rows += 1
            if r.blocklist { a.listings += 1 }
            let listing = v.category == .blocklist
            if r.blocklist && !listing { a.missed.append(r.text) }
            if !r.blocklist && listing { a.falseAlarms.append(r.text) }
            if v.category.rawValue == r.category { a.category += 1 }
            if let p = r.provider, v.provider == p { a.provider += 1 }
        }
        return a
    }

    /// 274 replies from providers' own error tables (Gmail, Exchange Online, Outlook.com, Yahoo, Comcast, Cox,
    /// Mimecast, …): session start 49/59 listings, category 179, provider 93 (no relay given).
    func testProvidersDocumentedRepliesStayRead() throws {
        let a = try agreement("providers.jsonl")
        XCTAssertEqual(a.rows, 274)
        XCTAssertEqual(a.listings, 59)
        XCTAssertLessThanOrEqual(a.missed.count, 5, a.missed.joined(separator: "\n"))
        XCTAssertLessThanOrEqual(a.falseAlarms.count, 5, a.falseAlarms.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(a.category, 202)
        XCTAssertGreaterThanOrEqual(a.provider, 163)
    }

    /// 85 default replies of 38 MTAs and filters (Postfix, Exim configs, OpenSMTPD filters, Haraka, Rspamd, cPanel,
    /// XMail, iRedAPD, …): session start 37/55 listings, 1 false alarm (a failed look-up read as a listing).
    func testProductsDefaultRepliesStayRead() throws {
        let a = try agreement("products.jsonl")
        XCTAssertEqual(a.rows, 85)
        XCTAssertEqual(a.listings, 55)
        XCTAssertLessThanOrEqual(a.missed.count, 15, a.missed.joined(separator: "\n"))
        XCTAssertEqual(a.falseAlarms, [])
        XCTAssertGreaterThanOrEqual(a.category, 65)
    }

    /// 69 rejections quoted by list operators' own pages and in bounces of their lists: session start 50/55
    /// listings, 2 false alarms (DBL's "No IP queries"; a listing's wording that only its page calls a mistake).
    func testListOperatorsDocumentedRejectionsStayRead() throws {
        let a = try agreement("lists.jsonl")
        XCTAssertEqual(a.rows, 69)
        XCTAssertEqual(a.listings, 55)
        XCTAssertLessThanOrEqual(a.missed.count, 2, a.missed.joined(separator: "\n"))
        XCTAssertLessThanOrEqual(a.falseAlarms.count, 1, a.falseAlarms.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(a.category, 62)
    }
}
