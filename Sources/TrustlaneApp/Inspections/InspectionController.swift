import Foundation
import TrustlaneCore
import Vapor

/// The inspection pages: the log, a new inspection (choose the checklist, answer it), one
/// inspection with its versions, sign-off, correction, and the company's settings.
struct InspectionController {
    func register(_ app: Application) {
        let routes = app.grouped("companies", ":companyID", "inspections")
        routes.on(.GET, action: .viewInspections, use: index)
        routes.on(.GET, "new", action: .recordInspections, use: new)
        routes.on(.POST, action: .recordInspections, use: create)
        routes.on(.GET, "summary", action: .viewInspections, use: summary)
        routes.on(.GET, "pack", action: .viewInspections, use: pack)
        routes.on(.GET, "pack.csv", action: .viewInspections, use: packCSV)
        routes.on(.GET, "settings", action: .superviseInspections, use: settingsForm)
        routes.on(.POST, "settings", action: .superviseInspections, use: saveSettings)
        routes.on(.GET, ":inspectionID", action: .viewInspections, use: show)
        routes.on(.POST, ":inspectionID", "sign-off", action: .superviseInspections, use: signOff)
        routes.on(.GET, ":inspectionID", "correct", action: .recordInspections, use: correctForm)
        routes.on(.POST, ":inspectionID", "correct", action: .recordInspections, use: correct)
        let photoLimit = EvidenceUploadForm.bodyLimit(app.config.evidencePolicy)
        let photos = routes.on(.POST, ":inspectionID", "photos", action: .recordInspections,
                               body: .collect(maxSize: ByteCount(value: photoLimit)), use: addPhoto)
        photos.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = photoLimit
        routes.on(.GET, ":inspectionID", "photos", ":evidenceID", action: .viewInspections, use: photo)
    }


    /// The draft a checklist form carries: the unit, the place, and `point.<key>` / `note.<key>`
    /// for each of the checklist's points.
    static func draft(_ form: [String: String], checklist: InspectionChecklist) -> InspectionDraft {
        InspectionDraft(containerNumber: form["container_number"], tractorPlate: form["tractor_plate"], trailerPlate: form["trailer_plate"],
                        unitReference: form["unit_reference"], refrigerated: checklist.conveyance == .refrigeratedContainer,
                        site: form["site"], yardLocation: form["yard_location"],
                        answers: checklist.points.compactMap { point in
                            let outcome = form[InspectionValidator.field(forPoint: point.key)]
                            let note = form["note." + point.key].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
                            return outcome == nil && note == nil ? nil : InspectionDraft.Answer(pointKey: point.key, outcome: outcome, note: note)
                        })
    }

    /// The draft of a stored version, to correct it.
    static func draft(_ row: InspectionQueries.Row) -> InspectionDraft {
        InspectionDraft(containerNumber: row.container_number, tractorPlate: row.tractor_plate, trailerPlate: row.trailer_plate,
                        unitReference: row.unit_reference, refrigerated: row.refrigerated, site: row.site, yardLocation: row.yard_location,
                        answers: row.pointResults.map { .init(pointKey: $0.pointKey, outcome: $0.outcome.rawValue, note: $0.note) })
    }

    @Sendable func index(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let filter = req.inspectionFilter()
        let queries = InspectionQueries(req.db)
        async let page = queries.log(company: company.companyID, filter)
        async let sites = queries.sites(company: company.companyID)
        async let settings = queries.settings(company: company.companyID)
        async let library = CompanyChecklistQueries(req.db).library(company: company.companyID)
        let c = PageContext(req)
        return InspectionViews.log(c, .init(company: company.companyID, companyName: company.legalName, filter: filter, page: try await page,
                                            sites: try await sites, canRecord: c.allows(.recordInspections, company: company.companyID),
                                            canSupervise: c.allows(.superviseInspections, company: company.companyID), settings: try await settings,
                                            library: try await library))
    }




    @Sendable func pack(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let period: ValidationPackPeriod
        do { period = try await req.inspectionPackPeriod(company: company.companyID) } catch let failure as ValidationFailure {
            return Response.html(InspectionViews.packError(PageContext(req), company: company.companyID, errors: failure.errors), status: .badRequest)
        }
        let since = period.since
        let size = (try? req.query.get(Int.self, at: "sample")).flatMap { InspectionQueries.packSampleSizes.contains($0) ? $0 : nil } ?? 50
        let queries = InspectionQueries(req.db)
        let counts = try await queries.siteCounts(company: company.companyID, since: since)
        let held = try await queries.packHeld(company: company.companyID, since: since.startDate(), limit: InspectionQueries.packHeldLimit)
        // A period with no more inspections than the sample asks for: all of them.
        let total = counts.reduce(0) { $0 + $1.done }
        let sample = total <= size
            ? try await queries.packPage(company: company.companyID, since: since.startDate(), after: nil, limit: size)
            : try await queries.packSample(company: company.companyID, since: since, now: req.now, size: size)
        let library = try await CompanyChecklistQueries(req.db).library(company: company.companyID)
        return Response.html(InspectionViews.pack(PageContext(req), .init(company: company.companyID, companyName: company.legalName, period: period,
                                                                          generated: req.now, sampleSize: size, sites: counts, held: held, sample: sample,
                                                                          library: library)), status: .ok)
    }

    @Sendable func packCSV(req: Request) async throws -> Response {
        let company = try req.companyID()
        return InspectionQueries.packCSV(req.db, company: company, period: try await req.inspectionPackPeriod(company: company))
    }


    @Sendable func summary(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let days = (try? req.query.get(Int.self, at: "days")).flatMap { InspectionQueries.summaryPeriods.contains($0) ? $0 : nil } ?? 30
        let site = (try? req.query.get(String.self, at: "site")).flatMap { $0.isEmpty ? nil : String($0.prefix(120)) }
        let today = ProgramDay(req.now)
        let since = today.adding(days: -(days - 1))
        let queries = InspectionQueries(req.db)
        async let sites = queries.siteCounts(company: company.companyID, since: since)
        async let points = queries.failuresByPoint(company: company.companyID, since: since.startDate(), site: site)
        async let discrepancies = queries.discrepanciesBySite(company: company.companyID, since: since.startDate())
        async let library = CompanyChecklistQueries(req.db).library(company: company.companyID)
        return InspectionViews.summary(PageContext(req), .init(company: company.companyID, companyName: company.legalName, days: days, since: since,
                                                               site: site, sites: try await sites, points: try await points,
                                                               discrepancies: try await discrepancies, library: try await library))
    }


    @Sendable func new(req: Request) async throws -> HTML {
        let company = try req.companyID()
        let c = PageContext(req)
        let library = try await CompanyChecklistQueries(req.db).library(company: company)
        if let original = try await req.reinspectionOriginal(company: company, try? req.query.get(String.self, at: "reinspection_of")) {
            // The second look walks the same list, at the version the first one used.
            guard let checklist = library.checklist(original.checklist_key, version: original.checklist_version) else { throw TrustlaneError.notFound }
            let draft = InspectionDraft(containerNumber: original.container_number, tractorPlate: original.tractor_plate, trailerPlate: original.trailer_plate,
                                        unitReference: original.unit_reference, refrigerated: original.refrigerated, site: original.site,
                                        yardLocation: original.yard_location)
            return InspectionViews.form(c, .init(company: company, checklist: checklist, draft: draft, sites: [], reinspecting: original))
        }
        guard let key = try? req.query.get(String.self, at: "checklist") else {
            return InspectionViews.choose(c, company: company, library: library, canSupervise: c.allows(.superviseInspections, company: company))
        }
        guard let checklist = library.current(key) else { throw TrustlaneError.notFound }
        let sites = try await InspectionQueries(req.db).sites(company: company)
        return InspectionViews.form(c, .init(company: company, checklist: checklist, draft: InspectionDraft(site: sites.count == 1 ? sites[0] : nil),
                                             sites: sites))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let user = try req.requireUser()
        let form = req.formFields()
        let library = try await CompanyChecklistQueries(req.db).library(company: company)
        let original = try await req.reinspectionOriginal(company: company, form["reinspection_of"])
        // A re-inspection walks the original's list at the version it used; a new inspection, a list on offer.
        let chosen = original.flatMap { form["checklist"] == $0.checklist_key ? library.checklist($0.checklist_key, version: $0.checklist_version) : nil }
        guard let checklist = chosen ?? form["checklist"].flatMap(library.current) else {
            throw Abort(.badRequest, reason: "checklist: choose one of the checklists offered (\(library.offered.map(\.key).joined(separator: ", ")))")
        }
        let draft = Self.draft(form, checklist: checklist)
        do {
            // The phone's time of completion (offline.js), within `DoneAt`'s bounds; the server's without it.
            let doneAt = try DoneAt.read(form["done_at"], field: "done_at", now: req.now)
            let recorded = try await InspectionService(req).record(draft, checklist: checklist, company: company, inspector: user.userID,
                                                                   inspectedAt: doneAt, clientKey: form["client_key"], reinspectionOf: original)
            return req.redirect(to: SiteURL.inspection(company, recorded.id), flash: recorded.created ? "inspections.recorded" : "inspections.already_recorded")
        } catch let failure as ValidationFailure {
            let sites = try await InspectionQueries(req.db).sites(company: company)
            return Response.html(InspectionViews.form(PageContext(req), .init(company: company, checklist: checklist, draft: draft, sites: sites,
                                                                              clientKey: form["client_key"], reinspecting: original, errors: failure.errors)),
                                 status: .badRequest)
        }
    }

    func showModel(_ req: Request, errors: [FieldError] = []) async throws -> InspectionViews.ShowModel {
        let company = try await req.routeCompany()
        let row = try await req.routeInspection(company: company.companyID)
        let queries = InspectionQueries(req.db)
        let versions = try await queries.versions(company: company.companyID, id: row.inspectionID)
        let c = PageContext(req)
        let current = versions.last { $0.superseded_at == nil } ?? row
        var original: InspectionQueries.Row? = nil
        if let of = current.reinspection_of { original = try await queries.current(company: company.companyID, id: InspectionID(of)) }
        let reinspection = current.reinspection_due ? try await queries.reinspection(company: company.companyID, of: row.inspectionID) : nil
        return .init(company: company.companyID, companyName: company.legalName, versions: versions, settings: try await queries.settings(company: company.companyID),
                     photos: try await queries.photos(company: company.companyID, id: row.inspectionID),
                     original: original, reinspection: reinspection,
                     canRecord: c.allows(.recordInspections, company: company.companyID), canSupervise: c.allows(.superviseInspections, company: company.companyID),
                     viewer: req.auth.user.map { UserID($0.id!) }, errors: errors,
                     library: try await CompanyChecklistQueries(req.db).library(company: company.companyID))
    }

    @Sendable func show(req: Request) async throws -> HTML {
        InspectionViews.show(PageContext(req), try await showModel(req))
    }

    @Sendable func signOff(req: Request) async throws -> Response {
        let company = try req.companyID()
        let user = try req.requireUser()
        let row = try await req.routeInspection(company: company)
        do {
            if let version = req.formFields()["version"], version != String(row.version) {
                throw ValidationFailure([FieldError(field: "sign_off", messageKey: "inspections.error.changed_meanwhile",
                                                    message: "the inspection was signed off or corrected meanwhile; open it again")])
            }
            try await InspectionService(req).signOff(row, company: company, by: user.userID)
            return req.redirect(to: SiteURL.inspection(company, row.inspectionID), flash: "inspections.signed_off")
        } catch let failure as ValidationFailure {
            return Response.html(InspectionViews.show(PageContext(req), try await showModel(req, errors: failure.errors)), status: .conflict)
        }
    }

    @Sendable func addPhoto(req: Request) async throws -> Response {
        let company = try req.companyID()
        let user = try req.requireUser()
        let row = try await req.routeInspection(company: company)
        do {
            guard let form = try? req.content.decode(InspectionPhotoForm.self), let file = form.photo, file.data.readableBytes > 0 else {
                throw ValidationFailure([FieldError(field: "photo", messageKey: "inspections.error.photo_missing",
                                                    message: "photo is required: take a picture or choose an image file")])
            }
            try await InspectionService(req).addPhoto(row, fileName: file.filename, content: Data(buffer: file.data), point: form.point,
                                                      company: company, by: user.userID, evidence: EvidenceService(req), clientKey: form.client_key)
            return req.redirect(to: SiteURL.inspection(company, row.inspectionID) + "#inspection-photos", flash: "inspections.photo_saved")
        } catch let failure as ValidationFailure {
            return Response.html(InspectionViews.show(PageContext(req), try await showModel(req, errors: failure.errors)), status: .badRequest)
        }
    }

    /// One of the inspection's photos, shown inline (only images are ever linked).
    @Sendable func photo(req: Request) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routeInspection(company: company)
        let evidenceID = try req.routeUUID("evidenceID")
        guard try await InspectionQueries(req.db).photos(company: company, id: row.inspectionID).contains(where: { $0.evidence_id == evidenceID }) else {
            throw TrustlaneError.notFound
        }
        let file = try await EvidenceService(req).file(evidenceID, company: company)
        let data = try await req.application.evidenceStore.get(file.sha256)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.contentType)
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=86400")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    @Sendable func correctForm(req: Request) async throws -> HTML {
        let company = try req.companyID()
        let row = try await req.routeInspection(company: company)
        // A correction keeps the checklist version the inspection used.
        guard let checklist = try await CompanyChecklistQueries(req.db).library(company: company).checklist(row.checklist_key, version: row.checklist_version)
        else { throw TrustlaneError.notFound }
        return InspectionViews.form(PageContext(req), .init(company: company, checklist: checklist, draft: Self.draft(row),
                                                            sites: try await InspectionQueries(req.db).sites(company: company),
                                                            correcting: (row.inspectionID, row.version)))
    }

    @Sendable func correct(req: Request) async throws -> Response {
        let company = try req.companyID()
        let user = try req.requireUser()
        let row = try await req.routeInspection(company: company)
        guard let checklist = try await CompanyChecklistQueries(req.db).library(company: company).checklist(row.checklist_key, version: row.checklist_version)
        else { throw TrustlaneError.notFound }
        let form = req.formFields()
        let draft = Self.draft(form, checklist: checklist)
        do {
            // The version the form was opened on: a correction made meanwhile is not overwritten.
            let latest = row.version
            let opened = form["version"].flatMap(Int.init) ?? latest
            if opened != latest {
                throw ValidationFailure([FieldError(field: "version", messageKey: "inspections.error.stale_version",
                                                    message: "version \(opened) was already corrected (the latest is version \(latest)); correct the latest version",
                                                    arguments: ["version": String(opened), "latest": String(latest)])])
            }
            _ = try await InspectionService(req).correct(row, draft: draft, checklist: checklist, reason: form["reason"], company: company, by: user.userID)
            return req.redirect(to: SiteURL.inspection(company, row.inspectionID), flash: "inspections.corrected")
        } catch let failure as ValidationFailure {
            let sites = try await InspectionQueries(req.db).sites(company: company)
            return Response.html(InspectionViews.form(PageContext(req), .init(company: company, checklist: checklist, draft: draft, sites: sites,
                                                                              correcting: (row.inspectionID, row.version), reason: form["reason"],
                                                                              errors: failure.errors)), status: .badRequest)
        }
    }

    @Sendable func settingsForm(req: Request) async throws -> HTML {
        let company = try req.companyID()
        let queries = InspectionQueries(req.db)
        return InspectionViews.settings(PageContext(req), company: company, settings: try await queries.settings(company: company),
                                        retention: try await queries.retention(company: company))
    }

    @Sendable func saveSettings(req: Request) async throws -> Response {
        let company = try req.companyID()
        let user = try req.requireUser()
        let form = req.formFields()
        let settings = InspectionSettings.validate(requiresSupervisorSignOff: form["requires_sign_off"] == "yes", reinspectionPercent: form["reinspection_percent"])
        let retention = RecordRetention.validate(months: form["retention_months"], legalHold: form["legal_hold"] == "yes", reason: form["legal_hold_reason"])
        switch (settings, retention) {
        case (.success(let settings), .success(let retention)):
            try await InspectionService(req).saveSettings(settings, retention: retention, company: company, by: user.userID)
            return req.redirect(to: SiteURL.inspections(company), flash: "inspections.settings_saved")
        default:
            var errors: [FieldError] = []
            if case .failure(let failure) = settings { errors += failure.errors }
            if case .failure(let failure) = retention { errors += failure.errors }
            let queries = InspectionQueries(req.db)
            return Response.html(InspectionViews.settings(PageContext(req), company: company, settings: try await queries.settings(company: company),
                                                          retention: try await queries.retention(company: company), form: form, errors: errors),
                                 status: .badRequest)
        }
    }
}
