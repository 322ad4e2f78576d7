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

/// Calendar days as `YYYY-MM-DD` in UTC, as assessments store them.
enum RiskDay {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func text(_ date: Date) -> String { ProgramDay(date).description }

    /// Parses `YYYY-MM-DD`; `nil` for anything else.
    static func date(_ text: String?) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), text.count == 10 else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard let date = calendar.date(from: components), self.text(date) == text else { return nil }
        return date
    }

    static func addingYear(_ date: Date) -> Date { calendar.date(byAdding: .year, value: 1, to: date) ?? date }
}
