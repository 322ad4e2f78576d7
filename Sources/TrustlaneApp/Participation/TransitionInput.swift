import Foundation
import TrustlaneCore
import Vapor

/// What a transition form or API request says, before it becomes a `LifecycleTransition`.
/// Forms send text (reasons one per line, sites as `name | country | YYYY-MM-DD` lines); the API
/// sends arrays. Field names in errors are the API's.
struct TransitionInput: Sendable {
    var kind: String?
    var reasons: [String] = []
    var items: [String] = []
    var reviewerID: String?
    var result: String?
    var tier: String?
    var decision: String?
    var sanctionReason: String?
    var responseDeadline: String?
    var siteVisit = false
    var sites: [SiteInput] = []
    var startsOn: String?
    var endsOn: String?
    var agreementAccepted = false
    var internalNote: String?
    var version: Int?
    var cbpInvitation: String?
    /// Removal: the first day the company may apply again (reviewer's choice).
    var mayReapplyOn: String?
    /// Reinstatement: the agreed plan, its last day, and the consent to unannounced visits.
    var correctiveActionPlan: String?
    var planCompletedBy: String?
    var unannouncedVisits = false
    /// Annual review: the officer declares that no final debt to CBP is unpaid.
    var noUnpaidDebt: Bool?

    struct SiteInput: Content, Sendable {
        var name: String?
        var country: String?
        var visitOn: String?
    }

    /// The web form's fields.
    struct Form: Content {
        var kind: String?
        var reasons: String?
        var items: String?
        var reviewer_id: String?
        var result: String?
        var decision: String?
        var sanction_reason: String?
        var response_deadline: String?
        var site_visit: String?
        var sites: String?
        var starts_on: String?
        var ends_on: String?
        var agreement: String?
        var internal_note: String?
        var version: String?
        var cbp_invitation: String?
        var may_reapply_on: String?
        var corrective_action_plan: String?
        var plan_completed_by: String?
        var unannounced_visits: String?
        var no_unpaid_debt: String?
        /// "yes": the second step of a step that ends or halts a membership (web forms only).
        var confirm: String?
    }

    /// The API's body.
    struct Body: Content {
        var kind: String?
        var reasons: [String]?
        var items: [String]?
        var reviewerId: String?
        var result: String?
        var tier: String?
        var decision: String?
        var sanctionReason: String?
        var responseDeadline: String?
        var siteVisit: Bool?
        var sites: [SiteInput]?
        var startsOn: String?
        var endsOn: String?
        var agreementAccepted: Bool?
        var internalNote: String?
        var version: Int?
        /// The reference of CBP's invitation, when the eligibility check says one is needed.
        var cbpInvitation: String?
        var mayReapplyOn: String?
        var correctiveActionPlan: String?
        var planCompletedBy: String?
        var unannouncedVisits: Bool?
        var noUnpaidDebt: Bool?
    }

    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    init(form: Form) {
        kind = form.kind
        reasons = Self.lines(form.reasons)
        items = Self.lines(form.items)
        reviewerID = form.reviewer_id
        result = form.result
        decision = form.decision
        sanctionReason = form.sanction_reason
        responseDeadline = form.response_deadline
        siteVisit = ["on", "true", "yes", "1"].contains(form.site_visit?.lowercased() ?? "")
        sites = Self.lines(form.sites).map { line in
            let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return SiteInput(name: parts.first, country: parts.count > 1 ? parts[1] : nil, visitOn: parts.count > 2 ? parts[2] : nil)
        }
        startsOn = form.starts_on
        endsOn = form.ends_on
        agreementAccepted = ["on", "true", "yes", "1"].contains(form.agreement?.lowercased() ?? "")
        internalNote = form.internal_note
        version = form.version.flatMap { Int($0) }
        cbpInvitation = form.cbp_invitation
        mayReapplyOn = form.may_reapply_on
        correctiveActionPlan = form.corrective_action_plan
        planCompletedBy = form.plan_completed_by
        unannouncedVisits = ["on", "true", "yes", "1"].contains(form.unannounced_visits?.lowercased() ?? "")
        noUnpaidDebt = form.no_unpaid_debt.map { ["on", "true", "yes", "1"].contains($0.lowercased()) }
    }

    init(body: Body) {
        kind = body.kind
        reasons = body.reasons ?? []
        items = body.items ?? []
        reviewerID = body.reviewerId
        result = body.result
        tier = body.tier
        decision = body.decision
        sanctionReason = body.sanctionReason
        responseDeadline = body.responseDeadline
        siteVisit = body.siteVisit ?? false
        sites = body.sites ?? []
        startsOn = body.startsOn
        endsOn = body.endsOn
        agreementAccepted = body.agreementAccepted ?? false
        internalNote = body.internalNote
        version = body.version
        cbpInvitation = body.cbpInvitation
        mayReapplyOn = body.mayReapplyOn
        correctiveActionPlan = body.correctiveActionPlan
        planCompletedBy = body.planCompletedBy
        unannouncedVisits = body.unannouncedVisits ?? false
        noUnpaidDebt = body.noUnpaidDebt
    }

    var serviceInput: LifecycleService.Input {
        LifecycleService.Input(agreementAccepted: agreementAccepted, internalNote: internalNote, expectedVersion: version,
                               cbpInvitation: cbpInvitation.map { String($0.prefix(200)) })
    }

    private static func invalid(_ field: String, _ message: String) -> FieldError {
        FieldError(field: field, messageKey: "membership.error.invalid_field", message: message, arguments: ["field": field])
    }

    private func day(_ text: String?, field: String, required: Bool, into errors: inout [FieldError]) -> ProgramDay? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            if required { errors.append(Self.invalid(field, "\(field) is required (YYYY-MM-DD)")) }
            return nil
        }
        guard let day = ProgramDay(text) else {
            errors.append(Self.invalid(field, "\(field) must be a day written YYYY-MM-DD"))
            return nil
        }
        return day
    }

    /// The transition, or the fields that are wrong. `purpose` is what a plan is for (initial
    /// unless the member is validated).
    func transition(purpose: ValidationPurpose) throws -> LifecycleTransition {
        guard let raw = kind, let kind = TransitionKind(rawValue: raw) else {
            throw ValidationFailure([Self.invalid("kind", "kind must be one of \(TransitionKind.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        var errors: [FieldError] = []
        let transition: LifecycleTransition?
        switch kind {
        case .apply: transition = .apply
        case .submitProfile: transition = .submitProfile
        case .startReview: transition = .startReview
        case .resubmit: transition = .resubmit
        case .certify: transition = .certify
        case .completeVetting: transition = .completeVetting
        case .submitAnnualReview: transition = .submitAnnualReview(noUnpaidDebt: noUnpaidDebt)
        case .approveAnnualReview: transition = .approveAnnualReview
        case .reinstate:
            let plan = correctiveActionPlan?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if plan.count > 4000 { errors.append(Self.invalid("correctiveActionPlan", "correctiveActionPlan must be at most 4000 characters")) }
            let completedBy = day(planCompletedBy, field: "planCompletedBy", required: false, into: &errors)
            // Missing terms are the lifecycle's to refuse, with every missing field named at once.
            transition = .reinstate(ReinstatementTerms(correctiveActionPlan: plan, planCompletedBy: completedBy,
                                                       consentsToUnannouncedVisits: unannouncedVisits))
        case .withdraw: transition = .withdraw
        case .fileAppeal: transition = .fileAppeal
        case .requestInformation: transition = .requestInformation(items: items)
        case .reject: transition = .reject(reasons: reasons)
        case .rejectAnnualReview: transition = .rejectAnnualReview(reasons: reasons)
        case .assignReviewer:
            if let id = reviewerID.flatMap({ UUID(uuidString: $0) }) { transition = .assignReviewer(UserID(id)) } else {
                errors.append(Self.invalid("reviewerId", "reviewerId must be a reviewer's id")); transition = nil
            }
        case .decideAppeal:
            if let decision = decision.flatMap(AppealDecision.init(rawValue:)) { transition = .decideAppeal(decision) } else {
                errors.append(Self.invalid("decision", "decision must be upheld or overturned")); transition = nil
            }
        case .recordValidation:
            switch (result ?? "").lowercased() {
            case "failed": transition = .recordValidation(.failed(reasons: reasons))
            case "tier_2", "tier_3": transition = .recordValidation(.passed(Tier(rawValue: result!.lowercased())!))
            case "passed":
                if let tier = tier.flatMap(Tier.init(rawValue:)) { transition = .recordValidation(.passed(tier)) } else {
                    errors.append(Self.invalid("tier", "tier must be tier_2 or tier_3")); transition = nil
                }
            default:
                errors.append(Self.invalid("result", "result must be passed (with tier), tier_2, tier_3 or failed")); transition = nil
            }
        case .suspend, .remove:
            let reason = sanctionReason.flatMap(SanctionReason.init(rawValue:))
            if reason == nil {
                errors.append(Self.invalid("sanctionReason", "sanctionReason must be one of \(SanctionReason.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            let deadline = kind == .suspend ? day(responseDeadline, field: "responseDeadline", required: false, into: &errors) : nil
            let reapply = kind == .remove ? day(mayReapplyOn, field: "mayReapplyOn", required: false, into: &errors) : nil
            if let reason { transition = kind == .suspend ? .suspend(reason: reason, responseDeadline: deadline) : .remove(reason: reason, mayReapplyOn: reapply) } else {
                transition = nil
            }
        case .planValidation, .startRevalidation:
            let starts = day(startsOn, field: "startsOn", required: true, into: &errors)
            let ends = day(endsOn, field: "endsOn", required: true, into: &errors)
            var sites: [ValidationSite] = []
            for (index, site) in self.sites.enumerated() {
                guard let country = site.country.flatMap({ CountryCode($0.uppercased()) }) else {
                    errors.append(Self.invalid("sites[\(index)].country", "sites[\(index)].country must be a two-letter country code"))
                    continue
                }
                let visit = day(site.visitOn, field: "sites[\(index)].visitOn", required: false, into: &errors)
                sites.append(ValidationSite(name: site.name ?? "", country: country, visitOn: visit))
            }
            if let starts, let ends {
                let plan = ValidationPlan(purpose: kind == .startRevalidation ? .revalidation : purpose, siteVisit: siteVisit,
                                          sites: sites, startsOn: starts, endsOn: ends)
                transition = kind == .startRevalidation ? .startRevalidation(plan) : .planValidation(plan)
            } else { transition = nil }
        }
        guard errors.isEmpty, let transition else { throw ValidationFailure(errors) }
        return transition
    }
}
