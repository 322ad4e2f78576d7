import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// `/api/v1/me`, `/api/v1/users` and the platform audit trail.
struct AccountAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "me", action: .viewOwnAccount, use: me)
        api.on(.GET, "users", action: .listUsers, use: users)
        api.on(.PUT, "users", ":userID", "roles", ":role", action: .grantPlatformRole, use: grant)
        api.on(.DELETE, "users", ":userID", "roles", ":role", action: .grantPlatformRole, use: withdraw)
        api.on(.GET, "audit", action: .viewPlatformAudit, use: audit)
    }

    @Sendable func me(req: Request) async throws -> MeResponse {
        let user = try req.requireUser()
        return MeResponse(id: try user.requireID(), email: user.email, name: user.name, language: user.language,
                          platformRoles: PlatformRole.allCases.filter(user.platformRoles.contains).map(\.rawValue),
                          companies: req.auth.companies.map { .init(companyId: $0.id.rawValue, companyName: $0.name, role: $0.role.rawValue) })
    }

    @Sendable func users(req: Request) async throws -> [UserResponse] {
        try await UserModel.query(on: req.db).sort(\.$email).limit(500).all().map {
            UserResponse(id: $0.id!, email: $0.email, name: $0.name,
                         platformRoles: PlatformRole.allCases.filter($0.platformRoles.contains).map(\.rawValue))
        }
    }

    func setRole(_ req: Request, granted: Bool) async throws -> UserResponse {
        guard let userID = req.parameters.get("userID").flatMap(UserID.init(string:)) else { throw TrustlaneError.notFound }
        guard let role = req.parameters.get("role").flatMap(PlatformRole.init(rawValue:)) else {
            throw ValidationFailure([FieldError(field: "role", messageKey: "error.invalid_platform_role",
                                                message: "role must be administrator, reviewer or consultant")])
        }
        try await CompanyMemberService(req).setPlatformRole(role, granted: granted, for: userID, by: req.actor.userID)
        guard let user = try await UserModel.find(userID.rawValue, on: req.db) else { throw TrustlaneError.notFound }
        return UserResponse(id: user.id!, email: user.email, name: user.name,
                            platformRoles: PlatformRole.allCases.filter(user.platformRoles.contains).map(\.rawValue))
    }

    @Sendable func grant(req: Request) async throws -> UserResponse { try await setRole(req, granted: true) }
    @Sendable func withdraw(req: Request) async throws -> UserResponse { try await setRole(req, granted: false) }

    @Sendable func audit(req: Request) async throws -> [AuditEntryResponse] {
        let before = try QueryParameters(req).integer("before")
        return try await AuditQueries(req.db).page(company: nil, before: before, limit: 100).map(AuditEntryResponse.init)
    }
}
