import Foundation

/// The refusals the lifecycle gives, with their messages in one place.
extension TransitionRefusal {
    static func roleNotPermitted(_ kind: TransitionKind, allowed: Set<LifecycleActor.Role>) -> TransitionRefusal {
        let people = LifecycleActor.Role.allCases.filter { allowed.contains($0) && $0 != .system }.map(\.englishPhrase)
        let who = people.count > 1 ? people.dropLast().joined(separator: ", ") + " or " + people.last! : (people.first ?? "nobody")
        let sentence = "Only \(who) can \(kind.englishVerbPhrase)"
        let roles = LifecycleActor.Role.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: ",")
        return TransitionRefusal(.roleNotPermitted, sentence.prefix(1).uppercased() + sentence.dropFirst(),
                                 parameters: ["transition": kind.rawValue, "roles": roles])
    }

    static func alreadyDone(_ kind: TransitionKind, _ application: MembershipApplication) -> TransitionRefusal {
        let message: String = switch kind {
        case .apply: "Already applied"
        case .submitProfile: "The security profile is already submitted"
        case .assignReviewer: "This reviewer is already assigned"
        case .startReview: "The review has already started"
        case .requestInformation: "More information has already been requested"
        case .resubmit: "Already resubmitted"
        case .completeVetting: "The vetting is already recorded as complete"
        case .certify: "Already certified"
        case .reject: "Already rejected"
        case .planValidation: "The validation is already planned"
        case .recordValidation: "This validation result is already recorded"
        case .submitAnnualReview: "This year's annual review is already submitted"
        case .approveAnnualReview: "This annual review is already approved"
        case .rejectAnnualReview: "This annual review is already returned"
        case .startRevalidation: "A revalidation is already under way"
        case .suspend: "Already suspended"
        case .reinstate: "Already reinstated: the membership is in good standing"
        case .remove: "Already removed"
        case .withdraw: "Already withdrawn"
        case .fileAppeal: "An appeal is already filed"
        case .decideAppeal: "This appeal is already decided"
        }
        return TransitionRefusal(.alreadyDone, message,
                                 parameters: ["transition": kind.rawValue, "status": application.status.rawValue])
    }

    static func wrongState(_ kind: TransitionKind, _ status: MembershipStatus, possibleFrom: Set<MembershipStatus>) -> TransitionRefusal {
        let from = MembershipStatus.allCases.filter { possibleFrom.contains($0) }.map(\.englishName).joined(separator: ", ")
        var message = "Can't \(kind.englishVerbPhrase) while the application is \(status.englishName)"
        if kind == .certify && [.eligibilityConfirmed, .applied].contains(status) {
            message = "Certification needs a submitted security profile"
        } else if status.isClosed {
            message += ": it is closed; apply again with a new application"
        } else {
            message += " (possible when \(from))"
        }
        return TransitionRefusal(.wrongState, message, parameters: ["transition": kind.rawValue, "status": status.rawValue])
    }

    static let notAssignedReviewer = TransitionRefusal(.notAssignedReviewer,
        "This application is assigned to another reviewer; ask for it to be reassigned to you first")
    static func profileNotSubmitted(_ kind: TransitionKind) -> TransitionRefusal {
        let message = switch kind {
        case .certify: "Certification needs a submitted security profile"
        case .submitAnnualReview: "Submit the reviewed security profile with the annual review"
        default: "Complete the security profile and submit it first"
        }
        return TransitionRefusal(.profileNotSubmitted, message, parameters: ["transition": kind.rawValue])
    }
    static let agreementNotAccepted = TransitionRefusal(.agreementNotAccepted,
        "Accept the partner agreement to apply: participation is voluntary and the company officer's acceptance is recorded")
    static func openInformationRequests(_ count: Int) -> TransitionRefusal {
        TransitionRefusal(.openInformationRequests,
                          "\(count) information request\(count == 1 ? " is" : "s are") still open: answer \(count == 1 ? "it" : "them") first",
                          parameters: ["count": String(count)])
    }
    static func openRequiredActions(_ count: Int) -> TransitionRefusal {
        TransitionRefusal(.openRequiredActions,
                          "\(count) required action\(count == 1 ? " is" : "s are") still open: close \(count == 1 ? "it" : "them") before validating",
                          parameters: ["count": String(count)])
    }
    static func notEnoughBestPractices(recorded: Int, needed: Int) -> TransitionRefusal {
        TransitionRefusal(.notEnoughBestPractices,
                          "Tier III needs at least \(needed) best practice\(needed == 1 ? "" : "s") recorded; \(recorded) recorded",
                          parameters: ["recorded": String(recorded), "needed": String(needed)])
    }
    static func tierNotOffered(_ tier: Tier, _ type: EntityType, offered: Set<EntityType>) -> TransitionRefusal {
        TransitionRefusal(.tierNotOffered,
                          "\(tier.englishName) is offered to \(offered.sorted().map(\.code).joined(separator: " and ")) only, not to \(type.code); record Tier II",
                          parameters: ["tier": tier.englishName, "type": type.code, "offered": offered.sorted().map(\.code).joined(separator: ", ")])
    }
    static func reinstatementTermsMissing(_ fields: [String]) -> TransitionRefusal {
        TransitionRefusal(.reinstatementTermsMissing,
                          "Reinstating needs the agreed corrective action plan (at least a sentence), the day by which it is carried out (after today) and the company's consent to unannounced visits; missing: \(fields.joined(separator: ", "))",
                          parameters: ["fields": fields.joined(separator: ", ")])
    }
    static func unpaidDebtToCBP(declared: Bool) -> TransitionRefusal {
        TransitionRefusal(.unpaidDebtToCBP, declared
                          ? "A company that owes CBP an unpaid final debt cannot renew its participation; settle it, then submit the annual review"
                          : "Declare that the company owes CBP no unpaid final debt (noUnpaidDebt); CBP asks it at each annual renewal",
                          parameters: ["declared": declared ? "true" : "false"])
    }
    static let vettingNotComplete = TransitionRefusal(.vettingNotComplete,
                                                      "Record that CBP's background vetting is complete before certifying")
    static let invalidTier = TransitionRefusal(.invalidTier, "A passed validation sets Tier II or Tier III")
    static func reasonsRequired(_ kind: TransitionKind) -> TransitionRefusal {
        let message = kind == .requestInformation
            ? "List the information the company must provide"
            : "Give at least one reason: the company reads them and may appeal"
        return TransitionRefusal(.reasonsRequired, message, parameters: ["transition": kind.rawValue])
    }
    static func invalidPlan(_ errors: [FieldError]) -> TransitionRefusal {
        TransitionRefusal(.invalidPlan, errors.first?.message ?? "The validation plan is not valid",
                          parameters: ["field": errors.first?.field ?? ""])
    }
    static func outsideAnnualWindow(_ window: AnnualReviewWindow) -> TransitionRefusal {
        TransitionRefusal(.outsideAnnualWindow,
                          "The annual review can be submitted only from \(window.opensOn) to \(window.closesOn) (anniversary \(window.anniversary))",
                          parameters: ["opens_on": window.opensOn.description, "closes_on": window.closesOn.description])
    }
    static let annualReviewAlreadyApproved = TransitionRefusal(.annualReviewAlreadyApproved,
        "This year's annual review is already approved; the next one opens before the next anniversary")
    static let annualReviewNotSubmitted = TransitionRefusal(.annualReviewNotSubmitted,
        "No annual review is waiting for a decision")
    static let revalidationNotStarted = TransitionRefusal(.revalidationNotStarted,
        "Start a revalidation before recording a new validation result")
    static func invalidDeadline(_ day: ProgramDay) -> TransitionRefusal {
        TransitionRefusal(.invalidDeadline, "The response deadline must be after today (\(day))", parameters: ["day": day.description])
    }
    static func appealWindowClosed(lastDay: ProgramDay) -> TransitionRefusal {
        TransitionRefusal(.appealWindowClosed, "The appeal window closed on \(lastDay)", parameters: ["last_day": lastDay.description])
    }
    static let appealAlreadyDecided = TransitionRefusal(.appealAlreadyDecided,
        "An appeal of this decision was already decided")
    static let sameReviewerDecidesAppeal = TransitionRefusal(.sameReviewerDecidesAppeal,
        "Another reviewer must decide this appeal: you took the decision appealed")
    static func missingHistory(_ what: String) -> TransitionRefusal {
        TransitionRefusal(.missingHistory, "The record lacks \(what); ask an administrator to check this application",
                          parameters: ["missing": what])
    }
}
