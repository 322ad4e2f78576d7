import Fluent
import TrustlaneCore
import Vapor

/// Enforces the action each route declared, through `AccessPolicy`. A route without a declared
/// action is refused outright (and fails the route-policy test).
struct AccessGuard: AsyncMiddleware {
    static let actionKey = "trustlane.action"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else { return try await next.respond(to: request) }
        guard let action = route.userInfo[AnySendableHashable(Self.actionKey)] as? Action else {
            request.logger.critical("Route \(route.method) \(route.path.string) declares no access rule")
            throw Abort(.internalServerError, reason: "This route declares no access rule")
        }
        var company: CompanyID?
        if action.scope == .company {
            guard let raw = request.parameters.get("companyID"), let parsed = CompanyID(string: raw) else {
                throw TrustlaneError.notFound
            }
            company = parsed
        }
        switch AccessPolicy.decide(request.actor, action, company: company) {
        case .allowed:
            if let company, try await Self.companyIsMissing(company, for: request) { throw TrustlaneError.notFound }
            return try await next.respond(to: request)
        case .unauthenticated:
            if request.isAPI || request.method != .GET { throw TrustlaneError.unauthenticated }
            let next = request.url.path + (request.url.query.map { "?\($0)" } ?? "")
            return request.redirect(to: SiteURL.signIn(next: next))
        case .notFound:
            throw TrustlaneError.notFound
        case .forbidden:
            throw TrustlaneError.forbidden
        }
    }
}

extension AccessGuard {
    /// Whether a change under `/companies/{id}` names a company that does not exist. Only
    /// administrators and reviewers are allowed on a company they do not belong to, and only they
    /// can reach an unknown id; without this check a create under it failed on the foreign key
    /// (a 500) instead of a 404. Members' companies exist (memberships reference them) and reads
    /// answer 404 from their own lookups, so this costs one indexed query on non-members' writes only.
    static func companyIsMissing(_ company: CompanyID, for request: Request) async throws -> Bool {
        guard request.actor.role(in: company) == nil, ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return false }
        return try await CompanyModel.find(company.rawValue, on: request.db) == nil
    }
}

extension RoutesBuilder {
    /// Registers a route with the one action it performs; `AccessGuard` checks it.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: PathComponent..., action: Action,
        body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = on(method, path, body: body, use: handler)
        route.userInfo[AnySendableHashable(AccessGuard.actionKey)] = action
        return route
    }
}
