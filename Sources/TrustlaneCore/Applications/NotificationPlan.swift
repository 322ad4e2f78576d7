import Foundation

/// Decides which notifications a transition or a clock produces, for whom, and under which
/// dedupe key.
public enum NotificationPlan {
    /// The notifications of one transition. Partners monitoring the member hear of it only
    /// when the status or tier they see changes.
    public static func forTransition(_ event: LifecycleEvent, before: MembershipApplication,
                                     after application: MembershipApplication) -> [NotificationIntent] {
        let company: [NotificationAudience] = [.companyOfficers, .companyCoordinators]
        let reviewers: [NotificationAudience] = application.assignedReviewerID == nil ? [.allReviewers] : [.assignedReviewer]
        var audiences: [NotificationAudience]
        switch event.kind {
        case .apply: audiences = [.allReviewers, .companyOfficers]
        case .submitProfile, .resubmit, .submitAnnualReview: audiences = reviewers + [.companyCoordinators]
        case .assignReviewer: audiences = [.assignedReviewer]
        case .fileAppeal: audiences = [.allReviewers] + company
        case .withdraw: audiences = reviewers + company
        default: audiences = company
        }
        if partnerView(before) != partnerView(application) { audiences.append(.monitoringPartners) }

        var messageName = event.kind.rawValue
        if event.kind == .recordValidation { messageName = event.toStatus == .validated ? "validated" : "validation_failed" }
        if event.kind == .decideAppeal { messageName = "appeal_" + (event.details["decision"] ?? "decided") }
        var parameters: [String: String] = [
            "entity_type": application.entityType.code,
            "status": event.toStatus.rawValue,
            "status_name": event.toStatus.englishName,
        ]
        if let tier = application.tier { parameters["tier"] = tier.englishName }
        for (key, value) in event.details { parameters[key] = value }
        let key = "transition:\(event.applicationID):\(event.kind.rawValue):\(Int(event.occurredAt.timeIntervalSince1970))"
        let messageKey = "notification.\(messageName)"
        return [NotificationIntent(dedupeKey: key, applicationID: event.applicationID, companyID: event.companyID,
                                   audiences: audiences, reviewerID: application.assignedReviewerID, messageKey: messageKey,
                                   parameters: parameters, englishText: NotificationTexts.english(messageKey, parameters))]
    }

    /// The notifications a day's clocks call for: a clock turning due soon or overdue (overdue
    /// only for deadlines), and an annual review window opening. Producing them every day is
    /// harmless: the key names the due day and state, so each is sent once.
    public static func forClocks(_ clocks: [MembershipClock], application: MembershipApplication,
                                 today: ProgramDay) -> [NotificationIntent] {
        var intents: [NotificationIntent] = []
        for clock in clocks {
            var states: [String] = []
            if clock.state == .dueSoon || (clock.state == .overdue && clock.kind.isDeadline) { states.append(clock.state.rawValue) }
            if let window = clock.window, clock.isRunning, window.isOpen(on: today) { states.append("window_open") }
            for state in states {
                intents.append(clockIntent(clock, state: state, application: application))
            }
        }
        return intents
    }

    private static func clockIntent(_ clock: MembershipClock, state: String, application: MembershipApplication) -> NotificationIntent {
        let reviewers: [NotificationAudience] = application.assignedReviewerID == nil ? [.allReviewers] : [.assignedReviewer]
        var audiences: [NotificationAudience] = clock.kind.actingSide == .company ? [.companyOfficers, .companyCoordinators] : reviewers
        if clock.kind.actingSide == .company && state == ClockState.overdue.rawValue { audiences += reviewers }
        let messageKey = "notification.clock.\(clock.kind.rawValue).\(state)"
        var parameters = ["due_on": clock.dueOn.description, "days_left": String(clock.daysLeft),
                          "days_overdue": String(max(0, -clock.daysLeft)), "entity_type": application.entityType.code]
        if let window = clock.window { parameters["opens_on"] = window.opensOn.description }
        return NotificationIntent(dedupeKey: "clock:\(application.id):\(clock.kind.rawValue):\(clock.dueOn):\(state)",
                                  applicationID: application.id, companyID: application.companyID, audiences: audiences,
                                  reviewerID: application.assignedReviewerID, messageKey: messageKey, parameters: parameters,
                                  englishText: NotificationTexts.english(messageKey, parameters))
    }

    private static func partnerView(_ application: MembershipApplication) -> String {
        let status = StatusVerification.verifiedStatus(application)
        let tier = status == .certified || status == .validated ? (application.tier ?? .one).rawValue : ""
        return status.rawValue + tier
    }
}
