import Foundation
import TrustlaneCore
import Vapor

/// The incident pages: the register, filing an incident (from scratch, or proposed from a failed
/// inspection), one incident with its notification checklist, investigation and closure, the
/// printable report, and the anonymous link's settings.
struct IncidentController {
    func register(_ app: Application) {
        let routes = app.grouped("companies", ":companyID", "incidents")
        routes.on(.GET, action: .viewIncidents, use: index)
        routes.on(.GET, "new", action: .reportIncidents, use: new)
        routes.on(.POST, action: .reportIncidents, use: create)
        routes.on(.POST, "anonymous-link", action: .manageIncidents, use: anonymousLink)
        routes.on(.GET, "anonymous-link", "poster", action: .manageIncidents, use: poster)
        routes.on(.GET, ":incidentID", action: .viewIncidents, use: show)
        routes.on(.GET, ":incidentID", "report", action: .viewIncidents, use: report)
        routes.on(.POST, ":incidentID", "confirm", action: .manageIncidents, use: confirm)
        routes.on(.POST, ":incidentID", "dismiss", action: .manageIncidents, use: dismiss)
        routes.on(.POST, ":incidentID", "investigate", action: .manageIncidents, use: investigate)
        routes.on(.POST, ":incidentID", "notifications", action: .manageIncidents, use: notify)
        routes.on(.POST, ":incidentID", "notes", action: .manageIncidents, use: note)
        routes.on(.POST, ":incidentID", "findings", action: .manageIncidents, use: findings)
        routes.on(.POST, ":incidentID", "close", action: .manageIncidents, use: close)
        routes.on(.POST, ":incidentID", "actions", action: .manageIncidents, use: action)
        routes.on(.POST, ":incidentID", "people", action: .manageIncidents, use: addPerson)
        let upload = routes.on(.POST, ":incidentID", "files", action: .manageIncidents, body: .collect(maxSize: ByteCount(value: RecordFiles.bodyLimit)), use: attach)
        upload.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = RecordFiles.bodyLimit
        routes.on(.GET, ":incidentID", "files", ":fileID", action: .viewIncidents, use: file)
        routes.on(.POST, ":incidentID", "files", ":fileID", "remove", action: .removeRecordFiles, use: removeFile)
        routes.on(.POST, ":incidentID", "people", ":personID", "remove", action: .manageIncidents, use: removePerson)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let c = PageContext(req)
        let filter: IncidentQueries.Filter
        var errors: [FieldError] = []
        do { filter = try req.incidentFilter() } catch let failure as ValidationFailure { filter = .init(); errors = failure.errors }
        let queries = IncidentQueries(req.db)
        let page = try await queries.list(company: company.companyID, filter)
        let canManage = c.allows(.manageIncidents, company: company.companyID)
        let key = canManage ? try await queries.reportKey(company: company.companyID) : nil
        let model = IncidentViews.ListModel(company: company.companyID, companyName: company.legalName, page: page, filter: filter,
                                            canReport: c.allows(.reportIncidents, company: company.companyID), canManage: canManage,
                                            reportLink: key.map { req.absoluteURL(SiteURL.anonymousReport($0)) }, errors: errors)
        return Response.html(IncidentViews.list(c, model), status: errors.isEmpty ? .ok : .badRequest)
    }

    /// The filing form as posted.
    struct IncidentForm: Content {
        var type: String?
        var severity: String?
        var title: String?
        var description: String?
        var discovered_at: String?
        var discovered_by: String?
        var found_by_cbp: String?
        var location: String?
        var shipment_id: String?
        var inspection_id: String?
        var seal_numbers: String?
        var partner_ids: [String]?
        var person_ids: [String]?

        var draft: IncidentDraft {
            IncidentDraft(type: type, severity: severity, title: title, description: description, discoveredAt: discovered_at, discoveredBy: discovered_by,
                          foundByCBP: ["on", "true", "1", "yes"].contains(found_by_cbp?.lowercased() ?? ""), location: location)
        }
        var links: IncidentService.LinkDraft {
            .init(shipmentID: shipment_id, inspectionID: inspection_id, sealNumbers: seal_numbers, partnerIDs: partner_ids ?? [], personIDs: person_ids ?? [])
        }
    }

    func formModel(_ req: Request, company: CompanyModel, form: IncidentForm, errors: [FieldError] = []) async throws -> IncidentViews.FormModel {
        let shipments = try await ShipmentQueries(req.db).list(company: company.companyID, before: nil).rows
        let roster = try await TrainingQueries(req.db).people(company: company.companyID)
        return .init(company: company.companyID, companyName: company.legalName, form: form, shipments: shipments, roster: roster, errors: errors)
    }

    /// The form, proposed from a failed inspection (`?inspection=`) or a shipment (`?shipment=`)
    /// when one is named: the unit, site, time and inspector filled in, the failed points listed.
    @Sendable func new(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        var form = IncidentForm()
        let c = PageContext(req)
        if let text = try? req.query.get(String.self, at: "inspection"), let id = InspectionID(string: text),
           let row = try await InspectionQueries(req.db).current(company: company.companyID, id: id) {
            let checklist = InspectionChecklists.bundled.checklist(row.checklist_key)
            let failed = row.pointResults.filter { $0.outcome == .fail }.map { result in
                let title = checklist?.point(result.pointKey).map { $0.title.text(in: c.t.language) } ?? result.pointKey
                return "- \(title)" + ((result.note ?? "").isEmpty ? "" : ": \(result.note ?? "")")
            }
            form.inspection_id = id.description
            form.title = c.t("incidents.from_inspection_title", ["unit": row.unit.label, "site": row.site])
            form.description = c.t("incidents.from_inspection_body") + "\n" + failed.joined(separator: "\n")
            form.discovered_at = IncidentViews.typedTime(row.inspected_at, zone: c.t.timeZone)
            form.discovered_by = row.inspector_name
            form.location = [row.site, row.yard_location].compactMap { $0 }.joined(separator: ", ")
        }
        if let text = try? req.query.get(String.self, at: "shipment"), let id = ShipmentID(string: text),
           try await ShipmentQueries(req.db).shipment(company: company.companyID, id: id) != nil {
            form.shipment_id = id.description
        }
        return IncidentViews.form(c, try await formModel(req, company: company, form: form))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let form = (try? req.content.decode(IncidentForm.self)) ?? IncidentForm()
        let c = PageContext(req)
        do {
            let id = try await IncidentService(req).create(form.draft, links: form.links, company: company.companyID, by: try req.requireUser().userID,
                                                           zone: req.typingZone)
            if c.allows(.viewIncidents, company: company.companyID) {
                return req.redirect(to: SiteURL.incident(company.companyID, id), flash: "incidents.recorded")
            }
            return req.redirect(to: SiteURL.newIncident(company.companyID), flash: "incidents.recorded_thanks")
        } catch let failure as ValidationFailure {
            return Response.html(IncidentViews.form(c, try await formModel(req, company: company, form: form, errors: failure.errors)), status: .badRequest)
        }
    }

    func showModel(_ req: Request, errors: [FieldError] = []) async throws -> IncidentViews.ShowModel {
        let company = try await req.routeCompany()
        let row = try await req.routeIncident(company: company.companyID)
        let detail = try await IncidentQueries(req.db).detail(company: company.companyID, row: row)
        let c = PageContext(req)
        let canManage = c.allows(.manageIncidents, company: company.companyID)
        let roster = canManage && !row.incidentStatus.isFinal ? try await TrainingQueries(req.db).people(company: company.companyID) : []
        let canRemove = c.allows(.removeRecordFiles, company: company.companyID)
        let onHold = canRemove && !detail.files.isEmpty ? try await RecordFiles.legalHold(.incident, company: company.companyID, on: req.db) : false
        return .init(company: company.companyID, companyName: company.legalName, detail: detail,
                     canManage: canManage,
                     canViewInspections: c.allows(.viewInspections, company: company.companyID),
                     canViewShipments: c.allows(.viewShipments, company: company.companyID),
                     canViewPartners: c.allows(.viewBusinessPartners, company: company.companyID), roster: roster,
                     filePolicy: RecordFiles.policy(req.application),
                     canRemoveFiles: canRemove, filesOnHold: onHold,
                     errors: errors, posted: req.method == .POST ? req.formFields() : [:])
    }

    @Sendable func show(req: Request) async throws -> HTML {
        IncidentViews.show(PageContext(req), try await showModel(req))
    }

    @Sendable func report(req: Request) async throws -> HTML {
        IncidentViews.printable(PageContext(req), try await showModel(req))
    }

    /// Runs a write on the incident; a refusal shows the incident's page with the fields named.
    func write(_ req: Request, flash: String, anchor: String = "", _ body: (IncidentService, CompanyID, IncidentID, UserID) async throws -> Void) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routeIncident(company: company)
        do {
            try await body(IncidentService(req), company, row.incidentID, try req.requireUser().userID)
            return req.redirect(to: SiteURL.incident(company, row.incidentID) + anchor, flash: flash)
        } catch let failure as ValidationFailure {
            return Response.html(IncidentViews.show(PageContext(req), try await showModel(req, errors: failure.errors)), status: .badRequest)
        }
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        try await write(req, flash: "incidents.confirmed") { service, company, id, actor in try await service.confirm(id, company: company, by: actor) }
    }

    @Sendable func dismiss(req: Request) async throws -> Response {
        let reason = req.formFields()["reason"]
        return try await write(req, flash: "incidents.dismissed") { service, company, id, actor in
            try await service.dismiss(id, reason: reason, company: company, by: actor)
        }
    }

    @Sendable func investigate(req: Request) async throws -> Response {
        try await write(req, flash: "incidents.investigation_started", anchor: "#incident-investigation") { service, company, id, actor in
            try await service.startInvestigation(id, company: company, by: actor)
        }
    }

    @Sendable func notify(req: Request) async throws -> Response {
        let f = req.formFields()
        let draft = NotificationDraft(target: f["target"], recipient: f["recipient"], notifiedBy: f["notified_by"], notifiedAt: f["notified_at"],
                                      channel: f["channel"], note: f["note"])
        let zone = req.typingZone
        return try await write(req, flash: "incidents.notification_recorded", anchor: "#incident-notifications") { service, company, id, actor in
            try await service.notify(id, draft, company: company, by: actor, zone: zone)
        }
    }

    @Sendable func note(req: Request) async throws -> Response {
        let f = req.formFields()
        let zone = req.typingZone
        return try await write(req, flash: "incidents.note_added", anchor: "#incident-investigation") { service, company, id, actor in
            try await service.addNote(id, text: f["text"], at: f["at"], company: company, by: actor, zone: zone)
        }
    }

    @Sendable func findings(req: Request) async throws -> Response {
        let f = req.formFields()
        return try await write(req, flash: "incidents.findings_saved", anchor: "#incident-findings") { service, company, id, actor in
            try await service.saveFindings(id, findings: f["findings"], rootCause: f["root_cause"], notReportedReason: f["not_reported_reason"],
                                           company: company, by: actor)
        }
    }

    @Sendable func close(req: Request) async throws -> Response {
        try await write(req, flash: "incidents.closed") { service, company, id, actor in try await service.close(id, company: company, by: actor) }
    }

    @Sendable func action(req: Request) async throws -> Response {
        let f = req.formFields()
        let draft = CorrectiveActionDraft(title: f["title"], details: f["details"], ownerName: f["owner"], dueDate: f["due_date"])
        return try await write(req, flash: "incidents.action_added", anchor: "#incident-actions") { service, company, id, actor in
            try await service.addCorrectiveAction(id, draft: draft, company: company, by: actor)
        }
    }

    /// Names a person of the company's roster on the incident (`person_id`).
    @Sendable func addPerson(req: Request) async throws -> Response {
        let person = req.formFields()["person_id"]
        return try await write(req, flash: "incidents.person_added", anchor: "#incident-people") { service, company, id, actor in
            try await service.linkPerson(id, personID: person, company: company, by: actor)
        }
    }

    @Sendable func removePerson(req: Request) async throws -> Response {
        guard let person = PersonID(string: req.parameters.get("personID") ?? "") else { throw TrustlaneError.notFound }
        return try await write(req, flash: "incidents.person_removed", anchor: "#incident-people") { service, company, id, actor in
            try await service.unlinkPerson(id, person: person, company: company, by: actor)
        }
    }

    /// Attaches the files of the multipart form (`file`, up to three at a time).
    @Sendable func attach(req: Request) async throws -> Response {
        let uploads = RecordFiles.uploads(req.multipartParts(), field: "file")
        return try await write(req, flash: "incidents.files_attached", anchor: "#incident-files") { service, company, id, actor in
            try await service.attach(id, uploads: uploads, company: company, by: actor)
        }
    }

    /// Removes one of the incident's files (an anonymous report's too); under a legal hold the
    /// incident's page says why, with 409.
    @Sendable func removeFile(req: Request) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routeIncident(company: company)
        guard let file = UUID(uuidString: req.parameters.get("fileID") ?? "") else { throw TrustlaneError.notFound }
        do {
            _ = try await RecordFiles.remove(file, kind: .incident, record: row.id, company: company,
                                             audit: ("incident.file_removed", "incident", row.id.uuidString.lowercased()),
                                             by: try req.requireUser().userID, app: req.application, on: req.db)
        } catch let refused as TrustlaneError where refused.status == .conflict {
            let errors = [FieldError(field: "file", messageKey: refused.key, message: refused.message, arguments: refused.arguments)]
            return Response.html(IncidentViews.show(PageContext(req), try await showModel(req, errors: errors)), status: .conflict)
        }
        return req.redirect(to: SiteURL.incident(company, row.incidentID) + "#incident-files", flash: "record_files.removed")
    }

    /// One of the incident's files, as a download.
    @Sendable func file(req: Request) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routeIncident(company: company)
        return try await RecordFiles.download(req, kind: .incident, record: row.id, company: company)
    }

    /// Turns the anonymous link on (`enable`), gives it a new key (`renew`) or turns it off (`disable`).
    @Sendable func anonymousLink(req: Request) async throws -> Response {
        let company = try req.companyID()
        let choice = req.formFields()["link"] ?? ""
        guard ["enable", "renew", "disable"].contains(choice) else {
            throw ValidationFailure([FieldError(field: "link", messageKey: "incidents.error.link", message: "link must be enable, renew or disable")])
        }
        try await IncidentService(req).setReportLink(company: company, enabled: choice != "disable", by: try req.requireUser().userID)
        return req.redirect(to: SiteURL.incidents(company) + "#incident-link", flash: choice == "disable" ? "incidents.link_disabled" : "incidents.link_enabled")
    }

    /// The printable notice with the link and its QR code; with the link off, back to the
    /// register's link section to turn it on.
    @Sendable func poster(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        guard let key = try await IncidentQueries(req.db).reportKey(company: company.companyID) else {
            let response = req.redirect(to: SiteURL.incidents(company.companyID) + "#incident-link")
            response.flash(.info, "incidents.poster_link_off", secure: req.application.config.secureCookies)
            return response
        }
        let model = IncidentViews.PosterModel(company: company.companyID, companyName: company.legalName,
                                              url: req.absoluteURL(SiteURL.anonymousReport(key)))
        return Response.html(IncidentViews.poster(PageContext(req), model), status: .ok)
    }
}
