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
    /// Sessions only: unread in-app notifications, for the navigation.
    var unreadNotifications = 0

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

/// Resolves the session cookie or the bearer token into a `RequestAuth`: from `AuthCache` when
/// the same credentials were resolved a moment ago and nothing that changes access was written
/// since, otherwise with one query (`AuthQuery`).
struct AuthenticationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // `/metrics` reads its own token (TRUSTLANE_METRICS_TOKEN), which is not an API token.
        if request.url.path == "/metrics" { return try await next.respond(to: request) }
        let started = ContinuousClock.now
        if let bearer = request.headers.bearerAuthorization {
            request.auth = try await Self.resolve(apiToken: bearer.token, on: request)
        } else if let token = request.requestCookies[SessionStore.cookieName]?.string, !token.isEmpty {
            request.auth = try await Self.resolve(sessionToken: token, on: request)
        }
        request.timing?.add(.auth, ContinuousClock.now - started)
        return try await next.respond(to: request)
    }

    static func resolve(apiToken: String, on req: Request) async throws -> RequestAuth {
        guard apiToken.count < 200, let snapshot = try await snapshot(.apiToken, apiToken, on: req), let tokenID = snapshot.tokenID else {
            // A bad token is an error, not an anonymous request: the script should know.
            throw TrustlaneError(status: .unauthorized, key: "error.bad_token", message: "The API token is unknown or revoked")
        }
        req.application.authCache.recordTokenUse(tokenID, lastStored: snapshot.tokenLastUsedAt, now: req.now)
        let user = snapshot.makeUser()
        return RequestAuth(actor: actor(user, snapshot.companies), user: user, sessionID: nil, sessionToken: nil,
                           currentCompanyID: snapshot.companies.first?.id, companies: snapshot.companies, viaAPIToken: true)
    }

    static func resolve(sessionToken: String, on req: Request) async throws -> RequestAuth {
        guard sessionToken.count < 200, let snapshot = try await snapshot(.session, sessionToken, on: req) else { return .anonymous }
        let user = snapshot.makeUser()
        var companies = snapshot.companies
        let wanted = snapshot.chosenCompany.map { CompanyID($0.id) }
        var current = companies.first { $0.id == wanted }?.id ?? companies.first?.id
        if current == nil, user.isAdministrator || user.isReviewer, let chosen = snapshot.chosenCompany {
            // Administrators and reviewers may look at any company without being members.
            current = CompanyID(chosen.id)
            companies.append(CompanySummary(id: CompanyID(chosen.id), name: chosen.name, role: .viewer))
        }
        return RequestAuth(actor: actor(user, snapshot.companies), user: user, sessionID: snapshot.sessionID, sessionToken: sessionToken,
                           currentCompanyID: current, companies: companies, viaAPIToken: false,
                           unreadNotifications: snapshot.unreadNotifications)
    }

    /// The cached snapshot, or one query's worth, stored for the next request.
    private static func snapshot(_ kind: AuthQuery.Kind, _ secret: String, on req: Request) async throws -> AuthSnapshot? {
        let digest = SecureToken.digest(secret)
        let key = kind.cachePrefix + digest
        let cache = req.application.authCache
        let now = req.now
        // With several processes on one database, a change of access made through another one is
        // seen here on the very next request: the stored count is compared before the cache is used.
        if cache.isEnabled, req.application.writeGate.announcesChanges, let sql = req.db as? any SQLDatabase {
            cache.generation.observeStored(try await AccessGeneration.readStored(on: sql))
        }
        if let hit = cache.lookup(key, now: now) { return hit }
        let generation = cache.generation.current
        guard let snapshot = try await AuthQuery.load(kind, digest: digest, now: now, on: req.db) else { return nil }
        cache.store(snapshot, for: key, readAt: generation)
        return snapshot
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

/// Session or token, person and seats in one query: one row per seat (or one row with no seat),
/// ordered by company name.
enum AuthQuery {
    enum Kind {
        case session, apiToken

        var cachePrefix: String { self == .session ? "s:" : "t:" }
    }

    private struct Row: Decodable {
        let user_id: UUID
        let email: String
        let name: String
        let password_hash: String
        let language: String?
        let time_zone: String?
        let is_administrator: Bool
        let is_reviewer: Bool
        let is_consultant: Bool
        let created_at: Date?
        let updated_at: Date?
        let credential_id: UUID
        let expires_at: Date?
        let last_used_at: Date?
        let chosen_id: UUID?
        let unread: Int?
        let chosen_name: String?
        let company_id: UUID?
        let company_name: String?
        let role: String?
    }

    static func load(_ kind: Kind, digest: String, now: Date, on db: any Database) async throws -> AuthSnapshot? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let credential = kind == .session ? "sessions" : "api_tokens"
        var select = sql.select()
            .column(SQLColumn("id", table: "u"), as: "user_id")
            .column(SQLColumn("email", table: "u")).column(SQLColumn("name", table: "u"))
            .column(SQLColumn("password_hash", table: "u")).column(SQLColumn("language", table: "u"))
            .column(SQLColumn("time_zone", table: "u"))
            .column(SQLColumn("is_administrator", table: "u")).column(SQLColumn("is_reviewer", table: "u"))
            .column(SQLColumn("is_consultant", table: "u"))
            .column(SQLColumn("created_at", table: "u")).column(SQLColumn("updated_at", table: "u"))
            .column(SQLColumn("id", table: "k"), as: "credential_id")
            .column(SQLColumn("id", table: "c"), as: "company_id")
            .column(SQLColumn("legal_name", table: "c"), as: "company_name")
            .column(SQLColumn("role", table: "m"))
            .from(SQLAlias(SQLIdentifier(credential), as: SQLIdentifier("k")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "k"))
            .join(SQLAlias(SQLIdentifier("company_members"), as: SQLIdentifier("m")), method: SQLJoinMethod.left,
                  on: SQLColumn("user_id", table: "m"), .equal, SQLColumn("id", table: "u"))
            .join(SQLAlias(SQLIdentifier("companies"), as: SQLIdentifier("c")), method: SQLJoinMethod.left,
                  on: SQLColumn("id", table: "c"), .equal, SQLColumn("company_id", table: "m"))
            .where(SQLColumn("token_hash", table: "k"), .equal, SQLBind(digest))
        switch kind {
        case .session:
            select = select
                .column(SQLColumn("expires_at", table: "k"))
                .column(SQLLiteral.null, as: "last_used_at")
                .column(SQLColumn("current_company_id", table: "k"), as: "chosen_id")
                .column(SQLColumn("legal_name", table: "chosen"), as: "chosen_name")
                .column(SQLQueryString("""
                    (SELECT COUNT(*) FROM notifications n WHERE n.recipient_id = k.user_id \
                    AND n.channel = \(bind: NotificationOutbox.inApp) AND n.read_at IS NULL)
                    """), as: "unread")
                .join(SQLAlias(SQLIdentifier("companies"), as: SQLIdentifier("chosen")), method: SQLJoinMethod.left,
                      on: SQLColumn("id", table: "chosen"), .equal, SQLColumn("current_company_id", table: "k"))
                .where(SQLColumn("expires_at", table: "k"), .greaterThan, SQLBind(now))
        case .apiToken:
            select = select
                .column(SQLLiteral.null, as: "expires_at")
                .column(SQLColumn("last_used_at", table: "k"))
                .column(SQLLiteral.null, as: "chosen_id")
                .column(SQLLiteral.null, as: "chosen_name")
                .column(SQLLiteral.null, as: "unread")
                .where(SQLColumn("revoked_at", table: "k"), .is, SQLLiteral.null)
        }
        let rows = try await select.orderBy(SQLColumn("legal_name", table: "c")).all(decoding: Row.self)
        guard let first = rows.first else { return nil }
        let companies = rows.compactMap { row -> CompanySummary? in
            guard let id = row.company_id, let name = row.company_name, let role = row.role.flatMap(CompanyRole.init(rawValue:)) else { return nil }
            return CompanySummary(id: CompanyID(id), name: name, role: role)
        }
        let person = AuthSnapshot.Person(id: first.user_id, email: first.email, name: first.name, passwordHash: first.password_hash,
                                         language: first.language, timeZone: first.time_zone, isAdministrator: first.is_administrator,
                                         isReviewer: first.is_reviewer, isConsultant: first.is_consultant,
                                         createdAt: first.created_at, updatedAt: first.updated_at)
        let chosen = first.chosen_id.flatMap { id in first.chosen_name.map { (id: id, name: $0) } }
        return AuthSnapshot(person: person, companies: companies,
                            sessionID: kind == .session ? first.credential_id : nil,
                            chosenCompany: kind == .session ? chosen : nil,
                            expiresAt: first.expires_at, tokenID: kind == .apiToken ? first.credential_id : nil,
                            tokenLastUsedAt: first.last_used_at, unreadNotifications: first.unread ?? 0)
    }
}
