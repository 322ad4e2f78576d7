import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// The registry's pages: list and search, a partner, add and edit, archive and restore, export,
/// and the import (upload, preview, confirm, error file).
struct BusinessPartnerController {
    func register(_ app: Application) {
        let routes = app.grouped("companies", ":companyID")
        routes.on(.GET, "partners", action: .viewBusinessPartners, use: index)
        routes.on(.GET, "partners.csv", action: .viewBusinessPartners, use: export)
        routes.on(.GET, "partners", "new", action: .manageBusinessPartners, use: new)
        routes.on(.POST, "partners", action: .manageBusinessPartners, use: create)
        routes.on(.GET, "partners", "import", action: .manageBusinessPartners, use: importForm)
        let limit = BusinessPartnerCSV.maxBytes + 64 * 1024
        let upload = routes.on(.POST, "partners", "import", action: .manageBusinessPartners,
                               body: .collect(maxSize: ByteCount(value: limit)), use: upload)
        upload.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = limit
        routes.on(.GET, "partners", "import", ":importID", action: .manageBusinessPartners, use: preview)
        routes.on(.POST, "partners", "import", ":importID", action: .manageBusinessPartners, use: confirm)
        routes.on(.GET, "partners", "import", ":importID", "errors.csv", action: .manageBusinessPartners, use: errorFile)
        routes.on(.GET, "partners", ":partnerID", action: .viewBusinessPartners, use: show)
        routes.on(.GET, "partners", ":partnerID", "edit", action: .manageBusinessPartners, use: edit)
        routes.on(.POST, "partners", ":partnerID", action: .manageBusinessPartners, use: update)
        routes.on(.POST, "partners", ":partnerID", "status", action: .manageBusinessPartners, use: setStatus)
        let documentLimit = EvidenceUploadForm.bodyLimit(app.config.evidencePolicy)
        let documents = routes.on(.POST, "partners", ":partnerID", "documents", action: .manageBusinessPartners,
                                  body: .collect(maxSize: ByteCount(value: documentLimit)), use: uploadDocument)
        documents.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = documentLimit
        routes.on(.POST, "partners", ":partnerID", "volume", action: .manageBusinessPartners, use: setVolume)
        routes.on(.POST, "partners", ":partnerID", "triggers", action: .manageBusinessPartners, use: trigger)
        routes.on(.POST, "partners", ":partnerID", "proofs", action: .manageBusinessPartners, use: addProof)
        routes.on(.POST, "partners", ":partnerID", "proofs", ":proofID", "delete", action: .manageBusinessPartners, use: removeProof)
        routes.on(.POST, "partners", ":partnerID", "assessments", action: .manageBusinessPartners, use: assess)
        routes.on(.POST, "partners", ":partnerID", "actions", action: .manageBusinessPartners, use: addAction)
        routes.on(.POST, "partners", ":partnerID", "actions", ":actionID", "close", action: .manageBusinessPartners, use: closeAction)
    }

    static func filter(_ req: Request) -> BusinessPartnerQueries.Filter {
        func text(_ key: String) -> String? {
            (try? req.query.get(String.self, at: key)).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        return BusinessPartnerQueries.Filter(query: text("q").map { String($0.prefix(200)) }, role: text("role").flatMap(BusinessPartnerRole.init(text:)),
                                             country: text("country").flatMap(CountryCode.init), status: text("status").flatMap(BusinessPartnerStatus.init(rawValue:)),
                                             page: text("page").flatMap { Int($0) } ?? 1)
    }

    static func draft(_ form: [String: String]) -> BusinessPartner.Draft {
        BusinessPartner.Draft(reference: form["reference"], legalName: form["legal_name"], otherNames: form["other_names"], country: form["country"],
                              role: form["role"], address: form["address"], identifiers: form["identifiers"], sites: form["sites"],
                              contactName: form["contact_name"], contactEmail: form["contact_email"], notes: form["notes"])
    }

    @Sendable func index(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let filter = Self.filter(req)
        let queries = BusinessPartnerQueries(req.db)
        async let page = queries.list(company: company.companyID, filter)
        async let counts = queries.counts(company: company.companyID)
        let c = PageContext(req)
        return BusinessPartnerViews.list(c, .init(company: company.companyID, companyName: company.legalName, filter: filter, page: try await page,
                                                  counts: try await counts, canManage: c.allows(.manageBusinessPartners, company: company.companyID)))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let company = try req.companyID()
        let records = try await BusinessPartnerQueries(req.db).all(company: company)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "business-partners.csv")
        return Response(status: .ok, headers: headers, body: .init(string: BusinessPartnerCSV.write(records.map(\.partner))))
    }

    @Sendable func new(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        return BusinessPartnerViews.form(PageContext(req), .init(company: company.companyID, companyName: company.legalName, partnerID: nil,
                                                                 draft: BusinessPartner.Draft()))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let draft = Self.draft(req.formFields())
        do {
            let partner = try BusinessPartnerValidator.validate(draft).get()
            try await BusinessPartnerService(req).create(partner, company: company.companyID, by: req.actor.userID)
            return req.redirect(to: SiteURL.partner(company.companyID, partner.id.rawValue), flash: "partners.saved")
        } catch let failure as ValidationFailure {
            return Response.html(BusinessPartnerViews.form(PageContext(req), .init(company: company.companyID, companyName: company.legalName, partnerID: nil,
                                                                                   draft: draft, errors: failure.errors)), status: .badRequest)
        }
    }

    func showModel(_ req: Request, errors: [FieldError] = []) async throws -> BusinessPartnerViews.ShowModel {
        let company = try await req.routeCompany()
        let record = try await req.routePartner(company: company.companyID)
        let vetting = try await PartnerVettingService(req).vetting(company: company.companyID, partner: record.id)
        let screening = try await ScreeningQueries(req.db).partnerHits(company: company.companyID, partner: record.id)
        let chains = try await BusinessPartnerQueries(req.db).chains(company: company.companyID, names: record.partner.names)
        let documents = try await BusinessPartnerQueries(req.db).documents(partner: record.id)
        let questionnaires = try await PartnerQuestionnaireService(req).list(company: company.companyID, partner: record.id)
        return .init(company: company.companyID, companyName: company.legalName, record: record,
                     canManage: PageContext(req).allows(.manageBusinessPartners, company: company.companyID), vetting: vetting, errors: errors,
                     today: ProgramDay(req.now), screening: screening, chains: chains, documents: documents, questionnaires: questionnaires, now: req.now)
    }

    @Sendable func show(req: Request) async throws -> HTML {
        BusinessPartnerViews.show(PageContext(req), try await showModel(req))
    }

    /// Runs a vetting write from the partner page: back to the section on success, the page
    /// with its errors (400) otherwise.
    func vettingWrite(_ req: Request, section: String, flash: String,
                      _ body: (PartnerVettingService, CompanyID, UUID, [String: String]) async throws -> Void) async throws -> Response {
        let company = try req.companyID()
        let record = try await req.routePartner(company: company)
        do {
            try await body(PartnerVettingService(req), company, record.id, req.formFields())
            return req.redirect(to: SiteURL.partner(company, record.id) + "#" + section, flash: flash)
        } catch let failure as ValidationFailure {
            return Response.html(BusinessPartnerViews.show(PageContext(req), try await showModel(req, errors: failure.errors)), status: .badRequest)
        }
    }

    /// A document uploaded to the company's evidence store and linked to the partner, in one
    /// transaction; refused by the evidence policy (size, type, dates) with the page's errors.
    @Sendable func uploadDocument(req: Request) async throws -> Response {
        let company = try req.companyID()
        let record = try await req.routePartner(company: company)
        let user = try req.requireUser()
        guard let form = try? req.content.decode(EvidenceUploadForm.self), let file = form.file, file.data.readableBytes > 0 else {
            let error = FieldError(field: "file", messageKey: "profile.error.file_missing", message: "file is required (a multipart form upload)")
            return Response.html(BusinessPartnerViews.show(PageContext(req), try await showModel(req, errors: [error])), status: .badRequest)
        }
        let partner = record.id
        let now = req.now
        do {
            _ = try await EvidenceService(req).upload(company: company, fileName: file.filename, content: Data(buffer: file.data), title: form.title,
                                                      effectiveDate: nil, expiryDate: form.expiry_date, by: user.userID) { tx, evidence in
                try await (tx as! any SQLDatabase).raw("""
                INSERT INTO business_partner_documents (company_id, partner_id, evidence_id, created_at)
                VALUES (\(bind: company.rawValue), \(bind: partner), \(bind: evidence), \(bind: now))
                """).run()
            }
        } catch let failure as ValidationFailure {
            return Response.html(BusinessPartnerViews.show(PageContext(req), try await showModel(req, errors: failure.errors)), status: .badRequest)
        }
        return req.redirect(to: SiteURL.partner(company, partner) + "#partner-documents", flash: "partners.document_saved")
    }

    @Sendable func setVolume(req: Request) async throws -> Response {
        try await vettingWrite(req, section: "partner-tier", flash: "partners.saved") { service, company, partner, form in
            try await service.setVolume(company: company, partner: partner, volume: form["volume"], by: req.actor.userID)
        }
    }

    @Sendable func trigger(req: Request) async throws -> Response {
        try await vettingWrite(req, section: "partner-tier", flash: "partners.trigger_saved") { service, company, partner, form in
            try await service.recordTrigger(company: company, partner: partner, trigger: form["trigger"], by: req.actor.userID)
        }
    }

    @Sendable func addProof(req: Request) async throws -> Response {
        try await vettingWrite(req, section: "partner-proofs", flash: "partners.proof_saved") { service, company, partner, form in
            try await service.addProof(company: company, partner: partner, form: form, by: req.actor.userID)
        }
    }

    @Sendable func removeProof(req: Request) async throws -> Response {
        let proof = try req.routeUUID("proofID")
        return try await vettingWrite(req, section: "partner-proofs", flash: "partners.proof_removed") { service, company, partner, _ in
            try await service.removeProof(company: company, partner: partner, proof: proof, by: req.actor.userID)
        }
    }

    @Sendable func assess(req: Request) async throws -> Response {
        try await vettingWrite(req, section: "partner-assessments", flash: "partners.assessment_saved") { service, company, partner, form in
            try await service.recordAssessment(company: company, partner: partner, form: form, by: req.actor.userID)
        }
    }

    @Sendable func addAction(req: Request) async throws -> Response {
        try await vettingWrite(req, section: "partner-actions", flash: "partners.action_saved") { service, company, partner, form in
            try await service.addAction(company: company, partner: partner, form: form, by: req.actor.userID)
        }
    }

    @Sendable func closeAction(req: Request) async throws -> Response {
        let action = try req.routeUUID("actionID")
        return try await vettingWrite(req, section: "partner-actions", flash: "partners.action_closed") { service, company, partner, _ in
            try await service.closeAction(company: company, partner: partner, action: action, by: req.actor.userID)
        }
    }

    @Sendable func edit(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let record = try await req.routePartner(company: company.companyID)
        return BusinessPartnerViews.form(PageContext(req), .init(company: company.companyID, companyName: company.legalName, partnerID: record.id,
                                                                 draft: record.partner.draft))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let record = try await req.routePartner(company: company.companyID)
        let draft = Self.draft(req.formFields())
        do {
            let partner = try BusinessPartnerValidator.validate(draft, id: BusinessPartnerID(record.id)).get()
            try await BusinessPartnerService(req).update(record.partner, with: partner, company: company.companyID, by: req.actor.userID)
            return req.redirect(to: SiteURL.partner(company.companyID, record.id), flash: "partners.saved")
        } catch let failure as ValidationFailure {
            return Response.html(BusinessPartnerViews.form(PageContext(req), .init(company: company.companyID, companyName: company.legalName,
                                                                                   partnerID: record.id, draft: draft, errors: failure.errors)),
                                 status: .badRequest)
        }
    }

    @Sendable func setStatus(req: Request) async throws -> Response {
        let company = try req.companyID()
        let record = try await req.routePartner(company: company)
        let form = req.formFields()
        guard let status = form["status"].flatMap(BusinessPartnerStatus.init(rawValue:)), status != .blocked, record.partnerStatus != .blocked else {
            throw ValidationFailure([FieldError(field: "status", messageKey: "partners.error.status",
                                                message: "status must be active or archived; a blocked partner is released by its screening decision")])
        }
        try await BusinessPartnerService(req).setStatus(status, of: BusinessPartnerID(record.id), was: record.partnerStatus, company: company,
                                                        by: req.actor.userID)
        return req.redirect(to: SiteURL.partner(company, record.id), flash: status == .archived ? "partners.archived" : "partners.restored")
    }

    // MARK: Import

    @Sendable func importForm(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        return BusinessPartnerViews.importForm(PageContext(req), company: company.companyID, companyName: company.legalName)
    }

    struct Upload: Content {
        var file: File?
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        guard let upload = try? req.content.decode(Upload.self), let file = upload.file, file.data.readableBytes > 0 else {
            let error = FieldError(field: "file", messageKey: "partners.error.file_missing", message: "Choose a CSV file to import (the file was missing or empty)")
            return Response.html(BusinessPartnerViews.importForm(PageContext(req), company: company.companyID, companyName: company.legalName, errors: [error]),
                                 status: .badRequest)
        }
        let id = try await BusinessPartnerService(req).storeImport(company: company.companyID, fileName: file.filename, content: Data(buffer: file.data),
                                                                   by: req.actor.userID)
        return req.redirect(to: SiteURL.partnerImport(company.companyID, id))
    }

    func storedImport(_ req: Request, company: CompanyID) async throws -> BusinessPartnerService.StoredImport {
        guard let raw = req.parameters.get("importID"), let id = UUID(uuidString: raw),
              let stored = try await BusinessPartnerService(req).storedImport(id, company: company) else { throw TrustlaneError.notFound }
        return stored
    }

    func previewModel(_ req: Request, company: CompanyID, stored: BusinessPartnerService.StoredImport, errors: [FieldError] = [],
                      mode: BusinessPartnerService.ImportMode? = nil) async throws -> BusinessPartnerViews.PreviewModel {
        let (reading, taken) = try await BusinessPartnerService(req).read(stored.content, company: company)
        let hints = BusinessPartnerDuplicates.hints(zip(reading.acceptedLines, reading.partners).map { ($0, $1) }, existing: taken.nameKeys)
        return .init(company: company, importID: stored.id, fileName: stored.file_name, reading: reading, hints: hints, errors: errors, mode: mode)
    }

    @Sendable func preview(req: Request) async throws -> Response {
        let company = try req.companyID()
        let stored = try await storedImport(req, company: company)
        if let count = stored.imported_count {
            let response = req.redirect(to: SiteURL.partners(company))
            response.flash(.success, "partners.import_done", ["count": String(count)], secure: req.application.config.secureCookies)
            return response
        }
        return Response.html(BusinessPartnerViews.preview(PageContext(req), try await previewModel(req, company: company, stored: stored)), status: .ok)
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let company = try req.companyID()
        let stored = try await storedImport(req, company: company)
        let mode = req.formFields()["mode"].flatMap(BusinessPartnerService.ImportMode.init(rawValue:)) ?? .allOrNothing
        do {
            let outcome = try await BusinessPartnerService(req).runImport(stored, company: company, mode: mode, by: req.actor.userID)
            let response = req.redirect(to: SiteURL.partners(company))
            response.flash(.success, "partners.import_done", ["count": String(outcome.imported)], secure: req.application.config.secureCookies)
            return response
        } catch let failure as ValidationFailure {
            var model = try await previewModel(req, company: company, stored: stored, mode: mode)
            // A refusal lists only the first problems; the file's own count is the whole.
            let count = model.reading.rejected.isEmpty ? failure.errors.count : model.reading.problemCount
            model.errors = [FieldError(field: "import", messageKey: "partners.import.refused",
                                       message: "Nothing was imported: \(count) problem(s); fix them or choose to import the valid rows only",
                                       arguments: ["count": String(count)])]
            return Response.html(BusinessPartnerViews.preview(PageContext(req), model), status: .badRequest)
        }
    }

    @Sendable func errorFile(req: Request) async throws -> Response {
        let company = try req.companyID()
        let stored = try await storedImport(req, company: company)
        let (reading, _) = try await BusinessPartnerService(req).read(stored.content, company: company)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "partner-import-errors.csv")
        // Each problem in the reader's language, as the preview page words it.
        let c = PageContext(req)
        return Response(status: .ok, headers: headers, body: .init(string: reading.errorFile { BusinessPartnerViews.importError(c, $0) }))
    }
}
