import Foundation
import TrustlaneCore

/// Issue 15's screening goal, ahead of the feature: re-screen 10,000 partners against a
/// 20,000-entry list (with an alias for every other entry) in under 5 s. The list and the
/// partners are generated from syllables, so names share tokens as real trade names do.
enum ScreeningBench {
    static let syllables = ["nu", "san", "ta", "ra", "ba", "tik", "gar", "men", "fron", "te", "ri", "zos", "har", "bor", "li", "ne",
                            "mo", "ham", "med", "has", "an", "lo", "gis", "ti", "ca", "se", "ma", "ja", "ya", "ku", "do", "pe"]
    static let words = ["trading", "logistics", "shipping", "garments", "textiles", "industries", "global", "international", "holdings"]

    static func name(_ seed: inout UInt64) -> String {
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        func word() -> String { (0..<(2 + next() % 2)).map { _ in syllables[next() % syllables.count] }.joined() }
        return [word(), word(), words[next() % words.count]].joined(separator: " ")
    }

    static func run() -> [BenchResult] {
        var seed: UInt64 = 2026
        var csv = ""
        var aliases = ""
        for number in 1...20_000 {
            csv += "\"\(number)\",\"\(name(&seed).uppercased())\",-0-,\"[SDGT]\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\r"
            if number.isMultiple(of: 2) { aliases += "\"\(number)\",\"\(number)\",\"aka\",\"\(name(&seed).uppercased())\",-0-\r" }
        }
        let partners = (0..<10_000).map { _ in name(&seed) }
        var results: [BenchResult] = []
        let began = ContinuousClock.now
        guard let list = try? OFACLegacyCSV.parse(.init(primary: ("sdn.csv", csv), aliases: ("alt.csv", aliases)), source: "bench") else { return [] }
        let parsed = ContinuousClock.now
        let index = ScreeningIndex(list)
        let indexed = ContinuousClock.now
        var hits = 0
        for partner in partners { hits += index.screen(partner).count }
        let screened = ContinuousClock.now
        results.append(BenchResult(operation: "screening: parse 20,000 entries + 10,000 aliases (OFAC CSV, in-process)", requests: 1,
                                   samples: [(parsed - began).milliseconds], seconds: (parsed - began).milliseconds / 1000))
        results.append(BenchResult(operation: "screening: index 30,000 names (in-process)", requests: 1,
                                   samples: [(indexed - parsed).milliseconds], seconds: (indexed - parsed).milliseconds / 1000))
        results.append(BenchResult(operation: "screening: 10,000 partners against the list, \(hits) hits (in-process)", requests: 1,
                                   samples: [(screened - indexed).milliseconds], seconds: (screened - indexed).milliseconds / 1000))
        return results
    }
}
