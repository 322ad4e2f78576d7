import Foundation

/// The threat-first triage CBP's five-step guide recommends (March 2010): assess the threat at
/// origin and along the routing first, to find the high-risk supply chains, and give only those a
/// full vulnerability assessment (step 3).
///
/// A chain is flagged when a threat is rated at or above the rule's level (by default the
/// scale's highest, "high") in any country or region its nodes are in: the origin, every transit
/// or transshipment point, and the destination (abroad for an exporter). Each flag gives its
/// reasons (place, threat, level, nodes). A chain with no such rating but with threats still
/// unrated somewhere is `incomplete`, never silently clear.
public struct ThreatScreening: Sendable, Equatable {
    /// When a chain needs a full vulnerability assessment.
    public struct Rule: Hashable, Sendable {
        /// The threat level from which a chain is flagged; `nil` for the scale's highest level.
        public var flagFrom: RiskLevel?

        public init(flagFrom: RiskLevel? = nil) { self.flagFrom = flagFrom }

        /// Any threat rated at the highest level ("any High threat").
        public static let standard = Rule()

        /// Reads the level typed in step 5 (a key of the scale, `high`, or its value, `3`); blank
        /// keeps the default, the scale's highest level.
        public static func validate(_ text: String?, field: String = "screen_from", scale: RiskScale) -> Result<Rule, ValidationFailure> {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .success(.standard) }
            guard let level = scale.level(text: text) else {
                return .failure(ValidationFailure([FieldError(
                    field: field, messageKey: "risk.error.screen_from",
                    message: "\(field): '\(text)' is not a level of the scale; flag chains from one of \(scale.keyList).",
                    arguments: ["value": text, "levels": scale.keyList])]))
            }
            return .success(Rule(flagFrom: level))
        }

        /// The level from which a chain is flagged on a scale (the highest when unset or above it).
        public func threshold(on scale: RiskScale) -> RiskLevel {
            let top = RiskLevel(rank: scale.count - 1)
            guard let flagFrom, scale.contains(flagFrom) else { return top }
            return flagFrom
        }
    }

    /// A country or region on a chain's path, with the keys of the nodes there in path order.
    public struct Place: Hashable, Sendable {
        public let country: CountryCode
        public let region: String?
        public let nodeKeys: [String]

        /// `ID` or `ID, West Java`.
        public var text: String { region.map { "\(country.code), \($0)" } ?? country.code }
    }

    /// Why a chain is flagged: a threat at or above the rule's level at a place.
    public struct Reason: Hashable, Sendable {
        public let place: Place
        public let category: ThreatCategory
        public let level: RiskLevel
    }

    /// A place where some threats are not rated yet.
    public struct Unrated: Hashable, Sendable {
        public let place: Place
        public let categories: [ThreatCategory]
    }

    public enum Status: String, Sendable, CaseIterable {
        /// A threat at or above the rule's level somewhere on the path: do a full step 3.
        case flagged
        /// Every threat rated everywhere on the path, none at the rule's level.
        case clear
        /// None at the rule's level so far, but some threats are still unrated.
        case incomplete

        /// Key of the status's display name in the localization files.
        public var nameKey: String { "risk.screening.status.\(rawValue)" }
    }

    /// One chain's result.
    public struct Chain: Sendable, Equatable {
        public let chainID: SupplyChainID
        public let name: String
        public let status: Status
        /// The ratings that flag it, in path order, then threat order.
        public let reasons: [Reason]
        /// Places with threats still unrated, in path order.
        public let unrated: [Unrated]

        /// Whether the chain needs a full vulnerability assessment.
        public var needsFullAssessment: Bool { status == .flagged }
    }

    /// The level from which chains were flagged.
    public let threshold: RiskLevel
    /// Every chain, in the order given.
    public let chains: [Chain]

    /// The chains that need a full vulnerability assessment.
    public var flagged: [Chain] { chains.filter(\.needsFullAssessment) }

    /// A chain's result.
    public func chain(_ id: SupplyChainID) -> Chain? { chains.first { $0.chainID == id } }

    /// Screens chains by the threat ratings where their nodes are.
    public static func screen(_ chains: [SupplyChain], threats: ThreatLibrary, scale: RiskScale,
                              rule: Rule = .standard) -> ThreatScreening {
        let threshold = rule.threshold(on: scale)
        let results = chains.map { chain -> Chain in
            var reasons: [Reason] = []
            var unrated: [Unrated] = []
            for place in places(of: chain) {
                let ratings = threats.ratings(country: place.country, regionKey: MatchKey.normalize(place.region))
                var missing: [ThreatCategory] = []
                for category in ThreatCategory.allCases {
                    guard let rating = ratings?[category.ordinal] else { missing.append(category); continue }
                    if rating.level >= threshold { reasons.append(Reason(place: place, category: category, level: rating.level)) }
                }
                if !missing.isEmpty { unrated.append(Unrated(place: place, categories: missing)) }
            }
            let status: Status = !reasons.isEmpty ? .flagged : (unrated.isEmpty ? .clear : .incomplete)
            return Chain(chainID: chain.id, name: chain.name, status: status, reasons: reasons, unrated: unrated)
        }
        return ThreatScreening(threshold: threshold, chains: results)
    }

    /// The countries and regions of a chain's nodes, in path order without repeats.
    static func places(of chain: SupplyChain) -> [Place] {
        var order: [String] = []
        var found: [String: (country: CountryCode, region: String?, keys: [String])] = [:]
        for node in chain.nodes {
            let id = node.country.code + "|" + (node.regionKey ?? "")
            if found[id] == nil {
                order.append(id)
                found[id] = (node.country, node.region, [])
            }
            found[id]!.keys.append(node.key)
        }
        return order.map { id in
            let entry = found[id]!
            return Place(country: entry.country, region: entry.region, nodeKeys: entry.keys)
        }
    }
}
