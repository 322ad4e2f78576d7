import Fluent
import TrustlaneCore
import Vapor

/// Browser sessions: the cookie carries a random token, the database its digest.
enum SessionStore {
    static let cookieName = "tl_session"

    /// Starts a new session (a new id every sign-in) and returns the cookie token.
    static func start(for user: UserModel, companyID: UUID?, on db: any Database, now: Date, lifetime: TimeInterval) async throws -> String {
        let token = SecureToken.generate()
        let session = SessionModel(tokenHash: SecureToken.digest(token), userID: try user.requireID(),
                                   currentCompanyID: companyID, createdAt: now, expiresAt: now.addingTimeInterval(lifetime))
        try await session.create(on: db)
        return token
    }

    static func find(token: String, on db: any Database, now: Date) async throws -> SessionModel? {
        try await SessionModel.query(on: db)
            .filter(\.$tokenHash == SecureToken.digest(token))
            .filter(\.$expiresAt > now)
            .first()
    }

    static func end(token: String, on db: any Database) async throws {
        try await SessionModel.query(on: db).filter(\.$tokenHash == SecureToken.digest(token)).delete()
    }

    /// The cookie that carries the session.
    static func cookie(_ token: String, secure: Bool, lifetime: TimeInterval) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, maxAge: Int(lifetime), path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    static func expiredCookie(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}
