import Foundation

/// Where one year's annual security profile review stands.
public enum AnnualReviewStatus: String, CaseIterable, Codable, Sendable, Hashable {
    /// Nothing submitted for this cycle yet.
    case notSubmitted = "not_submitted"
    /// The company officer submitted the reviewed profile; the reviewer decides.
    case submitted
    /// The reviewer approved the annual review.
    case approved
    /// The reviewer returned it with reasons; the officer may submit again inside the window.
    case returned
}

/// The annual security profile review of one certification anniversary. A separate record
/// beside the membership: the member keeps its status (and partners see no change) while the
/// review runs.
public struct AnnualReviewCycle: Codable, Sendable, Hashable {
    /// The certification anniversary this review belongs to; its window closes on that day.
    public var anniversary: ProgramDay
    public var status: AnnualReviewStatus
    /// When the officer last submitted it (inside the window, or the submission is refused).
    public var submittedAt: Date?
    /// When the reviewer approved or returned it.
    public var decidedAt: Date?
    /// The reviewer's reasons when returned.
    public var returnReasons: [String]

    public init(anniversary: ProgramDay, status: AnnualReviewStatus = .notSubmitted, submittedAt: Date? = nil,
                decidedAt: Date? = nil, returnReasons: [String] = []) {
        self.anniversary = anniversary
        self.status = status
        self.submittedAt = submittedAt
        self.decidedAt = decidedAt
        self.returnReasons = returnReasons
    }
}
