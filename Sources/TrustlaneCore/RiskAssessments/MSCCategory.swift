import Foundation

/// The twelve numbered categories of CTPAT's Minimum Security Criteria (2019/2020), against
/// which step 3 of the risk assessment rates each node's vulnerability. The raw value is the
/// category number, also the prefix of its criteria ids (`9.x` = Physical Security).
///
/// The numbering is the program's and stable across entity types; a `Catalog`'s
/// `CriterionCategory` carries the same number plus its display data (see `init?(_:)`).
public enum MSCCategory: Int, CaseIterable, Codable, Sendable, Hashable, Comparable, RiskBreakdownKey {
    case securityVision = 1
    case riskAssessment = 2
    case businessPartners = 3
    case cybersecurity = 4
    case conveyanceAndIIT = 5
    case sealSecurity = 6
    case proceduralSecurity = 7
    case agriculturalSecurity = 8
    case physicalSecurity = 9
    case physicalAccessControls = 10
    case personnelSecurity = 11
    case educationAndTraining = 12

    /// The category with a catalog category's number; `nil` for a number outside 1...12.
    public init?(_ category: CriterionCategory) {
        self.init(rawValue: category.number)
    }

    /// Parses a category number given as text (`9`, ` 10 `).
    public init?(text: String) {
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.init(rawValue: number)
    }

    /// The category number.
    public var number: Int { rawValue }

    /// Key of the category's display name in the localization files.
    public var nameKey: String { "msc_category.\(rawValue)" }

    /// The English title as CBP prints it.
    public var title: String {
        switch self {
        case .securityVision: "Security Vision & Responsibility"
        case .riskAssessment: "Risk Assessment"
        case .businessPartners: "Business Partners"
        case .cybersecurity: "Cybersecurity"
        case .conveyanceAndIIT: "Conveyance and Instruments of International Traffic Security"
        case .sealSecurity: "Seal Security"
        case .proceduralSecurity: "Procedural Security"
        case .agriculturalSecurity: "Agricultural Security"
        case .physicalSecurity: "Physical Security"
        case .physicalAccessControls: "Physical Access Controls"
        case .personnelSecurity: "Personnel Security"
        case .educationAndTraining: "Education, Training and Awareness"
        }
    }

    /// Position in `allCases` (category number - 1).
    public var ordinal: Int { rawValue - 1 }

    public static func < (lhs: MSCCategory, rhs: MSCCategory) -> Bool { lhs.rawValue < rhs.rawValue }
}
