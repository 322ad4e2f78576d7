import Foundation
import Testing
@testable import TrustlaneCore

/// Every status × every transition × every role, against a table of the rules written out
/// independently of `MembershipLifecycle`: role first, then "already done", then the status.
@Suite("Lifecycle: every status, transition and role")
struct LifecycleExhaustiveTests {
    typealias F = LifecycleFixtures
    typealias Role = LifecycleActor.Role

    static let members: Set<MembershipStatus> = [.certified, .validationPlanned, .validated, .validationFailed]
    static let applicants: Set<MembershipStatus> = [.eligibilityConfirmed, .applied, .profileSubmitted, .underReview,
                                                    .informationRequested, .resubmitted]

    /// Who may take each kind.
    static let roles: [TransitionKind: Set<Role>] = [
        .apply: [.officer], .submitProfile: [.officer], .resubmit: [.officer], .submitAnnualReview: [.officer],
        .withdraw: [.officer], .fileAppeal: [.officer],
        .assignReviewer: [.reviewer, .administrator, .system],
        .startReview: [.reviewer], .requestInformation: [.reviewer], .completeVetting: [.reviewer], .certify: [.reviewer], .reject: [.reviewer],
        .planValidation: [.reviewer], .recordValidation: [.reviewer], .approveAnnualReview: [.reviewer],
        .rejectAnnualReview: [.reviewer], .startRevalidation: [.reviewer], .suspend: [.reviewer], .reinstate: [.reviewer],
        .remove: [.reviewer], .decideAppeal: [.reviewer],
    ]

    /// From where each kind may start.
    static let sources: [TransitionKind: Set<MembershipStatus>] = [
        .apply: [.eligibilityConfirmed],
        .submitProfile: [.applied],
        .assignReviewer: [.applied, .profileSubmitted, .underReview, .informationRequested, .resubmitted, .certified,
                          .validationPlanned, .validated, .validationFailed, .suspended, .appealFiled],
        .startReview: [.profileSubmitted],
        .requestInformation: [.underReview, .resubmitted],
        .resubmit: [.informationRequested],
        .completeVetting: [.underReview, .informationRequested, .resubmitted],
        .certify: [.underReview, .resubmitted],
        .reject: [.underReview, .informationRequested, .resubmitted],
        .planValidation: [.certified, .validationFailed],
        .recordValidation: [.validationPlanned, .validated],
        .submitAnnualReview: members, .approveAnnualReview: members, .rejectAnnualReview: members, .suspend: members,
        .startRevalidation: [.validated],
        .reinstate: [.suspended],
        .remove: members.union([.suspended]),
        .withdraw: members.union(applicants),
        .fileAppeal: [.rejected, .validationFailed, .suspended, .removed],
        .decideAppeal: [.appealFiled],
    ]

    /// Where a transition would land from a fixture in `status` (only asked when allowed).
    static func target(_ transition: LifecycleTransition, from status: MembershipStatus) -> MembershipStatus {
        switch transition {
        case .apply: .applied
        case .submitProfile: .profileSubmitted
        case .startReview: .underReview
        case .requestInformation: .informationRequested
        case .resubmit: .resubmitted
        case .certify: .certified
        case .reject: .rejected
        case .planValidation: .validationPlanned
        case .recordValidation(.passed): .validated
        case .recordValidation(.failed): .validationFailed
        case .suspend: .suspended
        case .reinstate, .decideAppeal(.overturned): .validated // the fixtures hold Tier II there
        case .decideAppeal(.upheld): .suspended // the appeal fixture appeals a suspension
        case .remove: .removed
        case .withdraw: .withdrawn
        case .fileAppeal: .appealFiled
        case .completeVetting, .assignReviewer, .submitAnnualReview, .approveAnnualReview, .rejectAnnualReview, .startRevalidation: status
        }
    }

    /// Statuses where the sample transition is a repeat of what is already done.
    static func alreadyDone(_ transition: LifecycleTransition) -> Set<MembershipStatus> {
        switch transition {
        case .apply: [.applied]
        case .submitProfile: [.profileSubmitted]
        case .startReview: [.underReview]
        case .requestInformation: [.informationRequested]
        case .resubmit: [.resubmitted]
        case .certify: [.certified]
        case .completeVetting: // wherever the fixture already holds a vetting date (every certified one)
            Set(MembershipStatus.allCases.filter { F.application(in: $0, preparedFor: .completeVetting).dates.vettingCompletedAt != nil })
        case .reject: [.rejected]
        case .planValidation: [.validationPlanned]
        case .recordValidation(.failed): [.validationFailed]
        case .suspend: [.suspended]
        case .reinstate: [.certified, .validated] // already in good standing
        case .remove: [.removed]
        case .withdraw: [.withdrawn]
        case .fileAppeal: [.appealFiled]
        default: []
        }
    }

    @Test("the rules table covers every kind")
    func tableCoversEveryKind() {
        #expect(Set(Self.roles.keys) == Set(TransitionKind.allCases))
        #expect(Set(Self.sources.keys) == Set(TransitionKind.allCases))
        #expect(Set(F.transitions.map(\.kind)) == Set(TransitionKind.allCases))
        for kind in TransitionKind.allCases {
            #expect(MembershipLifecycle.roles(for: kind) == Self.roles[kind], "roles of \(kind)")
            #expect(MembershipLifecycle.sources(for: kind) == Self.sources[kind], "sources of \(kind)")
        }
    }

    @Test("each status against every transition and role", arguments: MembershipStatus.allCases)
    func everyPair(status: MembershipStatus) throws {
        var checked = 0
        for transition in F.transitions {
            let kind = transition.kind
            let app = F.application(in: status, preparedFor: kind)
            for actor in F.actors {
                let result = F.lifecycle.attempt(transition, from: app, by: actor, context: F.favourableContext())
                let label = "\(status.rawValue) \(kind.rawValue) by \(actor.role.rawValue): \(transition)"
                if !Self.roles[kind]!.contains(actor.role) {
                    #expect(result.refusalReason == .roleNotPermitted, "\(label)")
                } else if Self.alreadyDone(transition).contains(status) {
                    #expect(result.refusalReason == .alreadyDone, "\(label)")
                } else if !Self.sources[kind]!.contains(status) {
                    #expect(result.refusalReason == .wrongState, "\(label)")
                } else {
                    let outcome = try #require(try? result.get(), "\(label) refused: \(result.refusalMessage ?? "")")
                    #expect(outcome.to == Self.target(transition, from: status), "\(label)")
                    #expect(outcome.event.kind == kind)
                    #expect(outcome.event.fromStatus == status)
                    #expect(outcome.event.toStatus == outcome.to)
                    #expect(outcome.event.occurredAt == F.now)
                    #expect(outcome.notifications.count == 1)
                    #expect(outcome.notifications.allSatisfy { $0.dedupeKey.hasPrefix("transition:\(app.id):\(kind.rawValue):") })
                    #expect(outcome.application.id == app.id && outcome.application.companyID == app.companyID)
                    if outcome.to != status { #expect(outcome.application.previousStatus == status) }
                }
                if case .failure(let refusal) = result {
                    #expect(!refusal.message.isEmpty)
                    #expect(refusal.messageKey == "lifecycle.refusal.\(refusal.reason.rawValue)")
                }
                checked += 1
            }
        }
        #expect(checked == F.transitions.count * F.actors.count)
    }

    @Test("bare records and hostile contexts never crash", arguments: MembershipStatus.allCases)
    func bareRecordsNeverCrash(status: MembershipStatus) {
        // No dates, no tier, no history; nothing submitted, everything open; "now" far away.
        let bare = MembershipApplication(companyID: F.companyID, entityType: .seaCarrier, status: status)
        let hostile = LifecycleContext(now: F.at(2400, 2, 29), openInformationRequests: 3, openRequiredActions: 2)
        let odd: [LifecycleTransition] = F.transitions + [
            .requestInformation(items: []), .reject(reasons: []), .recordValidation(.passed(.one)),
            .suspend(reason: .falseInformation, responseDeadline: F.day(1900, 1, 1)),
            .planValidation(ValidationPlan(siteVisit: true, startsOn: F.day(2000, 1, 2), endsOn: F.day(2000, 1, 1))),
        ]
        for transition in odd {
            for actor in F.actors {
                let result = F.lifecycle.attempt(transition, from: bare, by: actor, context: hostile)
                if case .failure(let refusal) = result {
                    #expect(!refusal.message.isEmpty)
                } else if case .success(let outcome) = result {
                    // what may pass on a bare record: steps without conditions on recorded facts
                    #expect(outcome.event.kind == transition.kind)
                }
                // the rules' order holds whatever the record holds
                if !Self.roles[transition.kind]!.contains(actor.role) { #expect(result.refusalReason == .roleNotPermitted) }
            }
        }
    }

    @Test("refusal messages name who may act")
    func roleMessages() {
        let app = F.application(in: .underReview)
        let context = F.favourableContext()
        #expect(F.refusal(.certify, app, by: F.officer, context: context)?.message == "Only a program reviewer can certify")
        #expect(F.refusal(.withdraw, app, by: F.reviewer, context: context)?.message == "Only the company officer can withdraw from the program")
        #expect(F.refusal(.assignReviewer(F.reviewerID), app, by: F.officer, context: context)?.message
                == "Only a program reviewer or an administrator can assign a reviewer")
    }

    @Test("a person role without a user is refused")
    func personWithoutUserIsRefused() {
        // `.system` is the only actor without a user; it may only assign reviewers.
        let app = F.application(in: .profileSubmitted)
        let result = F.lifecycle.attempt(.assignReviewer(F.reviewerID), from: app, by: .system, context: F.favourableContext())
        #expect(result.refusalReason == nil)
        #expect(F.lifecycle.attempt(.startReview, from: app, by: .system, context: F.favourableContext()).refusalReason == .roleNotPermitted)
    }

    @Test("available kinds match the rules", arguments: MembershipStatus.allCases)
    func availableKinds(status: MembershipStatus) {
        for actor in F.actors {
            let shown = Set(F.lifecycle.availableKinds(for: F.application(in: status), by: actor))
            let expected = Set(TransitionKind.allCases.filter { Self.roles[$0]!.contains(actor.role) && Self.sources[$0]!.contains(status) })
            #expect(shown == expected)
        }
    }
}
