import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// A company a person belongs to, as the navigation lists it.
struct CompanySummary: Sendable, Equatable {
    let id: CompanyID
    let name: String
    let role: CompanyRole
}

/// Who made the request, resolved once per request by `AuthenticationMiddleware`.
struct RequestAuth: Sendable {
    let actor: Actor
    let user: UserModel?
    let sessionID: UUID?
    let sessionToken: String?
    let currentCompanyID: CompanyID?
    let companies: [CompanySummary]
    let viaAPIToken: Bool

    static let anonymous = RequestAuth(actor: .anonymous, user: nil, sessionID: nil, sessionToken: nil,
                                       currentCompanyID: nil, companies: [], viaAPIToken: false)

    var currentCompany: CompanySummary? { companies.first { $0.id == currentCompanyID } }
}

extension Request {
    /// What `AccessPolicy` says of the signed-in person taking `action` (on `company`): for the
    /// parts of a page that differ by who looks, when the route's own action let them in.
    func allows(_ action: Action, company: CompanyID? = nil) -> Bool {
        AccessPolicy.decide(actor, action, company: company) == .allowed
    }

    private struct AuthKey: StorageKey { typealias Value = RequestAuth }

    var auth: RequestAuth {
        get { storage[AuthKey.self] ?? .anonymous }
        set { storage[AuthKey.self] = newValue }
    }

    var actor: Actor { auth.actor }

    /// The signed-in person; throws 401 where none is (guarded routes never get here without one).
    func requireUser() throws -> UserModel {
        guard let user = auth.user else { throw TrustlaneError.unauthenticated }
        return user
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }
}

/// Resolves the session cookie or the bearer token into a `RequestAuth`.
struct AuthenticationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // `/metrics` reads its own token (TRUSTLANE_METRICS_TOKEN), which is not an API token.
        if request.url.path == "/metrics" { return try await next.respond(to: request) }
        if let bearer = request.headers.bearerAuthorization {
            request.auth = try await Self.resolve(apiToken: bearer.token, on: request)
        } else if let token = request.cookies[SessionStore.cookieName]?.string, !token.isEmpty {
            request.auth = try await Self.resolve(sessionToken: token, on: request)
        }
        return try await next.respond(to: request)
    }

    static func resolve(apiToken: String, on req: Request) async throws -> RequestAuth {
        guard apiToken.count < 200,
              let token = try await APITokenModel.query(on: req.db)
                .filter(\.$tokenHash == SecureToken.digest(apiToken)).filter(\.$revokedAt == nil).first(),
              let user = try await UserModel.find(token.$user.id, on: req.db) else {
            // A bad token is an error, not an anonymous request: the script should know.
            throw TrustlaneError(status: .unauthorized, key: "error.bad_token", message: "The API token is unknown or revoked")
        }
        let now = req.now
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            // Recorded at most once a minute, outside the audit trail: bookkeeping, not a change.
            token.lastUsedAt = now
            try await token.save(on: req.db)
        }
        let companies = try await companies(of: user, on: req)
        return RequestAuth(actor: actor(user, companies), user: user, sessionID: nil, sessionToken: nil,
                           currentCompanyID: companies.first?.id, companies: companies, viaAPIToken: true)
    }

    static func resolve(sessionToken: String, on req: Request) async throws -> RequestAuth {
        guard sessionToken.count < 200,
              let session = try await SessionStore.find(token: sessionToken, on: req.db, now: req.now),
              let user = try await UserModel.find(session.$user.id, on: req.db) else { return .anonymous }
        let companies = try await companies(of: user, on: req)
        let wanted = session.currentCompanyID.map(CompanyID.init)
        var current = companies.first { $0.id == wanted }?.id ?? companies.first?.id
        if current == nil, user.isAdministrator || user.isReviewer, let wanted,
           let company = try await CompanyModel.find(wanted.rawValue, on: req.db) {
            // Administrators and reviewers may look at any company without being members.
            current = company.companyID
            return RequestAuth(actor: actor(user, companies), user: user, sessionID: session.id, sessionToken: sessionToken,
                               currentCompanyID: current,
                               companies: companies + [CompanySummary(id: company.companyID, name: company.legalName, role: .viewer)],
                               viaAPIToken: false)
        }
        return RequestAuth(actor: actor(user, companies), user: user, sessionID: session.id, sessionToken: sessionToken,
                           currentCompanyID: current, companies: companies, viaAPIToken: false)
    }

    private static func actor(_ user: UserModel, _ companies: [CompanySummary]) -> Actor {
        Actor(userID: user.userID, platformRoles: user.platformRoles,
              companyRoles: Dictionary(companies.map { ($0.id, $0.role) }, uniquingKeysWith: { first, _ in first }))
    }

    /// One query: the person's companies with names and roles.
    static func companies(of user: UserModel, on req: Request) async throws -> [CompanySummary] {
        struct Row: Decodable { let id: UUID; let legal_name: String; let role: String }
        guard let sql = req.db as? any SQLDatabase else { return [] }
        let rows = try await sql.select()
            .column(SQLColumn("id", table: "companies"))
            .column(SQLColumn("legal_name", table: "companies"))
            .column(SQLColumn("role", table: "company_members"))
            .from("company_members")
            .join("companies", on: SQLColumn("company_id", table: "company_members"), .equal, SQLColumn("id", table: "companies"))
            .where(SQLColumn("user_id", table: "company_members"), .equal, SQLBind(try user.requireID()))
            .orderBy(SQLColumn("legal_name", table: "companies"))
            .all(decoding: Row.self)
        return rows.compactMap { row in
            CompanyRole(rawValue: row.role).map { CompanySummary(id: CompanyID(row.id), name: row.legal_name, role: $0) }
        }
    }
}
