import TrustlaneCore
import Vapor

/// Opening and accepting an invitation link.
struct InvitationController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "invitations", ":token", action: .acceptInvitation, use: show)
        routes.on(.POST, "invitations", ":token", action: .acceptInvitation, use: accept)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let c = PageContext(req)
        guard case .valid(let invitation, let company, let existing) = try await CompanyMemberService(req).lookup(token: token),
              let role = CompanyRole(rawValue: invitation.role) else {
            return Response.html(AuthViews.invitationInvalid(c, message: c.t("invitation.invalid")), status: .gone)
        }
        return try await AuthViews.acceptInvitation(c, token: token, companyName: company.legalName, email: invitation.email,
                                                    role: role, existingAccount: existing != nil).encodeResponse(for: req)
    }

    struct AcceptForm: Content {
        var name: String?
        var password: String?
        var password_confirmation: String?
    }

    @Sendable func accept(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let form = try req.content.decode(AcceptForm.self)
        let c = PageContext(req)
        do {
            let (user, company) = try await CompanyMemberService(req).accept(token: token, name: form.name, password: form.password,
                                                                          confirmation: form.password_confirmation, signedIn: req.auth.user)
            let response = req.redirect(to: SiteURL.company(company.companyID))
            if req.auth.user?.id != user.id {
                try await AuthController().startSession(for: user, req: req, response: response)
            }
            try await req.write { tx in
                if let token = response.cookies[SessionStore.cookieName]?.string ?? req.auth.sessionToken,
                   let session = try await SessionStore.find(token: token, on: tx, now: req.now) {
                    session.currentCompanyID = company.id
                    try await session.save(on: tx)
                }
            }
            response.flash(.success, "invitation.accepted", ["company": company.legalName], secure: req.application.config.secureCookies)
            return response
        } catch let failure as ValidationFailure {
            guard case .valid(let invitation, let company, let existing) = try await CompanyMemberService(req).lookup(token: token),
                  let role = CompanyRole(rawValue: invitation.role) else { throw TrustlaneError.notFound }
            return Response.html(AuthViews.acceptInvitation(c, token: token, companyName: company.legalName, email: invitation.email,
                                                            role: role, existingAccount: existing != nil, name: form.name,
                                                            errors: failure.errors), status: .badRequest)
        } catch let error as TrustlaneError where error.status == .gone || error.status == .conflict {
            return Response.html(AuthViews.invitationInvalid(c, message: c.t(error.key, error.arguments)), status: error.status)
        }
    }
}
