import Foundation

/// How far a criterion's number can be trusted, shown beside it and used by the criteria
/// browser's filter and `trustlane catalog coverage`.
public enum CriterionNumbering: String, CaseIterable, Sendable {
    /// A CBP source confirms the number, level and entity type.
    case confirmed
    /// CBP's number as seen in public material (Trustlane's research list); not yet checked
    /// against the CBP booklet of this entity type.
    case publicMaterial = "public"
    /// A Trustlane-local id (`TL-5-A`): no public source confirms a CBP number for it.
    case local

    public init?(text: String) { self.init(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) }

    /// The localization key of its badge text.
    public var labelKey: String { "numbering.\(rawValue)" }
}
