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
        routes.on(.GET, "companies", ":companyID", "audit", action: .viewCompanyAudit, use: companyAudit)
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

    func auditRows(_ req: Request, company: CompanyID?) async throws -> ([AdminViews.AuditRow], Int?) {
        let before = (try? req.query.get(Int.self, at: "before"))
        let rows = try await AuditQueries(req.db).page(company: company, before: before, limit: Self.auditPageSize)
        let mapped = rows.map { row in
            AdminViews.AuditRow(sequence: row.seq, occurredAt: row.occurred_at, actor: row.actor_email, company: row.company_name,
                                action: row.action, target: [row.target_type, row.target_id].compactMap { $0 }.joined(separator: " "),
                                changes: row.decodedChanges)
        }
        return (mapped, rows.count == Self.auditPageSize ? rows.last?.seq : nil)
    }

    @Sendable func platformAudit(req: Request) async throws -> HTML {
        let (rows, older) = try await auditRows(req, company: nil)
        let c = PageContext(req)
        return AdminViews.audit(c, title: c.t("audit.title"), rows: rows, olderThan: older, basePath: SiteURL.adminAudit)
    }

    @Sendable func companyAudit(req: Request) async throws -> HTML {
        let id = try await req.routeCompany().companyID
        let (rows, older) = try await auditRows(req, company: id)
        let c = PageContext(req)
        return AdminViews.audit(c, title: c.t("audit.company_title"), rows: rows, olderThan: older, basePath: SiteURL.companyAudit(id))
    }
}
