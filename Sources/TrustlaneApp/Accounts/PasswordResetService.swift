import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// Forgotten passwords: a single-use link, emailed through the outbox, valid for an hour. Asking
/// says the same whether or not the address has an account, so the form tells nobody who has
/// one; at most three links per person an hour are sent. Using a link sets the new password,
/// signs the person out everywhere and is recorded in the audit trail.
struct PasswordResetService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    static let lifetime: TimeInterval = 3_600
    static let perHour = 3

    /// Queues a reset link for the account with this email, if there is one. Returns whether a
    /// link was queued (for tests and logs; never shown to the person asking).
    @discardableResult
    func request(email raw: String?, language: Language) async throws -> Bool {
        var errors: [FieldError] = []
        guard let email = EmailAddress.check(raw, into: &errors), errors.isEmpty else { throw ValidationFailure(errors) }
        guard let user = try await UserModel.query(on: db).filter(\.$email == email.value).first() else { return false }
        let userID = try user.requireID()
        let now = app.clock.now()
        let token = SecureToken.generate()
        return try await app.writeGate.transaction(on: db) { tx in
            let recent = try await PasswordResetModel.query(on: tx).filter(\.$user.$id == userID)
                .filter(\.$createdAt > now.addingTimeInterval(-3_600)).count()
            guard recent < Self.perHour else { return false }
            let reset = PasswordResetModel(userID: userID, tokenHash: SecureToken.digest(token), expiresAt: now.addingTimeInterval(Self.lifetime), createdAt: now)
            try await reset.create(on: tx)
            try await AuditLog.append(AuditEvent(action: "account.password_reset_requested", targetType: "user", targetID: userID.uuidString),
                                      by: nil, on: tx, at: now)
            let language = user.language.flatMap(Language.init(rawValue:)) ?? language
            let t = LocalizationCatalog.shared.localizer(for: language)
            try await NotificationOutbox(tx).enqueueEmail(
                key: "email.password_reset", parameters: ["name": user.name, "expires": t.dateTime(reset.expiresAt)],
                link: SiteURL.passwordReset(token), to: user.email, language: language, userID: userID, companyID: nil,
                dedupeKey: "password_reset:\(try reset.requireID())", now: now)
            return true
        }
    }

    /// The person a link is for, while it can still be used.
    func lookup(token: String) async throws -> (PasswordResetModel, UserModel)? {
        guard token.count < 200,
              let reset = try await PasswordResetModel.query(on: db).filter(\.$tokenHash == SecureToken.digest(token)).first(),
              reset.usedAt == nil, reset.expiresAt > app.clock.now(),
              let user = try await UserModel.find(reset.$user.id, on: db) else { return nil }
        return (reset, user)
    }

    /// Sets the new password; the link is used up, every session of the person ends.
    func reset(token: String, password raw: String?, confirmation: String?) async throws {
        guard let (reset, user) = try await lookup(token: token) else {
            throw TrustlaneError(status: .gone, key: "password_reset.invalid", message: "This link was already used or has expired; ask for a new one")
        }
        var errors: [FieldError] = []
        let password = PasswordRule.check(raw, confirmation: confirmation, context: PasswordContext(email: user.email, name: user.name), into: &errors)
        guard errors.isEmpty, let password else { throw ValidationFailure(errors) }
        let hash = try await app.passwords.hash(password)
        let resetID = try reset.requireID()
        let userID = try user.requireID()
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            // Used once: of two submissions at once, only the one that marks it first goes on.
            let claimed = try await (tx as! any SQLDatabase).raw("""
                UPDATE password_resets SET used_at = \(bind: now) WHERE id = \(bind: resetID) AND used_at IS NULL RETURNING id
                """).all()
            guard !claimed.isEmpty else {
                throw TrustlaneError(status: .gone, key: "password_reset.invalid", message: "This link was already used or has expired; ask for a new one")
            }
            guard let fresh = try await UserModel.find(userID, on: tx) else { throw TrustlaneError.notFound }
            fresh.passwordHash = hash
            try await fresh.save(on: tx)
            try await SessionModel.query(on: tx).filter(\.$user.$id == userID).delete()
            try await AuditLog.append(AuditEvent(action: "account.password_reset", targetType: "user", targetID: userID.uuidString,
                                                 changes: [FieldChange(field: "password", before: "(hidden)", after: "(reset by emailed link)")]),
                                      by: fresh.userID, on: tx, at: now)
        }
    }
}

final class PasswordResetModel: Model, @unchecked Sendable {
    static let schema = "password_resets"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserModel
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: UUID, tokenHash: String, expiresAt: Date, createdAt: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}
