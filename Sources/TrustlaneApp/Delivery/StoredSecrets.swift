import Fluent
import SQLKit
import TrustlaneCore
import Vapor

extension Application {
    /// Seals stored secrets under the audit key; `nil` without one (PostgreSQL with no key set:
    /// said at start-up), when secrets are stored as they are.
    var secretBox: SecretBox? { config.audit.key.map(SecretBox.init(auditKey:)) }
}

/// Secrets stored before they were sealed (or before the installation had a key) are sealed at
/// start-up, once a key is there.
enum StoredSecrets {
    /// Seals every company webhook secret still stored as it is; returns how many.
    @discardableResult
    static func sealPlain(_ app: Application) async throws -> Int {
        guard let box = app.secretBox else { return 0 }
        struct Row: Decodable { let id: UUID; let secret: String }
        let sql = app.db as! any SQLDatabase
        let plain = try await sql.raw("SELECT id, secret FROM company_webhooks WHERE secret NOT LIKE 'enc:v1:%'").all(decoding: Row.self)
        guard !plain.isEmpty else { return 0 }
        // Not a change of anyone's access or records: the same secret, stored sealed.
        try await app.writeGate.transaction(on: app.db, access: .unchanged) { tx in
            let sql = tx as! any SQLDatabase
            for row in plain {
                try await sql.raw("UPDATE company_webhooks SET secret = \(bind: box.seal(row.secret)) WHERE id = \(bind: row.id) AND secret = \(bind: row.secret)").run()
            }
        }
        app.logger.notice("Sealed \(plain.count) stored webhook secret\(plain.count == 1 ? "" : "s") under the audit key")
        return plain.count
    }
}
