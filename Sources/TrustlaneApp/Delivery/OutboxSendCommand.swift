import Vapor

/// `trustlane outbox send`: one pass, for cron or by hand.
struct OutboxSendCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Sends the due email and webhook notifications once" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let result = try await OutboxSender(app: context.application).runOnce()
        context.console.print("Outbox: \(result.sent) sent, \(result.failed) failed.")
        if result.emailWaiting { context.console.print("SMTP is not configured (TRUSTLANE_SMTP_HOST): email notifications wait.") }
    }

    static func group() -> any AnyAsyncCommand {
        var commands = AsyncCommands()
        commands.use(OutboxSendCommand(), as: "send", isDefault: true)
        return commands.group(help: "Notification outbox: send")
    }
}
