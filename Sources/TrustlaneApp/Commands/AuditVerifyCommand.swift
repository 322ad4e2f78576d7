import Fluent
import TrustlaneCore
import Vapor

/// `trustlane audit verify`: walks the hash chain and names the first entry that was altered or
/// removed. Exits non-zero when the chain is broken.
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Checks the audit trail's hash chain and names the first broken entry" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let result = try await AuditLog.verify(on: context.application.db)
        switch result {
        case .intact(let entries):
            context.console.print("Audit trail intact: \(entries) entries verified.")
        case .broken(let sequence, let reason):
            context.console.error("Audit trail broken at entry \(sequence): \(reason).")
            throw AuditBroken(sequence: sequence)
        }
    }

    struct AuditBroken: Error, CustomStringConvertible {
        let sequence: Int
        var description: String { "audit chain broken at entry \(sequence)" }
    }
}

extension Application {
    /// Registers the command-line tools besides `serve`.
    func registerCommands() {
        var audit = AsyncCommands()
        audit.use(AuditVerifyCommand(), as: "verify", isDefault: true)
        asyncCommands.use(audit.group(help: "Audit trail tools: verify"), as: "audit")
        asyncCommands.use(DemoCommand(), as: "demo")
        asyncCommands.use(BackupCommand(), as: "backup")
        asyncCommands.use(RestoreCommand(), as: "restore")
        asyncCommands.use(CatalogCommands.group(), as: "catalog")
    }
}
