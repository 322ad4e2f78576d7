import NIOConcurrencyHelpers
import Vapor

/// Answers 405 with an `Allow` header when an `/api/` path exists but not for the request's
/// method. Vapor's router answers 404 for both; a client (and the OpenAPI contract) needs to tell
/// "no such resource" from "not that verb". Unknown paths keep their 404, and web pages are left
/// as they are.
///
/// It only acts on Vapor's own `RouteNotFound`, after routing failed, so a handler's 404 ("not
/// yours to see") is never turned into a 405, and the table of paths below is consulted only
/// then. The table is built from the registered routes on first use.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    private let table = NIOLockedValueBox<RouteMethodTable?>(nil)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let notFound as RouteNotFound {
            guard request.route == nil, request.isAPI else { throw notFound }
            let routes = table.withLockedValue { table in
                if let table { return table }
                let built = RouteMethodTable(request.application.routes)
                table = built
                return built
            }
            let allowed = routes.methods(for: request.url.path)
            guard !allowed.isEmpty else { throw notFound }
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            let response = ErrorPageMiddleware.response(
                for: Abort(.methodNotAllowed, reason: "\(request.method.rawValue) is not allowed here; use one of \(list)"), on: request)
            response.headers.replaceOrAdd(name: .allow, value: list)
            return response
        }
    }
}

/// Which methods each registered path answers, routed exactly as Vapor routes (the method as the
/// first path component, empty constants dropped), so parameters and precedence match.
final class RouteMethodTable: @unchecked Sendable {
    // Built once in `init` and only read afterwards (`route` does not mutate the trie).
    private let router: TrieRouter<Bool>
    private let registered: [HTTPMethod]

    init(_ routes: Routes) {
        let router = TrieRouter(Bool.self, options: routes.caseInsensitive ? [.caseInsensitive] : [])
        var methods: [HTTPMethod] = []
        for route in routes.all {
            let path = route.path.filter { if case .constant(let text) = $0 { return !text.isEmpty } else { return true } }
            router.register(true, at: [.constant(route.method.rawValue)] + path)
            if !methods.contains(route.method) { methods.append(route.method) }
        }
        self.router = router
        registered = methods.sorted { $0.rawValue < $1.rawValue }
    }

    /// The methods a path answers, sorted; `HEAD` wherever `GET` is (Vapor answers it from GET).
    func methods(for path: String) -> [HTTPMethod] {
        let components = path.split(separator: "/").map(String.init)
        var found: [HTTPMethod] = registered.filter { method in
            var parameters = Parameters()
            return router.route(path: [method.rawValue] + components, parameters: &parameters) != nil
        }
        if found.contains(.GET), !found.contains(.HEAD) { found.append(.HEAD) }
        return found.sorted { $0.rawValue < $1.rawValue }
    }
}
