import Fluent
import TrustlaneCore
import Vapor

/// The company's status verification page (links, monitoring requests both ways), the partner's
/// view of a monitored member, and the public page behind a verification link.
struct VerificationController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "verify", ":token", action: .openVerificationLink, use: openLink)
        routes.on(.GET, "companies", ":companyID", "verification", action: .manageStatusVerification, use: show)
        routes.on(.POST, "companies", ":companyID", "verification", "links", action: .manageStatusVerification, use: issueLink)
        routes.on(.POST, "companies", ":companyID", "verification", "links", ":linkID", "revoke", action: .manageStatusVerification, use: revokeLink)
        routes.on(.POST, "companies", ":companyID", "verification", "monitoring", action: .manageStatusVerification, use: requestMonitoring)
        routes.on(.POST, "companies", ":companyID", "verification", "monitoring", ":connectionID", ":decision",
                  action: .manageStatusVerification, use: decide)
        routes.on(.GET, "companies", ":companyID", "verification", "monitored", ":memberID", action: .manageStatusVerification, use: monitored)
    }

    /// Everything the verification page shows.
    struct PageModel: Sendable {
        let company: CompanyID
        let companyName: String
        let memberships: [MembershipApplication]
        let links: [VerificationLink]
        let incoming: [MonitoringConnection]
        let outgoing: [MonitoringConnection]
        let names: [CompanyID: String]
        let search: String?
        let candidates: [VerificationStore.Candidate]
        var issuedToken: (link: VerificationLink, url: String)?
    }

    static func model(_ req: Request, search: String? = nil) async throws -> PageModel {
        let company = try req.companyID()
        let service = StatusVerificationService(req)
        guard let name = try await service.companyName(company) else { throw TrustlaneError.notFound }
        let store = VerificationStore(req.db)
        let incoming = try await store.connections(member: company)
        let outgoing = try await store.connections(partner: company)
        let names = try await service.names(Set(incoming.map(\.partnerCompanyID) + outgoing.map(\.memberCompanyID)))
        let trimmed = search.map { String($0.trimmingCharacters(in: .whitespaces).prefix(100)) }
        let candidates = trimmed ?? ""
        return PageModel(company: company, companyName: name, memberships: try await service.memberships(of: company),
                         links: try await store.links(company: company), incoming: incoming, outgoing: outgoing, names: names,
                         search: trimmed,
                         candidates: candidates.isEmpty ? [] : try await store.certifiedCompanies(named: candidates, excluding: company))
    }

    @Sendable func show(req: Request) async throws -> HTML {
        let search = try? req.query.get(String.self, at: "q")
        return VerificationViews.page(PageContext(req), try await Self.model(req, search: search))
    }

    @Sendable func issueLink(req: Request) async throws -> HTML {
        let company = try req.companyID()
        struct Form: Content { var entity_type: String? }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        guard let raw = form.entity_type, let type = EntityType(code: raw) else {
            throw ValidationFailure([FieldError(field: "entity_type", messageKey: "verification.error.entity_type", message: "Choose the membership (entity type) the link confirms")])
        }
        let actor = try StatusVerificationService.actor(req.actor, in: company)
        let issued = try await StatusVerificationService(req).issueLink(company: company, entityType: type, by: actor)
        var model = try await Self.model(req)
        model.issuedToken = (issued.link, req.absoluteURL(SiteURL.verifyLink(issued.token)))
        return VerificationViews.page(PageContext(req), model)
    }

    @Sendable func revokeLink(req: Request) async throws -> Response {
        let company = try req.companyID()
        guard let raw = req.parameters.get("linkID"), let id = VerificationLinkID(string: raw) else { throw TrustlaneError.notFound }
        let actor = try StatusVerificationService.actor(req.actor, in: company)
        try await StatusVerificationService(req).revokeLink(company: company, id: id, by: actor)
        return redirect(req, to: SiteURL.companyVerification(company) + "#links", flash: "verification.link_revoked")
    }

    @Sendable func requestMonitoring(req: Request) async throws -> Response {
        let company = try req.companyID()
        struct Form: Content { var member_company_id: String?; var q: String? }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        if let raw = form.member_company_id?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard let member = CompanyID(string: raw) else {
                throw ValidationFailure([FieldError(field: "member_company_id", messageKey: "monitoring.error.unknown_company", message: "No company with this id")])
            }
            let actor = try StatusVerificationService.actor(req.actor, in: company)
            _ = try await StatusVerificationService(req).requestMonitoring(partner: company, member: member, by: actor)
            return redirect(req, to: SiteURL.companyVerification(company) + "#monitored", flash: "monitoring.requested")
        }
        guard let search = form.q?.trimmingCharacters(in: .whitespaces), !search.isEmpty else {
            throw ValidationFailure([FieldError(field: "q", messageKey: "monitoring.error.search", message: "Give a company id or part of its legal name")])
        }
        if let member = CompanyID(string: search) {
            let actor = try StatusVerificationService.actor(req.actor, in: company)
            _ = try await StatusVerificationService(req).requestMonitoring(partner: company, member: member, by: actor)
            return redirect(req, to: SiteURL.companyVerification(company) + "#monitored", flash: "monitoring.requested")
        }
        let query = search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return req.redirect(to: SiteURL.companyVerification(company) + "?q=\(query)#request-monitoring")
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let company = try req.companyID()
        guard let raw = req.parameters.get("connectionID"), let id = MonitoringConnectionID(string: raw),
              let decision = StatusVerificationService.Decision(rawValue: req.parameters.get("decision") ?? "") else { throw TrustlaneError.notFound }
        let actor = try StatusVerificationService.actor(req.actor, in: company)
        let result = try await StatusVerificationService(req).decide(company: company, connection: id, decision, by: actor)
        return redirect(req, to: SiteURL.companyVerification(company) + "#monitoring", flash: "monitoring_status.\(result.status.rawValue)")
    }

    @Sendable func monitored(req: Request) async throws -> HTML {
        let company = try req.companyID()
        guard let raw = req.parameters.get("memberID"), let member = CompanyID(string: raw),
              let views = try await StatusVerificationService(req).partnerViews(partner: company, member: member) else {
            throw TrustlaneError.notFound
        }
        return VerificationViews.partner(PageContext(req), company: company, views: views)
    }

    @Sendable func openLink(req: Request) async throws -> HTML {
        guard let token = req.parameters.get("token"), let view = try await StatusVerificationService(req).linkView(token: token) else {
            throw TrustlaneError.notFound
        }
        return VerificationViews.link(PageContext(req), view)
    }

    private func redirect(_ req: Request, to path: String, flash key: String) -> Response {
        req.redirect(to: path, flash: key)
    }
}
