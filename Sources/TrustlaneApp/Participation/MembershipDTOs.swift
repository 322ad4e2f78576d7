import Foundation
import TrustlaneCore
import Vapor

struct ClockResponse: Content {
    let kind: String
    let startedOn: String
    let dueOn: String
    let daysLeft: Int
    let state: String
    let metOn: String?

    init(_ clock: MembershipClock) {
        kind = clock.kind.rawValue
        startedOn = clock.startedOn.description
        dueOn = clock.dueOn.description
        daysLeft = clock.daysLeft
        state = clock.state.rawValue
        metOn = clock.metOn?.description
    }
}

struct FindingResponse: Content {
    let id: UUID
    let criterion: String
    let kind: String
    let text: String
    let status: String
    let responseDueOn: String?
    let response: String?
}

struct MembershipEventResponse: Content {
    let kind: String
    let fromStatus: String?
    let toStatus: String
    let actorRole: String
    let occurredAt: Date
    /// The reasons the company reads; reviewers' internal notes are never sent.
    let reasons: [String]
}

/// The latest annual profile review of a member (a record beside the status).
struct AnnualReviewResponse: Content {
    let anniversary: String
    let status: String
    let submittedAt: Date?
    let decidedAt: Date?
    /// The reviewer's reasons when the review was returned.
    let returnReasons: [String]

    init(_ cycle: AnnualReviewCycle) {
        anniversary = cycle.anniversary.description
        status = cycle.status.rawValue
        submittedAt = cycle.submittedAt
        decidedAt = cycle.decidedAt
        returnReasons = cycle.returnReasons
    }
}

/// A company's membership for one entity type; `applicationId` is null before it applies.
struct MembershipResponse: Content {
    let entityType: String
    let applicationId: UUID?
    let status: String?
    let tier: String?
    let version: Int?
    let eligibility: String?
    let assignedReviewerId: UUID?
    let appliedAt: Date?
    let certifiedAt: Date?
    let lastValidatedAt: Date?
    let decisionReasons: [String]
    let sanctionReason: String?
    let annualReview: AnnualReviewResponse?
    let revalidationInProgress: Bool?
    let clocks: [ClockResponse]
    let findings: [FindingResponse]
    let events: [MembershipEventResponse]
    let availableTransitions: [String]
    /// On a transition: `done`, or `already_done` when it had happened before (nothing repeated).
    var result: String?

    init(_ entry: MembershipEntry, actor: LifecycleActor?) {
        let application = entry.application
        entityType = entry.type.code
        applicationId = application?.id.rawValue
        status = application?.status.rawValue
        tier = application?.tier?.rawValue
        version = entry.stored?.version
        eligibility = entry.eligibility?.rawValue
        assignedReviewerId = application?.assignedReviewerID?.rawValue
        appliedAt = application?.dates.appliedAt
        certifiedAt = application?.dates.certifiedAt
        lastValidatedAt = application?.dates.lastValidatedAt
        decisionReasons = application?.decisionReasons ?? []
        sanctionReason = application?.sanctionReason?.rawValue
        annualReview = application?.annualReview.map(AnnualReviewResponse.init)
        revalidationInProgress = application?.revalidationInProgress
        clocks = entry.clocks.map(ClockResponse.init)
        findings = entry.findings.map {
            FindingResponse(id: $0.id.rawValue, criterion: $0.criterion, kind: $0.kind.rawValue, text: $0.text, status: $0.status.rawValue,
                            responseDueOn: $0.responseDueOn?.description, response: $0.response)
        }
        events = entry.events.map {
            MembershipEventResponse(kind: $0.kind, fromStatus: $0.from_status, toStatus: $0.to_status, actorRole: $0.actor_role,
                                    occurredAt: $0.occurred_at, reasons: TransitionInput.lines($0.detailValues["reasons"]))
        }
        availableTransitions = entry.availableKinds(for: actor).map(\.rawValue)
    }
}

struct RefusalResponse: Content {
    struct Body: Content {
        let status: Int
        let reason: String
        let code: String
        let messageKey: String
        let parameters: [String: String]
    }
    let error: Body
}

struct QueueItemResponse: Content {
    let applicationId: UUID
    let companyId: UUID
    let companyName: String
    let country: String
    let entityType: String
    let status: String
    let tier: String?
    let assignedReviewerId: UUID?
    let assignedReviewerName: String?
    let appliedAt: Date?
    let nextDueOn: String?
    let nextDueKind: String?
    let daysLeft: Int?

    init(_ row: ReviewQueueQueries.Row, today: ProgramDay) {
        applicationId = row.id
        companyId = row.company_id
        companyName = row.legal_name
        country = row.country
        entityType = EntityType(rawValue: row.entity_type)?.code ?? row.entity_type
        status = row.status
        tier = row.tier
        assignedReviewerId = row.assigned_reviewer_id
        assignedReviewerName = row.reviewer_name
        appliedAt = row.applied_at
        nextDueOn = row.next_due_on
        nextDueKind = row.next_due_kind
        daysLeft = row.next_due_on.flatMap(ProgramDay.init).map { today.days(until: $0) }
    }
}

struct QueuePageResponse: Content {
    let items: [QueueItemResponse]
    let page: Int
    let per: Int
    let total: Int
}

struct OverviewResponse: Content {
    let total: Int
    let byStatus: [String: Int]
    let byEntityType: [String: Int]
    let byCountry: [String: Int]
    let overdueTotal: Int
    let overdue: [QueueItemResponse]
}

struct NotificationResponse: Content {
    let id: UUID
    let messageKey: String
    let text: String
    let parameters: [String: String]
    let link: String?
    let createdAt: Date
    let readAt: Date?
}

struct InboxResponse: Content {
    let unread: Int
    let items: [NotificationResponse]
}
