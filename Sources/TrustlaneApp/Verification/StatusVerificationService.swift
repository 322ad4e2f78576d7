import Fluent
import TrustlaneCore
import Vapor

/// Status verification: partners ask to monitor a member, the member accepts or declines, and
/// an accepted partner sees the standing and tier; members issue and revoke verification links.
/// Every change is saved with its audit entry in one gated transaction.
struct StatusVerificationService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    /// The acting person in the lifecycle's terms (`AccessPolicy.lifecycleActor`); the route's
    /// guard has already decided whether they may act here.
    static func actor(_ actor: Actor, in company: CompanyID) throws -> LifecycleActor {
        guard actor.userID != nil else { throw TrustlaneError.unauthenticated }
        guard let lifecycle = AccessPolicy.lifecycleActor(for: actor, company: company) else { throw TrustlaneError.forbidden }
        return lifecycle
    }

    /// A refusal as an error a person can act on.
    static func error(_ refusal: TransitionRefusal) -> TrustlaneError {
        TrustlaneError(status: refusal.reason == .roleNotPermitted ? .forbidden : .conflict, key: refusal.messageKey,
                       message: refusal.message, arguments: refusal.parameters)
    }

    func memberships(of company: CompanyID) async throws -> [MembershipApplication] {
        try await MembershipStore(db).applications(company: company).map(\.application)
    }

    func companyName(_ company: CompanyID) async throws -> String? {
        try await CompanyModel.find(company.rawValue, on: db)?.legalName
    }

    // MARK: Verification links

    /// Issues a link for the company's membership as `entityType`; the token is returned once.
    func issueLink(company: CompanyID, entityType: EntityType, by actor: LifecycleActor) async throws -> (link: VerificationLink, token: String) {
        guard let application = try await memberships(of: company).first(where: { $0.entityType == entityType }) else {
            throw ValidationFailure([FieldError(field: "entity_type", messageKey: "verification.error.no_membership",
                                                message: "The company has no membership as \(entityType.code)")])
        }
        let now = app.clock.now()
        let issued: (link: VerificationLink, token: String)
        switch VerificationLink.issue(for: application, by: actor, at: now) {
        case .failure(let refusal): throw Self.error(refusal)
        case .success(let value): issued = value
        }
        let link = issued.link
        try await app.writeGate.transaction(on: db) { tx in
            try await VerificationStore(tx).insert(link)
            try await AuditLog.append(AuditEvent(action: "verification.link_issued", targetType: "verification_link", targetID: link.id.description,
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: ["entity_type": entityType.code,
                                                                                                  "expires_at": link.expiresAt?.description])),
                                      by: actor.userID, on: tx, at: now)
        }
        return issued
    }

    /// Revokes one of the company's links; another company's link is "not found".
    func revokeLink(company: CompanyID, id: VerificationLinkID, by actor: LifecycleActor) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let store = VerificationStore(tx)
            guard let link = try await store.link(id: id), link.companyID == company else { throw TrustlaneError.notFound }
            switch link.revoke(by: actor, at: now) {
            case .failure(let refusal) where refusal.isAlreadyDone: return
            case .failure(let refusal): throw Self.error(refusal)
            case .success(let revoked):
                try await store.update(revoked)
                try await AuditLog.append(AuditEvent(action: "verification.link_revoked", targetType: "verification_link", targetID: id.description,
                                                     companyID: company, changes: AuditRecord.changes(before: ["revoked_at": nil], after: ["revoked_at": now.description])),
                                          by: actor.userID, on: tx, at: now)
            }
        }
    }

    /// What a link holder sees; `nil` for an unknown, revoked or expired link.
    func linkView(token: String) async throws -> VerificationLinkView? {
        guard token.count <= 100, token.hasPrefix(VerificationLink.tokenPrefix),
              let link = try await VerificationStore(db).link(token: token),
              let application = try await MembershipStore(db).application(id: link.applicationID)?.application,
              let name = try await companyName(link.companyID) else { return nil }
        return StatusVerification.linkView(of: application, companyName: name, link: link, now: app.clock.now())
    }

    // MARK: Monitoring

    /// `partner` asks to monitor `member`. Asking again while a request is pending or accepted
    /// changes nothing; after a decline or removal it is a new request.
    func requestMonitoring(partner: CompanyID, member: CompanyID, by actor: LifecycleActor) async throws -> MonitoringConnection {
        guard try await companyName(member) != nil else {
            throw ValidationFailure([FieldError(field: "member_company_id", messageKey: "monitoring.error.unknown_company",
                                                message: "No company with this id")])
        }
        let applications = try await memberships(of: member)
        let status = applications.first(where: { $0.status.isMemberInGoodStanding })?.status ?? applications.first?.status ?? .eligibilityConfirmed
        let now = app.clock.now()
        // Two processes receiving the same request at once both insert; the loser decides again
        // and finds the winner's pending request (issue 9, item 6).
        do {
            return try await decidingAgainOnConflict(logger: app.logger, what: "monitoring request \(partner) → \(member)") {
                try await saveMonitoringRequest(partner: partner, member: member, status: status, by: actor, now: now)
            }
        } catch is StillConflicting {
            throw TrustlaneError(status: .conflict, key: "error.concurrent_change",
                                 message: "Someone else changed this at the same moment; reload and try again")
        }
    }

    private func saveMonitoringRequest(partner: CompanyID, member: CompanyID, status: MembershipStatus, by actor: LifecycleActor,
                                       now: Date) async throws -> MonitoringConnection {
        try await app.writeGate.transaction(on: db) { tx in
            let store = VerificationStore(tx)
            let existing = try await store.connection(member: member, partner: partner)
            if let existing, existing.status == .requested || existing.status == .accepted { return existing }
            let connection: MonitoringConnection
            switch MonitoringConnection.request(partner: partner, member: member, memberStatus: status, by: actor, at: now) {
            case .failure(let refusal): throw Self.error(refusal)
            case .success(let value): connection = value
            }
            try await store.save(connection, replacing: existing?.id, now: now)
            try await AuditLog.append(AuditEvent(action: "monitoring.requested", targetType: "monitoring_connection", targetID: connection.id.description,
                                                 companyID: partner, changes: AuditRecord.changes(before: ["status": existing?.status.rawValue],
                                                                                                 after: ["status": "requested", "member_company_id": member.description])),
                                      by: actor.userID, on: tx, at: now)
            return connection
        }
    }

    enum Decision: String, CaseIterable, Sendable { case accept, decline, remove }

    /// The member accepts or declines a request; either side removes a connection. A connection
    /// the company is no side of is "not found".
    func decide(company: CompanyID, connection id: MonitoringConnectionID, _ decision: Decision, by actor: LifecycleActor) async throws -> MonitoringConnection {
        let now = app.clock.now()
        return try await app.writeGate.transaction(on: db) { tx in
            let store = VerificationStore(tx)
            guard let current = try await store.connection(id: id),
                  current.memberCompanyID == company || (decision == .remove && current.partnerCompanyID == company) else {
                throw TrustlaneError.notFound
            }
            let result = decision == .remove ? current.remove(by: actor, at: now) : current.decide(accept: decision == .accept, by: actor, at: now)
            switch result {
            case .failure(let refusal) where refusal.isAlreadyDone: return current
            case .failure(let refusal): throw Self.error(refusal)
            case .success(let next):
                try await store.update(next, now: now)
                try await AuditLog.append(AuditEvent(action: "monitoring.\(next.status.rawValue)", targetType: "monitoring_connection", targetID: id.description,
                                                     companyID: company, changes: AuditRecord.changes(before: ["status": current.status.rawValue],
                                                                                                     after: ["status": next.status.rawValue])),
                                          by: actor.userID, on: tx, at: now)
                return next
            }
        }
    }

    /// What `partner` may see of `member`: one view per membership, only through an accepted
    /// connection; `nil` (answered as 404) otherwise.
    func partnerViews(partner: CompanyID, member: CompanyID) async throws -> [PartnerStatusView]? {
        guard let connection = try await VerificationStore(db).connection(member: member, partner: partner), connection.grantsView,
              let name = try await companyName(member) else { return nil }
        return try await memberships(of: member).compactMap {
            StatusVerification.partnerView(of: $0, companyName: name, connection: connection)
        }
    }

    /// Names of the companies on either side of `connections`, in one query.
    func names(_ ids: Set<CompanyID>) async throws -> [CompanyID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await CompanyModel.query(on: db).filter(\.$id ~~ ids.map(\.rawValue)).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.companyID, $0.legalName) })
    }
}
