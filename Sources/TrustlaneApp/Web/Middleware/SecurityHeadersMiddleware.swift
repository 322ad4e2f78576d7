import Vapor

/// Headers that close common holes on every response, error pages included.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// No page of Trustlane needs a microphone, location, payment or the like. The camera is
    /// Trustlane's own (inspection and seal photos taken at the dock, issue 16), never a frame's.
    static let permissionsPolicy = [
        "accelerometer=()", "camera=(self)", "geolocation=()", "gyroscope=()", "magnetometer=()", "microphone=()",
        "payment=()", "usb=()", "interest-cohort=()", "browsing-topics=()",
    ].joined(separator: ", ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", Self.permissionsPolicy),
        ]
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        // Served under an https:// public address: browsers keep to HTTPS for a year.
        if request.application.config.publicURL?.lowercased().hasPrefix("https://") == true,
           !response.headers.contains(name: .strictTransportSecurity) {
            response.headers.replaceOrAdd(name: .strictTransportSecurity, value: "max-age=31536000; includeSubDomains")
        }
        if request.auth.user != nil, !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
