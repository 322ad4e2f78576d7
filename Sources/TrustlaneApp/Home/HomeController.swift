import Fluent
import TrustlaneCore
import Vapor

/// The start page and the company switcher.
struct HomeController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, action: .viewPublicPage, use: home)
        routes.on(.POST, "switch-company", action: .switchCompany, use: switchCompany)
    }

    /// Sends newcomers to set-up or sign-in; shows the signed-in their companies.
    @Sendable func home(req: Request) async throws -> Response {
        guard let user = req.auth.user else {
            let needsSetUp = try await AccountService(req).needsSetUp()
            return req.redirect(to: needsSetUp ? SiteURL.setUp : SiteURL.signIn)
        }
        return try await HomeView.render(PageContext(req), name: user.name).encodeResponse(for: req)
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
