import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import TrustlaneApp
import TrustlaneCore
import Vapor

/// One bench client: an AsyncHTTPClient whose pool holds a single keep-alive connection, so N
/// clients are N connections in parallel. (One shared pool sized N does not do that: a request
/// takes whichever connection is idle first, so with fast answers a few connections serve all N
/// and the rest of the requests queue inside the client, which the latency would then include.)
/// It lives apart from any `Application`: the server it measures is usually another process.
/// Bodies are read to the end, so a sample is the time to the last byte, as a script sees it.
struct BenchClient: Sendable {
    let http: HTTPClient
    let base: String
    /// The `Server-Timing` of the last answer, taken by the load runner after each request (a
    /// client sends one request at a time).
    private let lastSplit = NIOLockedValueBox<ServerSplit?>(nil)

    struct Cookies: Sendable { var values: [String: String] = [:] }

    /// What the bench looks at in an answer.
    struct Reply: Sendable {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    init(base: String) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: .seconds(10), read: .seconds(120)))
        // The connection stays open between operations, so a level's first warm-up opens it once.
        configuration.connectionPool = .init(idleTimeout: .seconds(600), concurrentHTTP1ConnectionsPerHostSoftLimit: 1)
        // A connection that cannot be made fails its request at once (an error in the table)
        // instead of being retried until the connect timeout: on loopback a refusal means the
        // server is gone, and retries would stretch a run against a dead server to hours.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.base = base
    }

    /// The server's own account of the last answer, once.
    func takeServerSplit() -> ServerSplit? {
        lastSplit.withLockedValue { last in defer { last = nil }; return last }
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await http.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 64 << 20)
        let split = response.headers.first(name: "server-timing").map(ServerSplit.init(header:))
        lastSplit.withLockedValue { $0 = split }
        return Reply(status: response.status, headers: response.headers, body: body)
    }

    func get(_ path: String, cookies: Cookies? = nil, bearer: String? = nil) async throws -> Reply {
        var headers = HTTPHeaders()
        if let cookies { headers.add(name: .cookie, value: cookies.header) }
        if let bearer { headers.bearerAuthorization = .init(token: bearer) }
        return try await send(.GET, path, headers: headers)
    }

    func send(_ method: HTTPMethod, _ path: String, bearer: String, json: String) async throws -> Reply {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: bearer)
        headers.contentType = .json
        return try await send(method, path, headers: headers, body: json)
    }

    func post(_ path: String, cookies: Cookies, form: [(String, String)]) async throws -> Reply {
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookies.header)
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: Self.formBody(form))
    }

    func signIn(email: String, password: String) async throws -> Cookies {
        var cookies = Cookies()
        let page = try await get("/sign-in")
        for (name, value) in page.headers.setCookie?.all ?? [:] { cookies.values[name] = value.string }
        let response = try await post("/sign-in", cookies: cookies, form: [("email", email), ("password", password),
                                                                         ("_csrf", cookies.values[CSRFMiddleware.cookieName] ?? "")])
        guard response.status == .seeOther else { throw BenchError("the bench could not sign in as \(email): \(response.status)") }
        for (name, value) in response.headers.setCookie?.all ?? [:] { cookies.values[name] = value.string }
        return cookies
    }

    /// One sign-in as the form posts it (a CSRF cookie of its own, as if fetched beforehand).
    func signInStatus(email: String, password: String) async throws -> HTTPStatus {
        let csrf = SecureToken.generate()
        return try await post("/sign-in", cookies: Cookies(values: [CSRFMiddleware.cookieName: csrf]),
                              form: [("email", email), ("password", password), ("_csrf", csrf)]).status
    }

    /// `application/x-www-form-urlencoded`, every byte but the unreserved ones escaped.
    static func formBody(_ fields: [(String, String)]) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text }
        return fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}

extension BenchClient.Cookies {
    var header: String { values.map { "\($0)=\($1)" }.joined(separator: "; ") }
}

/// A reason the bench cannot go on, in words the person running it can act on.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
