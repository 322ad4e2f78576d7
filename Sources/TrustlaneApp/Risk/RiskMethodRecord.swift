import Foundation
import TrustlaneCore

/// How an assessment's method is saved (`risk_assessments.method`): the scale, bands, unrated
/// policy and participants. Category applicability is the standard mapping for now.
struct RiskMethodRecord: Codable, Sendable, Equatable {
    var scale: RiskScale
    var bands: RiskBands
    var unrated: RiskScoring.UnratedPolicy
    var participants: [AssessmentParticipant]

    static let standard = RiskMethodRecord(scale: .standard, bands: .standard, unrated: .exclude, participants: [])

    var method: AssessmentMethod {
        AssessmentMethod(scale: scale, bands: bands, unrated: unrated, participants: participants)
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
