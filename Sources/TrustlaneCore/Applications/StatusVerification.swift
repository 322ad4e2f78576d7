import Foundation

/// The status a partner or a verification link shows: the program standing, never the
/// workflow step behind it.
public enum VerifiedStatus: String, CaseIterable, Codable, Sendable, Hashable {
    /// Certified, Tier I (including while the validation is planned).
    case certified
    /// Validated, Tier II or III (including while being revalidated).
    case validated
    /// The validation failed: CBP may deny benefits in whole or in part (6 U.S.C. 967(a)) until
    /// every weakness found is corrected, and may suspend. Partners relying on the status (MSC
    /// 3.4) see this, never "certified" (issue 11; CBP's 2009 enforcement notice, as reported).
    case benefitsReduced = "benefits_reduced"
    case suspended
    case removed
    case withdrawn
    /// Not (or not yet) a member: applicant, rejected.
    case notCertified = "not_certified"
}

/// What an accepted monitoring partner sees: name, entity type, status, tier and the date of
/// that status. Nothing from the security profile is in this type, so nothing can leak.
public struct PartnerStatusView: Codable, Sendable, Hashable {
    public let companyName: String
    public let entityType: EntityType
    public let status: VerifiedStatus
    /// Shown only for certified and validated members.
    public let tier: Tier?
    public let statusDate: ProgramDay?
}

/// What a verification link shows: name, entity type, status and its date (no tier).
public struct VerificationLinkView: Codable, Sendable, Hashable {
    public let companyName: String
    public let entityType: EntityType
    public let status: VerifiedStatus
    public let statusDate: ProgramDay?
}

/// Turns a membership into what others may see of it.
public enum StatusVerification {
    /// The program standing of an application (an appeal shows the decision appealed).
    public static func verifiedStatus(_ application: MembershipApplication) -> VerifiedStatus {
        let status = application.status == .appealFiled ? (application.previousStatus ?? .rejected) : application.status
        switch status {
        case .certified: return .certified
        case .validationPlanned:
            // A new validation planned after a failed one does not restore the benefits: that
            // waits for a passed validation (every weakness corrected).
            if let failed = application.dates.validationFailedAt, failed > (application.dates.lastValidatedAt ?? .distantPast) {
                return .benefitsReduced
            }
            return .certified
        case .validationFailed: return .benefitsReduced
        case .validated: return (application.tier ?? .one) > .one ? .validated : .certified
        case .suspended: return .suspended
        case .removed: return .removed
        case .withdrawn: return .withdrawn
        default: return .notCertified
        }
    }

    /// The day the shown status began.
    public static func statusDate(_ application: MembershipApplication, calendar: Calendar = .programUTC) -> ProgramDay? {
        let dates = application.dates
        let date: Date? = switch verifiedStatus(application) {
        case .certified:
            [dates.certifiedAt, dates.reinstatedAt].compactMap { $0 }.max()
        case .benefitsReduced: dates.validationFailedAt
        case .validated: [dates.lastValidatedAt, dates.reinstatedAt].compactMap { $0 }.max()
        case .suspended: dates.suspendedAt
        case .removed: dates.removedAt
        case .withdrawn: dates.withdrawnAt
        case .notCertified: dates.rejectedAt ?? dates.appliedAt
        }
        return date.map { ProgramDay($0, calendar: calendar) }
    }

    /// The view of an accepted partner; `nil` unless the connection is accepted and is about
    /// this member.
    public static func partnerView(of application: MembershipApplication, companyName: String,
                                   connection: MonitoringConnection) -> PartnerStatusView? {
        guard connection.grantsView, connection.memberCompanyID == application.companyID else { return nil }
        let status = verifiedStatus(application)
        return PartnerStatusView(companyName: companyName, entityType: application.entityType, status: status,
                                 tier: status == .certified || status == .validated ? (application.tier ?? .one) : nil,
                                 statusDate: statusDate(application))
    }

    /// The view behind an active verification link; `nil` for a revoked or expired link or one
    /// about another application.
    public static func linkView(of application: MembershipApplication, companyName: String, link: VerificationLink,
                                now: Date) -> VerificationLinkView? {
        guard link.isActive(at: now), link.applicationID == application.id else { return nil }
        return VerificationLinkView(companyName: companyName, entityType: application.entityType,
                                    status: verifiedStatus(application), statusDate: statusDate(application))
    }
}
