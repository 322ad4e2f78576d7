import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// Administrators' pages: people and platform roles, and the audit trail (the whole one for
/// administrators, a company's part for its officer).
struct AdminController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "admin", "users", action: .listUsers, use: users)
        routes.on(.POST, "admin", "users", ":userID", "roles", action: .grantPlatformRole, use: setRole)
        routes.on(.GET, "admin", "audit", action: .viewPlatformAudit, use: platformAudit)
        routes.on(.GET, "admin", "audit.csv", action: .viewPlatformAudit, use: platformAuditCSV)
        routes.on(.GET, "companies", ":companyID", "audit", action: .viewCompanyAudit, use: companyAudit)
        routes.on(.GET, "companies", ":companyID", "audit.csv", action: .viewCompanyAudit, use: companyAuditCSV)
    }

    @Sendable func users(req: Request) async throws -> HTML {
        let sql = req.db as! any SQLDatabase
        let rows = try await sql.select()
            .column("id").column("name").column("email").column("is_administrator").column("is_reviewer").column("is_consultant")
            .column(SQLRaw("(SELECT COUNT(*) FROM company_members m WHERE m.user_id = users.id) AS companies"))
            .from("users").orderBy("email").limit(500)
            .all(decoding: AdminViews.UserRow.self)
        return AdminViews.users(PageContext(req), rows: rows)
    }

    struct RoleForm: Content {
        var role: String?
        var granted: String?
        /// "yes" once the administrator confirmed a change of the administrator role.
        var confirm: String?
    }

    @Sendable func setRole(req: Request) async throws -> Response {
        guard let userID = req.parameters.get("userID").flatMap(UserID.init(string:)) else { throw TrustlaneError.notFound }
        let form = try req.content.decode(RoleForm.self)
        guard let role = PlatformRole(rawValue: form.role ?? ""), let granted = form.granted.flatMap(Bool.init) else {
            throw ValidationFailure([FieldError(field: "role", messageKey: "error.invalid_platform_role",
                                                message: "role must be administrator, reviewer or consultant and granted true or false")])
        }
        if role == .administrator && form.confirm != "yes" {
            // Granting or taking away the administrator role is asked again, on a page of its own.
            guard let person = try await UserModel.find(userID.rawValue, on: req.db) else { throw TrustlaneError.notFound }
            return try await AdminViews.confirmAdministrator(PageContext(req), userID: userID, name: person.name, email: person.email,
                                                              granted: granted).encodeResponse(for: req)
        }
        try await CompanyMemberService(req).setPlatformRole(role, granted: granted, for: userID, by: req.actor.userID)
        let response = req.redirect(to: SiteURL.adminUsers)
        response.flash(.success, "users.role_changed", secure: req.application.config.secureCookies)
        return response
    }

    static let auditPageSize = 100

    /// The most entries one CSV export holds; the export says so in its file name when it is cut.
    static let auditExportLimit = 50_000

    /// The filter of the query string; a date that is not a day, or a range ending before it
    /// starts, is refused by name.
    static func auditFilter(_ req: Request) -> Result<AuditFilter, FieldError> {
        let query = QueryParameters(req)
        do {
            return .success(try AuditFilter.parse(person: query.first("person"), company: query.first("company"), action: query.first("action"),
                                                  from: query.first("from"), to: query.first("to")))
        } catch {
            return .failure(FieldError(field: error.field, messageKey: "audit.error.\(error.field)", message: error.message))
        }
    }

    func auditRows(_ req: Request, company: CompanyID?, filter: AuditFilter) async throws -> ([AdminViews.AuditRow], Int?) {
        let before = try QueryParameters(req).integer("before", min: 1)
        let rows = try await AuditQueries(req.db).page(company: company, before: before, limit: Self.auditPageSize, filter: filter)
        return (rows.map(AdminViews.AuditRow.init), rows.count == Self.auditPageSize ? rows.last?.seq : nil)
    }

    func auditPage(_ req: Request, company: CompanyID?, title: String, basePath: String) async throws -> Response {
        let c = PageContext(req)
        switch Self.auditFilter(req) {
        case .failure(let problem):
            let page = AdminViews.audit(c, .init(title: title, rows: [], olderThan: nil, basePath: basePath, filter: AuditFilter(),
                                                 showCompany: company == nil, errors: [problem], sent: QueryParameters(req)))
            return Response.html(page, status: .badRequest)
        case .success(let filter):
            let (rows, older) = try await auditRows(req, company: company, filter: filter)
            return try await AdminViews.audit(c, .init(title: title, rows: rows, olderThan: older, basePath: basePath, filter: filter,
                                                       showCompany: company == nil)).encodeResponse(for: req)
        }
    }

    @Sendable func platformAudit(req: Request) async throws -> Response {
        try await auditPage(req, company: nil, title: PageContext(req).t("audit.title"), basePath: SiteURL.adminAudit)
    }

    @Sendable func companyAudit(req: Request) async throws -> Response {
        let id = try await req.routeCompany().companyID
        return try await auditPage(req, company: id, title: PageContext(req).t("audit.company_title"), basePath: SiteURL.companyAudit(id))
    }

    /// The filtered trail as CSV, newest first: every column the page shows, with the action's
    /// code beside its English name and each change as `field: before -> after`.
    func auditCSV(_ req: Request, company: CompanyID?, name: String) async throws -> Response {
        let filter: AuditFilter
        switch Self.auditFilter(req) {
        case .failure(let problem): throw ValidationFailure([problem])
        case .success(let parsed): filter = parsed
        }
        let rows = try await AuditQueries(req.db).page(company: company, before: nil, limit: Self.auditExportLimit, filter: filter)
        let english = LocalizationCatalog.shared.localizer(for: .english)
        var out = ProfileCSV.line(["sequence", "occurred_at_utc", "person", "company", "action", "action_name", "target_type", "target_id", "changes"])
        out.reserveCapacity(rows.count * 160)
        let stamp = ISO8601DateFormatter()
        for row in rows {
            let changes = row.decodedChanges.map { "\($0.field): \($0.before ?? "") -> \($0.after ?? "")" }.joined(separator: "; ")
            out += ProfileCSV.line([String(row.seq), stamp.string(from: row.occurred_at), row.actor_email ?? "", row.company_name ?? "",
                                    row.action, AdminViews.actionName(english, row.action), row.target_type, row.target_id ?? "", changes])
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let cut = rows.count == Self.auditExportLimit ? "-first-\(Self.auditExportLimit)" : ""
        headers.contentDisposition = .init(.attachment, filename: "\(name)\(cut).csv")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: out))
    }

    @Sendable func platformAuditCSV(req: Request) async throws -> Response {
        try await auditCSV(req, company: nil, name: "audit-trail")
    }

    @Sendable func companyAuditCSV(req: Request) async throws -> Response {
        let id = try await req.routeCompany().companyID
        return try await auditCSV(req, company: id, name: "audit-trail-\(id)")
    }
}
