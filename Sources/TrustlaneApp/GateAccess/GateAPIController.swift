import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/gate/...`: the visitor log, the driver and cargo pickup log,
/// carrier pre-notifications, the search, the exports and the badge and key inventory as JSON,
/// through the same loaders, queries and service as the pages.
struct GateAPIController {
    func register(_ api: any RoutesBuilder) {
        let gate = api.grouped("companies", ":companyID", "gate")
        gate.on(.GET, "sites", action: .viewGateLogs, use: sites)
        gate.on(.GET, "visits", action: .viewGateLogs, use: visits)
        gate.on(.POST, "visits", action: .recordGateLogs, use: checkIn)
        gate.on(.GET, "visits", ":visitID", action: .viewGateLogs, use: visit)
        gate.on(.POST, "visits", ":visitID", "check-out", action: .recordGateLogs, use: checkOut)
        gate.on(.GET, "visits.csv", action: .viewGateLogs, use: visitsCSV)
        gate.on(.GET, "pickups", action: .viewGateLogs, use: pickups)
        gate.on(.POST, "pickups", action: .recordGateLogs, use: arrive)
        gate.on(.GET, "pickups", ":pickupID", action: .viewGateLogs, use: pickup)
        gate.on(.POST, "pickups", ":pickupID", "departure", action: .recordGateLogs, use: depart)
        gate.on(.GET, "pickups.csv", action: .viewGateLogs, use: pickupsCSV)
        gate.on(.GET, "prenotices", action: .viewGateLogs, use: preNotices)
        gate.on(.POST, "prenotices", action: .recordGateLogs, use: preNotify)
        gate.on(.GET, "search", action: .viewGateLogs, use: search)
        gate.on(.GET, "badges", action: .viewGateLogs, use: badges)
        gate.on(.POST, "badges", action: .manageBadges, use: addBadge)
        gate.on(.POST, "badges", ":badgeID", "issue", action: .manageBadges, use: issueBadge)
        gate.on(.POST, "badges", ":badgeID", "return", action: .manageBadges, use: returnBadge)
        gate.on(.POST, "badges", ":badgeID", "lost", action: .manageBadges, use: reportLost)
        gate.on(.GET, "holdings", action: .viewGateLogs, use: holdings)
    }

    /// The rules name fields as the forms do; the JSON body names them in camel case.
    static let jsonField = ["visitor_company": "visitorCompany", "photo_id_checked": "photoIdChecked", "photo_id_type": "photoIdType",
                            "badge_number": "badgeNumber", "vehicle_plate": "vehiclePlate", "checked_in_at": "checkedInAt", "checked_out_at": "checkedOutAt",
                            "driver_name": "driverName", "truck_plate": "truckPlate", "trailer_number": "trailerNumber", "shipment_id": "shipmentId",
                            "arrived_at": "arrivedAt", "departed_at": "departedAt", "seal_number": "sealNumber", "expected_at": "expectedAt"]

    /// Runs a write: a refusal's fields renamed for JSON; a record already closed (a visitor
    /// already out, a badge already issued) answered 409 with nothing changed.
    static func answering<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let failure as ValidationFailure {
            throw ValidationFailure(failure.errors.map { error in
                guard let name = jsonField[error.field] else { return error }
                return FieldError(field: name, messageKey: error.messageKey, message: error.message.hasPrefix(error.field)
                                  ? name + error.message.dropFirst(error.field.count) : error.message, arguments: error.arguments)
            })
        } catch let conflict as GateConflict {
            throw TrustlaneError(status: .conflict, key: conflict.messageKey, message: conflict.message, arguments: conflict.arguments)
        }
    }

    static func created<T: Content>(_ body: T, at path: String, _ req: Request) async throws -> Response {
        let response = try await body.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: path)
        return response
    }

    @Sendable func sites(req: Request) async throws -> GateSitesResponse {
        GateSitesResponse(sites: try await GateQueries(req.db).sites(company: try req.companyID()))
    }

    // MARK: Visitors

    @Sendable func visits(req: Request) async throws -> GateVisitBoardResponse {
        try req.refuseBlankQuery(["day"])
        let day = try req.gateDay()
        let board = try await GateQueries(req.db).visitBoard(company: try req.companyID(), day)
        return GateVisitBoardResponse(day: day.day.description, site: day.site, inside: board.present.map(GateVisitResponse.init),
                                      left: board.left.map(GateVisitResponse.init), truncated: board.truncated)
    }

    @Sendable func checkIn(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(GateVisitRequest.self)
        let id = try await Self.answering {
            try await GateService(req).checkIn(body.draft, company: company, by: try req.requireUser().userID, zone: req.typingZone)
        }
        guard let row = try await GateQueries(req.db).visit(company: company, id: id) else { throw TrustlaneError.notFound }
        return try await Self.created(GateVisitResponse(row), at: req.url.path + "/\(id)", req)
    }

    @Sendable func visit(req: Request) async throws -> GateVisitResponse {
        GateVisitResponse(try await req.routeVisit(company: try req.companyID()))
    }

    /// No body, or a null `checkedOutAt`: now. A time typed when the check-out is recorded late.
    @Sendable func checkOut(req: Request) async throws -> GateVisitResponse {
        let company = try req.companyID()
        let row = try await req.routeVisit(company: company)
        let body = (req.body.data?.readableBytes ?? 0) > 0 ? try req.content.decode(GateCheckOutRequest.self) : GateCheckOutRequest()
        try await Self.answering {
            try await GateService(req).checkOut(row.visitID, at: body.checkedOutAt, company: company, by: try req.requireUser().userID, zone: req.typingZone)
        }
        return GateVisitResponse(try await req.routeVisit(company: company))
    }

    @Sendable func visitsCSV(req: Request) async throws -> Response {
        try req.refuseBlankQuery(["from", "to"])
        return GateQueries.visitsCSV(req.db, company: try req.companyID(), try req.gatePeriod())
    }

    // MARK: Drivers and pickups

    @Sendable func pickups(req: Request) async throws -> GatePickupBoardResponse {
        let company = try req.companyID()
        try req.refuseBlankQuery(["day"])
        let day = try req.gateDay()
        let queries = GateQueries(req.db)
        let board = try await queries.pickupBoard(company: company, day)
        let expected = try await queries.preNotices(company: company, from: day.start, until: GateQueries.expectedUntil(day, now: req.now), site: day.site, openOnly: true)
        return GatePickupBoardResponse(day: day.day.description, site: day.site, onSite: board.present.map(GatePickupResponse.init),
                                       left: board.left.map(GatePickupResponse.init), expected: expected.map(GatePreNoticeResponse.init),
                                       truncated: board.truncated)
    }

    @Sendable func arrive(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(GatePickupRequest.self)
        // The form leaves the shipment blank for none; the API says none with null, and an id must be one.
        if let text = body.shipmentId, UUID(uuidString: text) == nil {
            throw ValidationFailure([FieldError(field: "shipmentId", messageKey: "incidents.error.uuid", message: "shipmentId must be an id (a UUID) or null")])
        }
        let id = try await Self.answering {
            try await GateService(req).arrive(body.draft, shipment: body.shipmentId, company: company, by: try req.requireUser().userID, zone: req.typingZone)
        }
        guard let row = try await GateQueries(req.db).pickup(company: company, id: id) else { throw TrustlaneError.notFound }
        return try await Self.created(GatePickupResponse(row), at: req.url.path + "/\(id)", req)
    }

    @Sendable func pickup(req: Request) async throws -> GatePickupResponse {
        GatePickupResponse(try await req.routePickup(company: try req.companyID()))
    }

    @Sendable func depart(req: Request) async throws -> GatePickupResponse {
        let company = try req.companyID()
        let row = try await req.routePickup(company: company)
        let body = try req.content.decode(GateDepartureRequest.self)
        try await Self.answering {
            try await GateService(req).depart(row.pickupID, at: body.departedAt, seal: body.sealNumber, company: company, by: try req.requireUser().userID,
                                              zone: req.typingZone)
        }
        return GatePickupResponse(try await req.routePickup(company: company))
    }

    @Sendable func pickupsCSV(req: Request) async throws -> Response {
        try req.refuseBlankQuery(["from", "to"])
        return GateQueries.pickupsCSV(req.db, company: try req.companyID(), try req.gatePeriod())
    }

    // MARK: Pre-notifications

    @Sendable func preNotices(req: Request) async throws -> [GatePreNoticeResponse] {
        var errors: [FieldError] = []
        let site = req.gateQuerySite(into: &errors)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let from = req.application.clock.now().addingTimeInterval(-GateTime.plannedPast)
        return try await GateQueries(req.db).preNotices(company: try req.companyID(), from: from, site: site).map(GatePreNoticeResponse.init)
    }

    @Sendable func preNotify(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(GatePreNoticeRequest.self)
        let id = try await Self.answering {
            try await GateService(req).preNotify(body.draft, company: company, by: try req.requireUser().userID, zone: req.typingZone)
        }
        guard let row = try await GateQueries(req.db).preNotice(company: company, id: id) else { throw TrustlaneError.notFound }
        return try await Self.created(GatePreNoticeResponse(row), at: req.url.path, req)
    }

    // MARK: Search

    @Sendable func search(req: Request) async throws -> GateSearchResponse {
        let result = try await GateQueries(req.db).search(company: try req.companyID(), try req.gateSearchTerms())
        return GateSearchResponse(visits: result.visits.map(GateVisitResponse.init), pickups: result.pickups.map(GatePickupResponse.init))
    }

    // MARK: Badges and keys

    @Sendable func badges(req: Request) async throws -> [GateBadgeResponse] {
        try req.refuseBlankQuery(["status"])
        return try await GateQueries(req.db).badges(company: try req.companyID(), status: try req.badgeStatusFilter()).map(GateBadgeResponse.init)
    }

    @Sendable func addBadge(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(GateBadgeRequest.self)
        let id = try await Self.answering { try await GateService(req).addBadge(body.draft, company: company, by: try req.requireUser().userID) }
        guard let row = try await GateQueries(req.db).badge(company: company, id: id) else { throw TrustlaneError.notFound }
        return try await Self.created(GateBadgeResponse(row), at: req.url.path, req)
    }

    func badgeStep(_ req: Request, _ body: (GateService, GateBadgeID, CompanyID, UserID) async throws -> Void) async throws -> GateBadgeResponse {
        let company = try req.companyID()
        let row = try await req.routeBadge(company: company)
        let actor = try req.requireUser().userID
        try await Self.answering { try await body(GateService(req), row.badgeID, company, actor) }
        return GateBadgeResponse(try await req.routeBadge(company: company))
    }

    @Sendable func issueBadge(req: Request) async throws -> GateBadgeResponse {
        let body = try req.content.decode(GateBadgeIssueRequest.self)
        return try await badgeStep(req) { service, id, company, actor in try await service.issueBadge(id, to: body.holder, company: company, by: actor) }
    }

    @Sendable func returnBadge(req: Request) async throws -> GateBadgeResponse {
        let body = try req.content.decode(GateBadgeNoteRequest.self)
        return try await badgeStep(req) { service, id, company, actor in try await service.returnBadge(id, note: body.note, company: company, by: actor) }
    }

    @Sendable func reportLost(req: Request) async throws -> GateBadgeResponse {
        let body = try req.content.decode(GateBadgeNoteRequest.self)
        return try await badgeStep(req) { service, id, company, actor in try await service.reportBadgeLost(id, note: body.note, company: company, by: actor) }
    }

    /// The separation-day check: what `person` still holds.
    @Sendable func holdings(req: Request) async throws -> GateHoldingsResponse {
        let text = try? req.query.get(String.self, at: "person")
        switch BadgeInventory.person(text) {
        case .failure(let error): throw ValidationFailure([error])
        case .success(let key):
            let items = try await GateQueries(req.db).holdings(company: try req.companyID(), personKey: key)
            return GateHoldingsResponse(person: (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines), items: items.map(GateBadgeResponse.init))
        }
    }
}
