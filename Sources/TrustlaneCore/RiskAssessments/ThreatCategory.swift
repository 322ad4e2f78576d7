import Foundation

/// The threats a member rates for each country or region its cargo comes from or passes through
/// (step 2 of the five-step risk assessment). Raw values are snake_case and are what the database
/// and the API carry.
///
/// Sources, recorded beside the data as the rules ask:
/// - terrorism, contraband smuggling, human smuggling, organized crime and conditions that foster
///   these threats: CBP, "C-TPAT 5 Step Risk Assessment Process Guide" (training seminar, March
///   2010), step 2, each rated High/Medium/Low per country or region of origin and transit. CBP's
///   "C-TPAT's Five Step Risk Assessment" (August 2014) keeps the five steps; its threat list was
///   not retrieved (see research/issue11-confirmations.md, T3).
/// - agricultural: MSC category 8 (Agricultural Security) and CBP's CTPAT bulletin "Agriculture
///   Security MSC 8.1" (Publication 1885-0822, July 2022), which asks members to consider
///   agricultural risk in their risk assessment.
/// - "public safety", which Trustlane rated before, has no CBP source: it is no longer a category
///   (`LegacyThreatCategory` reads the ratings already stored under it).
///
/// The order is the guide's, then agricultural; it breaks ties (`NodeRisk.drivingThreat`).
public enum ThreatCategory: String, CaseIterable, Codable, Sendable, Hashable, RiskBreakdownKey {
    case terrorism
    case contrabandSmuggling = "contraband_smuggling"
    case humanSmuggling = "human_smuggling"
    case organizedCrime = "organized_crime"
    /// Conditions in a country or region which may foster the threats above: political,
    /// economic and social conditions, and corruption.
    case fosteringConditions = "fostering_conditions"
    case agricultural

    /// Parses a raw value case-insensitively, trimming spaces; `-` or a space may stand for `_`.
    /// A retired category (`public_safety`) is not a category: see `LegacyThreatCategory`.
    public init?(text: String) {
        if let exact = ThreatCategory(rawValue: text) { self = exact; return }
        let folded = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        self.init(rawValue: folded)
    }

    /// Key of the category's display name in the localization files.
    public var nameKey: String { "threat_category.\(rawValue)" }

    /// Key of the category's one-line description in the localization files.
    public var descriptionKey: String { "threat_category.\(rawValue).description" }

    /// The English display name, for exports and the API.
    public var title: String {
        switch self {
        case .terrorism: "Terrorism"
        case .contrabandSmuggling: "Contraband smuggling"
        case .humanSmuggling: "Human smuggling"
        case .organizedCrime: "Organized crime"
        case .fosteringConditions: "Conditions that foster these threats"
        case .agricultural: "Agricultural"
        }
    }

    /// What is rated under the category, in English, for the API and exports.
    public var summary: String {
        switch self {
        case .terrorism: "Terrorist activity or intent against cargo, conveyances or facilities."
        case .contrabandSmuggling: "Smuggling of drugs, weapons or other contraband in or with the cargo."
        case .humanSmuggling: "Smuggling of people in conveyances or containers."
        case .organizedCrime: "Organized criminal groups: theft, hijacking, extortion, infiltration of the supply chain."
        case .fosteringConditions: "Conditions in the country or region which may foster these threats: political, economic and social conditions, and corruption."
        case .agricultural: "Pests and contamination, including in wood packaging material (MSC category 8)."
        }
    }

    /// Position in `allCases`, for fixed-size breakdowns.
    public var ordinal: Int {
        switch self {
        case .terrorism: 0
        case .contrabandSmuggling: 1
        case .humanSmuggling: 2
        case .organizedCrime: 3
        case .fosteringConditions: 4
        case .agricultural: 5
        }
    }
}

/// A threat category Trustlane used before it followed CBP's guide, kept only so ratings stored
/// under it still read: they are shown as history ("public safety (not a CBP category)"), never
/// count in scores, screening or gaps, and cannot be rated again.
public enum LegacyThreatCategory: String, CaseIterable, Codable, Sendable, Hashable {
    /// No CBP source was found for it (rules-to-correct.md, section 1 row 6).
    case publicSafety = "public_safety"

    /// Key of the category's display name in the localization files.
    public var nameKey: String { "threat_category.legacy.\(rawValue)" }

    /// The English display name, saying why it is set apart.
    public var title: String {
        switch self {
        case .publicSafety: "Public safety (not a CBP category)"
        }
    }
}

/// The category of a stored threat rating: one of CBP's, or a retired one.
public enum StoredThreatCategory: Hashable, Sendable {
    case current(ThreatCategory)
    case legacy(LegacyThreatCategory)

    /// Reads a stored raw value; `nil` for a value Trustlane never wrote.
    public init?(stored: String) {
        if let category = ThreatCategory(rawValue: stored) {
            self = .current(category)
        } else if let legacy = LegacyThreatCategory(rawValue: stored) {
            self = .legacy(legacy)
        } else {
            return nil
        }
    }

    /// The raw value as stored.
    public var rawValue: String {
        switch self {
        case .current(let category): category.rawValue
        case .legacy(let legacy): legacy.rawValue
        }
    }
}
