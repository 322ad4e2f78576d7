import Fluent
import TrustlaneCore
import Vapor

/// What start-up says about the audit key, once: that the chain is unkeyed and what that means,
/// or where a new key was made; and it refuses to serve with a key other than the one the
/// newest entries were written with (appending with another key, or with none, would leave a
/// chain that no longer verifies).
enum AuditKeyCheck {
    static func atStart(_ app: Application) async throws {
        let settings = app.config.audit
        explain(settings, serving: app.config.command == .serve, logger: app.logger)
        guard let problem = try await mismatch(app) else { return }
        if app.config.command == .serve { throw ConfigError.invalid(problem) }
        app.logger.error("\(problem)")
    }

    /// The one word on the key at start-up: a key just made, whatever the command; the rest only
    /// when serving (one-shot commands such as `audit verify` stay quiet).
    private static func explain(_ settings: AuditSettings, serving: Bool, logger: Logger) {
        switch settings.keySource {
        case .none where serving:
            logger.warning("The audit trail is not keyed (no TRUSTLANE_AUDIT_KEY or TRUSTLANE_AUDIT_KEY_FILE): someone who can edit the database can delete or rewrite entries and recompute the hashes unnoticed, and no checkpoint can be signed. See docs/AUDIT.md.")
        case .generated(let path):
            logger.notice("Generated the audit key \(path) (key \(settings.key?.id ?? "")): new audit entries are keyed with it. Keep a copy apart from the database's backups; without it the keyed entries cannot be verified. See docs/AUDIT.md.")
        case .none, .environment, .file:
            break
        }
        if serving, settings.key != nil, !settings.sendsCheckpoints {
            logger.notice("No audit checkpoints are sent (TRUSTLANE_AUDIT_CHECKPOINT_EMAIL or TRUSTLANE_AUDIT_CHECKPOINT_WEBHOOK): deleting the newest audit entries is only found against a checkpoint kept elsewhere (`trustlane audit checkpoint`).")
        }
    }

    /// Why appending now would break the chain, if it would.
    static func mismatch(_ app: Application) async throws -> String? {
        guard let written = try await AuditLog.newestKeyID(on: app.db) else { return nil }
        let settings = app.config.audit
        guard let key = settings.key else {
            return "The audit trail's newest entries are keyed with key \(written), and no audit key is configured: set TRUSTLANE_AUDIT_KEY or TRUSTLANE_AUDIT_KEY_FILE to that key (new entries without it would break the chain)."
        }
        guard key.id != written else { return nil }
        if case .generated(let path) = settings.keySource {
            return "The audit trail's newest entries are keyed with key \(written), and no key was found, so a new one (\(key.id)) was just made at \(path). Put the original key file back there (or set TRUSTLANE_AUDIT_KEY to it), removing the new one."
        }
        return "The audit trail's newest entries are keyed with key \(written), and the configured audit key is \(key.id): configure the key the trail was written with."
    }
}
