import Fluent
import TrustlaneCore
import Vapor

/// The start page and the company switcher.
struct HomeController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, action: .viewPublicPage, use: home)
        routes.on(.POST, "switch-company", action: .switchCompany, use: switchCompany)
        routes.on(.POST, "admin", "audit", "verify", action: .viewOperations, use: verifyAudit)
    }

    /// Sends newcomers to set-up or sign-in; shows the signed-in their companies.
    @Sendable func home(req: Request) async throws -> Response {
        guard let user = req.auth.user else {
            let needsSetUp = try await AccountService(req).needsSetUp()
            return req.redirect(to: needsSetUp ? SiteURL.setUp : SiteURL.signIn)
        }
        let health = req.allows(.viewOperations) ? try await AdminHealth.load(req) : nil
        return try await HomeView.render(PageContext(req), name: user.name, health: health).encodeResponse(for: req)
    }

    /// Verifies the audit trail's hash chain now; the home page shows the result.
    @Sendable func verifyAudit(req: Request) async throws -> Response {
        let verified = try await AdminHealth.verifyNow(req.application)
        let response = req.redirect(to: SiteURL.home + "#admin-health")
        switch verified.result {
        case .intact(let entries):
            response.flash(.success, "admin_health.verified", ["count": String(entries)], secure: req.application.config.secureCookies)
        case .broken(let sequence, _), .unverifiable(let sequence, _):
            response.flash(.error, "admin_health.broken", ["sequence": String(sequence)], secure: req.application.config.secureCookies)
        }
        return response
    }

    struct SwitchForm: Content { var company_id: String? }

    @Sendable func switchCompany(req: Request) async throws -> Response {
        let form = try req.content.decode(SwitchForm.self)
        guard let raw = form.company_id, let companyID = CompanyID(string: raw),
              AccessPolicy.decide(req.actor, .viewCompany, company: companyID) == .allowed,
              let sessionID = req.auth.sessionID else { throw TrustlaneError.notFound }
        guard try await CompanyModel.find(companyID.rawValue, on: req.db) != nil else { throw TrustlaneError.notFound }
        try await req.write { tx in
            try await SessionModel.query(on: tx).filter(\.$id == sessionID).set(\.$currentCompanyID, to: companyID.rawValue).update()
        }
        return req.redirect(to: SiteURL.company(companyID))
    }
}
