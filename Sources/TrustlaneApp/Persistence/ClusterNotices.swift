import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresKit
import SQLKit
import Vapor

/// Several `trustlane serve` processes on one PostgreSQL (issue 18) keep a little in memory: the
/// credentials resolved a moment ago (`AuthCache`) and the imported criteria catalogs. A change
/// made through one process is announced to the others with PostgreSQL's `NOTIFY`, sent inside
/// the change's own transaction (so it is delivered when, and only if, the change commits), and
/// each process listens on one connection of its own (`ClusterListener`). SQLite serves one
/// process: nothing is sent.
enum ClusterNotice: String, Sendable, CaseIterable {
    /// Accounts, roles, seats, sessions, tokens or company names changed: drop cached credentials.
    case access
    /// A criteria catalog was imported: register it.
    case catalogs

    static let channel = "trustlane_cluster"

    /// Announces `notice` from inside a transaction, on PostgreSQL.
    static func publish(_ notice: ClusterNotice, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_notify(\(bind: channel), \(bind: notice.rawValue))").run()
    }
}

/// Listens for other processes' notices and applies them here. While it is not listening (not
/// yet connected, or the connection dropped) cached credentials are not used at all: a change
/// made elsewhere in that time could not be heard of. Reconnects every second until shut down.
final class ClusterListener: LifecycleHandler, Sendable {
    let configuration: PostgresConnection.Configuration
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// Notices applied, for tests and the log.
    let applied = NIOLockedValueBox<Int>(0)

    init(url: String) throws {
        configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
    }

    func didBootAsync(_ app: Application) async throws { start(app) }

    func shutdownAsync(_ app: Application) async {
        let running = task.withLockedValue { task -> Task<Void, Never>? in defer { task = nil }; return task }
        running?.cancel()
        await running?.value
    }

    func start(_ app: Application) {
        let generation = app.writeGate.accessGeneration
        generation.setListening(false)
        let configuration = self.configuration
        let logger = app.logger
        let eventLoop = app.eventLoopGroup.any()
        let applied = self.applied
        let running = Task {
            var failures = 0
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 0, logger: logger).get()
                    do { try await Self.listen(connection, app: app, generation: generation, applied: applied, logger: logger, failures: &failures) } catch {
                        try? await connection.close()
                        throw error
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { break }
                    failures += 1
                    if failures == 1 { logger.warning("Not listening for other processes' changes (cached sign-ins are not used meanwhile): \(error)") }
                }
                generation.setListening(false)
                try? await Task.sleep(for: .seconds(1))
            }
        }
        task.withLockedValue { $0 = running }
    }

    private static func listen(_ connection: PostgresConnection, app: Application, generation: AccessGeneration, applied: NIOLockedValueBox<Int>,
                               logger: Logger, failures: inout Int) async throws {
        try await connection.listen(on: ClusterNotice.channel) { notices in
            // Whatever was announced while nobody listened is unknown: start afresh.
            generation.bump()
            generation.setListening(true)
            if failures > 0 { logger.notice("Listening again for other processes' changes") }
            failures = 0
            for try await notice in notices {
                await Self.apply(ClusterNotice(rawValue: notice.payload), app: app, generation: generation)
                applied.withLockedValue { $0 += 1 }
            }
        }
    }

    static func apply(_ notice: ClusterNotice?, app: Application, generation: AccessGeneration) async {
        switch notice {
        case .access?, nil:
            generation.bump()
        case .catalogs?:
            do { try await CatalogImporter(app: app).loadNew() } catch { app.logger.error("Loading a catalog imported by another process: \(error)") }
        }
    }
}
