import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import TrustlaneCore
import Vapor

/// Builds the application: database, migrations, middleware, routes, commands. `main` and every
/// test call this one function.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    _ = MetricsRegistry.shared

    switch config.database {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: .debug), as: .sqlite)
    case .sqliteFile(let path):
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case .postgres(let url):
        app.databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 4, sqlLogLevel: .debug), as: .psql)
    }

    if case .sqliteFile = config.database, let sql = app.db as? any SQLDatabase {
        // Write-ahead logging: readers never wait for the writer; committed writes survive a crash.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }

    TrustlaneMigrations.register(on: app.migrations)

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.withoutEscapingSlashes]
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)

    // Listen address from the environment; `serve --hostname/--port` still win.
    let env = ProcessInfo.processInfo.environment
    if let host = env["TRUSTLANE_HOST"], !host.isEmpty { app.http.server.configuration.hostname = host }
    if let raw = env["TRUSTLANE_PORT"], !raw.isEmpty {
        guard let port = Int(raw), (1...65535).contains(port) else { throw ConfigError.invalid("TRUSTLANE_PORT must be a port number from 1 to 65535") }
        app.http.server.configuration.port = port
    }
    app.routes.defaultMaxBodySize = "1mb"
    // Outgoing calls (webhooks) never follow redirects: a checked public address must not be
    // able to bounce a delivery to an internal one.
    app.http.client.configuration.redirectConfiguration = .disallow
    app.http.server.configuration.serverName = nil

    // Outermost first: headers on everything, errors turned into pages, 405 for a known API path
    // asked with another method, then who is asking,
    // CSRF, flash clean-up, and finally each route's access rule.
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(MethodNotAllowedMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: nil))
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(FlashMiddleware())
    app.middleware.use(UnreadNotificationsMiddleware())
    app.middleware.use(AccessGuard())

    try routes(app)

    app.registerCommands()
    app.asyncCommands.use(ClocksRunCommand.group(), as: "clocks")
    app.lifecycle.use(ClockPassLifecycle())
    app.asyncCommands.use(OutboxSendCommand.group(), as: "outbox")
    app.lifecycle.use(OutboxLifecycle())

    app.setCatalogs(CatalogRegistry(bundled: BundledCatalogStore.shared))
    if config.migrateOnStart {
        try await app.autoMigrate()
        try await CatalogImporter(app: app).loadImported()
    }
    if config.loadDemoData {
        try await DemoData(app: app).load(printTo: app.logger)
    }
}
