import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// One entity type's membership as pages and the API show it: the application, its clocks on
/// `now`, its history, validations and the current validation's findings.
struct MembershipEntry: Sendable {
    let type: EntityType
    let stored: MembershipStore.Stored?
    let clocks: [MembershipClock]
    let events: [MembershipStore.EventRow]
    let validations: [MembershipStore.ValidationRow]
    let findings: [ValidationFinding]
    let eligibility: EligibilityStatus?
    /// The program settings the clocks and transitions were read under.
    let settings: ProgramSettings

    var application: MembershipApplication? { stored?.application }

    /// Every entity type of the company, with a fixed number of queries per type.
    static func load(company: CompanyID, types: [EntityType], app: Application, on db: any Database, now: Date) async throws -> [MembershipEntry] {
        let store = MembershipStore(db)
        let applications = Dictionary(try await store.applications(company: company).map { ($0.application.entityType, $0) },
                                      uniquingKeysWith: { first, _ in first })
        let checks = try await EligibilityCheckModel.query(on: db).filter(\.$company.$id == company.rawValue).all()
        var statuses: [EntityType: EligibilityStatus] = [:]
        for check in checks {
            guard let type = EntityType(rawValue: check.entityType) else { continue }
            statuses[type] = try? EligibilityService.result(check, type: type, registry: app.catalogs).outcome.status
        }
        var entries: [MembershipEntry] = []
        for type in Array(Set(types).union(applications.keys)).sorted(by: { $0.code < $1.code }) {
            entries.append(try await entry(type: type, stored: applications[type], eligibility: statuses[type], store: store, now: now,
                                           settings: app.config.programSettings))
        }
        return entries
    }

    static func load(company: CompanyID, type: EntityType, app: Application, on db: any Database, now: Date) async throws -> MembershipEntry {
        let store = MembershipStore(db)
        let check = try await EligibilityCheckModel.query(on: db).filter(\.$company.$id == company.rawValue)
            .filter(\.$entityType == type.rawValue).first()
        let status = try check.map { try EligibilityService.result($0, type: type, registry: app.catalogs).outcome.status }
        return try await entry(type: type, stored: try await store.application(company: company, type: type), eligibility: status,
                               store: store, now: now, settings: app.config.programSettings)
    }

    private static func entry(type: EntityType, stored: MembershipStore.Stored?, eligibility: EligibilityStatus?,
                              store: MembershipStore, now: Date, settings: ProgramSettings) async throws -> MembershipEntry {
        guard let stored else {
            return MembershipEntry(type: type, stored: nil, clocks: [], events: [], validations: [], findings: [], eligibility: eligibility,
                                   settings: settings)
        }
        let application = stored.application
        var findings: [ValidationFinding] = []
        if let validation = application.currentValidationID { findings = try await store.findings(validation: validation) }
        return MembershipEntry(type: type, stored: stored, clocks: MembershipClocks(settings: settings).clocks(for: application, now: now),
                               events: try await store.events(application: application.id),
                               validations: try await store.validations(application: application.id),
                               findings: findings, eligibility: eligibility, settings: settings)
    }

    /// The transitions this person may try now (role and status), plus `apply` when the
    /// previous application is closed.
    func availableKinds(for actor: LifecycleActor?) -> [TransitionKind] {
        guard let actor else { return [] }
        // Before an application there is only applying: nothing to withdraw, appeal or renew.
        guard let application = self.application else {
            return MembershipLifecycle.roles(for: .apply).contains(actor.role) ? [.apply] : []
        }
        var kinds = MembershipLifecycle(settings: settings).availableKinds(for: application, by: actor)
        if application.status.isClosed, MembershipLifecycle.roles(for: .apply).contains(actor.role) { kinds.insert(.apply, at: 0) }
        return kinds
    }
}
