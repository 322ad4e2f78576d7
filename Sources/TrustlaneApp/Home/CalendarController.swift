import Fluent
import TrustlaneCore
import Vapor

/// The private calendar feed and the account's calendar and digest settings (issue 14).
struct CalendarController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "calendar", ":token", action: .openCalendarFeed, use: feed)
        routes.on(.POST, "account", "calendar", action: .manageOwnCalendar, use: create)
        routes.on(.POST, "account", "calendar", "revoke", action: .manageOwnCalendar, use: revoke)
        routes.on(.POST, "account", "digest", action: .manageOwnCalendar, use: digest)
    }

    /// `GET /calendar/<token>.ics`: the person's deadlines; an unknown or revoked link is a 404.
    @Sendable func feed(req: Request) async throws -> Response {
        var token = req.parameters.get("token") ?? ""
        if token.hasSuffix(".ics") { token.removeLast(4) }
        let service = CalendarFeedService(req)
        guard let user = try await service.owner(of: token) else { throw TrustlaneError.notFound }
        let text = try await service.document(for: user)
        try await service.touch(user, lastReadAt: try await service.current(for: user)?.lastReadAt)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"trustlane.ics\"")
        // The address is a secret: nothing on the way keeps a copy.
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// A new calendar link, shown on this response only.
    @Sendable func create(req: Request) async throws -> Response {
        let token = try await CalendarFeedService(req).create(for: try req.requireUser())
        let path = SiteURL.calendarFeed(token)
        let link = OutboxMessage.absolute(path, publicURL: req.application.config.publicURL) ?? path
        let shown = link.hasPrefix("http") ? link : (req.headers.first(name: .host).map { "http://\($0)\(path)" } ?? path)
        let model = try await AccountController().model(req, newCalendarLink: shown)
        return try await AccountView.render(PageContext(req), model).encodeResponse(for: req)
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        try await CalendarFeedService(req).revoke(for: try req.requireUser())
        let response = req.redirect(to: SiteURL.account + "#calendar")
        response.flash(.success, "account.calendar_revoked", secure: req.application.config.secureCookies)
        return response
    }

    @Sendable func digest(req: Request) async throws -> Response {
        struct Form: Content { var weekly_digest: String? }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let on = form.weekly_digest == "on"
        try await AccountService(req).setWeeklyDigest(user: try req.requireUser(), on: on)
        let response = req.redirect(to: SiteURL.account + "#calendar")
        response.flash(.success, on ? "account.digest_on" : "account.digest_off", secure: req.application.config.secureCookies)
        return response
    }
}
