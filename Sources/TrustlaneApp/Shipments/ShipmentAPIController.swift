import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/shipments...`: shipments, their seals, VVTT checks, photos,
/// the consignee's message and the release gate as JSON, through the same queries and service
/// as the pages. The writes a phone may send twice take a `clientKey`: sent again, a call answers
/// 200 with what the first recorded (201 the first time), and records nothing.
struct ShipmentAPIController {
    func register(_ api: any RoutesBuilder, app: Application) {
        let list = api.grouped("companies", ":companyID", "shipments")
        list.on(.GET, action: .viewShipments, use: index)
        list.on(.POST, action: .recordShipments, use: create)
        list.on(.GET, ":shipmentID", action: .viewShipments, use: show)
        list.on(.PATCH, ":shipmentID", action: .recordShipments, use: update)
        list.on(.POST, ":shipmentID", "seals", action: .recordShipments, use: affix)
        list.on(.POST, ":shipmentID", "lock", action: .recordShipments, use: recordLock)
        list.on(.POST, ":shipmentID", "seals", ":sealNumber", "checks", action: .recordShipments, use: check)
        let limit = EvidenceUploadForm.bodyLimit(app.config.evidencePolicy)
        list.on(.POST, ":shipmentID", "seals", ":sealNumber", "photo", action: .recordShipments, body: .collect(maxSize: ByteCount(value: limit)),
                use: photo)
        list.on(.POST, ":shipmentID", "consignee-messages", action: .recordShipments, use: notifyConsignee)
        list.on(.POST, ":shipmentID", "release", action: .recordShipments, use: release)
        list.on(.POST, ":shipmentID", "release-override", action: .overrideShipmentRelease, use: override)
    }

    /// The service names fields as the forms do; the JSON body names them in camel case.
    static let jsonField = ["document_numbers": "documentNumbers", "container_number": "containerNumber", "tractor_plate": "tractorPlate",
                            "trailer_plate": "trailerPlate", "inspection_id": "inspectionId", "consignee_name": "consigneeName",
                            "consignee_email": "consigneeEmail", "partner_ids": "partnerIds", "seal_number": "sealNumber",
                            "number_read": "numberRead", "document_seal_numbers": "documentSealNumbers", "lock_id": "lockId",
                            "client_key": "clientKey"]

    static func renaming<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let failure as ValidationFailure { throw failure.renamingFields(jsonField) }
    }

    func answer(_ req: Request, company: CompanyID, shipment id: ShipmentID, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let row = try await ShipmentQueries(req.db).shipment(company: company, id: id) else { throw TrustlaneError.notFound }
        return try await ShipmentResponse(try await ShipmentViewData.load(row, company: company, on: req.db)).encodeResponse(status: status, for: req)
    }

    @Sendable func index(req: Request) async throws -> ShipmentPageResponse {
        let company = try req.companyID()
        if let before = try? req.query.get(String.self, at: "before"), Int64(before) == nil {
            throw ValidationFailure([FieldError(field: "before", messageKey: "inspections.error.before", message: "before must be the nextBefore number of the previous page")])
        }
        let page = try await ShipmentQueries(req.db).list(company: company, before: req.pageCursor())
        return ShipmentPageResponse(items: page.rows.map(ShipmentListItemResponse.init),
                                    nextBefore: page.next.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) })
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(ShipmentRequest.self)
        let recorded = try await Self.renaming { try await ShipmentService(req).create(body.draft, company: company, by: try req.requireUser().userID) }
        let response = try await answer(req, company: company, shipment: recorded.id, status: recorded.created ? .created : .ok)
        response.headers.replaceOrAdd(name: .location, value: req.url.path + "/\(recorded.id)")
        return response
    }

    /// Changes an open shipment (fields left out keep their value); 409 once it is released.
    @Sendable func update(req: Request) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let body = try req.content.decode(UpdateShipmentRequest.self)
        guard !shipment.shipmentStatus.isReleased else { throw ShipmentService.releasedNotEditable(shipment) }
        let partners = try await ShipmentQueries(req.db).partners(company: company, shipment: shipment.shipmentID).map(\.id)
        let draft = body.applied(to: ShipmentService.draft(of: shipment, partners: partners))
        try await Self.renaming { try await ShipmentService(req).edit(shipment, with: draft, company: company, by: try req.requireUser().userID) }
        return try await answer(req, company: company, shipment: shipment.shipmentID)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let company = try req.companyID()
        return try await answer(req, company: company, shipment: try await req.routeShipment(company: company).shipmentID)
    }

    @Sendable func affix(req: Request) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let body = try req.content.decode(AffixSealRequest.self)
        let affixed = try await Self.renaming {
            try await ShipmentService(req).affix(shipment, number: body.sealNumber, company: company, by: try req.requireUser(), clientKey: body.clientKey,
                                                 doneAt: body.affixedAt, doneField: "affixedAt")
        }
        return try await answer(req, company: company, shipment: shipment.shipmentID, status: affixed.created ? .created : .ok)
    }

    /// The lock of a less-than-truckload shipment, before its seal (MSC 6.3).
    @Sendable func recordLock(req: Request) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let body = try req.content.decode(ShipmentLockRequest.self)
        try await Self.renaming {
            try await ShipmentService(req).recordLock(shipment, lockID: body.lockId, company: company, by: try req.requireUser().userID, clientKey: body.clientKey)
        }
        return try await answer(req, company: company, shipment: shipment.shipmentID)
    }

    @Sendable func check(req: Request) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let seal = try await req.routeShipmentSeal(company: company, shipment: shipment)
        let body = try req.content.decode(SealCheckRequest.self)
        let now = req.now
        let draft = VVTTDraft(steps: (body.steps ?? []).map { .init(step: $0.step, passed: $0.passed ?? true, at: $0.at ?? now, note: $0.note) },
                              numberRead: body.numberRead)
        let outcome = try await Self.renaming {
            try await ShipmentService(req).recordCheck(shipment, seal: seal, stage: try SealCheckStage.parse(body.stage), draft: draft,
                                                       documentSealNumbers: body.documentSealNumbers, company: company, by: try req.requireUser().userID,
                                                       clientKey: body.clientKey)
        }
        return try await answer(req, company: company, shipment: shipment.shipmentID, status: outcome.created ? .created : .ok)
    }

    @Sendable func photo(req: Request) async throws -> Response {
        struct PhotoForm: Content {
            var photo: File?
            var client_key: String?
        }
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let seal = try await req.routeShipmentSeal(company: company, shipment: shipment)
        let form = try? req.content.decode(PhotoForm.self)
        try await ShipmentService(req).attachPhoto(shipment, seal: seal, fileName: form?.photo?.filename, content: form?.photo.map { Data(buffer: $0.data) },
                                                   company: company, by: try req.requireUser().userID, clientKey: form?.client_key)
        return try await answer(req, company: company, shipment: shipment.shipmentID)
    }

    @Sendable func notifyConsignee(req: Request) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        try await Self.renaming {
            try await ShipmentService(req).notifyConsignee(shipment, company: company, by: try req.requireUser().userID, language: PageContext(req).t.language)
        }
        return try await answer(req, company: company, shipment: shipment.shipmentID, status: .created)
    }

    /// A release the gate refused: 409, every reason in `error.fields`.
    static func blocked(_ blocks: [ReleaseBlock], for req: Request) throws -> Response {
        let fields = blocks.map(\.message)
        let response = Response(status: .conflict)
        try response.content.encode(ErrorPageMiddleware.APIError(error: .init(status: 409, reason: fields.map(\.message).joined(separator: "; "), fields: fields)))
        return response
    }

    @Sendable func release(req: Request) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        do {
            try await ShipmentService(req).release(shipment, company: company, by: try req.requireUser(), language: PageContext(req).t.language)
        } catch let blocked as ShipmentService.Blocked { return try Self.blocked(blocked.blocks, for: req) }
        return try await answer(req, company: company, shipment: shipment.shipmentID)
    }

    @Sendable func override(req: Request) async throws -> Response {
        let company = try req.companyID()
        let shipment = try await req.routeShipment(company: company)
        let body = try req.content.decode(ShipmentOverrideRequest.self)
        do {
            try await ShipmentService(req).release(shipment, company: company, by: try req.requireUser(), overrideReason: body.reason, isOverride: true,
                                                   language: PageContext(req).t.language)
        } catch let blocked as ShipmentService.Blocked { return try Self.blocked(blocked.blocks, for: req) }
        return try await answer(req, company: company, shipment: shipment.shipmentID)
    }
}
