import Foundation

/// A company's inspection settings: whether a supervisor signs every inspection off before it is
/// complete (MSC 5.5 asks for the signature where inspections are supervised), and the share of
/// inspections management picks for a second look (MSC 5.8).
public struct InspectionSettings: Hashable, Sendable, Codable {
    public let requiresSupervisorSignOff: Bool
    /// 0 ... 100.
    public let reinspectionPercent: Int

    public static let `default` = InspectionSettings(requiresSupervisorSignOff: false, reinspectionPercent: 5)

    public init(requiresSupervisorSignOff: Bool, reinspectionPercent: Int) {
        self.requiresSupervisorSignOff = requiresSupervisorSignOff
        self.reinspectionPercent = min(100, max(0, reinspectionPercent))
    }

    /// Reads the settings form: `reinspection_percent` a whole number 0 to 100.
    public static func validate(requiresSupervisorSignOff: Bool, reinspectionPercent text: String?) -> Result<InspectionSettings, ValidationFailure> {
        let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !trimmed.isEmpty else { return .failure(ValidationFailure([.required("reinspection_percent")])) }
        guard let percent = Int(trimmed), (0...100).contains(percent) else {
            return .failure(ValidationFailure([FieldError(field: "reinspection_percent", messageKey: "inspections.error.percent",
                                                          message: "reinspection_percent '\(trimmed.prefix(20))' must be a whole number from 0 to 100",
                                                          arguments: ["value": String(trimmed.prefix(20))])]))
        }
        return .success(InspectionSettings(requiresSupervisorSignOff: requiresSupervisorSignOff, reinspectionPercent: percent))
    }
}
