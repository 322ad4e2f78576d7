import Foundation

public enum PersonTag: Sendable {}
/// Someone on the company's roster (an employee, a temporary worker, a contractor's driver):
/// not necessarily a Trustlane user.
public typealias PersonID = Identifier<PersonTag>
public enum TrainingSessionTag: Sendable {}
public typealias TrainingSessionID = Identifier<TrainingSessionTag>

/// What a training session covers, each topic with the MSC criteria it is evidence for
/// (category 12 and the criteria the topic teaches), from `daily-operations.md` section 5.
/// Where the source gives no criterion number, the topic says so (`unverified`).
public enum TrainingTopic: String, CaseIterable, Codable, Sendable, Hashable {
    /// The security awareness program as a whole, at hiring and on a regular basis (12.1).
    case securityAwareness = "security_awareness"
    /// Conveyance and container inspections and seals, for drivers and inspectors (12.2).
    case inspectionsAndSeals = "inspections_and_seals"
    /// Recognising pest contamination: insects, plants, soil, wood packaging (12.2, 8.1).
    case agriculturalContamination = "agricultural_contamination"
    /// Passwords, phishing, access to systems (12.8).
    case cybersecurity
    /// How to report an incident or suspicious activity (12.10).
    case incidentReporting = "incident_reporting"
    /// Operating and keeping up security technology: CCTV, alarms, access control (12.9).
    case securityTechnology = "security_technology"
    /// Trade-based money laundering warning signs (a Should in CBP's guidance; criterion number not confirmed).
    case tradeBasedMoneyLaundering = "tbml"
    /// Forced labor in the supply chain, for suppliers (CBP trade compliance guidance; criterion number not confirmed).
    case forcedLabor = "forced_labor"
    /// The employee code of conduct, acknowledged (11.5).
    case codeOfConduct = "code_of_conduct"

    public var criteria: [String] {
        switch self {
        case .securityAwareness: ["12.1"]
        case .inspectionsAndSeals: ["12.2", "5.2", "6.7"]
        case .agriculturalContamination: ["12.2", "8.1"]
        case .cybersecurity: ["12.8"]
        case .incidentReporting: ["12.10", "7.23"]
        case .securityTechnology: ["12.9"]
        case .tradeBasedMoneyLaundering, .forcedLabor: ["12.1"]
        case .codeOfConduct: ["11.5"]
        }
    }

    /// True where the criterion the topic serves is not confirmed against CBP's text.
    public var unverified: Bool { self == .tradeBasedMoneyLaundering || self == .forcedLabor || self == .incidentReporting }

    /// How often it is repeated unless a curriculum says otherwise: members commonly train all
    /// staff once a year (`daily-operations.md` section 5, S34).
    public static let defaultRecurrenceMonths = 12

    public var nameKey: String { "training.topic.\(rawValue)" }
}
