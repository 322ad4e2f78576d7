import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import TrustlaneCore
import Vapor

extension DatabaseID {
    /// The SQLite connections the write gate writes through (a file database only).
    static let sqliteWriter = DatabaseID(string: "sqlite-writer")
}

/// Builds the application: database, migrations, middleware, routes, commands. `main` and every
/// test call this one function.
public func configure(_ app: Application, config given: AppConfig) async throws {
    var config = given
    // A SQLite file with no audit key given: the key file beside the data, made on first run.
    if config.audit.key == nil, case .sqliteFile = config.database, config.command.opensDatabase {
        try config.audit.loadOrGenerate(dataDirectory: config.dataDirectory)
    }
    app.config = config
    if config.publicURL == nil {
        app.logger.notice("TRUSTLANE_PUBLIC_URL is not set: invitation and verification links are shown as paths. Set it to the address people use to reach Trustlane (for example https://trustlane.example.com).")
    }
    _ = MetricsRegistry.shared

    switch config.database {
    case .sqliteMemory:
        app.databases.use(.timed(.sqlite(.memory, sqlLogLevel: .debug)), as: .sqlite)
    case .sqliteFile(let path):
        if config.command.opensDatabase {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // Registering opens nothing: the file is created at the first connection.
        app.databases.use(.timed(.sqlite(.file(path), maxConnectionsPerEventLoop: config.sqliteReadersPerLoop, sqlLogLevel: .debug)), as: .sqlite)
        // A second connection to the same file, for the write gate only, on a thread of its own.
        let thread = WriterThread()
        let writerDatabases = Databases(threadPool: thread.pool, on: thread.group)
        writerDatabases.use(.timed(.sqlite(.file(path), sqlLogLevel: .debug)), as: .sqliteWriter, isDefault: false)
        app.lifecycle.use(WriterShutdown(databases: writerDatabases, thread: thread))
        app.writeGate = WriteGate(writer: { db in writerDatabases.database(.sqliteWriter, logger: db.logger, on: thread.loop) ?? db },
                                  executor: thread, auditHead: AuditHead(), auditKey: config.audit.key)
    case .postgres(let url):
        app.databases.use(.timed(try .postgres(url: url, maxConnectionsPerEventLoop: 4, sqlLogLevel: .debug)), as: .psql)
    }
    if case .postgres = config.database { app.writeGate = WriteGate(auditKey: config.audit.key, announcesChanges: true) }
    if case .sqliteMemory = config.database { app.writeGate = WriteGate(auditKey: config.audit.key) }
    if case .postgres(let url) = config.database, config.command.startsBackgroundWork {
        // Other processes on the same database announce their changes; this one listens.
        app.lifecycle.use(try ClusterListener(url: url))
    }

    if case .sqliteFile = config.database, config.command.opensDatabase, let sql = app.db as? any SQLDatabase {
        // Write-ahead logging: readers never wait for the writer; committed writes survive a crash.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }

    TrustlaneMigrations.register(on: app.migrations)
    app.screeningIndexes = ScreeningIndexCache()
    app.authCache = AuthCache(generation: app.writeGate.accessGeneration, lifetimeSeconds: config.authCacheSeconds)
    if config.command.opensDatabase { app.lifecycle.use(TokenUseFlusher()) }

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.withoutEscapingSlashes]
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)

    // Listen address from the configuration; `serve --hostname/--port` still win.
    if let host = config.host { app.http.server.configuration.hostname = host }
    if let port = config.port { app.http.server.configuration.port = port }
    app.routes.defaultMaxBodySize = "1mb"
    // Outgoing calls (webhooks) never follow redirects: a checked public address must not be
    // able to bounce a delivery to an internal one.
    app.http.client.configuration.redirectConfiguration = .disallow
    app.http.server.configuration.serverName = nil

    // Outermost first: headers on everything, errors turned into pages, 405 for a known API path
    // asked with another method, then who is asking (the stylesheet is a route: embedded, no files),
    // CSRF, flash clean-up, and finally each route's access rule.
    app.middleware = Middlewares()
    app.middleware.use(ServerTimingMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(MethodNotAllowedMiddleware())
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(FlashMiddleware())
    app.middleware.use(AccessGuard())

    try routes(app)

    app.registerCommands()
    app.asyncCommands.use(ClocksRunCommand.group(), as: "clocks")
    app.asyncCommands.use(OutboxSendCommand.group(), as: "outbox")
    // The background loops run with the server only: a one-shot command (or `--help`) that
    // booted them would send mail and move clocks as a side effect.
    if config.command.startsBackgroundWork {
        app.lifecycle.use(BackgroundJob.clockPass())
        app.lifecycle.use(BackgroundJob.outboxSender())
        app.lifecycle.use(BackgroundJob.tokenUses())
        app.lifecycle.use(BackgroundJob.screeningRuns())
        app.lifecycle.use(BackgroundJob.auditCheckpoints())
        app.backgroundLoops = ["clock pass", "outbox sender", "token use", "screening pass", "audit checkpoints"]
        if config.backupInterval > 0 {
            app.lifecycle.use(BackgroundJob.scheduledBackup())
            app.backgroundLoops.append("scheduled backup")
        }
    }

    if let objectStore = config.evidenceObjectStore {
        let store = S3EvidenceStore(settings: objectStore, client: app.client, logger: app.logger)
        app.evidenceStore = store
        if config.command.startsBackgroundWork {
            // A wrong address, bucket or key is reported at start-up, not at the first upload.
            do { try await store.checkReachable() } catch { app.logger.error("\(error)") }
            if let backups = BackupBucket(app: app), backups.bucket.settings.bucket != objectStore.bucket {
                do { try await backups.bucket.checkReachable() } catch { app.logger.error("backups: \(error)") }
            }
        }
    }

    app.setCatalogs(CatalogRegistry(bundled: BundledCatalogStore.shared))
    guard config.command.opensDatabase else { return }
    if config.migrateOnStart {
        try await MigrationLock.holding(app) {
            try await app.autoMigrate()
            try await CatalogImporter(app: app).loadImported()
            // Profiles from before the stored counts (issue 14's portfolio), counted once.
            let counted = try await ProfileProgressCounters.backfill(app: app)
            if counted > 0 { app.logger.notice("Counted the answers of \(counted) security profiles for the portfolio.") }
            try await AuditKeyCheck.atStart(app)
            try await StoredSecrets.sealPlain(app)
        }
    }
    if config.loadDemoData {
        try await DemoData(app: app).load(printTo: app.logger)
    }
}

extension Application {
    private struct BackgroundLoopsKey: StorageKey { typealias Value = [String] }

    /// The background loops registered with the lifecycle (for tests and logs): empty unless serving.
    var backgroundLoops: [String] {
        get { storage[BackgroundLoopsKey.self] ?? [] }
        set { storage[BackgroundLoopsKey.self] = newValue }
    }
}
