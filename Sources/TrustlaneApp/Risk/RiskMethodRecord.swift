import Foundation
import TrustlaneCore

/// How an assessment's method is saved (`risk_assessments.method`): the scale, bands, unrated
/// policy, the threat screening's level and participants. Category applicability is the standard
/// mapping for now.
struct RiskMethodRecord: Codable, Sendable, Equatable {
    var scale: RiskScale
    var bands: RiskBands
    var unrated: RiskScoring.UnratedPolicy
    var participants: [AssessmentParticipant]
    /// The level key from which the threat screening flags a chain; `nil` (and in records saved
    /// before the screening existed) for the scale's highest level.
    var screenFrom: String? = nil

    static let standard = RiskMethodRecord(scale: .standard, bands: .standard, unrated: .exclude, participants: [])

    /// The screening rule: the saved level if it is still on the scale, else the default.
    var screening: ThreatScreening.Rule {
        ThreatScreening.Rule(flagFrom: screenFrom.flatMap(scale.level(text:)))
    }

    var method: AssessmentMethod {
        AssessmentMethod(scale: scale, bands: bands, unrated: unrated, screening: screening, participants: participants)
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> RiskMethodRecord {
        (try? JSONDecoder().decode(RiskMethodRecord.self, from: Data(text.utf8))) ?? .standard
    }
}
