import Foundation

/// The threats CBP's five-step risk assessment asks a member to rate for each country or region
/// its cargo comes from or passes through (step 2). Raw values are snake_case and are what the
/// database and the API carry.
public enum ThreatCategory: String, CaseIterable, Codable, Sendable, Hashable, RiskBreakdownKey {
    case terrorism
    case contrabandSmuggling = "contraband_smuggling"
    case humanSmuggling = "human_smuggling"
    case organizedCrime = "organized_crime"
    case agricultural
    case publicSafety = "public_safety"

    /// Parses a raw value case-insensitively, trimming spaces; `-` or a space may stand for `_`.
    public init?(text: String) {
        if let exact = ThreatCategory(rawValue: text) { self = exact; return }
        let folded = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        self.init(rawValue: folded)
    }

    /// Key of the category's display name in the localization files.
    public var nameKey: String { "threat_category.\(rawValue)" }

    /// The English display name, for exports and the API.
    public var title: String {
        switch self {
        case .terrorism: "Terrorism"
        case .contrabandSmuggling: "Contraband smuggling"
        case .humanSmuggling: "Human smuggling"
        case .organizedCrime: "Organized crime"
        case .agricultural: "Agricultural"
        case .publicSafety: "Public safety"
        }
    }

    /// Position in `allCases`, for fixed-size breakdowns.
    public var ordinal: Int {
        switch self {
        case .terrorism: 0
        case .contrabandSmuggling: 1
        case .humanSmuggling: 2
        case .organizedCrime: 3
        case .agricultural: 4
        case .publicSafety: 5
        }
    }
}
