import Fluent
import TrustlaneCore
import Vapor

/// `/api/v1/companies...`: companies, their members, invitations and audit trail.
struct CompaniesAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "companies", action: .listOwnCompanies, use: index)
        api.on(.POST, "companies", action: .createCompany, use: create)
        api.on(.GET, "companies", ":companyID", action: .viewCompany, use: show)
        api.on(.PATCH, "companies", ":companyID", action: .editCompany, use: update)
        api.on(.GET, "companies", ":companyID", "members", action: .listMembers, use: members)
        api.on(.POST, "companies", ":companyID", "invitations", action: .inviteMember, use: invite)
        api.on(.GET, "companies", ":companyID", "audit", action: .viewCompanyAudit, use: audit)
    }

    static let maxSearchLength = 100

    /// Administrators and reviewers page through every company; others see their own.
    @Sendable func index(req: Request) async throws -> Page<CompanySummaryResponse> {
        let params = QueryParameters(req)
        let per = try params.integer("per", min: 1, max: 200) ?? 50
        let page = min(try params.integer("page", min: 1) ?? 1, 100_000)
        let search = try? req.query.get(String.self, at: "q")
        // The document declares maxLength 100: a longer search is refused by name, not cut short.
        if let search, search.count > Self.maxSearchLength { throw ValidationFailure([QueryParameters.tooLong("q", max: Self.maxSearchLength)]) }
        if AccessPolicy.decide(req.actor, .listAllCompanies) == .allowed {
            let result = try await CompanyQueries(req.db).list(search: search, limit: per, offset: (page - 1) * per)
            return Page(items: result.rows.map(Self.summary), page: page, per: per, total: result.total)
        }
        // Only the person's own companies, filtered and paged by the database.
        let ids = req.auth.companies.map(\.id.rawValue)
        let result = try await CompanyQueries(req.db).list(search: search, limit: per, offset: (page - 1) * per, only: ids)
        return Page(items: result.rows.map(Self.summary), page: page, per: per, total: result.total)
    }

    static func summary(_ row: CompanyQueries.ListRow) -> CompanySummaryResponse {
        CompanySummaryResponse(id: row.id, legalName: row.legal_name, country: row.country,
                               entityTypes: (row.entity_types ?? "").split(separator: ",").map(String.init).sorted(),
                               members: row.members)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let body = try req.content.decode(CreateCompanyRequest.self)
        var errors: [FieldError] = []
        let input = body.input(into: &errors)
        let draft: CompanyDraft
        switch CompanyDraft.validate(input) {
        case .failure(let failure): throw ValidationFailure(errors + failure.errors)
        case .success(let value):
            guard errors.isEmpty else { throw ValidationFailure(errors) }
            draft = value
        }
        let company = try await CompanyService(req).create(draft, by: req.actor.userID)
        let response = try await Self.response(company, on: req.db).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/companies/\(company.companyID)")
        return response
    }

    static func response(_ company: CompanyModel, on db: any Database) async throws -> CompanyResponse {
        CompanyResponse(id: try company.requireID(), draft: try await CompanyReader.draft(of: company, on: db),
                        createdAt: company.createdAt, updatedAt: company.updatedAt)
    }

    @Sendable func show(req: Request) async throws -> CompanyResponse {
        try await Self.response(req.routeCompany(), on: req.db)
    }

    @Sendable func update(req: Request) async throws -> CompanyResponse {
        let id = try req.companyID()
        let body = try req.content.decode(UpdateCompanyRequest.self)
        let company = try await req.routeCompany()
        let current = CompanyResponse(id: id.rawValue, draft: try await CompanyReader.draft(of: company, on: req.db),
                                      createdAt: nil, updatedAt: nil)
        let merged = CreateCompanyRequest(legalName: body.legalName ?? current.legalName, country: body.country ?? current.country,
                                          address: body.address ?? current.address, entityTypes: body.entityTypes ?? current.entityTypes,
                                          identifiers: body.identifiers ?? current.identifiers)
        var errors: [FieldError] = []
        let input = merged.input(into: &errors)
        switch CompanyDraft.validate(input) {
        case .failure(let failure): throw ValidationFailure(errors + failure.errors)
        case .success(let draft):
            guard errors.isEmpty else { throw ValidationFailure(errors) }
            try await CompanyService(req).update(id, with: draft, by: req.actor.userID)
        }
        guard let fresh = try await CompanyModel.find(id.rawValue, on: req.db) else { throw TrustlaneError.notFound }
        return try await Self.response(fresh, on: req.db)
    }

    @Sendable func members(req: Request) async throws -> [MemberResponse] {
        try await CompanyQueries(req.db).members(of: req.companyID()).map {
            MemberResponse(userId: $0.user_id, name: $0.name, email: $0.email, role: $0.role)
        }
    }

    @Sendable func invite(req: Request) async throws -> Response {
        let id = try req.companyID()
        let body = try req.content.decode(CreateInvitationRequest.self)
        let invitation = try await CompanyMemberService(req).invite(to: id, email: body.email, role: body.role, as: req.actor)
        return try await InvitationResponse(id: invitation.id, email: invitation.email, role: invitation.role.rawValue,
                                            expiresAt: invitation.expiresAt, link: req.absoluteURL(SiteURL.invitation(invitation.token)))
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func audit(req: Request) async throws -> [AuditEntryResponse] {
        let before = try QueryParameters(req).integer("before")
        return try await AuditQueries(req.db).page(company: req.companyID(), before: before, limit: 100).map(AuditEntryResponse.init)
    }
}
