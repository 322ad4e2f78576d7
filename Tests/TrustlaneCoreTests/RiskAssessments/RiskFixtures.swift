import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import TrustlaneCore

/// Small maps, ratings and helpers for the risk assessment tests.
enum RiskFixtures {
    /// 2025-03-01 12:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_740_830_400)

    static func node(_ key: String, _ kind: String = "warehouse", country: String = "ID", region: String? = nil,
                     name: String? = nil, partner: String? = nil) -> ChainNode.Draft {
        ChainNode.Draft(key: key, kind: kind, name: name ?? "Site \(key)", country: country, region: region, businessPartner: partner)
    }

    static func leg(_ from: String, _ to: String, _ mode: String = "truck", partner: String? = nil) -> ChainLeg.Draft {
        ChainLeg.Draft(from: from, to: to, mode: mode, businessPartner: partner)
    }

    static func draft(_ nodes: [ChainNode.Draft], _ legs: [ChainLeg.Draft], name: String = "Footwear lane") -> SupplyChain.Draft {
        SupplyChain.Draft(name: name, productLine: "Footwear", nodes: nodes, legs: legs)
    }

    /// The errors of a result that must have failed (empty when it succeeded).
    static func errors<T>(_ result: Result<T, ValidationFailure>) -> [FieldError] {
        if case .failure(let failure) = result { return failure.errors }
        return []
    }

    /// The value of a result that must have succeeded.
    static func value<T>(_ result: Result<T, ValidationFailure>) throws -> T {
        switch result {
        case .success(let value): return value
        case .failure(let failure): throw FixtureError.invalid(failure.errors.map { "\($0.field): \($0.message)" })
        }
    }


    enum FixtureError: Error { case invalid([String]) }

    /// Factory (Indonesia, West Java) → port (Jakarta) → port (US, California) → destination.
    static func shoes(name: String = "Footwear Bandung to Long Beach") throws -> SupplyChain {
        try value(ChainValidator.validate(draft([
            node("F1", "origin_factory", country: "ID", region: "West Java", name: "PT Sepatu Jaya", partner: "PT Sepatu Jaya"),
            node("P1", "port", country: "ID", region: "Jakarta", name: "Tanjung Priok", partner: "JICT"),
            node("P2", "port", country: "US", region: "California", name: "Port of Long Beach", partner: "LBCT"),
            node("D1", "destination", country: "US", region: "California", name: "Long Beach DC"),
        ], [leg("F1", "P1"), leg("P1", "P2", "sea", partner: "ONE"), leg("P2", "D1")], name: name)))
    }

    static func threat(_ country: String, region: String? = nil, _ category: ThreatCategory, _ level: Int,
                       at date: Date = now) -> ThreatRating {
        ThreatRating(country: CountryCode(country)!, region: region, category: category, level: RiskLevel(rank: level),
                     note: nil, source: "Test source", ratedAt: date)
    }

    static func vulnerability(_ node: ChainNode, _ category: MSCCategory, _ level: Int, at date: Date = now) -> VulnerabilityRating {
        VulnerabilityRating(nodeID: node.id, category: category, level: RiskLevel(rank: level), ratedAt: date)
    }

    /// Whether text parses as XML, and the character data found in it.
    static func parseXML(_ text: String) -> (wellFormed: Bool, text: String, elements: Set<String>) {
        let parser = XMLParser(data: Data(text.utf8))
        let collector = XMLCollector()
        parser.delegate = collector
        let ok = parser.parse()
        return (ok, collector.text, collector.elements)
    }
}

final class XMLCollector: NSObject, XMLParserDelegate {
    var text = ""
    var elements: Set<String> = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.insert(elementName)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}
