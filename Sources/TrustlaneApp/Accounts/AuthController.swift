import TrustlaneCore
import Vapor

/// First-run set-up, sign-in and sign-out.
struct AuthController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "setup", action: .setUpFirstAdministrator, use: showSetUp)
        routes.on(.POST, "setup", action: .setUpFirstAdministrator, use: setUp)
        routes.on(.GET, "sign-in", action: .signIn, use: showSignIn)
        routes.on(.POST, "sign-in", action: .signIn, use: signIn)
        routes.on(.POST, "sign-out", action: .signOut, use: signOut)
        // Forgotten passwords: public, like signing in.
        routes.on(.GET, "password", "forgot", action: .signIn, use: showForgot)
        routes.on(.POST, "password", "forgot", action: .signIn, use: forgot)
        routes.on(.GET, "password", "reset", ":token", action: .signIn, use: showReset)
        routes.on(.POST, "password", "reset", ":token", action: .signIn, use: reset)
    }

    @Sendable func showForgot(req: Request) async throws -> HTML {
        AuthViews.forgot(PageContext(req))
    }

    struct ForgotForm: Content { var email: String? }

    /// Always the same answer, whether or not the address has an account.
    @Sendable func forgot(req: Request) async throws -> Response {
        let form = try req.content.decode(ForgotForm.self)
        let c = PageContext(req)
        do {
            try await PasswordResetService(req).request(email: form.email, language: c.t.language)
        } catch let failure as ValidationFailure {
            return Response.html(AuthViews.forgot(c, email: form.email, errors: failure.errors), status: .badRequest)
        }
        let response = req.redirect(to: SiteURL.signIn)
        response.flash(.info, "password_reset.sent", secure: req.application.config.secureCookies)
        return response
    }

    @Sendable func showReset(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let (_, user) = try await PasswordResetService(req).lookup(token: token) else {
            return Response.html(AuthViews.resetGone(PageContext(req)), status: .gone)
        }
        return try await AuthViews.reset(PageContext(req), token: token, email: user.email).encodeResponse(for: req)
    }

    struct ResetForm: Content {
        var password: String?
        var password_confirmation: String?
    }

    @Sendable func reset(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let form = try req.content.decode(ResetForm.self)
        let service = PasswordResetService(req)
        do {
            try await service.reset(token: token, password: form.password, confirmation: form.password_confirmation)
        } catch let failure as ValidationFailure {
            let email = try await service.lookup(token: token)?.1.email ?? ""
            return Response.html(AuthViews.reset(PageContext(req), token: token, email: email, errors: failure.errors), status: .badRequest)
        } catch let error as TrustlaneError where error.status == .gone {
            return Response.html(AuthViews.resetGone(PageContext(req)), status: .gone)
        }
        let response = req.redirect(to: SiteURL.signIn)
        response.flash(.success, "password_reset.done", secure: req.application.config.secureCookies)
        return response
    }

    struct SetUpForm: Content {
        var name: String?
        var email: String?
        var password: String?
        var password_confirmation: String?
    }

    @Sendable func showSetUp(req: Request) async throws -> HTML {
        guard try await AccountService(req).needsSetUp() else { throw TrustlaneError.notFound }
        return AuthViews.setUp(PageContext(req))
    }

    @Sendable func setUp(req: Request) async throws -> Response {
        let form = try req.content.decode(SetUpForm.self)
        guard try await AccountService(req).needsSetUp() else { throw TrustlaneError.notFound }
        do {
            let user = try await AccountService(req).setUpFirstAdministrator(
                name: form.name, email: form.email, password: form.password, confirmation: form.password_confirmation)
            let response = req.redirect(to: SiteURL.home)
            try await startSession(for: user, req: req, response: response)
            response.flash(.success, "setup.done", secure: req.application.config.secureCookies)
            return response
        } catch let failure as ValidationFailure {
            return Response.html(AuthViews.setUp(PageContext(req), name: form.name, email: form.email, errors: failure.errors),
                                 status: .badRequest)
        }
    }

    @Sendable func showSignIn(req: Request) async throws -> Response {
        if try await AccountService(req).needsSetUp() { return req.redirect(to: SiteURL.setUp) }
        if req.auth.user != nil { return req.redirect(to: SiteURL.home) }
        let next = try? req.query.get(String.self, at: "next")
        return try await AuthViews.signIn(PageContext(req), next: next.flatMap { SiteURL.isLocal($0) ? $0 : nil })
            .encodeResponse(for: req)
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let address = req.clientAddress
        let context = PageContext(req)
        switch try await AccountService(req).signIn(email: form.email, password: form.password, address: address) {
        case .success(let user):
            let target = form.next.flatMap { SiteURL.isLocal($0) ? $0 : nil } ?? SiteURL.home
            let response = req.redirect(to: target)
            try await startSession(for: user, req: req, response: response)
            return response
        case .wrongCredentials:
            let page = AuthViews.signIn(context, email: form.email, next: form.next,
                                        message: Layout.message(.error, context.t("sign_in.wrong")))
            return Response.html(page, status: .unauthorized)
        case .locked(let minutes):
            let page = AuthViews.signIn(context, email: form.email, next: form.next,
                                        message: Layout.message(.error, context.t("sign_in.locked", ["minutes": context.t.number(minutes)])))
            return Response.html(page, status: .tooManyRequests)
        }
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        let user = try req.requireUser()
        if let token = req.auth.sessionToken {
            let now = req.now
            try await req.write { tx in
                try await SessionStore.end(token: token, on: tx)
                try await AuditLog.append(AuditEvent(action: "account.sign_out", targetType: "user", targetID: user.id?.uuidString),
                                          by: user.userID, on: tx, at: now)
            }
        }
        let response = req.redirect(to: SiteURL.signIn)
        response.cookies[SessionStore.cookieName] = SessionStore.expiredCookie(secure: req.application.config.secureCookies)
        req.renewCSRFToken()
        return response
    }

    /// A fresh session at every sign-in (the id is never reused), with a fresh CSRF token.
    func startSession(for user: UserModel, req: Request, response: Response) async throws {
        let config = req.application.config
        let companies = try await AuthenticationMiddleware.companies(of: user, on: req)
        let now = req.now
        if let old = req.auth.sessionToken { try await req.write { tx in try await SessionStore.end(token: old, on: tx) } }
        let token = try await req.write { tx in
            try await SessionStore.start(for: user, companyID: companies.first?.id.rawValue, on: tx, now: now, lifetime: config.sessionLifetime)
        }
        response.cookies[SessionStore.cookieName] = SessionStore.cookie(token, secure: config.secureCookies, lifetime: config.sessionLifetime)
        req.renewCSRFToken()
    }
}
