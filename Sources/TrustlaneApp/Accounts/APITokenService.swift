import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// Personal API tokens: created and revoked by their owner, stored as digests, shown once.
package struct APITokenService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    package init(app: Application) { self.app = app; db = app.db }

    /// Returns the token text, which is never shown again.
    package func create(for user: UserModel, name rawName: String?) async throws -> (APITokenModel, String) {
        var errors: [FieldError] = []
        let name = Check.text(rawName, field: "name", max: 100, into: &errors)
        guard errors.isEmpty, let name else { throw ValidationFailure(errors) }
        let userID = try user.requireID()
        let token = SecureToken.generate(prefix: "tl_")
        let now = app.clock.now()
        let model = try await app.writeGate.transaction(on: db) { tx in
            let count = try await APITokenModel.query(on: tx).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).count()
            guard count < 20 else {
                throw ValidationFailure([FieldError(field: "name", messageKey: "error.too_many_tokens",
                                                    message: "At most 20 active tokens; revoke one first")])
            }
            let model = APITokenModel(userID: userID, name: name, tokenHash: SecureToken.digest(token), tokenPrefix: String(token.prefix(8)))
            try await model.create(on: tx)
            try await AuditLog.append(AuditEvent(action: "api_token.created", targetType: "api_token", targetID: model.id?.uuidString,
                                                 changes: [FieldChange(field: "name", before: nil, after: name)]),
                                      by: UserID(userID), on: tx, at: now)
            return model
        }
        return (model, token)
    }

    func revoke(_ tokenID: UUID, of user: UserModel) async throws {
        let userID = try user.requireID()
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            guard let token = try await APITokenModel.query(on: tx).filter(\.$id == tokenID).filter(\.$user.$id == userID).first() else {
                throw TrustlaneError.notFound
            }
            guard token.revokedAt == nil else { return }
            token.revokedAt = now
            try await token.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "api_token.revoked", targetType: "api_token", targetID: tokenID.uuidString,
                                                 changes: [FieldChange(field: "revoked", before: "false", after: "true")]),
                                      by: UserID(userID), on: tx, at: now)
        }
    }

    func list(for user: UserModel) async throws -> [APITokenModel] {
        // Uses noted in memory are written first, so "last used" is up to date.
        try await Self.flushTokenUses(app: app, on: db)
        return try await APITokenModel.query(on: db).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending).all()
    }

    /// Writes the token uses `AuthCache` noted (at most one per token a minute) in one
    /// transaction: bookkeeping, not a change of access, and no audit entry.
    static func flushTokenUses(app: Application, on db: any Database) async throws {
        let uses = app.authCache.takeTokenUses()
        guard !uses.isEmpty else { return }
        try await app.writeGate.transaction(on: db, access: .unchanged) { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            for (id, at) in uses {
                try await sql.update("api_tokens").set("last_used_at", to: SQLBind(at))
                    .where("id", .equal, SQLBind(id)).run()
            }
        }
    }
}

extension BackgroundJob {
    /// Noted API token uses, written every minute while serving (`TokenUseFlusher` writes the
    /// rest at shutdown).
    static func tokenUses() -> BackgroundJob {
        BackgroundJob("token use", exclusive: false, schedule: { _ in Schedule(interval: 60, firstDelay: 60) },
                      pass: { app in try await APITokenService.flushTokenUses(app: app, on: app.db) })
    }
}

/// Writes the API token uses still noted in memory when the application shuts down.
struct TokenUseFlusher: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        do {
            try await APITokenService.flushTokenUses(app: application, on: application.db)
        } catch {
            application.logger.warning("token use: could not record last use at shutdown: \(String(reflecting: error))")
        }
    }
}
