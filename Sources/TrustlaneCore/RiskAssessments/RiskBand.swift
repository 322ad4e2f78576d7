import Foundation

/// The band a risk score falls in, for colours, counts and the action plan. Which scores fall in
/// which band is set by `RiskBands`.
public enum RiskBand: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case low
    case medium
    case high

    /// Key of the band's display name in the localization files.
    public var nameKey: String { "risk_band.\(rawValue)" }

    /// The English display name, for exports and the API.
    public var title: String {
        switch self {
        case .low: "Low"
        case .medium: "Medium"
        case .high: "High"
        }
    }

    /// The fill colour of the band in drawings (matrix cells, diagram nodes).
    public var colour: String {
        switch self {
        case .low: "#2e7d32"
        case .medium: "#f9a825"
        case .high: "#c62828"
        }
    }

    /// The colour of text drawn on the band's fill, chosen for contrast.
    public var textColour: String { self == .medium ? "#1a1a1a" : "#ffffff" }

    /// The colour of something not rated yet.
    public static let unratedColour = "#9e9e9e"

    var ordinal: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: RiskBand, rhs: RiskBand) -> Bool { lhs.ordinal < rhs.ordinal }
}
