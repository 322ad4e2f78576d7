import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// A transition the lifecycle refused: 409 with the reason code, never a half-saved record.
struct LifecycleRefused: Error, Sendable {
    let refusal: TransitionRefusal
}

/// Runs lifecycle transitions against the database: builds the `LifecycleContext` from the
/// profile and findings tables, asks `MembershipLifecycle`, and saves the application, its
/// event, the audit entry and the notifications in one write-gate transaction.
/// (`CompanyMemberService` already names the invitations service, hence this name.)
struct LifecycleService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    /// The lifecycle and its clocks under the configured program settings (`AppConfig`).
    static func lifecycle(_ app: Application) -> MembershipLifecycle { MembershipLifecycle(settings: app.config.programSettings) }
    static func clocks(_ app: Application) -> MembershipClocks { MembershipClocks(settings: app.config.programSettings) }
    /// The partner agreement text's version, recorded on `apply`.
    static let agreementVersion = "ctpat-partner-agreement-2020"

    enum Result: Sendable {
        /// The transition happened.
        case done(TransitionOutcome)
        /// It had already happened (double click, second tab): nothing was repeated.
        case alreadyDone(MembershipApplication)

        var application: MembershipApplication {
            switch self {
            case .done(let outcome): outcome.application
            case .alreadyDone(let application): application
            }
        }
    }

    /// Extra facts a transition carries from the form or request.
    struct Input: Sendable {
        var agreementAccepted = false
        /// A reviewer's note kept in the event, never shown to the company.
        var internalNote: String?
        /// The version the person saw; a stale one whose transition already happened is success.
        var expectedVersion: Int?
        /// The reference of CBP's invitation, for companies whose eligibility needs one.
        var cbpInvitation: String?
    }

    /// Attempts `transition` on the company's application for `entityType` as `actor`.
    ///
    /// Every lifecycle transition from a request comes through here, so this is the one place
    /// that handles a write conflict with another server process: two processes receiving the
    /// same `apply` at once both read "no application" and both insert, and the database refuses
    /// the second insert (a unique key; on SQLite, a write on a stale snapshot). That transaction
    /// is rolled back whole; after a short pause the transition is decided again on fresh reads,
    /// and the lifecycle answers as it does for a repeated request (`alreadyDone`) or with its
    /// refusal (409). Still conflicting after `conflictAttempts` tries: a 409 `concurrent_change`.
    func attempt(_ transition: LifecycleTransition, company: CompanyID, entityType: EntityType, actor: LifecycleActor,
                 input: Input = Input()) async throws -> Result {
        do {
            return try await decidingAgainOnConflict(attempts: Self.conflictAttempts, logger: app.logger,
                                                     what: "lifecycle: \(transition.kind.rawValue) on \(company) \(entityType.code)") {
                try await attemptOnce(transition, company: company, entityType: entityType, actor: actor, input: input)
            }
        } catch is StillConflicting {
            throw LifecycleRefused(refusal: TransitionRefusal(.concurrentChange,
                                                              "Someone else changed this application at the same moment; reload it and try again",
                                                              parameters: ["transition": transition.kind.rawValue]))
        }
    }

    /// Tries before a write conflict is answered with a 409.
    static let conflictAttempts = 3

    private func attemptOnce(_ transition: LifecycleTransition, company: CompanyID, entityType: EntityType, actor: LifecycleActor,
                             input: Input) async throws -> Result {
        let now = app.clock.now()
        let app = self.app
        // Read here: the transaction's body runs outside this task, so task-locals do not reach it.
        let afterRead = Self.afterRead
        return try await app.writeGate.transaction(on: db) { tx in
            try await Self.attempt(transition, company: company, entityType: entityType, actor: actor, input: input,
                                   app: app, on: tx, now: now, afterRead: afterRead)
        }
    }

    /// A test seam: runs after the application's state is read and before anything is written,
    /// so a test can play another server process committing a change in between. Nil outside tests.
    @TaskLocal static var afterRead: (@Sendable () async throws -> Void)?

    /// The same, inside a transaction the caller already holds (the profile submission hook).
    static func attempt(_ transition: LifecycleTransition, company: CompanyID, entityType: EntityType, actor: LifecycleActor,
                        input: Input, app: Application, on tx: any Database, now: Date,
                        afterRead: (@Sendable () async throws -> Void)? = nil) async throws -> Result {
        let store = MembershipStore(tx)
        var stored = try await store.application(company: company, type: entityType)
        if let afterRead { try await afterRead() }
        if case .apply = transition, stored?.application.status.isClosed ?? true {
            stored = try await open(company: company, entityType: entityType, replacing: stored, invitation: input.cbpInvitation,
                                    app: app, on: tx, now: now)
        }
        guard let stored else {
            throw LifecycleRefused(refusal: TransitionRefusal(.wrongState, "There is no application as \(entityType.code) yet; apply first",
                                                              parameters: ["transition": transition.kind.rawValue, "status": "none"]))
        }
        let current = stored.application
        if let expected = input.expectedVersion, expected != stored.version,
           try await store.lastEventKind(application: current.id) == transition.kind.rawValue {
            return .alreadyDone(current)
        }
        if case .assignReviewer(let reviewer) = transition {
            guard let user = try await UserModel.find(reviewer.rawValue, on: tx), user.isReviewer else {
                throw ValidationFailure([FieldError(field: "reviewerId", messageKey: "membership.error.invalid_field",
                                                    message: "reviewerId must be a program reviewer's id", arguments: ["field": "reviewerId"])])
            }
        }
        let context = try await store.context(for: current, now: now, agreementAccepted: input.agreementAccepted,
                                              agreementVersion: agreementVersion)
        let outcome: TransitionOutcome
        switch lifecycle(app).attempt(transition, from: current, by: actor, context: context) {
        case .failure(let refusal) where refusal.isAlreadyDone: return .alreadyDone(current)
        case .failure(let refusal): throw LifecycleRefused(refusal: refusal)
        case .success(let value): outcome = value
        }
        guard try await store.update(outcome.application, expectedVersion: stored.version, now: now, clocks: clocks(app)) else {
            // Another server process saved a change first: treat as done, repeat nothing.
            return .alreadyDone(current)
        }
        try await record(outcome, transition: transition, actor: actor, input: input, app: app, on: tx, now: now)
        return .done(outcome)
    }

    /// Saves what comes with a transition: the validation plan, the event, the audit entry, the notifications.
    private static func record(_ outcome: TransitionOutcome, transition: LifecycleTransition, actor: LifecycleActor, input: Input,
                               app: Application, on tx: any Database, now: Date) async throws {
        let store = MembershipStore(tx)
        switch transition {
        case .planValidation(let plan), .startRevalidation(let plan):
            try await store.insertValidation(plan, application: outcome.application.id, by: actor.userID, now: now)
        case .recordValidation(let result):
            if let validation = outcome.before.currentValidationID {
                let text: String
                switch result {
                case .passed(let tier): text = tier.rawValue
                case .failed: text = "failed"
                }
                try await store.closeValidation(validation, outcome: text, now: now)
            }
        default: break
        }
        var extra: [String: String] = [:]
        if let note = input.internalNote?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty, !actor.isCompanySide {
            extra["internal_note"] = String(note.prefix(4000))
        }
        if case .apply = transition, let invitation = input.cbpInvitation?.trimmingCharacters(in: .whitespacesAndNewlines), !invitation.isEmpty {
            extra["cbp_invitation"] = String(invitation.prefix(200))
        }
        try await store.insertEvent(outcome.event, extra: extra)
        try await AuditLog.append(AuditEvent(action: outcome.event.auditAction, targetType: "membership_application",
                                             targetID: outcome.application.id.description, companyID: outcome.application.companyID,
                                             changes: outcome.changes),
                                  by: actor.userID, on: tx, at: now)
        let link = SiteURL.companyMembership(outcome.application.companyID)
        let outbox = NotificationOutbox(tx)
        for intent in outcome.notifications {
            try await outbox.enqueue(intent, link: link, now: now)
        }
    }

    /// Opens a new application (or a new one in place of a closed one: the table keeps one row
    /// per company and entity type, and the event history continues). Locks the eligibility check.
    private static func open(company: CompanyID, entityType: EntityType, replacing closed: MembershipStore.Stored?, invitation: String?,
                             app: Application, on tx: any Database, now: Date) async throws -> MembershipStore.Stored {
        let check = try await EligibilityCheckModel.query(on: tx).filter(\.$company.$id == company.rawValue)
            .filter(\.$entityType == entityType.rawValue).first()
        let eligibility: EligibilityOutcome
        if let check { eligibility = try EligibilityService.result(check, type: entityType, registry: app.catalogs).outcome } else {
            eligibility = .incomplete(missing: [])
        }
        let started = MembershipApplication.start(companyID: company, entityType: entityType, eligibility: eligibility,
                                                  earlier: closed.map { [$0.application] } ?? [], now: now,
                                                  invitationReference: invitation)
        switch started {
        case .failure(let refusal): throw LifecycleRefused(refusal: refusal)
        case .success(var application):
            if let check, check.lockedAt == nil {
                check.lockedAt = now
                try await check.save(on: tx)
            }
            let store = MembershipStore(tx)
            if let closed {
                application = MembershipApplication(id: closed.application.id, companyID: company, entityType: entityType)
                guard try await store.update(application, expectedVersion: closed.version, now: now, clocks: clocks(app)) else {
                    throw LifecycleRefused(refusal: TransitionRefusal(.alreadyDone, "Already done"))
                }
                return MembershipStore.Stored(application: application, version: closed.version + 1)
            }
            try await store.insert(application, now: now, clocks: clocks(app))
            return MembershipStore.Stored(application: application, version: 1)
        }
    }

}
