import Foundation
import TrustlaneCore

/// The lifecycle's part of the API description.
extension OpenAPIDocument {
    static var membershipSection: Section {
        let companyID = pathParameter("companyID")
        let entityType = pathParameter("entityType", enumValues: EntityType.allCases.map(\.code))
        let conflict: (String, JSONValue) = ("409", ["description": "The lifecycle refused the transition; `error.code` says why",
                                                     "content": json(ref("Refusal"))])
        let queueFilters: [JSONValue] = [
            queryParameter("state", string(enumValues: MembershipStatus.allCases.map(\.rawValue)), "Only this status (default: every active one)"),
            queryParameter("entityType", string(enumValues: EntityType.allCases.map(\.code)), "Only this entity type"),
            queryParameter("country", string(max: 2), "Only companies in this country (ISO code)"),
            queryParameter("reviewer", string(), "A reviewer's id, or `unassigned`"),
            queryParameter("page", ["type": "integer", "minimum": 1], "Page number, from 1"),
            queryParameter("per", ["type": "integer", "minimum": 1, "maximum": 200], "Items per page (default 50)"),
        ]
        let paths: JSONValue = [
            "/api/v1/companies/{companyID}/memberships": [
                "get": operation("listMemberships", "The company's applications per entity type, with status, tier, clocks, findings and history",
                                 tag: "lifecycle", parameters: [companyID], response: arrayOf("Membership")),
            ],
            "/api/v1/companies/{companyID}/memberships/{entityType}/transitions": [
                "post": operation("attemptTransition", "Take a lifecycle step; a repeat answers 200 with result `already_done` and changes nothing",
                                  tag: "lifecycle", parameters: [companyID, entityType], body: ref("TransitionRequest"),
                                  response: ref("Membership"), extra: [conflict]),
            ],
            "/api/v1/review/queue": [
                "get": operation("listReviewQueue", "Applications and annual reviews across companies, nearest deadline first (reviewers)",
                                 tag: "lifecycle", parameters: queueFilters, response: ref("QueuePage")),
            ],
            "/api/v1/review/overview": [
                "get": operation("getProgramOverview", "Counts by status, entity type and country, and what is overdue (reviewers)",
                                 tag: "lifecycle", response: ref("ProgramOverview")),
            ],
            "/api/v1/notifications": [
                "get": operation("listNotifications", "The account's in-app notifications, newest first, with the unread count",
                                 tag: "notifications", parameters: [queryParameter("page", ["type": "integer", "minimum": 1], "Page number, from 1")],
                                 response: ref("Inbox")),
            ],
            "/api/v1/notifications/{notificationID}/read": [
                "post": operation("markNotificationRead", "Mark one notification read", tag: "notifications",
                                  parameters: [pathParameter("notificationID")], status: "204", response: nil),
            ],
        ]
        let day = string(format: "date")
        let nullableDay = string(format: "date", nullable: true)
        let queueItem = object([
            ("applicationId", string(format: "uuid")), ("companyId", string(format: "uuid")), ("companyName", string()), ("country", string()),
            ("entityType", string()), ("status", string(enumValues: MembershipStatus.allCases.map(\.rawValue))), ("tier", string(nullable: true)),
            ("assignedReviewerId", string(format: "uuid", nullable: true)), ("assignedReviewerName", string(nullable: true)),
            ("appliedAt", string(format: "date-time", nullable: true)), ("nextDueOn", nullableDay), ("nextDueKind", string(nullable: true)),
            ("daysLeft", ["type": ["integer", "null"]]),
        ])
        let counts: JSONValue = ["type": "object", "additionalProperties": ["type": "integer"]]
        let schemas: JSONValue = [
            "Clock": object([("kind", string(enumValues: ClockKind.allCases.map(\.rawValue))), ("startedOn", day), ("dueOn", day),
                             ("daysLeft", ["type": "integer"]), ("state", string(enumValues: ClockState.allCases.map(\.rawValue))),
                             ("metOn", nullableDay)]),
            "Finding": object([("id", string(format: "uuid")), ("criterion", string()), ("kind", string(enumValues: FindingKind.allCases.map(\.rawValue))),
                               ("text", string()), ("status", string(enumValues: FindingStatus.allCases.map(\.rawValue))),
                               ("responseDueOn", nullableDay), ("response", string(nullable: true))]),
            "MembershipEvent": object([("kind", string(enumValues: TransitionKind.allCases.map(\.rawValue))), ("fromStatus", string(nullable: true)),
                                       ("toStatus", string()), ("actorRole", string()), ("occurredAt", string(format: "date-time")),
                                       ("reasons", ["type": "array", "items": string()])]),
            "AnnualReview": object([("anniversary", day), ("status", string(enumValues: AnnualReviewStatus.allCases.map(\.rawValue))),
                                    ("submittedAt", string(format: "date-time", nullable: true)),
                                    ("decidedAt", string(format: "date-time", nullable: true)),
                                    ("returnReasons", ["type": "array", "items": string()])]),
            "Membership": object([
                ("entityType", string()), ("applicationId", string(format: "uuid", nullable: true)),
                ("status", string(nullable: true, enumValues: MembershipStatus.allCases.map(\.rawValue))), ("tier", string(nullable: true)),
                ("version", ["type": ["integer", "null"]]), ("eligibility", string(nullable: true)),
                ("assignedReviewerId", string(format: "uuid", nullable: true)), ("appliedAt", string(format: "date-time", nullable: true)),
                ("certifiedAt", string(format: "date-time", nullable: true)), ("lastValidatedAt", string(format: "date-time", nullable: true)),
                ("decisionReasons", ["type": "array", "items": string()]), ("sanctionReason", string(nullable: true)),
                ("annualReview", ["oneOf": [ref("AnnualReview"), ["type": "null"]]]),
                ("revalidationInProgress", ["type": ["boolean", "null"]]),
                ("clocks", arrayOf("Clock")), ("findings", arrayOf("Finding")), ("events", arrayOf("MembershipEvent")),
                ("availableTransitions", ["type": "array", "items": string()]), ("result", string(nullable: true, enumValues: ["done", "already_done"])),
            ], required: ["entityType", "clocks", "availableTransitions"]),
            "TransitionRequest": object([
                ("kind", string(enumValues: TransitionKind.allCases.map(\.rawValue))),
                ("agreementAccepted", ["type": "boolean"]), ("cbpInvitation", string(max: 200, nullable: true)), ("reasons", ["type": "array", "items": string()]),
                ("items", ["type": "array", "items": string()]), ("reviewerId", string(format: "uuid")),
                ("result", string(enumValues: ["passed", "tier_2", "tier_3", "failed"])), ("tier", string(enumValues: ["tier_2", "tier_3"])),
                ("decision", string(enumValues: AppealDecision.allCases.map(\.rawValue))),
                ("sanctionReason", string(enumValues: SanctionReason.allCases.map(\.rawValue))), ("responseDeadline", day),
                ("siteVisit", ["type": "boolean"]), ("startsOn", day), ("endsOn", day),
                ("sites", ["type": "array", "items": object([("name", string(max: 200)), ("country", string(max: 2)), ("visitOn", day)])]),
                ("internalNote", string(max: 4000)), ("version", ["type": "integer"]),
                ("mayReapplyOn", day), ("correctiveActionPlan", string(max: 4000)), ("planCompletedBy", day),
                ("unannouncedVisits", ["type": "boolean"]), ("noUnpaidDebt", ["type": "boolean"]),
            ], required: ["kind"]),
            "Refusal": object([("error", object([("status", ["type": "integer"]), ("reason", string()), ("code", string()),
                                                 ("messageKey", string()), ("parameters", ["type": "object", "additionalProperties": string()])]))]),
            "QueueItem": queueItem,
            "QueuePage": object([("items", arrayOf("QueueItem")), ("page", ["type": "integer"]), ("per", ["type": "integer"]),
                                 ("total", ["type": "integer"])], required: ["items", "page", "per", "total"]),
            "ProgramOverview": object([("total", ["type": "integer"]), ("byStatus", counts), ("byEntityType", counts), ("byCountry", counts),
                                       ("overdueTotal", ["type": "integer"]), ("overdue", arrayOf("QueueItem"))]),
            "Notification": object([("id", string(format: "uuid")), ("messageKey", string()), ("text", string()),
                                    ("parameters", ["type": "object", "additionalProperties": string()]), ("link", string(nullable: true)),
                                    ("createdAt", string(format: "date-time")), ("readAt", string(format: "date-time", nullable: true))]),
            "Inbox": object([("unread", ["type": "integer"]), ("items", arrayOf("Notification"))]),
        ]
        return Section(paths: paths, schemas: schemas)
    }
}
