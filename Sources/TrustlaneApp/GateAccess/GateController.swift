import Foundation
import TrustlaneCore
import Vapor

/// The gate's pages: the visitor board with check-in and one-tap check-out, the drivers' board
/// with arrivals and departures, carrier pre-notifications, the search, the CSV exports. The
/// badge and key inventory is in `GateController+Badges`.
struct GateController {
    func register(_ app: Application) {
        let gate = app.grouped("companies", ":companyID", "gate")
        gate.on(.GET, action: .viewGateLogs, use: visitors)
        gate.on(.POST, "visits", action: .recordGateLogs, use: checkIn)
        gate.on(.POST, "visits", ":visitID", "check-out", action: .recordGateLogs, use: checkOut)
        gate.on(.GET, "visits.csv", action: .viewGateLogs, use: visitsCSV)
        gate.on(.GET, "pickups", action: .viewGateLogs, use: pickups)
        gate.on(.POST, "pickups", action: .recordGateLogs, use: arrive)
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
    }

    /// A board's day as the request names it; a bad `site` or `day` shows today's board at every
    /// site with the problem named (400).
    static func day(_ req: Request) -> (GateQueries.Day, [FieldError]) {
        do { return (try req.gateDay(), []) } catch let failure as ValidationFailure {
            let bounds = GateTime.bounds(of: req.gateToday, zone: req.typingZone)
            return (GateQueries.Day(site: nil, day: req.gateToday, start: bounds.start, end: bounds.end), failure.errors)
        } catch {
            let bounds = GateTime.bounds(of: req.gateToday, zone: req.typingZone)
            return (GateQueries.Day(site: nil, day: req.gateToday, start: bounds.start, end: bounds.end), [])
        }
    }

    /// The board a post returns to: the site it was posted from (a hidden field), today.
    static func returnSite(_ req: Request) -> String? {
        var errors: [FieldError] = []
        guard let text = req.formFields()["site"], !text.allSatisfy(\.isWhitespace) else { return nil }
        return GateValidator.site(text, into: &errors)
    }

    static func today(_ req: Request, site: String?) -> GateQueries.Day {
        let bounds = GateTime.bounds(of: req.gateToday, zone: req.typingZone)
        return GateQueries.Day(site: site, day: req.gateToday, start: bounds.start, end: bounds.end)
    }

    // MARK: Visitors

    /// The check-in form as posted.
    struct VisitorForm: Content, Sendable {
        var site: String?
        var name: String?
        var visitor_company: String?
        var photo_id_checked: String?
        var photo_id_type: String?
        var host: String?
        var purpose: String?
        var badge_number: String?
        var escort: String?
        var vehicle_plate: String?
        var checked_in_at: String?

        var draft: VisitorDraft {
            VisitorDraft(site: site, name: name, company: visitor_company, photoIDChecked: GateViews.checked(photo_id_checked), photoIDType: photo_id_type,
                         host: host, purpose: purpose, badgeNumber: badge_number, escort: escort, vehiclePlate: vehicle_plate, checkedInAt: checked_in_at)
        }
    }

    func visitorModel(_ req: Request, day: GateQueries.Day, form: VisitorForm = .init(), errors: [FieldError] = [],
                      conflict: GateConflict? = nil, checkOutFor: GateVisitID? = nil, checkOutTyped: String? = nil) async throws -> GateViews.VisitorBoardModel {
        let company = try await req.routeCompany()
        let queries = GateQueries(req.db)
        let c = PageContext(req)
        let canRecord = c.allows(.recordGateLogs, company: company.companyID)
        return .init(company: company.companyID, companyName: company.legalName, day: day, today: req.gateToday,
                     sites: try await queries.sites(company: company.companyID), board: try await queries.visitBoard(company: company.companyID, day),
                     canRecord: canRecord, form: form, errors: errors, conflict: conflict,
                     checkOutFor: checkOutFor, checkOutTyped: checkOutTyped,
                     badges: canRecord ? try await queries.availableVisitorBadges(company: company.companyID) : [])
    }

    @Sendable func visitors(req: Request) async throws -> Response {
        let (day, errors) = Self.day(req)
        let model = try await visitorModel(req, day: day, errors: errors)
        return Response.html(GateViews.visitorBoard(PageContext(req), model), status: errors.isEmpty ? .ok : .badRequest)
    }

    @Sendable func checkIn(req: Request) async throws -> Response {
        let company = try req.companyID()
        let form = (try? req.content.decode(VisitorForm.self)) ?? VisitorForm()
        do {
            _ = try await GateService(req).checkIn(form.draft, company: company, by: try req.requireUser().userID, zone: req.typingZone)
            var errors: [FieldError] = []
            let site = GateValidator.site(form.site, into: &errors)
            return req.redirect(to: SiteURL.withQuery(SiteURL.gate(company), [("site", site)]) + "#visitors-inside", flash: "gate.checked_in")
        } catch let failure as ValidationFailure {
            let model = try await visitorModel(req, day: Self.today(req, site: Self.returnSite(req)), form: form, errors: failure.errors)
            return Response.html(GateViews.visitorBoard(PageContext(req), model), status: .badRequest)
        }
    }

    /// One tap: the visitor leaves now, or at the time typed when the guard records it late
    /// (not before the time in, not in the future). A second tap (or a second guard) is refused
    /// with when they left, and nothing changes (409).
    @Sendable func checkOut(req: Request) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routeVisit(company: company)
        let site = Self.returnSite(req)
        let typed = req.formFields()["checked_out_at"]
        do {
            try await GateService(req).checkOut(row.visitID, at: typed, company: company, by: try req.requireUser().userID, zone: req.typingZone)
            return req.redirect(to: SiteURL.withQuery(SiteURL.gate(company), [("site", site)]) + "#visitors-inside", flash: "gate.checked_out")
        } catch let conflict as GateConflict {
            let model = try await visitorModel(req, day: Self.today(req, site: site), conflict: conflict)
            return Response.html(GateViews.visitorBoard(PageContext(req), model), status: .conflict)
        } catch let failure as ValidationFailure {
            let model = try await visitorModel(req, day: Self.today(req, site: site), errors: failure.errors, checkOutFor: row.visitID, checkOutTyped: typed)
            return Response.html(GateViews.visitorBoard(PageContext(req), model), status: .badRequest)
        }
    }

    @Sendable func visitsCSV(req: Request) async throws -> Response {
        GateQueries.visitsCSV(req.db, company: try req.companyID(), try req.gatePeriod())
    }

    // MARK: Drivers and pickups

    /// The arrival form as posted.
    struct PickupForm: Content, Sendable {
        var site: String?
        var driver_name: String?
        var photo_id_checked: String?
        var photo_id_type: String?
        var carrier: String?
        var truck_plate: String?
        var trailer_number: String?
        var shipment_id: String?
        var arrived_at: String?

        var draft: PickupDraft {
            PickupDraft(site: site, driverName: driver_name, photoIDChecked: GateViews.checked(photo_id_checked), photoIDType: photo_id_type, carrier: carrier,
                        truckPlate: truck_plate, trailerNumber: trailer_number, arrivedAt: arrived_at)
        }
    }

    func pickupModel(_ req: Request, day: GateQueries.Day, form: PickupForm = .init(), errors: [FieldError] = [], departureFor: GatePickupID? = nil,
                     departureSeal: String? = nil, departureTyped: String? = nil, conflict: GateConflict? = nil) async throws -> GateViews.PickupBoardModel {
        let company = try await req.routeCompany()
        let id = company.companyID
        let queries = GateQueries(req.db)
        let c = PageContext(req)
        let canRecord = c.allows(.recordGateLogs, company: id)
        let shipments = canRecord && c.allows(.viewShipments, company: id) ? try await ShipmentQueries(req.db).list(company: id, before: nil).rows : []
        return .init(company: id, companyName: company.legalName, day: day, today: req.gateToday, sites: try await queries.sites(company: id),
                     board: try await queries.pickupBoard(company: id, day),
                     expected: try await queries.preNotices(company: id, from: day.start, until: GateQueries.expectedUntil(day, now: req.now), site: day.site, openOnly: true),
                     shipments: shipments, canRecord: canRecord, canViewShipments: c.allows(.viewShipments, company: id), form: form, errors: errors,
                     departureFor: departureFor, departureSeal: departureSeal, departureTyped: departureTyped, conflict: conflict)
    }

    @Sendable func pickups(req: Request) async throws -> Response {
        let (day, errors) = Self.day(req)
        let model = try await pickupModel(req, day: day, errors: errors)
        return Response.html(GateViews.pickupBoard(PageContext(req), model), status: errors.isEmpty ? .ok : .badRequest)
    }

    @Sendable func arrive(req: Request) async throws -> Response {
        let company = try req.companyID()
        let form = (try? req.content.decode(PickupForm.self)) ?? PickupForm()
        do {
            _ = try await GateService(req).arrive(form.draft, shipment: form.shipment_id, company: company, by: try req.requireUser().userID,
                                                  zone: req.typingZone)
            var errors: [FieldError] = []
            let site = GateValidator.site(form.site, into: &errors)
            return req.redirect(to: SiteURL.withQuery(SiteURL.gatePickups(company), [("site", site)]) + "#drivers-on-site", flash: "gate.arrival_recorded")
        } catch let failure as ValidationFailure {
            let model = try await pickupModel(req, day: Self.today(req, site: Self.returnSite(req)), form: form, errors: failure.errors)
            return Response.html(GateViews.pickupBoard(PageContext(req), model), status: .badRequest)
        }
    }

    @Sendable func depart(req: Request) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routePickup(company: company)
        let fields = req.formFields()
        let site = Self.returnSite(req)
        do {
            try await GateService(req).depart(row.pickupID, at: fields["departed_at"], seal: fields["seal_number"], company: company,
                                              by: try req.requireUser().userID, zone: req.typingZone)
            return req.redirect(to: SiteURL.withQuery(SiteURL.gatePickups(company), [("site", site)]) + "#drivers-on-site", flash: "gate.departure_recorded")
        } catch let conflict as GateConflict {
            let model = try await pickupModel(req, day: Self.today(req, site: site), conflict: conflict)
            return Response.html(GateViews.pickupBoard(PageContext(req), model), status: .conflict)
        } catch let failure as ValidationFailure {
            let model = try await pickupModel(req, day: Self.today(req, site: site), errors: failure.errors, departureFor: row.pickupID,
                                              departureSeal: fields["seal_number"], departureTyped: fields["departed_at"])
            return Response.html(GateViews.pickupBoard(PageContext(req), model), status: .badRequest)
        }
    }

    @Sendable func pickupsCSV(req: Request) async throws -> Response {
        GateQueries.pickupsCSV(req.db, company: try req.companyID(), try req.gatePeriod())
    }

    // MARK: Pre-notifications

    /// The pre-notification form as posted.
    struct PreNoticeForm: Content, Sendable {
        var carrier: String?
        var driver_name: String?
        var truck_plate: String?
        var expected_at: String?
        var site: String?
        var note: String?

        var draft: PreNoticeDraft {
            PreNoticeDraft(carrier: carrier, driverName: driver_name, truckPlate: truck_plate, expectedAt: expected_at, site: site, note: note)
        }
    }

    func preNoticeModel(_ req: Request, form: PreNoticeForm = .init(), errors: [FieldError] = []) async throws -> GateViews.PreNoticeModel {
        let company = try await req.routeCompany()
        let queries = GateQueries(req.db)
        let from = req.application.clock.now().addingTimeInterval(-GateTime.plannedPast)
        return .init(company: company.companyID, companyName: company.legalName,
                     notices: try await queries.preNotices(company: company.companyID, from: from), sites: try await queries.sites(company: company.companyID),
                     canRecord: PageContext(req).allows(.recordGateLogs, company: company.companyID), form: form, errors: errors)
    }

    @Sendable func preNotices(req: Request) async throws -> HTML {
        GateViews.preNotices(PageContext(req), try await preNoticeModel(req))
    }

    @Sendable func preNotify(req: Request) async throws -> Response {
        let company = try req.companyID()
        let form = (try? req.content.decode(PreNoticeForm.self)) ?? PreNoticeForm()
        do {
            _ = try await GateService(req).preNotify(form.draft, company: company, by: try req.requireUser().userID, zone: req.typingZone)
            return req.redirect(to: SiteURL.gatePreNotices(company) + "#notices", flash: "gate.notice_recorded")
        } catch let failure as ValidationFailure {
            return Response.html(GateViews.preNotices(PageContext(req), try await preNoticeModel(req, form: form, errors: failure.errors)), status: .badRequest)
        }
    }

    // MARK: Search

    @Sendable func search(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let text = (try? req.query.get(String.self, at: "q")) ?? ""
        let c = PageContext(req)
        var model = GateViews.SearchModel(company: company.companyID, companyName: company.legalName, query: text, result: nil,
                                          canRecord: c.allows(.recordGateLogs, company: company.companyID))
        do {
            let terms = try req.gateSearchTerms()
            model = GateViews.SearchModel(company: model.company, companyName: model.companyName, query: text,
                                          result: try await GateQueries(req.db).search(company: company.companyID, terms), canRecord: model.canRecord)
        } catch let failure as ValidationFailure {
            model.errors = failure.errors
            return Response.html(GateViews.search(c, model), status: .badRequest)
        }
        return Response.html(GateViews.search(c, model), status: .ok)
    }
}
