import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// Validation findings: the reviewer records and closes them, the company answers required
/// actions. Each change is audited in the same write-gate transaction.
struct FindingService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    func record(company: CompanyID, entityType: EntityType, criterion: String, kind: FindingKind, text: String?,
                responseDueOn: ProgramDay?, by actor: LifecycleActor) async throws -> ValidationFinding {
        guard actor.role == .reviewer else {
            throw LifecycleRefused(refusal: TransitionRefusal(.roleNotPermitted, "Only a program reviewer can record a finding"))
        }
        let now = app.clock.now()
        return try await app.writeGate.transaction(on: db) { tx in
            let store = MembershipStore(tx)
            guard let stored = try await store.application(company: company, type: entityType) else { throw TrustlaneError.notFound }
            guard let validation = stored.application.currentValidationID,
                  stored.application.status == .validationPlanned || stored.application.revalidationInProgress else {
                throw LifecycleRefused(refusal: TransitionRefusal(.wrongState, "Plan a validation before recording findings"))
            }
            // The catalog the company's profile answers, or the newest one when it has no profile yet.
            let profile = try await SecurityProfileModel.current(company: company.rawValue, on: tx)
            let catalog = (profile.flatMap { app.catalogs.entry($0.catalogID) } ?? app.catalogs.latest())?.catalog
            let finding: ValidationFinding
            switch ValidationFinding.record(validationID: validation, criterion: criterion, kind: kind, text: text,
                                            responseDueOn: responseDueOn, at: now, in: catalog) {
            case .failure(let failure): throw failure
            case .success(let value): finding = value
            }
            try await store.insertFinding(finding, now: now)
            try await AuditLog.append(AuditEvent(action: "validation.finding_recorded", targetType: "validation_finding",
                                                 targetID: finding.id.description, companyID: company,
                                                 changes: [FieldChange(field: "criterion", before: nil, after: finding.criterion),
                                                           FieldChange(field: "kind", before: nil, after: kind.rawValue),
                                                           FieldChange(field: "text", before: nil, after: finding.text)]),
                                      by: actor.userID, on: tx, at: now)
            if kind == .requiredAction {
                let intent = NotificationIntent(dedupeKey: "finding:\(finding.id)", applicationID: stored.application.id, companyID: company,
                                                audiences: [.companyOfficers, .companyCoordinators], reviewerID: nil,
                                                messageKey: "notification.finding_recorded",
                                                parameters: ["criterion": finding.criterion, "due_on": responseDueOn?.description ?? ""],
                                                englishText: "A required action was recorded on criterion \(finding.criterion)")
                try await NotificationOutbox(tx).enqueue(intent, link: SiteURL.companyMembership(company), now: now)
            }
            return finding
        }
    }

    enum Change: Sendable { case respond(String?), close }

    func change(_ id: FindingID, _ change: Change, company: CompanyID, entityType: EntityType, by actor: LifecycleActor) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let store = MembershipStore(tx)
            guard let stored = try await store.application(company: company, type: entityType),
                  let finding = try await store.finding(id),
                  try await store.validations(application: stored.application.id).contains(where: { $0.id == finding.validationID.rawValue })
            else { throw TrustlaneError.notFound }
            let result: Result<ValidationFinding, TransitionRefusal>
            let action: String
            switch change {
            case .respond(let text): result = finding.respond(text, by: actor, at: now); action = "validation.finding_answered"
            case .close: result = finding.close(by: actor, at: now); action = "validation.finding_closed"
            }
            let next: ValidationFinding
            switch result {
            case .failure(let refusal) where refusal.isAlreadyDone: return
            case .failure(let refusal): throw LifecycleRefused(refusal: refusal)
            case .success(let value): next = value
            }
            try await store.updateFinding(next, now: now)
            try await AuditLog.append(AuditEvent(action: action, targetType: "validation_finding", targetID: id.description, companyID: company,
                                                 changes: AuditRecord.changes(before: ["status": finding.status.rawValue, "response": finding.response],
                                                                              after: ["status": next.status.rawValue, "response": next.response])),
                                      by: actor.userID, on: tx, at: now)
        }
    }
}
