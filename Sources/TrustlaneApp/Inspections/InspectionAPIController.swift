import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/inspections...` and `/api/v1/inspection-checklists`: the
/// inspection log as JSON, for the offline phone page and for integrations.
struct InspectionAPIController {
    func register(_ api: any RoutesBuilder, app: Application) {
        api.on(.GET, "inspection-checklists", action: .browseCatalog, use: checklists)
        let company = api.grouped("companies", ":companyID")
        company.on(.GET, "inspection-summary", action: .viewInspections, use: summary)
        company.on(.GET, "inspections.csv", action: .viewInspections, use: exportCSV)
        company.on(.GET, "inspection-settings", action: .viewInspections, use: settings)
        company.on(.PUT, "inspection-settings", action: .superviseInspections, use: saveSettings)
        let list = api.grouped("companies", ":companyID", "inspections")
        list.on(.GET, action: .viewInspections, use: index)
        list.on(.POST, action: .recordInspections, use: create)
        list.on(.GET, ":inspectionID", action: .viewInspections, use: show)
        list.on(.POST, ":inspectionID", "sign-off", action: .superviseInspections, use: signOff)
        list.on(.POST, ":inspectionID", "corrections", action: .recordInspections, use: correct)
        list.on(.POST, ":inspectionID", "photos", action: .recordInspections,
                body: .collect(maxSize: ByteCount(value: EvidenceUploadForm.bodyLimit(app.config.evidencePolicy))), use: addPhoto)
    }

    /// The inspection with its versions and photos, as the API returns it.
    static func response(_ req: Request, company: CompanyID, id: InspectionID) async throws -> InspectionResponse {
        let queries = InspectionQueries(req.db)
        async let versions = queries.versions(company: company, id: id)
        async let photos = queries.photos(company: company, id: id)
        return InspectionResponse(try await versions, photos: try await photos, company: company)
    }

    /// The checklist a new inspection names: CBP's, or one of the company's own not retired.
    static func checklist(_ key: String?, library: ChecklistLibrary) throws -> InspectionChecklist {
        guard let key, let checklist = library.current(key) else {
            let allowed = library.offered.map(\.key).joined(separator: ", ")
            throw ValidationFailure([FieldError(field: "checklist", messageKey: "inspections.error.checklist",
                                                message: "checklist must be one of \(allowed)", arguments: ["allowed": allowed])])
        }
        return checklist
    }

    /// When a phone that was offline says the inspection was done: within `DoneAt`'s bounds.
    static func inspectedAt(_ date: Date?, now: Date) throws -> Date? {
        try DoneAt.checked(date, field: "inspectedAt", now: now)
    }

    @Sendable func checklists(req: Request) async throws -> [InspectionChecklistResponse] {
        let language = PageContext(req).t.language
        return InspectionChecklists.bundled.checklists.map { InspectionChecklistResponse($0, language: language) }
    }

    /// A `site` query parameter over the form's 120 characters is refused by name (the page cuts it).
    static func checkSite(_ req: Request, into errors: inout [FieldError]) {
        if let site = try? req.query.get(String.self, at: "site"), site.unicodeScalars.count > 120 { errors.append(.tooLong("site", max: 120)) }
    }

    @Sendable func index(req: Request) async throws -> InspectionPageResponse {
        let company = try req.companyID()
        var errors: [FieldError] = []
        Self.checkSite(req, into: &errors)
        let filter = req.inspectionFilter()
        if let day = try? req.query.get(String.self, at: "day"), ProgramDay(day) == nil {
            errors.append(FieldError(field: "day", messageKey: "inspections.error.day", message: "day must be written YYYY-MM-DD",
                                     arguments: ["value": String(day.prefix(20))]))
        }
        if let before = try? req.query.get(String.self, at: "before"), Int64(before) == nil {
            errors.append(FieldError(field: "before", messageKey: "inspections.error.before", message: "before must be the nextBefore number of the previous page"))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let page = try await InspectionQueries(req.db).log(company: company, filter)
        return InspectionPageResponse(items: page.rows.map(InspectionSummaryResponse.init),
                                      nextBefore: page.next.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) })
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(InspectionRequest.self)
        let library = try await CompanyChecklistQueries(req.db).library(company: company)
        let original = try await req.reinspectionOriginal(company: company, body.reinspectionOf)
        // A re-inspection walks the original's list at the version it used.
        let checklist = try original.flatMap { body.checklist == $0.checklist_key ? library.checklist($0.checklist_key, version: $0.checklist_version) : nil }
            ?? Self.checklist(body.checklist, library: library)
        let recorded = try await InspectionService(req).record(body.draft(checklist), checklist: checklist, company: company, inspector: req.actor.userID!,
                                                               inspectedAt: try Self.inspectedAt(body.inspectedAt, now: req.now), clientKey: body.clientKey,
                                                               reinspectionOf: original)
        let response = try await Self.response(req, company: company, id: recorded.id).encodeResponse(status: recorded.created ? .created : .ok, for: req)
        response.headers.replaceOrAdd(name: .location, value: req.url.path + "/\(recorded.id)")
        return response
    }

    /// `days`: 7, 30, 90 or 365 (default 30); `site`: one site's failed points only.
    @Sendable func summary(req: Request) async throws -> InspectionSummaryReport {
        let company = try req.companyID()
        let daysText = try? req.query.get(String.self, at: "days")
        let days = daysText.map { Int($0) ?? -1 } ?? 30
        guard InspectionQueries.summaryPeriods.contains(days) else {
            throw ValidationFailure([FieldError(field: "days", messageKey: "inspections.error.days",
                                                message: "days must be one of \(InspectionQueries.summaryPeriods.map(String.init).joined(separator: ", "))")])
        }
        var siteErrors: [FieldError] = []
        Self.checkSite(req, into: &siteErrors)
        if !siteErrors.isEmpty { throw ValidationFailure(siteErrors) }
        let site = (try? req.query.get(String.self, at: "site")).flatMap { $0.isEmpty ? nil : $0 }
        let since = ProgramDay(req.now).adding(days: -(days - 1))
        let queries = InspectionQueries(req.db)
        async let sites = queries.siteCounts(company: company, since: since)
        async let points = queries.failuresByPoint(company: company, since: since.startDate(), site: site)
        return InspectionSummaryReport(since: since.description, days: days,
                                       sites: try await sites.map { .init(site: $0.site, done: $0.done, held: $0.held) },
                                       failedPoints: try await points.map { .init(checklist: $0.checklist_key, point: $0.point_key, failed: $0.n) })
    }

    /// The pack's CSV; an empty `since` is refused here (the page takes it as the default).
    /// Left out, the period starts at the last validation, or a year back; the headers say which.
    @Sendable func exportCSV(req: Request) async throws -> Response {
        if let since = try? req.query.get(String.self, at: "since"), since.isEmpty {
            throw ValidationFailure([FieldError(field: "since", messageKey: "inspections.error.since",
                                                message: "since must be a day (YYYY-MM-DD) within the last five years; leave it out for a year back")])
        }
        let company = try req.companyID()
        return InspectionQueries.packCSV(req.db, company: company, period: try await req.inspectionPackPeriod(company: company))
    }

    @Sendable func settings(req: Request) async throws -> InspectionSettingsBody {
        let company = try req.companyID()
        let queries = InspectionQueries(req.db)
        return InspectionSettingsBody(try await queries.settings(company: company), try await queries.retention(company: company))
    }

    /// Every field optional: what is left out keeps its value.
    @Sendable func saveSettings(req: Request) async throws -> InspectionSettingsBody {
        let company = try req.companyID()
        let body = try req.content.decode(InspectionSettingsBody.self)
        let queries = InspectionQueries(req.db)
        let current = try await queries.settings(company: company), currentRetention = try await queries.retention(company: company)
        let settings = InspectionSettings.validate(requiresSupervisorSignOff: body.requiresSignOff ?? current.requiresSupervisorSignOff,
                                                   reinspectionPercent: String(body.reinspectionPercent ?? current.reinspectionPercent))
        let hold = body.legalHold ?? currentRetention.legalHold
        let retention = RecordRetention.validate(months: String(body.retentionMonths ?? currentRetention.months), legalHold: hold,
                                                 reason: body.legalHoldReason ?? (hold ? currentRetention.holdReason : nil))
        var errors: [FieldError] = []
        if case .failure(let failure) = settings { errors += failure.errors }
        if case .failure(let failure) = retention { errors += failure.errors }
        guard errors.isEmpty, case .success(let newSettings) = settings, case .success(let newRetention) = retention else {
            let camel = ["reinspection_percent": "reinspectionPercent", "retention_months": "retentionMonths", "legal_hold_reason": "legalHoldReason"]
            throw ValidationFailure(errors.map { FieldError(field: camel[$0.field] ?? $0.field, messageKey: $0.messageKey, message: $0.message, arguments: $0.arguments) })
        }
        try await InspectionService(req).saveSettings(newSettings, retention: newRetention, company: company, by: req.actor.userID!)
        return InspectionSettingsBody(newSettings, newRetention)
    }

    @Sendable func show(req: Request) async throws -> InspectionResponse {
        let company = try req.companyID()
        let row = try await req.routeInspection(company: company)
        return try await Self.response(req, company: company, id: row.inspectionID)
    }

    @Sendable func signOff(req: Request) async throws -> InspectionResponse {
        let company = try req.companyID()
        let row = try await req.routeInspection(company: company)
        try await InspectionService(req).signOff(row, company: company, by: req.actor.userID!)
        return try await Self.response(req, company: company, id: row.inspectionID)
    }

    /// A multipart body: `photo` (JPEG or PNG) and, optionally, `point`.
    @Sendable func addPhoto(req: Request) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routeInspection(company: company)
        guard let form = try? req.content.decode(InspectionPhotoForm.self), let file = form.photo, file.data.readableBytes > 0 else {
            throw ValidationFailure([FieldError(field: "photo", messageKey: "inspections.error.photo_missing",
                                                message: "photo is required: send a multipart/form-data body with the image in the field photo")])
        }
        try await InspectionService(req).addPhoto(row, fileName: file.filename, content: Data(buffer: file.data), point: form.point, company: company,
                                                  by: req.actor.userID!, evidence: EvidenceService(req), clientKey: form.client_key)
        return try await Self.response(req, company: company, id: row.inspectionID).encodeResponse(status: .created, for: req)
    }

    @Sendable func correct(req: Request) async throws -> InspectionResponse {
        let company = try req.companyID()
        let row = try await req.routeInspection(company: company)
        let body = try req.content.decode(InspectionRequest.self)
        let library = try await CompanyChecklistQueries(req.db).library(company: company)
        // The same list: at the version the inspection used; another list: one on offer now.
        let key = body.checklist ?? row.checklist_key
        let checklist = try key == row.checklist_key
            ? (library.checklist(key, version: row.checklist_version) ?? Self.checklist(key, library: library))
            : Self.checklist(key, library: library)
        if let version = body.version, version != row.version {
            throw ValidationFailure([FieldError(field: "version", messageKey: "inspections.error.stale_version",
                                                message: "version \(version) was already corrected (the latest is version \(row.version)); correct the latest version",
                                                arguments: ["version": String(version), "latest": String(row.version)])])
        }
        _ = try await InspectionService(req).correct(row, draft: body.draft(checklist), checklist: checklist, reason: body.reason, company: company,
                                                     by: req.actor.userID!)
        return try await Self.response(req, company: company, id: row.inspectionID)
    }
}
