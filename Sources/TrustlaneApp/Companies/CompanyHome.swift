import Fluent
import TrustlaneCore
import Vapor

/// The company page's "where you stand": per entity type the status, tier and running clocks;
/// the profile's progress per category, open Musts and the reviewer's requests; corrective
/// actions and evidence that fall due; the latest risk assessment; and the next tasks ordered
/// by deadline (issue 14). Each part is read only when the viewer may see it.
struct CompanyHome: Sendable {
    struct Standing: Sendable {
        let type: EntityType
        let status: MembershipStatus?
        let tier: Tier?
        let clocks: [MembershipClock]
        let eligibility: EligibilityStatus?
    }

    struct ProfilePart: Sendable {
        let progress: ProfileProgress
        let catalogID: String
        let openRequests: Int
    }

    let standings: [Standing]
    let profile: ProfilePart?
    /// Whether the viewer may open the draft profile (and so its tasks).
    let profileVisible: Bool
    let overdueActions: Int
    let actionsDueSoon: Int
    let nextActionDue: ProgramDay?
    let evidenceExpired: Int
    let evidenceExpiring: Int
    let nextEvidenceExpiry: ProgramDay?
    let assessment: (id: UUID, assessedOn: String, overAYearOld: Bool)?
    let riskVisible: Bool
    let tasks: [NextTask]
    let today: ProgramDay

    static func load(_ req: Request, company: CompanyID, types: [EntityType]) async throws -> CompanyHome {
        let now = req.now
        let today = ProgramDay(now)
        let settings = req.application.config.programSettings
        var standings: [Standing] = []
        if req.allows(.viewMembership, company: company) {
            let entries = try await MembershipEntry.load(company: company, types: types, app: req.application, on: req.db, now: now)
            standings = entries.map { Standing(type: $0.type, status: $0.application?.status, tier: $0.application?.tier,
                                               clocks: $0.clocks.filter(\.isRunning), eligibility: $0.eligibility) }
        }
        let profileVisible = req.allows(.viewProfileDraft, company: company)
        var profile: ProfilePart?
        var overdue = 0, dueSoon = 0, expired = 0, expiring = 0
        var nextAction: ProgramDay?, nextExpiry: ProgramDay?
        if profileVisible {
            let queries = ProfileQueries(req.db)
            let service = ProfileService(req)
            if let context = try await service.current(company: company) {
                async let answersTask = service.answers(context)
                async let decisionsTask = service.notApplicableDecisions(context)
                async let requestsTask = queries.openRequests(profile: context.id)
                let ((answers, _, _), decisions, requests) = try await (answersTask, decisionsTask, requestsTask)
                profile = ProfilePart(progress: ProfileProgress(scope: context.scope, answers: answers, decisions: decisions),
                                      catalogID: context.catalog.id, openRequests: requests.values.reduce(0, +))
            }
            async let actionsTask = queries.actions(company: company)
            async let evidenceTask = queries.evidence(company: company)
            let (actions, evidence) = try await (actionsTask, evidenceTask)
            let soon = today.adding(days: settings.dueSoonDays)
            for action in actions where action.status == CorrectiveActionStatus.open.rawValue || action.status == CorrectiveActionStatus.inProgress.rawValue {
                let due = ProgramDay(action.due_date)
                if due < today { overdue += 1 } else if due <= soon { dueSoon += 1 }
                if due >= today, nextAction.map({ due < $0 }) ?? true { nextAction = due }
            }
            let policy = req.application.config.evidencePolicy
            for file in evidence {
                switch policy.expiryStatus(expiryDate: file.expires_at, now: now) {
                case .expired: expired += 1
                case .expiringSoon:
                    expiring += 1
                    if let day = file.expires_at.map(ProgramDay.init), nextExpiry.map({ day < $0 }) ?? true { nextExpiry = day }
                case .valid: break
                }
            }
        }
        let riskVisible = req.allows(.viewRiskAssessment, company: company)
        var assessment: (id: UUID, assessedOn: String, overAYearOld: Bool)?
        if riskVisible, let latest = try await RiskQueries.latestAssessment(company: company, on: req.db) {
            assessment = (latest.id, latest.assessedOn, AssessmentDocument.isOverAYearOld(assessedOn: latest.assessedOn, asOf: now))
        }

        var tasks: [NextTask] = []
        for standing in standings {
            for clock in standing.clocks where clock.kind.actingSide == .company && clock.kind.isDeadline {
                tasks.append(NextTask(.clock, due: clock.dueOn, entityType: standing.type, clock: clock.kind))
            }
            if standing.eligibility == nil && standing.status == nil { tasks.append(NextTask(.checkEligibility, entityType: standing.type)) }
        }
        if profileVisible {
            if let profile {
                tasks.append(NextTask(.openMusts, count: profile.progress.openMusts.count))
                tasks.append(NextTask(.openRequests, count: profile.openRequests))
            } else {
                tasks.append(NextTask(.openProfile))
            }
            tasks.append(NextTask(.overdueActions, count: overdue))
            tasks.append(NextTask(.actionsDue, due: nextAction, count: dueSoon))
            tasks.append(NextTask(.evidenceExpired, count: expired))
            tasks.append(NextTask(.evidenceExpiring, due: nextExpiry, count: expiring))
        }
        if riskVisible {
            if let assessment {
                if assessment.overAYearOld { tasks.append(NextTask(.riskAssessmentOld)) }
            } else {
                tasks.append(NextTask(.riskAssessmentMissing))
            }
        }
        return CompanyHome(standings: standings, profile: profile, profileVisible: profileVisible, overdueActions: overdue,
                           actionsDueSoon: dueSoon, nextActionDue: nextAction, evidenceExpired: expired, evidenceExpiring: expiring,
                           nextEvidenceExpiry: nextExpiry, assessment: assessment, riskVisible: riskVisible,
                           tasks: NextTask.ordered(tasks, today: today), today: today)
    }
}
