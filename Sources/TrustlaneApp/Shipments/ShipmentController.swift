import Foundation
import TrustlaneCore
import Vapor

/// The shipment pages: the list, a new shipment, one shipment (its seals, their checks and
/// photos, the consignee, the release gate), changing an open one, the VVTT form of a seal, and
/// the writes behind them. The dock's forms carry a client key (`offline.js` sends them again
/// when the network returns): one sent twice is recorded once, and answered as the first was.
struct ShipmentController {
    func register(_ app: Application) {
        let routes = app.grouped("companies", ":companyID", "shipments")
        routes.on(.GET, action: .viewShipments, use: index)
        routes.on(.GET, "new", action: .recordShipments, use: new)
        routes.on(.POST, action: .recordShipments, use: create)
        routes.on(.GET, ":shipmentID", action: .viewShipments, use: show)
        routes.on(.GET, ":shipmentID", "edit", action: .recordShipments, use: editForm)
        routes.on(.POST, ":shipmentID", "edit", action: .recordShipments, use: edit)
        routes.on(.POST, ":shipmentID", "seals", action: .recordShipments, use: affix)
        routes.on(.POST, ":shipmentID", "lock", action: .recordShipments, use: recordLock)
        routes.on(.GET, ":shipmentID", "seals", ":sealNumber", "check", action: .recordShipments, use: checkForm)
        routes.on(.POST, ":shipmentID", "seals", ":sealNumber", "check", action: .recordShipments, use: check)
        let limit = EvidenceUploadForm.bodyLimit(app.config.evidencePolicy)
        let photo = routes.on(.POST, ":shipmentID", "seals", ":sealNumber", "photo", action: .recordShipments,
                              body: .collect(maxSize: ByteCount(value: limit)), use: photo)
        photo.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = limit
        routes.on(.POST, ":shipmentID", "notify-consignee", action: .recordShipments, use: notifyConsignee)
        routes.on(.POST, ":shipmentID", "release", action: .recordShipments, use: release)
        routes.on(.POST, ":shipmentID", "override", action: .overrideShipmentRelease, use: override)
    }

    @Sendable func index(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let page = try await ShipmentQueries(req.db).list(company: company.companyID, before: req.pageCursor())
        let c = PageContext(req)
        return ShipmentViews.list(c, .init(company: company.companyID, companyName: company.legalName, page: page,
                                           canRecord: c.allows(.recordShipments, company: company.companyID)))
    }

    /// The shipment form as posted. The partners' checkboxes arrive as repeated `partner_ids`.
    struct ShipmentForm: Content {
        var reference: String?
        var document_numbers: String?
        var container_number: String?
        var tractor_plate: String?
        var trailer_plate: String?
        var inspection_id: String?
        var origin: String?
        var destination: String?
        var consignee_name: String?
        var consignee_email: String?
        var partner_ids: [String]?
        var less_than_truckload: String?
        var lock_id: String?
        var client_key: String?

        var draft: ShipmentService.Draft {
            .init(reference: reference, documentNumbers: document_numbers, containerNumber: container_number, tractorPlate: tractor_plate,
                  trailerPlate: trailer_plate, inspectionID: inspection_id, origin: origin, destination: destination, consigneeName: consignee_name,
                  consigneeEmail: consignee_email, partnerIDs: partner_ids ?? [], lessThanTruckload: less_than_truckload == "yes", lockID: lock_id,
                  clientKey: client_key)
        }
    }

    /// `editing`: the shipment changed, whose partners are offered even past the first choices.
    func formModel(_ req: Request, company: CompanyID, draft: ShipmentService.Draft, errors: [FieldError] = [],
                   editing: ShipmentQueries.Row? = nil) async throws -> ShipmentViews.FormModel {
        async let inspections = InspectionQueries(req.db).log(company: company, .init())
        async let partners = ShipmentQueries(req.db).partnerChoices(company: company)
        var choices = try await partners
        if let editing {
            let chosen = try await ShipmentQueries(req.db).partners(company: company, shipment: editing.shipmentID)
            choices += chosen.filter { row in !choices.contains { $0.id == row.id } }
        }
        return .init(company: company, draft: draft, inspections: try await inspections.rows, partners: choices, errors: errors, editing: editing)
    }

    @Sendable func new(req: Request) async throws -> HTML {
        let company = try req.companyID()
        let chosen = (try? req.query.get(String.self, at: "inspection")).map { String($0.prefix(40)) }
        return ShipmentViews.form(PageContext(req), try await formModel(req, company: company, draft: .init(inspectionID: chosen)))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let form = (try? req.content.decode(ShipmentForm.self)) ?? ShipmentForm()
        do {
            let recorded = try await ShipmentService(req).create(form.draft, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.shipment(company, recorded.id), flash: recorded.created ? "shipments.recorded" : "offline.already_recorded")
        } catch let failure as ValidationFailure {
            return Response.html(ShipmentViews.form(PageContext(req), try await formModel(req, company: company, draft: form.draft, errors: failure.errors)),
                                 status: .badRequest)
        }
    }

    // MARK: Changing an open shipment

    @Sendable func editForm(req: Request) async throws -> HTML {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        guard !shipment.shipmentStatus.isReleased else { throw ShipmentService.releasedNotEditable(shipment) }
        let partners = try await ShipmentQueries(req.db).partners(company: company, shipment: shipment.shipmentID).map(\.id)
        return ShipmentViews.form(PageContext(req), try await formModel(req, company: company, draft: ShipmentService.draft(of: shipment, partners: partners),
                                                                        editing: shipment))
    }

    @Sendable func edit(req: Request) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let form = (try? req.content.decode(ShipmentForm.self)) ?? ShipmentForm()
        do {
            let changed = try await ShipmentService(req).edit(shipment, with: form.draft, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.shipment(company, shipment.shipmentID), flash: changed ? "shipments.edited" : "shipments.edit_unchanged")
        } catch let failure as ValidationFailure {
            return Response.html(ShipmentViews.form(PageContext(req), try await formModel(req, company: company, draft: form.draft, errors: failure.errors,
                                                                                          editing: shipment)),
                                 status: .badRequest)
        }
    }

    func showModel(_ req: Request, errors: [FieldError] = [], blocked: [ReleaseBlock]? = nil) async throws -> ShipmentViews.ShowModel {
        let company = try await req.routeCompany()
        let shipment = try await req.routeShipment(company: company.companyID)
        let data = try await ShipmentViewData.load(shipment, company: company.companyID, on: req.db)
        let c = PageContext(req)
        return .init(company: company.companyID, companyName: company.legalName, data: data,
                     canRecord: c.allows(.recordShipments, company: company.companyID),
                     canOverride: c.allows(.overrideShipmentRelease, company: company.companyID), canViewInspections: c.allows(.viewInspections, company: company.companyID),
                     errors: errors, refused: blocked)
    }

    @Sendable func show(req: Request) async throws -> HTML {
        ShipmentViews.show(PageContext(req), try await showModel(req))
    }

    /// Runs a write on the shipment; a refusal shows the shipment's page with the fields named.
    /// `body` returns false when its client key had recorded it before: the page says so.
    func write(_ req: Request, flash: String, anchor: String = "", status: HTTPResponseStatus = .badRequest,
               _ body: (ShipmentService, CompanyID, ShipmentQueries.Row, UserModel) async throws -> Bool) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let user = try req.requireUser()
        do {
            let created = try await body(ShipmentService(req), company, shipment, user)
            return req.redirect(to: SiteURL.shipment(company, shipment.shipmentID) + anchor, flash: created ? flash : "offline.already_recorded")
        } catch let failure as ValidationFailure {
            return Response.html(ShipmentViews.show(PageContext(req), try await showModel(req, errors: failure.errors)), status: status)
        } catch let blocked as ShipmentService.Blocked {
            return Response.html(ShipmentViews.show(PageContext(req), try await showModel(req, blocked: blocked.blocks)), status: .conflict)
        }
    }

    @Sendable func affix(req: Request) async throws -> Response {
        let form = req.formFields()
        return try await write(req, flash: "shipments.seal_affixed", anchor: "#shipment-seals") { service, company, shipment, user in
            // The phone's time of completion (offline.js), parsed here and bounded by the service.
            var errors: [FieldError] = []
            let doneAt = DoneAt.parse(form["done_at"], field: "done_at", into: &errors)
            if !errors.isEmpty { throw ValidationFailure(errors) }
            return try await service.affix(shipment, number: form["seal_number"], company: company, by: user, clientKey: form["client_key"],
                                           doneAt: doneAt).created
        }
    }

    @Sendable func recordLock(req: Request) async throws -> Response {
        let form = req.formFields()
        return try await write(req, flash: "shipments.lock_recorded", anchor: "#shipment-lock") { service, company, shipment, user in
            try await service.recordLock(shipment, lockID: form["lock_id"], company: company, by: user.userID, clientKey: form["client_key"])
        }
    }

    @Sendable func notifyConsignee(req: Request) async throws -> Response {
        let language = PageContext(req).t.language
        return try await write(req, flash: "shipments.consignee_notified", anchor: "#shipment-consignee") { service, company, shipment, user in
            try await service.notifyConsignee(shipment, company: company, by: user.userID, language: language)
            return true
        }
    }

    @Sendable func release(req: Request) async throws -> Response {
        let language = PageContext(req).t.language
        return try await write(req, flash: "shipments.released") { service, company, shipment, user in
            try await service.release(shipment, company: company, by: user, language: language)
            return true
        }
    }

    @Sendable func override(req: Request) async throws -> Response {
        let language = PageContext(req).t.language
        let reason = req.formFields()["reason"]
        return try await write(req, flash: "shipments.released_by_override") { service, company, shipment, user in
            try await service.release(shipment, company: company, by: user, overrideReason: reason, isOverride: true, language: language)
            return true
        }
    }

    // MARK: A seal's check and photo


    /// The VVTT draft a check form carries: `step.<name>` is pass or fail for each step done, in
    /// the form's order (the steps' own order); a step left blank is a skipped step.
    static func draft(_ form: [String: String], at now: Date) -> VVTTDraft {
        VVTTDraft(steps: VVTTStep.allCases.compactMap { step in
            guard let answer = form["step." + step.rawValue], answer == "pass" || answer == "fail" else { return nil }
            let note = form["note." + step.rawValue].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
            return VVTTDraft.Step(step: step.rawValue, passed: answer == "pass", at: now, note: note)
        }, numberRead: form["number_read"])
    }

    @Sendable func checkForm(req: Request) async throws -> HTML {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let seal = try await req.routeShipmentSeal(company: company, shipment: shipment)
        let stage = (try? SealCheckStage.parse(try? req.query.get(String.self, at: "stage"))) ?? .departure
        let warnings = stage == .departure ? try await ShipmentQueries(req.db).documentWarnings(company: company, shipment: shipment) : []
        return ShipmentViews.checkForm(PageContext(req), .init(company: company, shipment: shipment, seal: seal, stage: stage,
                                                               form: ["document_seal_numbers": shipment.document_seal_numbers ?? ""], warnings: warnings))
    }

    @Sendable func check(req: Request) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let seal = try await req.routeShipmentSeal(company: company, shipment: shipment)
        let form = req.formFields()
        let stage = (try? SealCheckStage.parse(form["stage"])) ?? .departure
        do {
            let stageChecked = try SealCheckStage.parse(form["stage"])
            // The phone's time of completion (offline.js) times every step; the server's time without it.
            var errors: [FieldError] = []
            let doneAt = DoneAt.parse(form["done_at"], field: "done_at", into: &errors)
            if !errors.isEmpty { throw ValidationFailure(errors) }
            let outcome = try await ShipmentService(req).recordCheck(shipment, seal: seal, stage: stageChecked, draft: Self.draft(form, at: doneAt ?? req.now),
                                                                      documentSealNumbers: form["document_seal_numbers"], company: company,
                                                                      by: try req.requireUser().userID, clientKey: form["client_key"], doneField: "done_at")
            let flash = !outcome.created ? "offline.already_recorded"
                : outcome.discrepancy ? "shipments.check_discrepancy" : (outcome.passed ? "shipments.check_passed" : "shipments.check_failed")
            // The shipment's page opens on the documents' warnings when they disagree with the unit.
            return req.redirect(to: SiteURL.shipment(company, shipment.shipmentID) + (outcome.documentsDiffer ? "#shipment-document-seals" : "#shipment-seals"),
                                flash: flash)
        } catch let failure as ValidationFailure {
            // What the typed numbers would leave unmatched, beside the refusal (when they read).
            let warnings = stage == .departure
                ? ((try? await ShipmentQueries(req.db).documentWarnings(company: company, shipment: shipment, documentText: form["document_seal_numbers"])) ?? [])
                : []
            return Response.html(ShipmentViews.checkForm(PageContext(req), .init(company: company, shipment: shipment, seal: seal, stage: stage, form: form,
                                                                                 errors: failure.errors, warnings: warnings)),
                                 status: .badRequest)
        }
    }

    @Sendable func photo(req: Request) async throws -> Response {
        struct PhotoForm: Content {
            var photo: File?
            var client_key: String?
        }
        let form = try? req.content.decode(PhotoForm.self)
        return try await write(req, flash: "shipments.photo_saved", anchor: "#shipment-seals") { service, company, shipment, user in
            let seal = try await req.routeShipmentSeal(company: company, shipment: shipment)
            return try await service.attachPhoto(shipment, seal: seal, fileName: form?.photo?.filename, content: form?.photo.map { Data(buffer: $0.data) },
                                                 company: company, by: user.userID, clientKey: form?.client_key)
        }
    }
}
