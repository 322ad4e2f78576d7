import Foundation

/// Why the program suspended or removed a member (the triggers CBP names). The reason decides
/// the appeal window: `falseInformation` gives 30 days, every other reason 90.
public enum SanctionReason: String, CaseIterable, Codable, Sendable, Hashable {
    /// A narcotics seizure or other security incident in the supply chain.
    case securityIncident = "security_incident"
    /// The validation failed.
    case failedValidation = "failed_validation"
    /// The Minimum Security Criteria are not met.
    case criteriaNotMet = "criteria_not_met"
    /// The partner agreement was breached.
    case agreementBreach = "agreement_breach"
    /// Eligibility or vetting no longer holds.
    case eligibilityOrVetting = "eligibility_or_vetting"
    /// Required information was not provided.
    case informationNotProvided = "information_not_provided"
    /// False or misleading information was given (statute: shorter appeal window).
    case falseInformation = "false_information"
    /// The annual security profile review was not completed.
    case missedAnnualReview = "missed_annual_review"
    /// The company did not respond to the program.
    case unresponsive
    /// Conduct showing a lack of commitment to the program.
    case lackOfCommitment = "lack_of_commitment"

    /// Key of the reason's display text in the localization files.
    public var nameKey: String { "sanction_reason.\(rawValue)" }

    /// English text, for the API and messages.
    public var englishName: String {
        switch self {
        case .securityIncident: "security incident in the supply chain"
        case .failedValidation: "failed validation"
        case .criteriaNotMet: "Minimum Security Criteria not met"
        case .agreementBreach: "breach of the partner agreement"
        case .eligibilityOrVetting: "eligibility or vetting no longer met"
        case .informationNotProvided: "required information not provided"
        case .falseInformation: "false or misleading information"
        case .missedAnnualReview: "annual profile review not completed"
        case .unresponsive: "unresponsive to the program"
        case .lackOfCommitment: "lack of commitment to the program"
        }
    }
}
