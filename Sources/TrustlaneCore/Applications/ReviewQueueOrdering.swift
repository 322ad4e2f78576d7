import Foundation

/// The reviewer queue's order: the nearest running deadline first (so overdue items, whose due
/// days are in the past, come first, the most overdue at the top), then items without a
/// running deadline; ties by application date, oldest first, then by id so pages are stable.
public enum ReviewQueueOrdering {
    /// The sort key of one queue entry.
    public struct Key: Sendable, Hashable, Comparable {
        /// The nearest running deadline's due day; `nil` when nothing runs.
        public let nextDueOn: ProgramDay?
        /// The kind of that deadline.
        public let nextDueKind: ClockKind?
        public let appliedAt: Date?
        public let applicationID: MembershipApplicationID

        public init(nextDueOn: ProgramDay?, nextDueKind: ClockKind? = nil, appliedAt: Date?,
                    applicationID: MembershipApplicationID) {
            self.nextDueOn = nextDueOn
            self.nextDueKind = nextDueKind
            self.appliedAt = appliedAt
            self.applicationID = applicationID
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            switch (lhs.nextDueOn, rhs.nextDueOn) {
            case let (left?, right?) where left != right: return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
            switch (lhs.appliedAt, rhs.appliedAt) {
            case let (left?, right?) where left != right: return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.applicationID < rhs.applicationID
            }
        }
    }

    /// The nearest running deadline among the clocks (what persistence stores as the queue's
    /// `next_due_on` column, refreshed on every transition and by the daily clock job).
    public static func nextDeadline(_ clocks: [MembershipClock]) -> MembershipClock? {
        clocks.filter { $0.kind.isDeadline && $0.isRunning }
            .min { ($0.dueOn, ClockKind.allCases.firstIndex(of: $0.kind)!) < ($1.dueOn, ClockKind.allCases.firstIndex(of: $1.kind)!) }
    }

    /// The key of an application given its clocks.
    public static func key(for application: MembershipApplication, clocks: [MembershipClock]) -> Key {
        let next = nextDeadline(clocks)
        return Key(nextDueOn: next?.dueOn, nextDueKind: next?.kind, appliedAt: application.dates.appliedAt,
                   applicationID: application.id)
    }

    /// Sorts applications for the queue, computing their clocks on `now`.
    public static func sorted(_ applications: [MembershipApplication], now: Date,
                              clocks: MembershipClocks = MembershipClocks()) -> [MembershipApplication] {
        applications.map { (key(for: $0, clocks: clocks.clocks(for: $0, now: now)), $0) }
            .sorted { $0.0 < $1.0 }
            .map(\.1)
    }
}
