import Fluent
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/verification/...`: the same status verification as the pages.
struct VerificationAPIController {
    func register(_ api: any RoutesBuilder) {
        let base = api.grouped("companies", ":companyID", "verification")
        base.on(.GET, action: .manageStatusVerification, use: overview)
        base.on(.POST, "links", action: .manageStatusVerification, use: issueLink)
        base.on(.POST, "links", ":linkID", "revoke", action: .manageStatusVerification, use: revokeLink)
        base.on(.POST, "monitoring", action: .manageStatusVerification, use: requestMonitoring)
        base.on(.POST, "monitoring", ":connectionID", ":decision", action: .manageStatusVerification, use: decide)
        base.on(.GET, "monitored", ":memberCompanyID", action: .manageStatusVerification, use: monitored)
    }

    struct StandingDTO: Content {
        let entityType: String
        let status: String
        let tier: String?
    }

    struct LinkDTO: Content {
        let id: UUID
        let createdAt: Date
        let expiresAt: Date?
        let revokedAt: Date?
        let active: Bool
    }

    struct IssuedLinkResponse: Content {
        let id: UUID
        let token: String
        let url: String
        let expiresAt: Date?
    }

    struct ConnectionDTO: Content {
        let id: UUID
        let partnerCompanyId: UUID
        let memberCompanyId: UUID
        let status: String
        let requestedAt: Date
        let decidedAt: Date?
    }

    struct OverviewResponse: Content {
        let standing: [StandingDTO]
        let links: [LinkDTO]
        let incoming: [ConnectionDTO]
        let outgoing: [ConnectionDTO]
    }

    struct PartnerStatusDTO: Content {
        let companyName: String
        let entityType: String
        let status: String
        let tier: String?
        let statusDate: String?
    }

    struct IssueLinkRequest: Content { let entityType: String? }
    struct RequestMonitoringRequest: Content { let memberCompanyId: String? }

    static func dto(_ link: VerificationLink, now: Date) -> LinkDTO {
        LinkDTO(id: link.id.rawValue, createdAt: link.createdAt, expiresAt: link.expiresAt, revokedAt: link.revokedAt, active: link.isActive(at: now))
    }

    static func dto(_ connection: MonitoringConnection) -> ConnectionDTO {
        ConnectionDTO(id: connection.id.rawValue, partnerCompanyId: connection.partnerCompanyID.rawValue,
                      memberCompanyId: connection.memberCompanyID.rawValue, status: connection.status.rawValue,
                      requestedAt: connection.requestedAt, decidedAt: connection.decidedAt)
    }

    @Sendable func overview(req: Request) async throws -> OverviewResponse {
        let company = try req.companyID()
        let service = StatusVerificationService(req)
        guard try await service.companyName(company) != nil else { throw TrustlaneError.notFound }
        let store = VerificationStore(req.db)
        let standing = try await service.memberships(of: company).map { application in
            let status = StatusVerification.verifiedStatus(application)
            return StandingDTO(entityType: application.entityType.code, status: status.rawValue,
                               tier: status == .certified || status == .validated ? (application.tier ?? .one).rawValue : nil)
        }
        return OverviewResponse(standing: standing, links: try await store.links(company: company).map { Self.dto($0, now: req.now) },
                                incoming: try await store.connections(member: company).map(Self.dto),
                                outgoing: try await store.connections(partner: company).map(Self.dto))
    }

    @Sendable func issueLink(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(IssueLinkRequest.self)
        guard let raw = body.entityType, let type = EntityType(code: raw) else {
            throw ValidationFailure([FieldError(field: "entityType", messageKey: "verification.error.entity_type",
                                                message: "entityType must be one of \(EntityType.allCases.map(\.code).joined(separator: ", "))")])
        }
        let actor = try StatusVerificationService.actor(req.actor, in: company)
        let issued = try await StatusVerificationService(req).issueLink(company: company, entityType: type, by: actor)
        return try await IssuedLinkResponse(id: issued.link.id.rawValue, token: issued.token, url: req.absoluteURL(SiteURL.verifyLink(issued.token)),
                                            expiresAt: issued.link.expiresAt).encodeResponse(status: .created, for: req)
    }

    @Sendable func revokeLink(req: Request) async throws -> LinkDTO {
        let company = try req.companyID()
        guard let raw = req.parameters.get("linkID"), let id = VerificationLinkID(string: raw) else { throw TrustlaneError.notFound }
        let actor = try StatusVerificationService.actor(req.actor, in: company)
        try await StatusVerificationService(req).revokeLink(company: company, id: id, by: actor)
        guard let link = try await VerificationStore(req.db).link(id: id) else { throw TrustlaneError.notFound }
        return Self.dto(link, now: req.now)
    }

    @Sendable func requestMonitoring(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(RequestMonitoringRequest.self)
        guard let raw = body.memberCompanyId, let member = CompanyID(string: raw) else {
            throw ValidationFailure([FieldError(field: "memberCompanyId", messageKey: "monitoring.error.unknown_company", message: "memberCompanyId must be a company id")])
        }
        let actor = try StatusVerificationService.actor(req.actor, in: company)
        let connection = try await StatusVerificationService(req).requestMonitoring(partner: company, member: member, by: actor)
        return try await Self.dto(connection).encodeResponse(status: .created, for: req)
    }

    @Sendable func decide(req: Request) async throws -> ConnectionDTO {
        let company = try req.companyID()
        guard let raw = req.parameters.get("connectionID"), let id = MonitoringConnectionID(string: raw),
              let decision = StatusVerificationService.Decision(rawValue: req.parameters.get("decision") ?? "") else { throw TrustlaneError.notFound }
        let actor = try StatusVerificationService.actor(req.actor, in: company)
        return Self.dto(try await StatusVerificationService(req).decide(company: company, connection: id, decision, by: actor))
    }

    @Sendable func monitored(req: Request) async throws -> [PartnerStatusDTO] {
        let company = try req.companyID()
        guard let raw = req.parameters.get("memberCompanyID"), let member = CompanyID(string: raw),
              let views = try await StatusVerificationService(req).partnerViews(partner: company, member: member) else {
            throw TrustlaneError.notFound
        }
        return views.map {
            PartnerStatusDTO(companyName: $0.companyName, entityType: $0.entityType.code, status: $0.status.rawValue,
                             tier: $0.tier?.rawValue, statusDate: $0.statusDate?.description)
        }
    }
}
