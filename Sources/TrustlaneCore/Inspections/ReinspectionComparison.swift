import Foundation

/// A re-inspection set against the inspection it re-checks (MSC 5.8): the points whose outcome
/// differs. A point the original passed and the re-inspection failed is a finding against the
/// first inspector's work, or a sign that something changed in between.
public struct ReinspectionComparison: Hashable, Sendable {
    public struct Difference: Hashable, Sendable {
        public let pointKey: String
        /// Nil where the checklist of that inspection has no such point.
        public let original: PointOutcome?
        public let reinspection: PointOutcome?

        /// The original passed (or skipped) a point the re-inspection failed.
        public var missedFailure: Bool { reinspection == .fail && original != .fail }
    }

    public let original: InspectionID
    public let reinspection: InspectionID
    /// In the re-inspection's point order, then points only the original has.
    public let differences: [Difference]

    public var agrees: Bool { differences.isEmpty }

    /// Compares two inspections of the same unit; refused when the units differ or the
    /// re-inspection is the inspection itself.
    public static func compare(original: ConveyanceInspection, reinspection: ConveyanceInspection) -> Result<ReinspectionComparison, FieldError> {
        guard original.id != reinspection.id else {
            return .failure(FieldError(field: "reinspection", messageKey: "inspections.error.reinspection_same",
                                       message: "a re-inspection is a separate inspection, not a version of the original"))
        }
        guard original.unit.label == reinspection.unit.label else {
            return .failure(FieldError(field: "reinspection", messageKey: "inspections.error.reinspection_other_unit",
                                       message: "the re-inspection is of \(reinspection.unit.label), the original of \(original.unit.label); compare inspections of one unit",
                                       arguments: ["original": original.unit.label, "reinspection": reinspection.unit.label]))
        }
        let before = Dictionary(original.results.map { ($0.pointKey, $0.outcome) }, uniquingKeysWith: { first, _ in first })
        var differences: [Difference] = []
        var seen: Set<String> = []
        for result in reinspection.results {
            seen.insert(result.pointKey)
            if before[result.pointKey] != result.outcome {
                differences.append(Difference(pointKey: result.pointKey, original: before[result.pointKey], reinspection: result.outcome))
            }
        }
        for result in original.results where !seen.contains(result.pointKey) {
            differences.append(Difference(pointKey: result.pointKey, original: result.outcome, reinspection: nil))
        }
        return .success(ReinspectionComparison(original: original.id, reinspection: reinspection.id, differences: differences))
    }
}
