import Foundation

/// A profile's answer counts as the portfolio shows them (issue 14): answers in all, complete
/// (met or not applicable), answered (anything but unanswered), and open Musts (a Must not yet
/// complete). Stored beside the profile and kept current on every save, so a consultant's
/// portfolio of 200 clients reads 200 rows instead of some 20,000 answers.
public struct ProgressCounts: Hashable, Sendable {
    public var total: Int
    public var complete: Int
    public var answered: Int
    public var openMusts: Int

    public init(total: Int = 0, complete: Int = 0, answered: Int = 0, openMusts: Int = 0) {
        self.total = total
        self.complete = complete
        self.answered = answered
        self.openMusts = openMusts
    }

    /// What one answer adds to the counts.
    public init(status: AnswerStatus, isMust: Bool) {
        self.init(total: 1, complete: status.isComplete ? 1 : 0, answered: status == .unanswered ? 0 : 1,
                  openMusts: isMust && !status.isComplete ? 1 : 0)
    }

    /// The change of the counts when one answer's status goes from `old` to `new` (total unchanged).
    public static func change(from old: AnswerStatus, to new: AnswerStatus, isMust: Bool) -> ProgressCounts {
        let before = ProgressCounts(status: old, isMust: isMust), after = ProgressCounts(status: new, isMust: isMust)
        return ProgressCounts(total: 0, complete: after.complete - before.complete, answered: after.answered - before.answered,
                              openMusts: after.openMusts - before.openMusts)
    }

    public var isZero: Bool { self == ProgressCounts() }
}
