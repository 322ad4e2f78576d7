import Foundation
import TrustlaneCore
import Vapor

// The incident API's requests and responses (the JSON contract).

struct IncidentRequest: Content {
    var type: String?
    var severity: String?
    var title: String?
    var description: String?
    /// ISO 8601 with its offset (`2026-12-05T14:30:00Z`).
    var discoveredAt: String?
    var discoveredBy: String?
    var foundByCbp: Bool?
    var location: String?
    var shipmentId: String?
    var inspectionId: String?
    /// Seal numbers, separated by commas or spaces.
    var sealNumbers: String?
    var partnerIds: [String]?
    /// People of the company's roster (training/people) the incident names.
    var personIds: [String]?

    var draft: IncidentDraft {
        IncidentDraft(type: type, severity: severity, title: title, description: description, discoveredAt: discoveredAt, discoveredBy: discoveredBy,
                      foundByCBP: foundByCbp ?? false, location: location)
    }
    var links: IncidentService.LinkDraft {
        .init(shipmentID: shipmentId, inspectionID: inspectionId, sealNumbers: sealNumbers, partnerIDs: partnerIds ?? [], personIDs: personIds ?? [])
    }
}

struct IncidentReasonRequest: Content {
    var reason: String?
}

struct IncidentNotificationRequest: Content {
    var target: String?
    var recipient: String?
    var notifiedBy: String?
    var notifiedAt: String?
    var channel: String?
    var note: String?

    var draft: NotificationDraft {
        NotificationDraft(target: target, recipient: recipient, notifiedBy: notifiedBy, notifiedAt: notifiedAt, channel: channel, note: note)
    }
}

struct IncidentNoteRequest: Content {
    var text: String?
    /// When it happened, if not now.
    var at: String?
}

struct IncidentFindingsRequest: Content {
    var findings: String?
    var rootCause: String?
    var notReportedReason: String?
}

struct IncidentActionRequest: Content {
    var title: String?
    var owner: String?
    /// `YYYY-MM-DD`.
    var dueDate: String?
    var details: String?
    /// Criterion ids; the incident type's criteria when none are given.
    var criteria: [String]?

    var draft: CorrectiveActionDraft {
        CorrectiveActionDraft(title: title, details: details, ownerName: owner, dueDate: dueDate, criterionIDs: criteria ?? [])
    }
}

struct IncidentPersonRequest: Content {
    /// A person of the company's roster (`/training/people`), by id.
    var personId: String?
}

struct IncidentLinkRequest: Content {
    /// true turns the anonymous link on (a new key when `renew`), false turns it off.
    var enabled: Bool?
    var renew: Bool?
}

struct IncidentLinkResponse: Content {
    var enabled: Bool
    /// The public link (absolute when the server knows its public URL).
    var url: String?
}

struct AnonymousReportRequest: Content {
    var type: String?
    var description: String?
    var location: String?
    var happenedAt: String?
    var contact: String?

    var draft: AnonymousReportDraft {
        AnonymousReportDraft(type: type, description: description, location: location, happenedAt: happenedAt, contact: contact)
    }
}

struct AnonymousReportReceiptResponse: Content {
    var reference: String
    /// Keep it: the only way to add information later.
    var receiptCode: String
    /// How many files were kept with the report.
    var files: Int
}

struct AnonymousFollowUpRequest: Content {
    var code: String?
    var text: String?
}

struct AnonymousFollowUpResponse: Content {
    var reference: String
    /// How many files were added to the report.
    var files: Int
}

struct IncidentCreatedResponse: Content {
    var id: IncidentID
    var reference: String
}

struct IncidentListItemResponse: Content {
    var id: IncidentID
    var reference: String
    var type: String
    var severity: String
    var status: String
    var source: String
    var title: String
    var discoveredAt: Date
    var foundByCbp: Bool
    /// `reported_first`, `cbp_found` or `not_reported`.
    var selfReport: String
    var closedAt: Date?
    var createdAt: Date

    init(_ row: IncidentQueries.ListRow) {
        id = row.incidentID
        reference = row.reference
        type = row.type
        severity = row.severity
        status = row.status
        source = row.source
        title = row.title
        discoveredAt = row.discovered_at
        foundByCbp = row.found_by_cbp
        selfReport = IncidentResponse.selfReportName(row.selfReport)
        closedAt = row.closed_at
        createdAt = row.created_at
    }
}

struct IncidentPageResponse: Content {
    var items: [IncidentListItemResponse]
    var nextBefore: Int64?
}

struct IncidentResponse: Content {
    struct Link: Content {
        var kind: String
        var target: String
        var label: String
    }

    /// A person of the company's roster the incident names.
    struct Person: Content {
        var id: String
        var name: String
    }

    /// A file attached to the incident; `url` downloads it (for readers of the register).
    struct File: Content {
        var id: UUID
        var fileName: String
        var contentType: String
        var size: Int64
        var sha256: String
        /// The member who attached it; null with `anonymous` for the anonymous reporter.
        var uploadedBy: String?
        var anonymous: Bool
        var uploadedAt: Date
        var url: String
    }

    struct Notification: Content {
        var target: String
        var recipient: String
        var notifiedBy: String
        var notifiedAt: Date
        var channel: String
        var note: String?
        var recordedBy: String?
        var recordedAt: Date
    }

    struct Entry: Content {
        /// `note`, `follow_up` or `status`.
        var kind: String
        var at: Date
        var text: String
        var author: String?
    }

    struct Action: Content {
        var id: UUID
        var title: String
        var owner: String?
        var dueDate: String
        var status: String
    }

    var id: IncidentID
    var reference: String
    var type: String
    var severity: String
    var status: String
    var source: String
    var title: String
    var description: String
    var location: String?
    var discoveredAt: Date
    var discoveredBy: String
    var foundByCbp: Bool
    var reportedBy: String?
    var reporterContact: String?
    var criteria: [String]
    /// The records it touches (shipments, inspections, seals, partners).
    var links: [Link]
    /// The people of the roster it names.
    var people: [Person]
    var files: [File]
    var notifications: [Notification]
    /// The checklist's parties not yet told.
    var pendingNotifications: [String]
    var selfReport: String
    /// When the company first told CBP, if it did.
    var reportedToCbpAt: Date?
    var investigationStartedAt: Date?
    var timeline: [Entry]
    var findings: String?
    var rootCause: String?
    var notReportedReason: String?
    var dismissedReason: String?
    var correctiveActions: [Action]
    /// What closing still needs (empty when it may be closed, or is final).
    var closureNeeds: [String]
    var closedAt: Date?
    var closedBy: String?
    var createdAt: Date
    var updatedAt: Date

    static func selfReportName(_ report: SelfReport) -> String {
        switch report {
        case .reportedFirst: "reported_first"
        case .foundByCBP: "cbp_found"
        case .notReported: "not_reported"
        }
    }

    init(_ d: IncidentQueries.Detail) {
        let r = d.row
        id = r.incidentID
        reference = r.reference
        type = r.type
        severity = r.severity
        status = r.status
        source = r.source
        title = r.title
        description = r.description
        location = r.location
        discoveredAt = r.discovered_at
        discoveredBy = r.discovered_by
        foundByCbp = r.found_by_cbp
        reportedBy = r.reported_by_name
        reporterContact = r.reporter_contact
        criteria = r.incidentType.criteria
        links = d.records.map { Link(kind: $0.kind, target: $0.target, label: $0.label) }
        people = d.people.map { Person(id: $0.target, name: $0.label) }
        let company = d.company
        files = d.files.compactMap { f in company.map { ($0, f) } }.map { company, f in
            File(id: f.id, fileName: f.file_name, contentType: f.content_type, size: f.size, sha256: f.sha256, uploadedBy: f.uploaded_by_name,
                 anonymous: f.uploaded_by == nil, uploadedAt: f.uploaded_at, url: "/api/v1" + SiteURL.incidentFile(company, r.incidentID, f.id))
        }
        notifications = d.notifications.map {
            Notification(target: $0.target, recipient: $0.recipient, notifiedBy: $0.notified_by, notifiedAt: $0.notified_at, channel: $0.channel,
                         note: $0.note, recordedBy: $0.recorded_by_name, recordedAt: $0.recorded_at)
        }
        pendingNotifications = r.incidentStatus.isFinal ? [] : d.pendingTargets.map(\.rawValue)
        let report = d.selfReport
        selfReport = Self.selfReportName(report)
        switch report {
        case .reportedFirst(let at): reportedToCbpAt = at
        case .foundByCBP(let at): reportedToCbpAt = at
        case .notReported: reportedToCbpAt = nil
        }
        investigationStartedAt = r.investigation_started_at
        timeline = d.entries.map { Entry(kind: $0.kind, at: $0.at, text: $0.body, author: $0.author_name) }
        findings = r.findings
        rootCause = r.root_cause
        notReportedReason = r.not_reported_reason
        dismissedReason = r.dismissed_reason
        correctiveActions = d.actions.map { Action(id: $0.id, title: $0.title, owner: $0.owner, dueDate: ProgramDay.text($0.due_date), status: $0.status) }
        closureNeeds = r.incidentStatus == .investigating ? d.closureProblems.map(\.message) : []
        closedAt = r.closed_at
        closedBy = r.closed_by_name
        createdAt = r.created_at
        updatedAt = r.updated_at
    }
}
