import Foundation

/// Who a notification is for; the sender expands each audience to people.
public enum NotificationAudience: String, CaseIterable, Codable, Sendable, Hashable {
    /// The company's officers.
    case companyOfficers = "company_officers"
    /// The company's security coordinators (and consultants working for it).
    case companyCoordinators = "company_coordinators"
    /// The reviewer assigned to the application (`NotificationIntent.reviewerID`).
    case assignedReviewer = "assigned_reviewer"
    /// Every program reviewer (used when nobody is assigned yet).
    case allReviewers = "all_reviewers"
    /// Partners with an accepted monitoring connection (status changes only).
    case monitoringPartners = "monitoring_partners"
}

/// A notification to produce, before it is addressed to people and channels. The sender keeps
/// one outbox row per (dedupe key, recipient, channel) with a unique index, so producing the
/// same intent twice (a retried job, a restart) never sends twice.
public struct NotificationIntent: Codable, Sendable, Hashable {
    /// `transition:<applicationID>:<kind>:<unix seconds>` or
    /// `clock:<applicationID>:<clock kind>:<due day>:<state>`.
    public let dedupeKey: String
    public let applicationID: MembershipApplicationID
    public let companyID: CompanyID
    /// In a stable order.
    public let audiences: [NotificationAudience]
    /// The assigned reviewer when `audiences` holds `.assignedReviewer`.
    public let reviewerID: UserID?
    /// `notification.<...>` localization key.
    public let messageKey: String
    /// Values for the message's `{placeholders}`.
    public let parameters: [String: String]
    /// The message in English, for email subjects and webhooks.
    public let englishText: String

    public init(dedupeKey: String, applicationID: MembershipApplicationID, companyID: CompanyID,
                audiences: [NotificationAudience], reviewerID: UserID?, messageKey: String,
                parameters: [String: String], englishText: String) {
        self.dedupeKey = dedupeKey
        self.applicationID = applicationID
        self.companyID = companyID
        self.audiences = NotificationAudience.allCases.filter(audiences.contains)
        self.reviewerID = reviewerID
        self.messageKey = messageKey
        self.parameters = parameters
        self.englishText = englishText
    }
}
