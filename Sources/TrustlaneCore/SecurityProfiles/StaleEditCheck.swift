import Foundation

/// Optimistic concurrency for anything edited by version (answers, corrective actions): an edit
/// carries the version it started from; if the stored version moved on, someone else saved in
/// between and the edit is refused, naming who and when, instead of overwriting their work.
///
/// This gives the message. The save itself must still be conditional on the version
/// (`UPDATE ... WHERE version = :base`, zero rows = conflict) so two simultaneous saves cannot
/// both pass the check.
public enum StaleEditCheck {
    /// The stored state an edit is compared with.
    public struct Stored: Hashable, Sendable {
        public let version: Int
        /// Display name of who saved the stored version (`nil` when unknown or never saved).
        public let changedByName: String?
        public let changedAt: Date?

        public init(version: Int, changedByName: String?, changedAt: Date?) {
            self.version = version
            self.changedByName = changedByName
            self.changedAt = changedAt
        }
    }

    /// `nil` when the edit is based on the stored version, otherwise the conflict to show
    /// (field `version`, key `profile.error.stale_edit`, arguments `name` and `time`).
    public static func check(baseVersion: Int, stored: Stored) -> FieldError? {
        guard baseVersion != stored.version else { return nil }
        let name = stored.changedByName.flatMap { $0.isEmpty ? nil : $0 } ?? "Someone"
        let time = stored.changedAt.map(format) ?? "an unknown time"
        return ProfileMessage.staleEdit.fieldError("version", ["name": name, "time": time,
                                                               "version": String(stored.version)])
    }

    /// Compares an answer edit with the stored answer (`nil` when none is stored, i.e. version 0).
    public static func check(_ edit: AnswerEdit, stored: CriterionAnswer?, changedByName: String?) -> FieldError? {
        check(baseVersion: edit.baseVersion,
              stored: Stored(version: stored?.version ?? 0, changedByName: changedByName, changedAt: stored?.updatedAt))
    }

    /// Throws the conflict as a `ValidationFailure`, for callers that throw.
    public static func require(baseVersion: Int, stored: Stored) throws(ValidationFailure) {
        if let conflict = check(baseVersion: baseVersion, stored: stored) { throw ValidationFailure([conflict]) }
    }

    /// `2024-05-01 09:30 UTC`, without a formatter (the API message is English and UTC; pages
    /// format the `time` argument themselves if they want local time).
    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = ProgramDay.text(ProgramDay.start(of: date))
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        return String(format: "%@ %02d:%02d UTC", day, secondOfDay / 3600, (secondOfDay % 3600) / 60)
    }
}
