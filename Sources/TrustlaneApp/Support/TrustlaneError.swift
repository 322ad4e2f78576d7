import TrustlaneCore
import Vapor

/// An error a person can act on: a status, a localization key for pages and an English message
/// for the API.
struct TrustlaneError: AbortError, Sendable {
    let status: HTTPResponseStatus
    let key: String
    let message: String
    var arguments: [String: String] = [:]

    var reason: String { message }

    static let notFound = TrustlaneError(status: .notFound, key: "error.not_found", message: "Not found")
    static let forbidden = TrustlaneError(status: .forbidden, key: "error.forbidden", message: "You are not allowed to do this")
    static let unauthenticated = TrustlaneError(status: .unauthorized, key: "error.unauthenticated", message: "Sign in first (or send a valid API token)")
    static let csrf = TrustlaneError(status: .forbidden, key: "error.csrf", message: "The form expired or came from another site; reload the page and try again")
}

extension ValidationFailure: AbortError {
    public var status: HTTPResponseStatus { .badRequest }
    public var reason: String { errors.map(\.message).joined(separator: "; ") }
}
