import Foundation

/// How many criteria have each answer status, with the totals a progress bar needs.
/// Counts sit in a fixed array, so tallying needs no hashing.
public struct StatusCounts: Hashable, Sendable {
    private var counts: [Int] = [0, 0, 0, 0, 0]
    /// Musts answered not applicable whose claim a reviewer rejected: counted under
    /// `notApplicable`, but not complete (`NotApplicableClaims`).
    public internal(set) var rejectedClaims = 0
    /// Musts answered not applicable still awaiting the reviewer's decision (complete, flagged).
    public internal(set) var awaitingClaims = 0

    public init() {}

    /// The number of criteria with this status.
    public subscript(status: AnswerStatus) -> Int {
        get { counts[status.ordinal] }
        set { counts[status.ordinal] = newValue }
    }

    mutating func add(_ status: AnswerStatus) { counts[status.ordinal] += 1 }

    mutating func add(_ other: StatusCounts) {
        for position in counts.indices { counts[position] += other.counts[position] }
        rejectedClaims += other.rejectedClaims
        awaitingClaims += other.awaitingClaims
    }

    /// All criteria counted.
    public var total: Int { counts.reduce(0, +) }
    /// Criteria with any status but `unanswered`.
    public var answered: Int { total - counts[AnswerStatus.unanswered.ordinal] }
    /// Criteria met or not applicable, less the not-applicable claims a reviewer rejected.
    public var complete: Int {
        counts[AnswerStatus.meets.ordinal] + counts[AnswerStatus.notApplicable.ordinal] - rejectedClaims
    }

    /// Share complete, 0...100, rounded down so 100 means every criterion (an empty set is 100).
    public var percentComplete: Int { Self.percent(complete, of: total) }

    static func percent(_ part: Int, of whole: Int) -> Int {
        whole == 0 ? 100 : part * 100 / whole
    }
}
