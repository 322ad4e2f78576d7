import Vapor

/// Runs an outbox pass every `senderInterval` seconds while the application is up, and stops
/// with it. No queue library: the table is the queue (STACK-NOTES), so a restart resumes it.
final class OutboxLifecycle: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    func didBootAsync(_ application: Application) async throws { start(application) }
    func didBoot(_ application: Application) throws { start(application) }

    private func start(_ application: Application) {
        guard let interval = application.config.delivery.senderInterval, interval > 0 else { return }
        lock.withLock {
            guard task == nil else { return }
            application.logger.info("outbox: background sender every \(Int(interval)) s")
            task = Task { [application] in
                while !Task.isCancelled {
                    do {
                        let result = try await OutboxSender(app: application).runOnce()
                        if result.sent + result.failed > 0 {
                            application.logger.info("outbox: sent \(result.sent), failed \(result.failed)")
                        }
                    } catch {
                        application.logger.error("outbox pass failed: \(String(reflecting: error))")
                    }
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                }
            }
        }
    }

    func shutdownAsync(_ application: Application) async { await stop() }
    func shutdown(_ application: Application) { lock.withLock { task?.cancel(); task = nil } }

    private func stop() async {
        let running = lock.withLock { () -> Task<Void, Never>? in
            let current = task
            task = nil
            return current
        }
        running?.cancel()
        // Wait for a pass in flight to record its outcome before the database goes away.
        await running?.value
    }
}

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
