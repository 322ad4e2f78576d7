import Fluent
import TrustlaneCore
import Vapor

/// The signed-in person's own account: password, language, API tokens.
struct AccountController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "account", action: .viewOwnAccount, use: show)
        routes.on(.POST, "account", "password", action: .changeOwnPassword, use: changePassword)
        routes.on(.POST, "account", "language", action: .changeOwnLanguage, use: changeLanguage)
        // The time zone is set with the language: both are how the person's own pages read.
        routes.on(.POST, "account", "time-zone", action: .changeOwnLanguage, use: changeTimeZone)
        routes.on(.POST, "account", "tokens", action: .manageOwnAPITokens, use: createToken)
        routes.on(.POST, "account", "tokens", ":tokenID", "revoke", action: .manageOwnAPITokens, use: revokeToken)
    }

    func model(_ req: Request, newToken: String? = nil, newCalendarLink: String? = nil) async throws -> AccountView.Model {
        let user = try req.requireUser()
        let tokens = try await APITokenService(req).list(for: user).map {
            AccountView.TokenRow(id: $0.id!, name: $0.name, prefix: $0.tokenPrefix, createdAt: $0.createdAt,
                                 lastUsedAt: $0.lastUsedAt, revokedAt: $0.revokedAt)
        }
        // Read fresh: the signed-in copy may predate a change of the digest setting.
        let stored = try await UserModel.find(try user.requireID(), on: req.db) ?? user
        let calendar = try await CalendarFeedService(req).current(for: user)
        var model = AccountView.Model(name: user.name, email: user.email, language: user.language, timeZone: user.timeZone,
                                      roles: PlatformRole.allCases.filter(user.platformRoles.contains), tokens: tokens, newToken: newToken)
        model.calendar = AccountView.CalendarPart(createdAt: calendar?.createdAt, lastReadAt: calendar?.lastReadAt, newLink: newCalendarLink,
                                                  weeklyDigest: stored.weeklyDigest ?? true)
        return model
    }

    @Sendable func show(req: Request) async throws -> HTML {
        let c = PageContext(req)
        var m = try await model(req)
        // A refused password change, back from its redirect: the problem is shown on its field too.
        if let flash = c.flash, flash.kind == .error, let field = flash.arguments["field"],
           ["current_password", "new_password", "new_password_confirmation"].contains(field) {
            m.passwordErrors = [FieldError(field: field, messageKey: flash.key, message: flash.key, arguments: flash.arguments)]
        }
        return AccountView.render(c, m)
    }

    struct PasswordForm: Content {
        var current_password: String?
        var new_password: String?
        var new_password_confirmation: String?
    }

    @Sendable func changePassword(req: Request) async throws -> Response {
        let form = try req.content.decode(PasswordForm.self)
        let user = try req.requireUser()
        do {
            try await AccountService(req).changePassword(user: user, current: form.current_password, new: form.new_password,
                                                         confirmation: form.new_password_confirmation, keepSessionID: req.auth.sessionID)
        } catch let failure as ValidationFailure {
            // Post, redirect, get: reloading the page that says what was wrong must not send the
            // passwords again. The first problem comes back as the flash, marked on its field.
            let first = failure.errors.first
            let response = req.redirect(to: SiteURL.account + "#password-form")
            response.flash(.error, first?.messageKey ?? "form.has_errors",
                           (first?.arguments ?? ["count": "\(failure.errors.count)"]).merging(["field": first?.field ?? ""]) { a, _ in a },
                           secure: req.application.config.secureCookies)
            return response
        }
        let response = req.redirect(to: SiteURL.account)
        response.flash(.success, "account.password_changed", secure: req.application.config.secureCookies)
        return response
    }

    struct LanguageForm: Content { var language: String? }

    @Sendable func changeLanguage(req: Request) async throws -> Response {
        let form = try req.content.decode(LanguageForm.self)
        try await AccountService(req).setLanguage(user: try req.requireUser(), language: form.language)
        let response = req.redirect(to: SiteURL.account)
        response.flash(.success, "account.language_changed", secure: req.application.config.secureCookies)
        return response
    }

    struct TimeZoneForm: Content { var time_zone: String? }

    @Sendable func changeTimeZone(req: Request) async throws -> Response {
        let form = try req.content.decode(TimeZoneForm.self)
        try await AccountService(req).setTimeZone(user: try req.requireUser(), timeZone: form.time_zone)
        let response = req.redirect(to: SiteURL.account)
        response.flash(.success, "account.time_zone_changed", secure: req.application.config.secureCookies)
        return response
    }

    struct TokenForm: Content { var name: String? }

    @Sendable func createToken(req: Request) async throws -> Response {
        let form = try req.content.decode(TokenForm.self)
        do {
            let (_, token) = try await APITokenService(req).create(for: try req.requireUser(), name: form.name)
            // Shown on this response only; a reload does not show it again.
            return try await AccountView.render(PageContext(req), try await model(req, newToken: token)).encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            var m = try await model(req)
            m.tokenErrors = failure.errors
            return Response.html(AccountView.render(PageContext(req), m), status: .badRequest)
        }
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        guard let id = req.parameters.get("tokenID").flatMap(UUID.init(uuidString:)) else { throw TrustlaneError.notFound }
        let user = try req.requireUser()
        struct Confirm: Content { var confirm: String? }
        if (try? req.content.decode(Confirm.self))?.confirm != "yes" {
            // Scripts using the token stop at once: asked first, naming the token.
            guard let token = try await APITokenService(req).list(for: user).first(where: { $0.id == id && $0.revokedAt == nil }) else {
                throw TrustlaneError.notFound
            }
            let c = PageContext(req)
            return try await ConfirmView.page(c, title: c.t("account.confirm_revoke_token", ["name": token.name]),
                                              detail: "\(token.name) · \(token.tokenPrefix)…", hint: c.t("account.confirm_revoke_token_hint"),
                                              action: SiteURL.revokeToken(id), fields: [], confirmLabel: c.t("account.token_revoke"),
                                              cancel: SiteURL.account).encodeResponse(for: req)
        }
        try await APITokenService(req).revoke(id, of: user)
        let response = req.redirect(to: SiteURL.account)
        response.flash(.success, "account.token_revoked_flash", secure: req.application.config.secureCookies)
        return response
    }
}
