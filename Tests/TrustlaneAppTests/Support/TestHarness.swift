import Fluent
import Foundation
import Logging
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Every app test runs inside this one serialized suite, so tests that share one PostgreSQL
/// database (CI's second leg) never overlap.
@Suite(.serialized) struct AppTests {}

/// Whether this run uses PostgreSQL (`DATABASE_URL` set) instead of in-memory SQLite.
let usingPostgres: Bool = (ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").hasPrefix("postgres")

/// A test application on a fresh database, with fast password hashing.
func withTrustlane<T>(configure adjust: (inout AppConfig) -> Void = { _ in },
                      _ body: (TestClient) async throws -> T) async throws -> T {
    TestLogging.bootstrapOnce()
    let app = try await Application.make(.testing)
    do {
        var config = AppConfig()
        config.bcryptCost = 4
        config.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-test-\(UUID())").path
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], url.hasPrefix("postgres") {
            config.database = .postgres(url: url)
            config.migrateOnStart = false
        } else {
            config.database = .sqliteMemory
        }
        adjust(&config)
        try await configure(app, config: config)
        if usingPostgres {
            let sql = app.db as! any SQLDatabase
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
            try await app.autoMigrate()
        }
        let result = try await body(TestClient(app: app))
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// Drives the application like a browser (cookies, CSRF field) or a script (bearer token).
final class TestClient: @unchecked Sendable {
    let app: Application
    init(app: Application) { self.app = app }

    var db: any Database { app.db }

    /// A browser: its cookies persist across requests.
    final class Browser: @unchecked Sendable {
        var cookies: [String: String] = [:]
        var csrf: String? { cookies[CSRFMiddleware.cookieName] }
    }

    func browser() -> Browser { Browser() }

    @discardableResult
    func get(_ path: String, as browser: Browser? = nil, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, browser: browser, headers: headers, body: nil)
    }

    /// Posts a form; the browser's CSRF token is added unless `csrf` is given (use "" for none).
    @discardableResult
    func post(_ path: String, as browser: Browser? = nil, form: [(String, String)] = [], csrf: String? = nil) async throws -> TestingHTTPResponse {
        if let browser, browser.csrf == nil { try await get("/sign-in", as: browser) }
        var fields = form
        let token = csrf ?? browser?.csrf ?? ""
        if !token.isEmpty { fields.append(("_csrf", token)) }
        let encoded = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, browser: browser, headers: headers, body: ByteBuffer(string: encoded))
    }

    /// Calls the JSON API with a bearer token.
    @discardableResult
    func api(_ method: HTTPMethod, _ path: String, token: String?, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        if json != nil { headers.contentType = .json }
        return try await send(method, path, browser: nil, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func send(_ method: HTTPMethod, _ path: String, browser: Browser?, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var headers = headers
        if let browser, !browser.cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        if let browser {
            for header in response.headers[.setCookie] {
                let pair = header.split(separator: ";", maxSplits: 1)[0]
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count >= 1 else { continue }
                let value = parts.count == 2 ? parts[1] : ""
                let expired = header.contains("Max-Age=0") || header.contains("1970")
                if expired || value.isEmpty { browser.cookies.removeValue(forKey: parts[0]) } else { browser.cookies[parts[0]] = value }
            }
        }
        return response
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    // MARK: Fixtures made through the services

    static let password = "correct horse battery staple"

    @discardableResult
    func makeUser(_ email: String, name: String = "Test Person", admin: Bool = false, reviewer: Bool = false,
                  consultant: Bool = false) async throws -> UserModel {
        let hash = try await app.passwords.hash(Self.password)
        let user = UserModel(email: email, name: name, passwordHash: hash, isAdministrator: admin, isReviewer: reviewer, isConsultant: consultant)
        try await user.create(on: db)
        return user
    }

    @discardableResult
    func makeCompany(_ name: String, country: String = "MX", types: [EntityType] = [.highwayCarrier]) async throws -> CompanyModel {
        let draft = try CompanyDraft.validate(.init(legalName: name, country: country, address: "Somewhere 1", entityTypes: types.map(\.code))).get()
        return try await CompanyService(app: app).create(draft, by: nil)
    }

    func addMember(_ user: UserModel, to company: CompanyModel, role: CompanyRole) async throws {
        try await CompanyMemberService(app: app).addMember(user.userID, to: company.companyID, role: role, by: nil)
    }

    /// Signs in through the form and returns the browser holding the session.
    func signIn(_ email: String, password: String = TestClient.password) async throws -> Browser {
        let browser = Browser()
        try await get("/sign-in", as: browser)
        let response = try await post("/sign-in", as: browser, form: [("email", email), ("password", password)])
        #expect(response.status == .seeOther, "sign-in of \(email) failed: \(response.status)")
        return browser
    }

    /// Creates an API token for a user through the service.
    func token(for user: UserModel) async throws -> String {
        try await APITokenService(app: app).create(for: user, name: "test").1
    }

    func count<M: Model>(_ model: M.Type) async throws -> Int { try await M.query(on: db).count() }

    /// The queries a page costs in the steady state: it is read once first, so the signed-in
    /// person's credentials are in `AuthCache` as they are for every request but the first.
    func pageQueries(_ path: String, as browser: Browser) async throws -> (status: HTTPStatus, queries: Int) {
        _ = try await get(path, as: browser)
        var status = HTTPStatus.ok
        let queries = try await QueryCounter.shared.measure { status = try await get(path, as: browser).status }
        return (status, queries)
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }
    var location: String? { headers.first(name: .location) }
}

/// Logging for tests: quiet, and counting the SQL statements the drivers log, so a test can
/// assert how many queries a page makes.
enum TestLogging {
    private static let once: Void = {
        LoggingSystem.bootstrap { label in CountingLogHandler(label: label) }
    }()

    static func bootstrapOnce() { _ = once }
}

final class QueryCounter: @unchecked Sendable {
    static let shared = QueryCounter()
    private let lock = NSLock()
    private var value = 0
    private var recorded: [String]?

    func increment(sql: String? = nil) {
        lock.lock()
        value += 1
        if let sql { recorded?.append(sql) }
        lock.unlock()
    }

    /// The SQL statements run while `body` ran (tests are serialized).
    func statements(_ body: () async throws -> Void) async rethrows -> [String] {
        lock.withLock { recorded = [] }
        try await body()
        return lock.withLock {
            defer { recorded = nil }
            return recorded ?? []
        }
    }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }

    /// Queries made while `body` ran (tests are serialized, so nothing else runs meanwhile).
    func measure(_ body: () async throws -> Void) async rethrows -> Int {
        let before = count
        try await body()
        return count - before
    }
}

struct CountingLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        if metadata?["sql"] != nil || message.description == "Executing query" {
            if case .string(let sql)? = metadata?["sql"] { QueryCounter.shared.increment(sql: sql) } else { QueryCounter.shared.increment() }
        }
        if level >= .error && ProcessInfo.processInfo.environment["TEST_LOGS"] != nil {
            FileHandle.standardError.write(Data("[\(level)] \(label): \(message)\n".utf8))
        }
    }
}
