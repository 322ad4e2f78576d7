import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// `trustlane audit verify [--checkpoint FILE]`: walks the hash chain and names the first entry
/// that was altered or removed; keyed entries are checked with the configured audit key. With a
/// checkpoint (made by `trustlane audit checkpoint` or sent on schedule), it also checks the
/// chain still holds that checkpoint's head at its count: the newest entries were not removed
/// and nothing up to it was rewritten. Exits non-zero when the chain is broken or cannot be
/// checked.
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "checkpoint", help: "A checkpoint file the chain must still agree with")
        var checkpoint: String?
    }

    var help: String { "Checks the audit trail's hash chain (and, with --checkpoint FILE, against a signed checkpoint)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let key = app.config.audit.key
        var checkpoint: AuditCheckpoint?
        if let path = signature.checkpoint {
            checkpoint = try await Self.readCheckpoint(path, app: app)
        }
        let verifier = try await AuditLog.walk(on: app.db, key: key, checkpoint: checkpoint)
        switch verifier.result {
        case .intact(let entries):
            context.console.print("Audit trail intact: \(entries) entries verified.")
            context.console.print(Self.keying(verifier, key: key, entries: entries))
            if let checkpoint {
                context.console.print("It agrees with the checkpoint of \(checkpoint.createdAt): entry \(checkpoint.count) still has the hash signed then.")
            }
        case .broken(let sequence, let reason):
            context.console.error("Audit trail broken at entry \(sequence): \(reason).")
            throw AuditBroken(sequence: sequence)
        case .unverifiable(let sequence, let reason):
            context.console.error("Audit trail cannot be checked from entry \(sequence): \(reason).")
            throw AuditBroken(sequence: sequence, unverifiable: true)
        }
    }

    /// Reads and authenticates a checkpoint file, refusing it with a reason.
    static func readCheckpoint(_ path: String, app: Application) async throws -> AuditCheckpoint {
        guard let data = FileManager.default.contents(atPath: path) else { throw CheckpointRefused("\(path) cannot be read") }
        guard let key = app.config.audit.key else {
            throw CheckpointRefused("checking a checkpoint needs the audit key it was signed with (TRUSTLANE_AUDIT_KEY or TRUSTLANE_AUDIT_KEY_FILE)")
        }
        do {
            let checkpoint = try AuditCheckpoint.read(data)
            try checkpoint.authenticate(with: key, installation: try await AuditCheckpoints(app: app).installationID())
            return checkpoint
        } catch let problem as AuditCheckpoint.Problem {
            throw CheckpointRefused("\(problem)")
        }
    }

    /// One line on how the entries are protected.
    static func keying(_ verifier: AuditChain.Verifier, key: AuditKey?, entries: Int) -> String {
        guard entries > 0 else { return key == nil ? "The audit trail is not keyed." : "New entries are keyed with key \(key!.id)." }
        switch verifier.firstKeyed {
        case nil: return "No entry is keyed (plain SHA-256): a rewrite by someone who can edit the database would not be found without a checkpoint."
        case 1?: return "Every entry is keyed with key \(key?.id ?? "")."
        case let first?: return "Entries 1 to \(first - 1) are from before keying (plain SHA-256); from entry \(first) on they are keyed with key \(key?.id ?? "")."
        }
    }

    struct AuditBroken: Error, CustomStringConvertible {
        let sequence: Int
        var unverifiable = false
        var description: String {
            unverifiable ? "audit chain cannot be checked from entry \(sequence) with the configured key" : "audit chain broken at entry \(sequence)"
        }
    }

    struct CheckpointRefused: Error, CustomStringConvertible {
        let reason: String
        init(_ reason: String) { self.reason = reason }
        var description: String { "Checkpoint refused: \(reason)." }
    }
}

extension Application {
    /// Registers the command-line tools besides `serve`.
    func registerCommands() {
        var audit = AsyncCommands()
        audit.use(AuditVerifyCommand(), as: "verify", isDefault: true)
        audit.use(AuditCheckpointCommand(), as: "checkpoint")
        asyncCommands.use(audit.group(help: "Audit trail tools: verify, checkpoint"), as: "audit")
        asyncCommands.use(DemoCommand(), as: "demo")
        asyncCommands.use(BackupCommand(), as: "backup")
        asyncCommands.use(RestoreCommand(), as: "restore")
        asyncCommands.use(CatalogCommands.group(), as: "catalog")
    }
}
