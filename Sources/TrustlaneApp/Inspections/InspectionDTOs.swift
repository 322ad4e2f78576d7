import Foundation
import TrustlaneCore
import Vapor

// The inspection API's requests and responses (the JSON contract).

/// An inspection to record, or the corrected answers of one.
struct InspectionRequest: Content {
    struct Answer: Content {
        var point: String?
        /// `pass`, `fail` or `not_applicable`.
        var outcome: String?
        var note: String?
    }

    /// A checklist key from `/api/v1/inspection-checklists`, or one of the company's own (`company-checklists`).
    var checklist: String?
    var containerNumber: String?
    var tractorPlate: String?
    var trailerPlate: String?
    var unitReference: String?
    var site: String?
    var yardLocation: String?
    /// When the inspection was made, if not now (a phone that was offline): up to 30 days back.
    var inspectedAt: Date?
    /// The client's key for this submission: sending it again records nothing twice.
    var clientKey: String?
    var answers: [Answer]?
    /// Management's re-inspection (MSC 5.8) of this picked inspection (its id).
    var reinspectionOf: String?
    /// A correction: why, and the version it corrects.
    var reason: String?
    var version: Int?

    func draft(_ checklist: InspectionChecklist) -> InspectionDraft {
        InspectionDraft(containerNumber: containerNumber, tractorPlate: tractorPlate, trailerPlate: trailerPlate, unitReference: unitReference,
                        refrigerated: checklist.conveyance == .refrigeratedContainer, site: site, yardLocation: yardLocation,
                        answers: (answers ?? []).map { InspectionDraft.Answer(pointKey: $0.point, outcome: $0.outcome, note: $0.note) })
    }
}

/// A photo as a multipart form or body carries it: the image, the point it shows (optional),
/// and the phone's key for it (sent again, it is not stored twice).
struct InspectionPhotoForm: Content {
    var photo: File?
    var point: String?
    var client_key: String?
}

struct InspectionSummaryResponse: Content {
    var id: InspectionID
    var version: Int
    var checklist: String
    var conveyance: String
    var unit: String
    var site: String
    var yardLocation: String?
    var inspectedAt: Date
    var inspector: String
    var status: String
    var failedPoints: Int
    var reinspectionDue: Bool

    init(_ row: InspectionQueries.LogRow) {
        id = row.inspectionID; version = row.version; checklist = row.checklist_key; conveyance = row.conveyance; unit = row.unitLabel
        site = row.site; yardLocation = row.yard_location; inspectedAt = row.inspected_at; inspector = row.inspector_name; status = row.status
        failedPoints = row.failed_count; reinspectionDue = row.reinspection_due
    }
}

struct InspectionPageResponse: Content {
    var items: [InspectionSummaryResponse]
    /// Pass as `before` for the next page; absent on the last.
    var nextBefore: Int64?
}

struct InspectionVersionResponse: Content {
    struct Result: Content {
        var point: String
        var outcome: String
        var note: String?
    }

    var version: Int
    var checklist: String
    var checklistVersion: Int
    var conveyance: String
    var containerNumber: String?
    var tractorPlate: String?
    var trailerPlate: String?
    var unitReference: String?
    var refrigerated: Bool
    var site: String
    var yardLocation: String?
    var inspectedAt: Date
    var inspectorID: UUID
    var inspector: String
    var status: String
    var results: [Result]
    var signedOffBy: String?
    var signedOffAt: Date?
    var correctionReason: String?
    var recordedBy: String
    var recordedAt: Date
    var supersededAt: Date?

    init(_ row: InspectionQueries.Row) {
        version = row.version; checklist = row.checklist_key; checklistVersion = row.checklist_version; conveyance = row.conveyance
        containerNumber = row.container_number; tractorPlate = row.tractor_plate; trailerPlate = row.trailer_plate; unitReference = row.unit_reference
        refrigerated = row.refrigerated; site = row.site; yardLocation = row.yard_location; inspectedAt = row.inspected_at; inspectorID = row.inspector_id
        inspector = row.inspector_name; status = row.status
        results = row.pointResults.map { Result(point: $0.pointKey, outcome: $0.outcome.rawValue, note: $0.note) }
        signedOffBy = row.supervisor_name; signedOffAt = row.signed_off_at; correctionReason = row.correction_reason; recordedBy = row.recorder_name
        recordedAt = row.recorded_at; supersededAt = row.superseded_at
    }
}

struct InspectionResponse: Content {
    var id: InspectionID
    var status: String
    var failedPoints: [String]
    var reinspectionDue: Bool
    /// The inspection this one re-inspects, when it is management's second look.
    var reinspectionOf: UUID?
    /// Oldest first; the last is the current one.
    var versions: [InspectionVersionResponse]
    var photos: [Photo]

    struct Photo: Content {
        var id: UUID
        var point: String?
        var fileName: String
        /// The image itself (the page's address; the session or the bearer token reads it).
        var url: String
        var createdAt: Date
    }

    init(_ versions: [InspectionQueries.Row], photos: [InspectionQueries.Photo], company: CompanyID) {
        let current = versions.last { $0.superseded_at == nil } ?? versions.last!
        id = current.inspectionID; status = current.status
        failedPoints = current.pointResults.filter { $0.outcome == .fail }.map(\.pointKey)
        reinspectionDue = current.reinspection_due
        reinspectionOf = current.reinspection_of
        self.versions = versions.map(InspectionVersionResponse.init)
        let id = current.inspectionID
        self.photos = photos.map { Photo(id: $0.evidence_id, point: $0.point_key, fileName: $0.file_name,
                                         url: SiteURL.inspectionPhoto(company, id, $0.evidence_id), createdAt: $0.created_at) }
    }
}

struct InspectionChecklistResponse: Content {
    struct Point: Content {
        var key: String
        var order: Int
        var title: String
        var security: String
        var agriculture: String
    }

    var key: String
    var version: Int
    var title: String
    var conveyance: String
    var criteria: [String]
    var unverified: Bool
    var sources: [String]
    var points: [Point]

    init(_ checklist: InspectionChecklist, language: Language) {
        key = checklist.key; version = checklist.version; title = checklist.title.text(in: language); conveyance = checklist.conveyance.rawValue
        criteria = checklist.criteria.map(\.description); unverified = checklist.unverified
        sources = checklist.sources.map { [$0.title, $0.url].compactMap { $0 }.joined(separator: " ") }
        points = checklist.points.map { Point(key: $0.key, order: $0.order, title: $0.title.text(in: language), security: $0.security.text(in: language),
                                              agriculture: $0.agriculture.text(in: language)) }
    }
}

struct InspectionSummaryReport: Content {
    struct Site: Content { var site: String; var done: Int; var held: Int }
    struct Point: Content { var checklist: String; var point: String; var failed: Int }
    var since: String
    var days: Int
    var sites: [Site]
    var failedPoints: [Point]
}

struct InspectionSettingsBody: Content {
    var requiresSignOff: Bool?
    var reinspectionPercent: Int?
    var retentionMonths: Int?
    var legalHold: Bool?
    var legalHoldReason: String?

    init(requiresSignOff: Bool?, reinspectionPercent: Int?, retentionMonths: Int?, legalHold: Bool?, legalHoldReason: String?) {
        self.requiresSignOff = requiresSignOff; self.reinspectionPercent = reinspectionPercent; self.retentionMonths = retentionMonths
        self.legalHold = legalHold; self.legalHoldReason = legalHoldReason
    }

    init(_ settings: InspectionSettings, _ retention: RecordRetention) {
        self.init(requiresSignOff: settings.requiresSupervisorSignOff, reinspectionPercent: settings.reinspectionPercent,
                  retentionMonths: retention.months, legalHold: retention.legalHold, legalHoldReason: retention.holdReason)
    }
}
