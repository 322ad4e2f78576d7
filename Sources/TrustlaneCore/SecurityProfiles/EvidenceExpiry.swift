import Foundation

/// Whether an evidence file is still good on a given day. The expiry day is the last valid
/// day: expiring on 30 June means valid through 30 June and expired from 1 July (UTC).
public enum EvidenceExpiryStatus: Hashable, Sendable, Comparable {
    /// No expiry, or expiry further away than the warning window.
    case valid
    /// Expires within the window; 0 means today is the last valid day.
    case expiringSoon(daysLeft: Int)
    /// Past its expiry day by this many days (1 the day after).
    case expired(daysAgo: Int)

    /// `valid`, `expiring_soon` or `expired`, for the API and CSS classes.
    public var name: String {
        switch self {
        case .valid: "valid"
        case .expiringSoon: "expiring_soon"
        case .expired: "expired"
        }
    }

    /// Key of the status' display text (with a `{days}` argument) in the localization files.
    public var nameKey: String { "evidence_expiry.\(name)" }

    /// Whether the status needs attention.
    public var isFlagged: Bool { self != .valid }

    private var severity: Int {
        switch self {
        case .valid: 0
        case .expiringSoon: 1
        case .expired: 2
        }
    }

    /// Orders by severity: valid < expiring soon < expired; among expiring, fewer days left is worse.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case let (.expiringSoon(left), .expiringSoon(right)): left > right
        case let (.expired(left), .expired(right)): left < right
        default: lhs.severity < rhs.severity
        }
    }
}

/// Expiry checks for evidence and for the criteria that rely on it.
public enum EvidenceExpiry {
    /// Days before expiry when a file starts being flagged.
    public static let defaultWindowDays = 30

    /// The status of a file expiring on `expiryDate` (UTC midnight of its last valid day) at `now`.
    public static func status(expiryDate: Date?, now: Date, windowDays: Int = defaultWindowDays) -> EvidenceExpiryStatus {
        guard let expiryDate else { return .valid }
        let daysLeft = ProgramDay.days(from: now, to: expiryDate)
        if daysLeft < 0 { return .expired(daysAgo: -daysLeft) }
        if daysLeft <= windowDays { return .expiringSoon(daysLeft: daysLeft) }
        return .valid
    }

    /// The worst status among files; `valid` for none.
    public static func worst(_ statuses: some Sequence<EvidenceExpiryStatus>) -> EvidenceExpiryStatus {
        statuses.max() ?? .valid
    }

    /// For each criterion whose linked evidence includes an expired or soon-expiring file, the
    /// worst status; criteria with only valid evidence are left out. `expiryDates` holds the
    /// company's files (a file without expiry maps to `nil`).
    public static func flags(answers: some Sequence<CriterionAnswer>, expiryDates: [EvidenceID: Date?], now: Date,
                             windowDays: Int = defaultWindowDays) -> [CriterionID: EvidenceExpiryStatus] {
        var statusByFile: [EvidenceID: EvidenceExpiryStatus] = [:]
        for (id, expiry) in expiryDates {
            statusByFile[id] = status(expiryDate: expiry, now: now, windowDays: windowDays)
        }
        var flags: [CriterionID: EvidenceExpiryStatus] = [:]
        for answer in answers {
            let worst = worst(answer.evidenceIDs.compactMap { statusByFile[$0] })
            if worst.isFlagged { flags[answer.criterionID] = worst }
        }
        return flags
    }
}
