import TrustlaneCore
import Vapor

/// What every page needs besides its own data: the language, who is signed in, the company in
/// view, the CSRF token and the flash message.
struct PageContext: Sendable {
    private(set) var t: Localizer
    let user: UserModel?
    let actor: Actor
    let currentCompany: CompanySummary?
    let companies: [CompanySummary]
    let csrfToken: String
    let flash: Flash?
    let path: String
    /// Unread in-app notifications (read with the session, `AuthQuery`).
    let unreadNotifications: Int
    /// The program's numbers (due-soon days, suspension response days ...) as configured.
    let settings: ProgramSettings
    /// The evidence rules as configured (file size, types, the expiry warning window).
    let evidencePolicy: EvidencePolicy

    init(_ req: Request) {
        let auth = req.auth
        let language = Language.negotiate(accountSetting: auth.user?.language,
                                          acceptLanguage: req.headers.first(name: .acceptLanguage))
        let words = LocalizationCatalog.shared.localizer(for: language)
        t = auth.user?.timeZone.flatMap(TimeZone.init(identifier:)).map { words.with(timeZone: $0) } ?? words
        user = auth.user
        actor = auth.actor
        currentCompany = auth.currentCompany
        companies = auth.companies
        csrfToken = req.csrfToken
        flash = Flash.read(from: req)
        path = req.url.path
        unreadNotifications = req.unreadNotifications
        settings = req.application.config.programSettings
        evidencePolicy = req.application.config.evidencePolicy
    }

    /// The same page context in another language: a page worded for its reader rather than the
    /// browser (a partner's questionnaire in the language it was sent in).
    func speaking(_ language: Language) -> PageContext {
        var copy = self
        copy.t = LocalizationCatalog.shared.localizer(for: language)
        return copy
    }

    /// The hidden field every state-changing form carries.
    var csrfField: HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrfToken)\">" }

    /// A catalog's text in the reader's language (Trustlane's translation, English where none).
    func wording(_ catalogID: String) -> CatalogWording {
        CatalogTranslations.bundled.wording(catalog: catalogID, language: t.language)
    }

    func allows(_ action: Action, company: CompanyID? = nil) -> Bool {
        AccessPolicy.decide(actor, action, company: company) == .allowed
    }
}

/// A one-time message shown on the next page, carried in a short-lived cookie.
struct Flash: Codable, Sendable {
    enum Kind: String, Codable, Sendable { case success, error, info }
    let kind: Kind
    let key: String
    var arguments: [String: String] = [:]

    static let cookieName = "tl_flash"

    static func read(from req: Request) -> Flash? {
        guard let raw = req.requestCookies[cookieName]?.string, raw.count < 2000,
              let data = Data(base64Encoded: raw) else { return nil }
        return try? JSONDecoder().decode(Flash.self, from: data)
    }
}

extension Response {
    /// Shows `flash` on the next page the browser opens.
    func flash(_ kind: Flash.Kind, _ key: String, _ arguments: [String: String] = [:], secure: Bool) {
        let data = (try? JSONEncoder().encode(Flash(kind: kind, key: key, arguments: arguments))) ?? Data()
        cookies[Flash.cookieName] = HTTPCookies.Value(string: data.base64EncodedString(), maxAge: 60, path: "/",
                                                      isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Clears a flash once a page has shown it.
struct FlashMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        // The cookie first: parsing the response's Content-Type (Vapor's media-type directives)
        // showed in the profile of every page, and most requests carry no flash.
        guard request.method == .GET, request.requestCookies[Flash.cookieName] != nil else { return response }
        if response.cookies[Flash.cookieName] == nil, response.headers.contentType == .html {
            response.cookies[Flash.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0),
                                                                   maxAge: 0, path: "/", isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
