import XCTest
import Foundation

/// The ratchet: how many texts of the real-shaped refusal corpus no rule explains.
/// This number may only go down; lower it here when rules improve.
final class RatchetTests: XCTestCase {
    static let maxUnclassified = 18

    func testCorpusUnclassifiedCountOnlyGoesDown() throws {
        let corpus = try String(contentsOfFile: cliRepoRoot + "/fixtures/refusals/corpus.txt", encoding: .utf8)
        let texts = corpus.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        XCTAssertGreaterThan(texts.count, 200)
        let r = try bw(["classify", "--format", "json"], stdin: Data((texts.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(r.status, 0)
        let objs = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(objs.count, texts.count)
        let unclassified = objs.filter { $0["rule"] is NSNull }.count
        XCTAssertLessThanOrEqual(unclassified, RatchetTests.maxUnclassified,
                                 "more corpus texts unclassified than the ratchet allows: \(unclassified)")
    }

    /// The categories of the real refusals that are not listings, as their collectors labelled them (every labelled set:
    /// fixtures/eval and heldout/, 3,777 such texts since eval116): how often the verdict's category agrees. A known weakness outside
    /// `blocklist` (session 21: 2,364 at its start, 2,590 after the non-listing rules were widened; session 22: 2,639 with
    /// the recipients gone and the senders' rules in more wordings); it may only go up.
    static let minNonListingCategoryAgreement = 2639

    func testRealNonListingsKeepTheirCategories() throws {
        var texts: [String] = [], want: [String] = []
        let fm = FileManager.default
        let sets = ["fixtures/eval/refusals.jsonl"] + (try fm.contentsOfDirectory(atPath: cliRepoRoot + "/heldout"))
            .filter { $0.hasPrefix("eval") }.sorted().map { "heldout/\($0)/refusals.jsonl" }
        for f in sets {
            guard let data = fm.contents(atPath: cliRepoRoot + "/" + f), let text = String(data: data, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where !line.isEmpty {
                guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let cat = o["category"] as? String, cat != "blocklist", let t = o["text"] as? String else { continue }
                texts.append(t.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " "))
                want.append(cat)
            }
        }
        XCTAssertEqual(texts.count, 3777)
        let r = try bw(["classify", "--format", "json"], stdin: Data((texts.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(r.status, 0)
        let got = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(got.count, texts.count)
        let agree = zip(got, want).filter { ($0.0["category"] as? String) == $0.1 }.count
        XCTAssertGreaterThanOrEqual(agree, RatchetTests.minNonListingCategoryAgreement, "non-listings whose category agrees: \(agree)")
    }
}
