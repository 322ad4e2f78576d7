import Fluent
import TrustlaneCore
import Vapor

/// Company pages: the administrators' list and form, each company's page, edits and invitations.
struct CompanyController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "admin", "companies", action: .listAllCompanies, use: index)
        routes.on(.GET, "admin", "companies", "new", action: .createCompany, use: new)
        routes.on(.POST, "admin", "companies", action: .createCompany, use: create)
        routes.on(.GET, "companies", ":companyID", action: .viewCompany, use: show)
        routes.on(.GET, "companies", ":companyID", "edit", action: .editCompany, use: edit)
        routes.on(.POST, "companies", ":companyID", action: .editCompany, use: update)
        routes.on(.POST, "companies", ":companyID", "invitations", action: .inviteMember, use: invite)
        routes.on(.POST, "companies", ":companyID", "invitations", ":invitationID", "resend", action: .inviteMember, use: resendInvitation)
        routes.on(.POST, "companies", ":companyID", "invitations", ":invitationID", "revoke", action: .inviteMember, use: revokeInvitation)
    }

    /// The company form as posted. Checkboxes arrive as repeated `entity_types` fields.
    struct CompanyForm: Content {
        var legal_name: String?
        var country: String?
        var address: String?
        var entity_types: [String]?
        var ior_number: String?
        var mid: String?
        var scac: String?
        var ein: String?
        var fmc_number: String?
        var iata_code: String?
        var usdot_number: String?
        var other_identifiers: String?

        var input: CompanyDraft.Input {
            var identifiers: [CompanyIdentifierKind: String] = [:]
            identifiers[.iorNumber] = ior_number
            identifiers[.mid] = mid
            identifiers[.scac] = scac
            identifiers[.ein] = ein
            identifiers[.fmcNumber] = fmc_number
            identifiers[.iataCode] = iata_code
            identifiers[.usdotNumber] = usdot_number
            return CompanyDraft.Input(legalName: legal_name, country: country, address: address, entityTypes: entity_types ?? [],
                                      identifiers: identifiers, otherIdentifiers: other_identifiers)
        }

        var values: CompanyViews.FormValues {
            var values = CompanyViews.FormValues()
            let input = self.input
            values.legalName = legal_name
            values.country = country
            values.address = address
            values.entityTypes = Set(entity_types ?? [])
            values.identifiers = input.identifiers
            values.otherIdentifiers = other_identifiers
            return values
        }
    }

    static let pageSize = 50

    @Sendable func index(req: Request) async throws -> HTML {
        let page = max(1, min((try? req.query.get(Int.self, at: "page")) ?? 1, 100_000))
        let search = (try? req.query.get(String.self, at: "q")).map { String($0.prefix(100)) }
        let result = try await CompanyQueries(req.db).list(search: search, limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
        return CompanyViews.list(PageContext(req), .init(rows: result.rows, total: result.total, page: page,
                                                         pageSize: Self.pageSize, search: search))
    }

    @Sendable func new(req: Request) async throws -> HTML {
        let c = PageContext(req)
        return CompanyViews.form(c, values: .init(), errors: [], action: SiteURL.adminCompanies, title: c.t("company.new"))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CompanyForm.self)
        switch CompanyDraft.validate(form.input) {
        case .failure(let failure):
            let c = PageContext(req)
            return Response.html(CompanyViews.form(c, values: form.values, errors: failure.errors, action: SiteURL.adminCompanies,
                                                   title: c.t("company.new")), status: .badRequest)
        case .success(let draft):
            let company = try await CompanyService(req).create(draft, by: req.actor.userID)
            let response = req.redirect(to: SiteURL.company(company.companyID))
            response.flash(.success, "company.created", secure: req.application.config.secureCookies)
            return response
        }
    }

    func showModel(_ req: Request, _ id: CompanyID) async throws -> CompanyViews.ShowModel {
        guard let company = try await CompanyModel.find(id.rawValue, on: req.db) else { throw TrustlaneError.notFound }
        let queries = CompanyQueries(req.db)
        return CompanyViews.ShowModel(id: id, draft: try await CompanyReader.draft(of: company, on: req.db),
                                      members: try await queries.members(of: id),
                                      invitations: try await queries.pendingInvitations(of: id, now: req.now))
    }

    @Sendable func show(req: Request) async throws -> HTML {
        var model = try await showModel(req, req.companyID())
        model.home = try await CompanyHome.load(req, company: model.id, types: model.draft.entityTypes)
        return CompanyViews.show(PageContext(req), model)
    }

    @Sendable func edit(req: Request) async throws -> HTML {
        let id = try req.companyID()
        let company = try await req.routeCompany()
        let c = PageContext(req)
        let draft = try await CompanyReader.draft(of: company, on: req.db)
        return CompanyViews.form(c, values: .init(draft: draft), errors: [], action: SiteURL.company(id), title: c.t("company.edit"))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let id = try req.companyID()
        let form = try req.content.decode(CompanyForm.self)
        switch CompanyDraft.validate(form.input) {
        case .failure(let failure):
            let c = PageContext(req)
            return Response.html(CompanyViews.form(c, values: form.values, errors: failure.errors, action: SiteURL.company(id),
                                                   title: c.t("company.edit")), status: .badRequest)
        case .success(let draft):
            try await CompanyService(req).update(id, with: draft, by: req.actor.userID)
            let response = req.redirect(to: SiteURL.company(id))
            response.flash(.success, "company.updated", secure: req.application.config.secureCookies)
            return response
        }
    }

    /// A new link for a pending or expired invitation, emailed again; the old link stops working.
    @Sendable func resendInvitation(req: Request) async throws -> Response {
        let id = try req.companyID()
        guard let invitationID = req.parameters.get("invitationID").flatMap(UUID.init(uuidString:)) else { throw TrustlaneError.notFound }
        let invitation = try await CompanyMemberService(req).resend(invitationID, of: id, as: req.actor, language: PageContext(req).t.language)
        var model = try await showModel(req, id)
        model.newInvitationLink = req.absoluteURL(SiteURL.invitation(invitation.token))
        return try await CompanyViews.show(PageContext(req), model).encodeResponse(for: req)
    }

    /// Withdraws an invitation, after a confirmation naming the address.
    @Sendable func revokeInvitation(req: Request) async throws -> Response {
        let id = try req.companyID()
        guard let invitationID = req.parameters.get("invitationID").flatMap(UUID.init(uuidString:)) else { throw TrustlaneError.notFound }
        let service = CompanyMemberService(req)
        struct Confirm: Content { var confirm: String? }
        if (try? req.content.decode(Confirm.self))?.confirm != "yes" {
            let invitation = try await service.pendingInvitation(invitationID, of: id)
            let c = PageContext(req)
            return try await ConfirmView.page(c, title: c.t("company.confirm_revoke_invitation", ["email": invitation.email]),
                                              detail: invitation.email, hint: c.t("company.confirm_revoke_invitation_hint"),
                                              action: SiteURL.companyInvitation(id, invitationID) + "/revoke", fields: [],
                                              confirmLabel: c.t("company.invitation_revoke"), cancel: SiteURL.company(id)).encodeResponse(for: req)
        }
        try await service.revoke(invitationID, of: id, as: req.actor)
        let response = req.redirect(to: SiteURL.company(id))
        response.flash(.success, "company.invitation_revoked", secure: req.application.config.secureCookies)
        return response
    }

    struct InviteForm: Content {
        var email: String?
        var role: String?
    }

    @Sendable func invite(req: Request) async throws -> Response {
        let id = try req.companyID()
        let form = try req.content.decode(InviteForm.self)
        var model = try await showModel(req, id)
        do {
            let invitation = try await CompanyMemberService(req).invite(to: id, email: form.email, role: form.role, as: req.actor,
                                                                       language: PageContext(req).t.language)
            model = try await showModel(req, id)
            model.newInvitationLink = req.absoluteURL(SiteURL.invitation(invitation.token))
            return try await CompanyViews.show(PageContext(req), model).encodeResponse(for: req)
        } catch let failure as ValidationFailure {
            model.inviteErrors = failure.errors
            model.inviteEmail = form.email
            model.inviteRole = form.role
            return Response.html(CompanyViews.show(PageContext(req), model), status: .badRequest)
        }
    }
}

extension Request {
    /// A link to a path for people to pass on: absolute from the configured public URL
    /// (`TRUSTLANE_PUBLIC_URL`), else the path alone. Never built from the request's `Host`
    /// header, which whoever sends the request controls.
    func absoluteURL(_ path: String) -> String {
        if let base = application.config.publicURL, !base.isEmpty {
            return base.hasSuffix("/") ? String(base.dropLast()) + path : base + path
        }
        return path
    }
}
