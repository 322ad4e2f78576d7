import TrustlaneCore
import Vapor

/// Double-submit CSRF protection: a random token in an HttpOnly, SameSite cookie must come back
/// as the `_csrf` form field (or `X-CSRF-Token` header) on every state-changing request. Web forms
/// are always checked (sign-in too); API calls are checked only when they carry the session cookie.
package struct CSRFMiddleware: AsyncMiddleware {
    package static let cookieName = "tl_csrf"
    static let fieldName = "_csrf"
    /// Route user-info key: the largest body (bytes) an upload route accepts.
    static let maxBodyKey = "trustlane.maxBody"

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = (request.requestCookies[Self.cookieName]?.string).flatMap { $0.count == 43 ? $0 : nil }
        let token = existing ?? SecureToken.generate()
        request.csrfToken = token
        let unsafe = ![.GET, .HEAD, .OPTIONS].contains(request.method)
        // Only requests that carry the session cookie can be forged; API calls with a bearer
        // token, or with no cookie at all, have no ambient authority to abuse.
        let carriesSession = request.requestCookies[SessionStore.cookieName] != nil
        let exempt = request.headers.bearerAuthorization != nil || (request.isAPI && !carriesSession)
        if unsafe && !exempt {
            guard let existing else { throw TrustlaneError.csrf }
            var sent = request.headers.first(name: "X-CSRF-Token")
            if sent == nil {
                if request.body.data == nil, let route = request.route {
                    // Upload routes declare a larger limit; every other form stays within the default.
                    let limit = route.userInfo[AnySendableHashable(Self.maxBodyKey)] as? Int ?? request.application.routes.defaultMaxBodySize.value
                    _ = try await request.body.collect(max: limit).get()
                }
                sent = try? request.content.get(String.self, at: Self.fieldName)
            }
            guard let sent, SecureToken.constantTimeEquals(sent, existing) else { throw TrustlaneError.csrf }
        }
        let response = try await next.respond(to: request)
        if existing == nil || request.rotateCSRF {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: request.csrfToken, path: "/", isSecure: request.application.config.secureCookies,
                isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }
    private struct RotateKey: StorageKey { typealias Value = Bool }

    /// The token every form on this page must carry.
    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }

    var rotateCSRF: Bool {
        get { storage[RotateKey.self] ?? false }
        set { storage[RotateKey.self] = newValue }
    }

    /// A new CSRF token, at sign-in and sign-out.
    func renewCSRFToken() {
        csrfToken = SecureToken.generate()
        rotateCSRF = true
    }
}
