import FluentKit
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor

/// Where one request's time went, served as a `Server-Timing` header so an operator (or the
/// browser's network panel) can tell database time from the rest:
/// `auth` (resolving the session or token), `db` (every query, with their number), `write`
/// (gated transactions, their queries and the commit), `app` (the handler and the HTML or JSON
/// it builds: the rest) and `total`.
final class RequestTiming: Sendable {
    enum Phase: Sendable { case auth, write }

    private struct Totals {
        var auth: Duration = .zero
        var db: Duration = .zero
        var dbInTransactions: Duration = .zero
        var queries = 0
        var write: Duration = .zero
    }

    private let totals = NIOLockedValueBox(Totals())

    func add(_ phase: Phase, _ duration: Duration) {
        totals.withLockedValue { totals in
            switch phase {
            case .auth: totals.auth += duration
            case .write: totals.write += duration
            }
        }
    }

    func addQuery(_ duration: Duration, inTransaction: Bool) {
        totals.withLockedValue { totals in
            totals.db += duration
            totals.queries += 1
            if inTransaction { totals.dbInTransactions += duration }
        }
    }

    /// The header value, given the whole request's duration.
    func header(total: Duration) -> String {
        let t = totals.withLockedValue { $0 }
        // Two decimals by hand: `String(format:)` goes through the C formatter on every response.
        func ms(_ d: Duration) -> String {
            let hundredths = Int((max(0, d.milliseconds) * 100).rounded())
            let rest = hundredths % 100
            return "\(hundredths / 100).\(rest < 10 ? "0" : "")\(rest)"
        }
        // Queries inside a transaction are part of `write` already; `app` is what is left.
        let app = total - t.auth - t.write - (t.db - t.dbInTransactions)
        var parts = ["auth;dur=\(ms(t.auth))", "db;dur=\(ms(t.db));desc=\"\(t.queries) queries\""]
        if t.write > .zero { parts.append("write;dur=\(ms(t.write))") }
        parts.append("app;dur=\(ms(app))")
        parts.append("total;dur=\(ms(total))")
        return parts.joined(separator: ", ")
    }

    /// The timing of the request whose logger this is (databases are made per request with the
    /// request's logger, which carries its id).
    private static let open = NIOLockedValueBox<[String: RequestTiming]>([:])

    static func of(_ logger: Logger) -> RequestTiming? {
        guard case .string(let id)? = logger[metadataKey: "request-id"] else { return nil }
        return open.withLockedValue { $0[id] }
    }

    fileprivate static func register(_ timing: RequestTiming, id: String) { open.withLockedValue { $0[id] = timing } }
    fileprivate static func unregister(id: String) { _ = open.withLockedValue { $0.removeValue(forKey: id) } }
}

extension Request {
    /// This request's timing, while `ServerTimingMiddleware` runs it.
    var timing: RequestTiming? { RequestTiming.of(logger) }
}

/// Outermost middleware: times the request and adds `Server-Timing` to the response.
struct ServerTimingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard case .string(let id)? = request.logger[metadataKey: "request-id"] else { return try await next.respond(to: request) }
        let started = ContinuousClock.now
        let timing = RequestTiming()
        RequestTiming.register(timing, id: id)
        defer { RequestTiming.unregister(id: id) }
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Server-Timing", value: timing.header(total: ContinuousClock.now - started))
        return response
    }
}

extension DatabaseConfigurationFactory {
    /// `factory`'s databases, timed per request for `Server-Timing`. Outside a request (commands,
    /// background passes) the driver's own database is used as it is.
    static func timed(_ factory: DatabaseConfigurationFactory) -> DatabaseConfigurationFactory {
        DatabaseConfigurationFactory { TimedDatabaseConfiguration(base: factory.make()) }
    }
}

private struct TimedDatabaseConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        TimedDatabaseDriver(base: base.makeDriver(for: databases))
    }
}

private struct TimedDatabaseDriver: DatabaseDriver {
    let base: any DatabaseDriver

    func makeDatabase(with context: DatabaseContext) -> any Database {
        let database = base.makeDatabase(with: context)
        guard let timing = RequestTiming.of(context.logger), let sql = database as? any SQLDatabase else { return database }
        return TimedDatabase(base: database, sql: sql, timing: timing)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

/// Forwards everything to the driver's database and adds each query's time to the request's.
struct TimedDatabase: Database, SQLDatabase {
    let base: any Database
    let sql: any SQLDatabase
    let timing: RequestTiming

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }

    private func timed<T>(_ future: EventLoopFuture<T>, since started: ContinuousClock.Instant) -> EventLoopFuture<T> {
        let inTransaction = base.inTransaction
        return future.always { [timing] _ in timing.addQuery(ContinuousClock.now - started, inTransaction: inTransaction) }
    }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        timed(base.execute(query: query, onOutput: onOutput), since: .now)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.transaction { [timing] tx in closure(Self.wrap(tx, timing)) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection { [timing] connection in closure(Self.wrap(connection, timing)) }
    }

    private static func wrap(_ database: any Database, _ timing: RequestTiming) -> any Database {
        guard let sql = database as? any SQLDatabase else { return database }
        return TimedDatabase(base: database, sql: sql, timing: timing)
    }

    // SQLDatabase
    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        timed(sql.execute(sql: query, onRow), since: .now)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let started = ContinuousClock.now
        defer { timing.addQuery(ContinuousClock.now - started, inTransaction: base.inTransaction) }
        try await sql.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sql.withSession { [timing] session in
            guard let database = session as? any Database else { return try await closure(session) }
            return try await closure(TimedDatabase(base: database, sql: session, timing: timing))
        }
    }
}
