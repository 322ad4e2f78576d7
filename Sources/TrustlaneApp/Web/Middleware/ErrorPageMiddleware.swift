import TrustlaneCore
import Vapor

/// Turns every error into a page (web) or a JSON body (API) a person can act on; never a
/// stack trace. Unexpected errors are logged with the request id and shown as a plain 500.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, on: request)
        }
    }

    struct APIError: Content {
        struct Body: Content {
            let status: Int
            let reason: String
            let fields: [FieldError]?
        }
        let error: Body
    }

    static func response(for error: any Error, on request: Request) -> Response {
        let status: HTTPResponseStatus
        var reason: String
        var key: String?
        var arguments: [String: String] = [:]
        var fields: [FieldError]?
        switch error {
        case let failure as ValidationFailure:
            status = .badRequest
            reason = failure.reason
            fields = failure.errors
            key = "error.invalid_input"
        case let error as TrustlaneError:
            status = error.status
            reason = error.message
            key = error.key
            arguments = error.arguments
        case let error as DecodingError:
            status = .badRequest
            reason = Self.describe(error)
        case let abort as any AbortError:
            status = abort.status
            reason = status == .internalServerError ? "Something went wrong on our side" : abort.reason
            if status == .notFound { key = "error.not_found" }
        default:
            status = .internalServerError
            reason = "Something went wrong on our side"
        }
        if status.code >= 500 {
            request.logger.error("\(String(reflecting: error))")
        } else {
            request.logger.debug("\(status.code) \(reason)")
        }
        if request.isAPI || request.headers.accept.mediaTypes.first == .json && !request.headers.accept.contains(where: { $0.mediaType == .html }) {
            let response = Response(status: status)
            try? response.content.encode(APIError(error: .init(status: Int(status.code), reason: reason, fields: fields)))
            if status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
            return response
        }
        let context = PageContext(request)
        let message = key.map { context.t($0, arguments) } ?? (status.code >= 500 ? context.t("error.server") : reason)
        // A refused form (invalid input, an expired CSRF token) shows what was typed and the way back.
        let refusedForm = status == .badRequest || status == .forbidden || status == .unprocessableEntity
        let page = ErrorView.render(context, status: status, message: message, fields: fields,
                                    kept: refusedForm ? ErrorView.keptInput(request) : [], back: refusedForm ? ErrorView.back(request) : nil)
        return Response.html(page, status: status)
    }

    /// Names the field a decoding error is about.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let joined = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "body" : joined
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "\(parent == "body" ? key.stringValue : parent + "." + key.stringValue) is required"
        case .typeMismatch(let type, let context):
            return "\(path(context)) has the wrong type (expected \(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context)) must not be null (expected \(type))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "The body is not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "The body could not be read"
        }
    }
}
