import Foundation

/// Where a corrective action stands. Raw values are snake_case for the database and the API.
///
/// ```
/// open ──> in_progress ──> done
///   │  <──     │    ──> cancelled
///   ├──────────┼──> done        done ──> in_progress (reopened)
///   └──> cancelled              cancelled ──> open (revived)
/// ```
public enum CorrectiveActionStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case open
    case inProgress = "in_progress"
    case done
    case cancelled

    /// The statuses this one may move to.
    public var allowedNext: Set<CorrectiveActionStatus> {
        switch self {
        case .open: [.inProgress, .done, .cancelled]
        case .inProgress: [.open, .done, .cancelled]
        // A finished action found wanting goes back to work, not back to untouched.
        case .done: [.inProgress]
        // A cancelled action is revived as new work.
        case .cancelled: [.open]
        }
    }

    /// Whether moving to `next` is allowed (staying in place is not a transition).
    public func canMove(to next: CorrectiveActionStatus) -> Bool { allowedNext.contains(next) }

    /// Done or cancelled: no longer counts as open work and is never overdue.
    public var isClosed: Bool { self == .done || self == .cancelled }

    /// Parses a raw value case-insensitively, trimming spaces; `in-progress` is accepted too.
    public init?(text: String) {
        self.init(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "-", with: "_"))
    }

    /// Key of the status' display name in the localization files.
    public var nameKey: String { "corrective_action_status.\(rawValue)" }

    /// Checks a move; the error (field `status`) says which moves are allowed.
    public func transition(to next: CorrectiveActionStatus) throws(ValidationFailure) -> CorrectiveActionStatus {
        guard canMove(to: next) else {
            let allowed = CorrectiveActionStatus.allCases.filter(allowedNext.contains).map(\.rawValue)
            throw ValidationFailure([ProfileMessage.actionTransition.fieldError("status", [
                "from": rawValue, "to": next.rawValue, "allowed": allowed.joined(separator: ", "),
            ])])
        }
        return next
    }
}
