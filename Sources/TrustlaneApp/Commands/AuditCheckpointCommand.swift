import Foundation
import TrustlaneCore
import Vapor

/// `trustlane audit checkpoint [--out FILE]`: signs the chain's count and newest hash now and
/// writes the checkpoint (to FILE, or the standard output). Keep it where the server cannot
/// change it; `trustlane audit verify --checkpoint FILE` checks the chain against it later.
struct AuditCheckpointCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "out", help: "Write the checkpoint to this file instead of the standard output")
        var out: String?
    }

    var help: String { "Writes a signed checkpoint of the audit chain (count and newest hash)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let checkpoint = try await AuditCheckpoints(app: context.application).make(source: "command")
        guard let path = signature.out else {
            context.console.output(checkpoint.fileText.trimmingCharacters(in: .newlines), style: .plain)
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(checkpoint.fileText.utf8)) else {
            throw AuditVerifyCommand.CheckpointRefused("\(path) cannot be written")
        }
        context.console.print("Checkpoint written to \(path): \(checkpoint.count) entries, newest hash \(checkpoint.head).")
        context.console.print("Its signature is checked with the public key \(checkpoint.publicKey) (audit key \(checkpoint.keyID)).")
    }
}
