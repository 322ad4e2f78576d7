import Fluent
import Foundation

/// A browser session, stored in the database so several server processes share it.
/// The cookie holds a random token; only its SHA-256 is stored.
final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: UserModel
    @OptionalField(key: "current_company_id") var currentCompanyID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(tokenHash: String, userID: UUID, currentCompanyID: UUID?, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.currentCompanyID = currentCompanyID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A personal API token for scripts. Only its SHA-256 is stored; the token is shown once.
package final class APITokenModel: Model, @unchecked Sendable {
    package static let schema = "api_tokens"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") var user: UserModel
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters of the token, so a person can tell their tokens apart.
    @Field(key: "token_prefix") var tokenPrefix: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    package init() {}

    init(userID: UUID, name: String, tokenHash: String, tokenPrefix: String) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.tokenPrefix = tokenPrefix
    }
}

/// Failed sign-ins per account or per address, to slow down guessing.
final class SignInThrottleModel: Model, @unchecked Sendable {
    static let schema = "sign_in_throttles"

    @ID(key: .id) var id: UUID?
    /// `email:<address>` or `ip:<address>`.
    @Field(key: "key") var key: String
    @Field(key: "failures") var failures: Int
    @Field(key: "window_started_at") var windowStartedAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?

    init() {}

    init(key: String, failures: Int, windowStartedAt: Date) {
        self.key = key
        self.failures = failures
        self.windowStartedAt = windowStartedAt
    }
}
