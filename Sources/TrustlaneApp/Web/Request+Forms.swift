import Vapor

/// The page kit's form helpers, shared by every feature's page controllers.
extension Request {
    /// The posted form's fields by name (the last value of a repeated one); empty when the body
    /// is not a form.
    func formFields() -> [String: String] {
        (try? content.decode([String: String].self)) ?? [:]
    }

    /// A redirect after a successful form, with a success message for the next page.
    func redirect(to path: String, flash key: String) -> Response {
        let response = redirect(to: path)
        response.flash(.success, key, secure: application.config.secureCookies)
        return response
    }
}
