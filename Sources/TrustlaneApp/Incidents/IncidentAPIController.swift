import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/incidents...` and `/api/v1/anonymous-reports/{reportKey}`: the
/// register, its notifications, investigation and closure, the anonymous link and the public
/// report as JSON, through the same queries and service as the pages.
struct IncidentAPIController {
    func register(_ api: any RoutesBuilder) {
        let list = api.grouped("companies", ":companyID", "incidents")
        list.on(.GET, action: .viewIncidents, use: index)
        list.on(.POST, action: .reportIncidents, use: create)
        list.on(.GET, ":incidentID", action: .viewIncidents, use: show)
        list.on(.POST, ":incidentID", "confirm", action: .manageIncidents, use: confirm)
        list.on(.POST, ":incidentID", "dismiss", action: .manageIncidents, use: dismiss)
        list.on(.POST, ":incidentID", "investigation", action: .manageIncidents, use: investigate)
        list.on(.POST, ":incidentID", "notifications", action: .manageIncidents, use: notify)
        list.on(.POST, ":incidentID", "timeline", action: .manageIncidents, use: note)
        list.on(.PUT, ":incidentID", "findings", action: .manageIncidents, use: findings)
        list.on(.POST, ":incidentID", "close", action: .manageIncidents, use: close)
        list.on(.POST, ":incidentID", "corrective-actions", action: .manageIncidents, use: action)
        list.on(.POST, ":incidentID", "people", action: .manageIncidents, use: addPerson)
        list.on(.POST, ":incidentID", "files", action: .manageIncidents, body: .collect(maxSize: ByteCount(value: RecordFiles.bodyLimit)), use: attach)
        list.on(.GET, ":incidentID", "files", ":fileID", action: .viewIncidents, use: file)
        list.on(.DELETE, ":incidentID", "files", ":fileID", action: .removeRecordFiles, use: removeFile)
        list.on(.DELETE, ":incidentID", "people", ":personID", action: .manageIncidents, use: removePerson)
        let link = api.grouped("companies", ":companyID", "incident-link")
        link.on(.GET, action: .manageIncidents, use: showLink)
        link.on(.PUT, action: .manageIncidents, use: setLink)
        let anonymous = api.grouped("anonymous-reports", ":reportKey")
        // JSON, or multipart/form-data with files (up to three, 5 MB each); JSON alone keeps its 64 KB.
        let limit = ByteCount(value: IncidentService.anonymousUploadBodyLimit)
        anonymous.on(.POST, action: .reportAnonymously, body: .collect(maxSize: limit), use: report)
        anonymous.on(.POST, "follow-ups", action: .reportAnonymously, body: .collect(maxSize: limit), use: followUp)
    }

    /// The service names fields as the forms do; the JSON body names them in camel case.
    static let jsonField = ["discovered_at": "discoveredAt", "discovered_by": "discoveredBy", "shipment_id": "shipmentId", "inspection_id": "inspectionId",
                            "seal_numbers": "sealNumbers", "partner_ids": "partnerIds", "notified_by": "notifiedBy", "notified_at": "notifiedAt",
                            "root_cause": "rootCause", "not_reported_reason": "notReportedReason", "due_date": "dueDate", "happened_at": "happenedAt",
                            "person_id": "personId", "person_ids": "personIds"]

    static func renaming<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let failure as ValidationFailure { throw failure.renamingFields(jsonField) }
    }

    func answer(_ req: Request, company: CompanyID, incident id: IncidentID, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let detail = try await IncidentQueries(req.db).detail(company: company, id: id) else { throw TrustlaneError.notFound }
        return try await IncidentResponse(detail).encodeResponse(status: status, for: req)
    }

    @Sendable func index(req: Request) async throws -> IncidentPageResponse {
        let company = try req.companyID()
        let page = try await IncidentQueries(req.db).list(company: company, try req.incidentFilter())
        return IncidentPageResponse(items: page.rows.map(IncidentListItemResponse.init),
                                    nextBefore: page.next.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) })
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(IncidentRequest.self)
        // The form leaves a choice blank for none; the API says none with null, and an id must be one.
        var errors: [FieldError] = []
        for (field, value) in [("shipmentId", body.shipmentId), ("inspectionId", body.inspectionId)] where value.map({ UUID(uuidString: $0) == nil }) ?? false {
            errors.append(FieldError(field: field, messageKey: "incidents.error.uuid", message: "\(field) must be an id (a UUID) or null"))
        }
        if let ids = body.partnerIds, ids.contains(where: { UUID(uuidString: $0) == nil }) {
            errors.append(FieldError(field: "partnerIds", messageKey: "incidents.error.partner", message: "partnerIds must name business partners of this company's registry (by id)"))
        }
        if let ids = body.personIds, ids.contains(where: { UUID(uuidString: $0) == nil }) {
            errors.append(FieldError(field: "personIds", messageKey: "incidents.error.person", message: "personIds must name people of this company's roster (by id)"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let id = try await Self.renaming {
            try await IncidentService(req).create(body.draft, links: body.links, company: company, by: try req.requireUser().userID, zone: req.typingZone)
        }
        let number = try await IncidentQueries(req.db).incident(company: company, id: id)?.reference ?? ""
        let response = try await IncidentCreatedResponse(id: id, reference: number).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: req.url.path + "/\(id)")
        return response
    }

    @Sendable func show(req: Request) async throws -> Response {
        let company = try req.companyID()
        return try await answer(req, company: company, incident: try await req.routeIncident(company: company).incidentID)
    }

    /// Runs a write on the incident the route names and answers with the incident.
    func write(_ req: Request, status: HTTPResponseStatus = .ok, _ body: (IncidentService, CompanyID, IncidentID, UserID) async throws -> Void) async throws -> Response {
        let company = try req.companyID()
        let id = try await req.routeIncident(company: company).incidentID
        let actor = try req.requireUser().userID
        try await Self.renaming { try await body(IncidentService(req), company, id, actor) }
        return try await answer(req, company: company, incident: id, status: status)
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        try await write(req) { service, company, id, actor in try await service.confirm(id, company: company, by: actor) }
    }

    @Sendable func dismiss(req: Request) async throws -> Response {
        let body = try req.content.decode(IncidentReasonRequest.self)
        return try await write(req) { service, company, id, actor in try await service.dismiss(id, reason: body.reason, company: company, by: actor) }
    }

    @Sendable func investigate(req: Request) async throws -> Response {
        try await write(req) { service, company, id, actor in try await service.startInvestigation(id, company: company, by: actor) }
    }

    @Sendable func notify(req: Request) async throws -> Response {
        let body = try req.content.decode(IncidentNotificationRequest.self)
        let zone = req.typingZone
        return try await write(req, status: .created) { service, company, id, actor in
            try await service.notify(id, body.draft, company: company, by: actor, zone: zone)
        }
    }

    @Sendable func note(req: Request) async throws -> Response {
        let body = try req.content.decode(IncidentNoteRequest.self)
        let zone = req.typingZone
        return try await write(req, status: .created) { service, company, id, actor in
            try await service.addNote(id, text: body.text, at: body.at, company: company, by: actor, zone: zone)
        }
    }

    @Sendable func findings(req: Request) async throws -> Response {
        let body = try req.content.decode(IncidentFindingsRequest.self)
        return try await write(req) { service, company, id, actor in
            try await service.saveFindings(id, findings: body.findings, rootCause: body.rootCause, notReportedReason: body.notReportedReason,
                                           company: company, by: actor)
        }
    }

    @Sendable func close(req: Request) async throws -> Response {
        try await write(req) { service, company, id, actor in try await service.close(id, company: company, by: actor) }
    }

    @Sendable func action(req: Request) async throws -> Response {
        let body = try req.content.decode(IncidentActionRequest.self)
        return try await write(req, status: .created) { service, company, id, actor in
            try await service.addCorrectiveAction(id, draft: body.draft, company: company, by: actor)
        }
    }

    /// Names a person of the company's roster on the incident: 201 with the incident.
    @Sendable func addPerson(req: Request) async throws -> Response {
        let body = try req.content.decode(IncidentPersonRequest.self)
        return try await write(req, status: .created) { service, company, id, actor in
            try await service.linkPerson(id, personID: body.personId, company: company, by: actor)
        }
    }

    /// Takes a person off the incident: 200 with the incident; 404 when it does not name them.
    @Sendable func removePerson(req: Request) async throws -> Response {
        guard let person = PersonID(string: req.parameters.get("personID") ?? "") else { throw TrustlaneError.notFound }
        return try await write(req) { service, company, id, actor in
            try await service.unlinkPerson(id, person: person, company: company, by: actor)
        }
    }

    /// Attaches files (multipart/form-data, field `file`, up to three at a time): 201 with the incident.
    @Sendable func attach(req: Request) async throws -> Response {
        let uploads = RecordFiles.uploads(req.multipartParts(), field: "file")
        return try await write(req, status: .created) { service, company, id, actor in
            try await service.attach(id, uploads: uploads, company: company, by: actor)
        }
    }

    @Sendable func file(req: Request) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routeIncident(company: company)
        return try await RecordFiles.download(req, kind: .incident, record: row.id, company: company)
    }

    /// Removes one of the incident's files: 200 with the incident; 404 for a file it does not
    /// have; 409 while the incidents are under a legal hold.
    @Sendable func removeFile(req: Request) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routeIncident(company: company)
        guard let file = UUID(uuidString: req.parameters.get("fileID") ?? "") else { throw TrustlaneError.notFound }
        _ = try await RecordFiles.remove(file, kind: .incident, record: row.id, company: company,
                                         audit: ("incident.file_removed", "incident", row.id.uuidString.lowercased()),
                                         by: try req.requireUser().userID, app: req.application, on: req.db)
        return try await answer(req, company: company, incident: row.incidentID)
    }

    @Sendable func showLink(req: Request) async throws -> IncidentLinkResponse {
        let key = try await IncidentQueries(req.db).reportKey(company: try req.companyID())
        return IncidentLinkResponse(enabled: key != nil, url: key.map { req.absoluteURL(SiteURL.anonymousReport($0)) })
    }

    @Sendable func setLink(req: Request) async throws -> IncidentLinkResponse {
        let company = try req.companyID()
        let body = try req.content.decode(IncidentLinkRequest.self)
        guard let enabled = body.enabled else { throw ValidationFailure([.required("enabled")]) }
        let current = try await IncidentQueries(req.db).reportKey(company: company)
        var key = current
        if enabled != (current != nil) || (enabled && body.renew == true) {
            key = try await IncidentService(req).setReportLink(company: company, enabled: enabled, by: try req.requireUser().userID)
        }
        return IncidentLinkResponse(enabled: key != nil, url: key.map { req.absoluteURL(SiteURL.anonymousReport($0)) })
    }

    /// An anonymous body: multipart/form-data (its text fields by their JSON names, `file`
    /// repeated), or JSON within the text-only limit.
    static func anonymousBody<T: Decodable>(_ req: Request, _ type: T.Type, fields: ([String: String]) -> T) throws -> (body: T, files: [RecordFiles.Upload]) {
        if let parts = req.multipartParts() {
            return (fields(req.textFields(parts)), RecordFiles.uploads(parts, field: "file"))
        }
        if (req.body.data?.readableBytes ?? 0) > IncidentService.anonymousBodyLimit {
            throw Abort(.payloadTooLarge, reason: "A JSON body is at most \(IncidentService.anonymousBodyLimit / 1024) KB; send files as multipart/form-data (field file)")
        }
        return (try req.content.decode(T.self), [])
    }

    @Sendable func report(req: Request) async throws -> Response {
        let company = try await req.anonymousReportLink().company.companyID
        let (body, files) = try Self.anonymousBody(req, AnonymousReportRequest.self) {
            AnonymousReportRequest(type: $0["type"], description: $0["description"], location: $0["location"], happenedAt: $0["happenedAt"], contact: $0["contact"])
        }
        let receipt = try await Self.renaming {
            try await IncidentService(req).report(body.draft, files: files, company: company, address: req.clientAddress, zone: TimeZone(identifier: "UTC")!)
        }
        return try await AnonymousReportReceiptResponse(reference: receipt.reference, receiptCode: receipt.code.description, files: files.count)
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func followUp(req: Request) async throws -> AnonymousFollowUpResponse {
        let company = try await req.anonymousReportLink().company.companyID
        let (body, files) = try Self.anonymousBody(req, AnonymousFollowUpRequest.self) { AnonymousFollowUpRequest(code: $0["code"], text: $0["text"]) }
        let reference = try await Self.renaming {
            try await IncidentService(req).followUp(company: company, code: body.code, text: body.text, files: files, address: req.clientAddress)
        }
        return AnonymousFollowUpResponse(reference: reference, files: files.count)
    }
}
