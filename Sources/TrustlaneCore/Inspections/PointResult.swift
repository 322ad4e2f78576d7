import Foundation

/// What the inspector found at one point.
public enum PointOutcome: String, CaseIterable, Codable, Sendable, Hashable {
    case pass
    case fail
    case notApplicable = "not_applicable"

    /// Key of the outcome's display name in the localization files.
    public var nameKey: String { "inspections.outcome.\(rawValue)" }
}

/// One point of an inspection as recorded: the point's key, the outcome and the inspector's note
/// (required on a failure, so the hold and the incident say what was found).
public struct PointResult: Hashable, Sendable, Codable {
    public let pointKey: String
    public let outcome: PointOutcome
    public let note: String?

    public init(pointKey: String, outcome: PointOutcome, note: String? = nil) {
        self.pointKey = pointKey
        self.outcome = outcome
        self.note = note
    }
}
