import Foundation
import TrustlaneCore
import Vapor

/// The badge and key inventory's page and its writes, and the separation-day check.
extension GateController {
    func badgesModel(_ req: Request, form: BadgeDraft = .init(), errors: [FieldError] = [], stepFor: GateBadgeID? = nil,
                     conflict: GateConflict? = nil) async throws -> GateViews.BadgesModel {
        let company = try await req.routeCompany()
        let id = company.companyID
        let queries = GateQueries(req.db)
        var problems = errors
        var status: BadgeStatus?
        do { status = try req.badgeStatusFilter() } catch let failure as ValidationFailure { problems += failure.errors }
        var model = GateViews.BadgesModel(company: id, companyName: company.legalName, badges: try await queries.badges(company: id, status: status),
                                          events: try await queries.badgeEvents(company: id), status: status,
                                          canManage: PageContext(req).allows(.manageBadges, company: id), form: form, errors: problems,
                                          stepFor: stepFor, conflict: conflict)
        if let text = try? req.query.get(String.self, at: "person"), !text.allSatisfy(\.isWhitespace) {
            switch BadgeInventory.person(text) {
            case .success(let key):
                model.person = text.trimmingCharacters(in: .whitespacesAndNewlines)
                model.holdings = try await queries.holdings(company: id, personKey: key)
            case .failure(let error):
                model.errors.append(error)
            }
        }
        return model
    }

    @Sendable func badges(req: Request) async throws -> Response {
        let model = try await badgesModel(req)
        return Response.html(GateViews.badges(PageContext(req), model), status: model.errors.isEmpty ? .ok : .badRequest)
    }

    @Sendable func addBadge(req: Request) async throws -> Response {
        let company = try req.companyID()
        let f = req.formFields()
        let draft = BadgeDraft(number: f["number"], kind: f["kind"], area: f["area"])
        do {
            _ = try await GateService(req).addBadge(draft, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.gateBadges(company) + "#inventory", flash: "gate.badge_added")
        } catch let failure as ValidationFailure {
            return Response.html(GateViews.badges(PageContext(req), try await badgesModel(req, form: draft, errors: failure.errors)), status: .badRequest)
        }
    }

    /// Runs a step on the item the route names; a refusal shows the inventory with the reason.
    func badgeStep(_ req: Request, flash: String, _ body: (GateService, GateBadgeID, CompanyID, UserID) async throws -> Void) async throws -> Response {
        let company = try req.companyID()
        let row = try await req.routeBadge(company: company)
        do {
            try await body(GateService(req), row.badgeID, company, try req.requireUser().userID)
            return req.redirect(to: SiteURL.gateBadges(company) + "#inventory", flash: flash)
        } catch let conflict as GateConflict {
            return Response.html(GateViews.badges(PageContext(req), try await badgesModel(req, stepFor: row.badgeID, conflict: conflict)), status: .conflict)
        } catch let failure as ValidationFailure {
            return Response.html(GateViews.badges(PageContext(req), try await badgesModel(req, errors: failure.errors, stepFor: row.badgeID)), status: .badRequest)
        }
    }

    @Sendable func issueBadge(req: Request) async throws -> Response {
        let holder = req.formFields()["holder"]
        return try await badgeStep(req, flash: "gate.badge_issued") { service, id, company, actor in
            try await service.issueBadge(id, to: holder, company: company, by: actor)
        }
    }

    @Sendable func returnBadge(req: Request) async throws -> Response {
        let note = req.formFields()["note"]
        return try await badgeStep(req, flash: "gate.badge_returned") { service, id, company, actor in
            try await service.returnBadge(id, note: note, company: company, by: actor)
        }
    }

    @Sendable func reportLost(req: Request) async throws -> Response {
        let note = req.formFields()["note"]
        return try await badgeStep(req, flash: "gate.badge_lost_recorded") { service, id, company, actor in
            try await service.reportBadgeLost(id, note: note, company: company, by: actor)
        }
    }
}
