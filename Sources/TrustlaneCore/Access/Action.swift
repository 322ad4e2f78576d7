import Foundation

/// Everything a route can do, named once. Every route declares exactly one action, and
/// `AccessPolicy` decides per actor whether it is allowed.
public enum Action: String, CaseIterable, Sendable, Hashable {
    // Open to anyone, signed in or not.
    case viewPublicPage
    case setUpFirstAdministrator
    case signIn
    case acceptInvitation
    case readAPIDescription
    case probeHealth
    /// Prometheus metrics: open at the guard, then `MetricsAccess` decides by token or loopback.
    case readMetrics
    /// The Minimum Security Criteria are public: anyone may read the catalog.
    case browseCatalog
    /// A status verification link a company issued: anyone holding it may open it.
    case openVerificationLink
    /// A person's private calendar feed: the secret in its address is the credential (calendar
    /// applications cannot sign in), checked by `CalendarFeedService`.
    case openCalendarFeed
    /// A questionnaire a company sent a business partner: the secret in its address is the
    /// credential (the partner has no account), checked by `PartnerQuestionnaireService`.
    case answerPartnerQuestionnaire

    // Any signed-in person, about themselves.
    case viewHome
    case signOut
    case viewOwnAccount
    case changeOwnPassword
    case changeOwnLanguage
    case manageOwnAPITokens
    /// Create, replace or revoke one's calendar link; turn the weekly digest on or off.
    case manageOwnCalendar
    case switchCompany
    case listOwnCompanies
    case readOwnNotifications

    // The platform as a whole.
    case createCompany
    case listAllCompanies
    case listUsers
    case grantPlatformRole
    case viewPlatformAudit
    case viewOperations
    case viewReviewQueue
    case viewProgramOverview
    /// Import denied-party list snapshots (OFAC, the Consolidated Screening List, UFLPA) and
    /// follow the re-screening they start: public data shared by every company, so the
    /// platform's administrators keep it.
    case manageScreeningLists

    // One company, named by the route's `:companyID`.
    case viewCompany
    case editCompany
    case listMembers
    case inviteMember
    case viewCompanyAudit
    case viewEligibility
    case answerEligibility
    /// Submitted snapshots of the security profile and its review thread.
    case viewProfile
    /// The working draft: answers saved since the last submission, evidence files, gaps,
    /// corrective actions and exports of the draft. Never for people outside the company.
    case viewProfileDraft
    case editProfile
    case submitProfile
    /// Moving the profile to a newer catalog version (answers, evidence links, comments,
    /// actions and findings follow the version's mapping).
    case upgradeProfileCatalog
    case manageEvidence
    case manageCorrectiveActions
    case viewReviewThread
    /// The program's side of a profile review: requests for information, acceptances, closing
    /// requests. Reviewers from outside the company only.
    case reviewProfile
    case respondToReview
    case viewMembership
    case changeMembership
    /// The program's side of a company's application: the reviewer's workspace, findings and
    /// reviewer transitions (which transition each role takes is the lifecycle's). Reviewers and
    /// administrators who are not members of the company.
    case reviewMembership
    case viewRiskAssessment
    case editRiskAssessment
    case manageStatusVerification
    /// The business-partner registry: partners, their proofs, vetting and screening results.
    /// The company's working record, like the risk workspace: not for program reviewers.
    case viewBusinessPartners
    /// Add, change, import, archive partners; decide their screening hits.
    case manageBusinessPartners
    /// Conveyance inspections (MSC 5.3-5.8, 8.1): the log, a record and its versions.
    case viewInspections
    /// Record an inspection, or correct one as a new version (dock and yard staff).
    case recordInspections
    /// Sign an inspection off as its supervisor (MSC 5.5), and set whether sign-off is required
    /// and the share picked for management re-inspection (5.8).
    case superviseInspections
    /// The seal stock (MSC 6.1, 6.5, 6.6): batches, seals and their log, audits. The company's
    /// working record: not for program reviewers.
    case viewSeals
    /// Receive batches, issue seals, log void, damaged and lost seals, run the seal audit.
    case manageSeals
    /// Shipments and their release gate (MSC 5.3, 6.7, 7.5, 7.29, 7.30): the record tying an
    /// inspection, seals and departure together. The company's working record: not for reviewers.
    case viewShipments
    /// Record a shipment, affix seals from stock, record VVTT checks (departure and arrival),
    /// seal photos and the message to the consignee, and mark a shipment released when the gate
    /// lets it go.
    case recordShipments
    /// Release a shipment the gate blocks, as a named supervisor with a reason (audited). Its
    /// own action rather than `superviseInspections`: signing off an inspection and letting a
    /// unit leave with open problems are different decisions a company may give to different people.
    case overrideShipmentRelease
    /// The incident register (MSC 7.23-7.37): incidents, whom the company told, investigations.
    /// Sensitive (an anonymous report may name a colleague): the supervising roles and the
    /// consultant read it; contributors report into it without reading it.
    case viewIncidents
    /// File an incident (anyone who works for the company).
    case reportIncidents
    /// Confirm or dismiss an entry, record notifications and the investigation, close it, and
    /// manage the anonymous reporting link: the security coordinator's work (and the officer's).
    case manageIncidents
    /// File a concern through a company's public anonymous link, without an account (MSC 7.25).
    case reportAnonymously
    /// Training (MSC 12.x): the roster, curricula, sessions and who is due or overdue.
    case viewTraining
    /// Keep the roster and curricula, record sessions, attendance and quiz scores.
    case manageTraining
    /// The gate's logs (MSC 10.1-10.4, 10.7): visitors, drivers and cargo pickups, carrier
    /// pre-notifications, the badge and key inventory and the separation check. The company's
    /// working record, read by the people who keep it and the consultant; not for program reviewers.
    case viewGateLogs
    /// Check visitors in and out, record drivers' arrivals and departures and carriers'
    /// pre-notifications: the guard at the gate (typically a contributor) and the supervisors.
    case recordGateLogs
    /// Add badges, access cards and keys to the inventory, issue them, record their return or
    /// loss (MSC 10.1: issue and removal of access devices are controlled): the supervising roles.
    case manageBadges
    /// The validation pack of the daily records besides inspections (incidents, training,
    /// visitor and pickup logs): a repeatable random sample since the last validation, printable
    /// and as CSV, and each kind's retention. Read by the supervising roles and the consultant,
    /// who are among the readers of every one of those records.
    case viewValidationPacks
    /// How long those records are kept, and a legal hold that keeps them: the supervising roles.
    case manageRecordRetention
    /// Remove a file attached to an incident (an anonymous report's too) or a training session
    /// (its signed roster, its materials): the supervising roles, who answer for the record, and
    /// never while the record's kind is under a legal hold (the service refuses). Not the
    /// consultant, who keeps training records but does not decide what leaves them.
    case removeRecordFiles

    /// Where the action applies, which decides what the policy looks at.
    public var scope: ActionScope {
        switch self {
        case .viewPublicPage, .setUpFirstAdministrator, .signIn, .acceptInvitation,
             .readAPIDescription, .probeHealth, .readMetrics, .browseCatalog, .openVerificationLink, .openCalendarFeed,
             .answerPartnerQuestionnaire, .reportAnonymously:
            return .open
        case .viewHome, .signOut, .viewOwnAccount, .changeOwnPassword, .changeOwnLanguage,
             .manageOwnAPITokens, .manageOwnCalendar, .switchCompany, .listOwnCompanies, .readOwnNotifications:
            return .account
        case .createCompany, .listAllCompanies, .listUsers, .grantPlatformRole,
             .viewPlatformAudit, .viewOperations, .viewReviewQueue, .viewProgramOverview, .manageScreeningLists:
            return .platform
        case .viewCompany, .editCompany, .listMembers, .inviteMember, .viewCompanyAudit,
             .viewEligibility, .answerEligibility, .viewProfile, .viewProfileDraft, .editProfile, .submitProfile, .upgradeProfileCatalog, .manageEvidence,
             .manageCorrectiveActions, .viewReviewThread, .reviewProfile, .respondToReview, .viewMembership,
             .changeMembership, .reviewMembership, .viewRiskAssessment, .editRiskAssessment, .manageStatusVerification,
             .viewBusinessPartners, .manageBusinessPartners, .viewInspections, .recordInspections, .superviseInspections, .viewSeals, .manageSeals,
             .viewShipments, .recordShipments, .overrideShipmentRelease, .viewIncidents, .reportIncidents, .manageIncidents, .viewTraining, .manageTraining,
             .viewGateLogs, .recordGateLogs, .manageBadges, .viewValidationPacks, .manageRecordRetention, .removeRecordFiles:
            return .company
        }
    }
}

/// What an action is about.
public enum ActionScope: String, Sendable {
    /// Anyone, including nobody signed in.
    case open
    /// The signed-in person's own account.
    case account
    /// The whole platform (administrators, sometimes reviewers).
    case platform
    /// One company; the route names it.
    case company
}
