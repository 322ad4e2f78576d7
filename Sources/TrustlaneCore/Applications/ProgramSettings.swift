import Foundation

/// Where the certification-decision clock starts. 6 U.S.C. 964(c) says 90 days from "receipt
/// of an application"; CBP practice and the program's own descriptions count from the submission
/// of the company and security profile (a consultant's account of the steps, Norman Jaspan
/// Associates; the Sysindo program page), so that is the default (issue 11).
public enum CertificationClockStart: String, CaseIterable, Codable, Sendable, Hashable {
    /// From the officer's application (the statute's literal reading).
    case application
    /// From the first submitted security profile (default: CBP practice).
    case profileSubmission = "profile_submission"
}

/// The program's numbers, with the defaults the statute and CBP practice give. Every value is a
/// setting because CBP changes practice without notice, and some are uncertain
/// (docs/LIFECYCLE.md lists the sources and which ones).
///
/// Decodes from JSON or YAML with any key missing falling back to its default.
public struct ProgramSettings: Codable, Sendable, Hashable {
    /// Days from the application (or profile submission) to the certification decision target: 90.
    public var certificationTargetDays: Int
    /// Where the certification clock starts: `.profileSubmission`.
    public var certificationClockStart: CertificationClockStart
    /// Days from certification by which the initial validation is due: 365.
    public var validationDueDays: Int
    /// Days before each certification anniversary that the annual review window opens: 90.
    /// The window closes on the anniversary, which is its last day.
    public var annualReviewWindowDays: Int
    /// Years after the last validation by which revalidation is due: 4.
    public var revalidationYears: Int
    /// Days after a denial, failed validation, or a suspension or removal for another reason
    /// than false information, to file an appeal: 90.
    public var appealDays: Int
    /// Days after a suspension or removal for false or misleading information to appeal: 30.
    public var falseInformationAppealDays: Int
    /// Days after an appeal is filed by which it should be decided: 180.
    public var appealDecisionDays: Int
    /// Default days given to answer a suspension: 90 [uncertain: secondary source only].
    public var suspensionResponseDays: Int
    /// Trustlane's default for the years after a removal before the company may apply again,
    /// used when the reviewer sets no date: 1. Not CBP's: the statute sets no period (6 U.S.C.
    /// 967(b), "an appropriate period of time") and CBP decides case by case; the earlier
    /// five-year wait after false information had no source and is gone (issue 11).
    public var reapplyAfterRemovalYears: Int
    /// A clock is "due soon" when this many days or fewer are left: 30.
    public var dueSoonDays: Int
    /// Best practices a validation must record for Tier III: 1 [uncertain: CBP's five
    /// requirements for a best practice were not retrieved].
    public var tierThreeMinimumBestPractices: Int
    /// The entity types CBP offers Tier III to: importers and exporters (CBP's 2021 best
    /// practices framework describes how "an importer and/or exporter" may reach Tier III; SCAN's
    /// July 2021 summary; the tier ladder is described for importers). Data, not code, so a
    /// program change is a setting (issue 11).
    public var tierThreeEntityTypes: Set<EntityType>
    /// Whether an appeal must be decided by another reviewer than the one who took the
    /// appealed decision: true.
    public var appealNeedsAnotherReviewer: Bool
    /// Days a status-verification link stays valid; `nil` for links that last until revoked: 365.
    public var verificationLinkDays: Int?
    /// Months between business-partner reassessments by risk tier (MSC 3.7 asks for regular
    /// reassessment and sets no period, so these are Trustlane's defaults, to be set by each
    /// company's written process): high 12, medium 24, low 36.
    public var partnerReassessmentMonthsHigh: Int
    public var partnerReassessmentMonthsMedium: Int
    public var partnerReassessmentMonthsLow: Int

    /// The defaults listed on each property.
    public static let standard = ProgramSettings()

    /// The keys a settings file may use (snake_case).
    public static let keys: [String] = CodingKeys.allCases.map(\.rawValue)

    public init(certificationTargetDays: Int = 90, certificationClockStart: CertificationClockStart = .profileSubmission,
                validationDueDays: Int = 365, annualReviewWindowDays: Int = 90, revalidationYears: Int = 4,
                appealDays: Int = 90, falseInformationAppealDays: Int = 30, appealDecisionDays: Int = 180,
                suspensionResponseDays: Int = 90, reapplyAfterRemovalYears: Int = 1,
                dueSoonDays: Int = 30,
                tierThreeMinimumBestPractices: Int = 1, tierThreeEntityTypes: Set<EntityType> = [.importer, .exporter],
                appealNeedsAnotherReviewer: Bool = true,
                verificationLinkDays: Int? = 365,
                partnerReassessmentMonthsHigh: Int = 12, partnerReassessmentMonthsMedium: Int = 24, partnerReassessmentMonthsLow: Int = 36) {
        self.certificationTargetDays = certificationTargetDays
        self.certificationClockStart = certificationClockStart
        self.validationDueDays = validationDueDays
        self.annualReviewWindowDays = annualReviewWindowDays
        self.revalidationYears = revalidationYears
        self.appealDays = appealDays
        self.falseInformationAppealDays = falseInformationAppealDays
        self.appealDecisionDays = appealDecisionDays
        self.suspensionResponseDays = suspensionResponseDays
        self.reapplyAfterRemovalYears = reapplyAfterRemovalYears
        self.dueSoonDays = dueSoonDays
        self.tierThreeMinimumBestPractices = tierThreeMinimumBestPractices
        self.tierThreeEntityTypes = tierThreeEntityTypes
        self.appealNeedsAnotherReviewer = appealNeedsAnotherReviewer
        self.verificationLinkDays = verificationLinkDays
        self.partnerReassessmentMonthsHigh = partnerReassessmentMonthsHigh
        self.partnerReassessmentMonthsMedium = partnerReassessmentMonthsMedium
        self.partnerReassessmentMonthsLow = partnerReassessmentMonthsLow
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case certificationTargetDays = "certification_target_days"
        case certificationClockStart = "certification_clock_start"
        case validationDueDays = "validation_due_days"
        case annualReviewWindowDays = "annual_review_window_days"
        case revalidationYears = "revalidation_years"
        case appealDays = "appeal_days"
        case falseInformationAppealDays = "false_information_appeal_days"
        case appealDecisionDays = "appeal_decision_days"
        case suspensionResponseDays = "suspension_response_days"
        case reapplyAfterRemovalYears = "reapply_after_removal_years"
        case dueSoonDays = "due_soon_days"
        case tierThreeMinimumBestPractices = "tier_three_minimum_best_practices"
        case tierThreeEntityTypes = "tier_three_entity_types"
        case appealNeedsAnotherReviewer = "appeal_needs_another_reviewer"
        case verificationLinkDays = "verification_link_days"
        case partnerReassessmentMonthsHigh = "partner_reassessment_months_high"
        case partnerReassessmentMonthsMedium = "partner_reassessment_months_medium"
        case partnerReassessmentMonthsLow = "partner_reassessment_months_low"
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let standard = ProgramSettings()
        func int(_ key: CodingKeys, _ fallback: Int) throws -> Int { try values.decodeIfPresent(Int.self, forKey: key) ?? fallback }
        certificationTargetDays = try int(.certificationTargetDays, standard.certificationTargetDays)
        certificationClockStart = try values.decodeIfPresent(CertificationClockStart.self, forKey: .certificationClockStart)
            ?? standard.certificationClockStart
        validationDueDays = try int(.validationDueDays, standard.validationDueDays)
        annualReviewWindowDays = try int(.annualReviewWindowDays, standard.annualReviewWindowDays)
        revalidationYears = try int(.revalidationYears, standard.revalidationYears)
        appealDays = try int(.appealDays, standard.appealDays)
        falseInformationAppealDays = try int(.falseInformationAppealDays, standard.falseInformationAppealDays)
        appealDecisionDays = try int(.appealDecisionDays, standard.appealDecisionDays)
        suspensionResponseDays = try int(.suspensionResponseDays, standard.suspensionResponseDays)
        reapplyAfterRemovalYears = try int(.reapplyAfterRemovalYears, standard.reapplyAfterRemovalYears)
        dueSoonDays = try int(.dueSoonDays, standard.dueSoonDays)
        tierThreeMinimumBestPractices = try int(.tierThreeMinimumBestPractices, standard.tierThreeMinimumBestPractices)
        tierThreeEntityTypes = try values.decodeIfPresent([EntityType].self, forKey: .tierThreeEntityTypes).map(Set.init)
            ?? standard.tierThreeEntityTypes
        appealNeedsAnotherReviewer = try values.decodeIfPresent(Bool.self, forKey: .appealNeedsAnotherReviewer)
            ?? standard.appealNeedsAnotherReviewer
        // An explicit `null` means "links last until revoked"; a missing key means the default.
        if values.contains(.verificationLinkDays) {
            verificationLinkDays = try values.decodeIfPresent(Int.self, forKey: .verificationLinkDays)
        } else {
            verificationLinkDays = standard.verificationLinkDays
        }
        partnerReassessmentMonthsHigh = try int(.partnerReassessmentMonthsHigh, standard.partnerReassessmentMonthsHigh)
        partnerReassessmentMonthsMedium = try int(.partnerReassessmentMonthsMedium, standard.partnerReassessmentMonthsMedium)
        partnerReassessmentMonthsLow = try int(.partnerReassessmentMonthsLow, standard.partnerReassessmentMonthsLow)
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(certificationTargetDays, forKey: .certificationTargetDays)
        try values.encode(certificationClockStart, forKey: .certificationClockStart)
        try values.encode(validationDueDays, forKey: .validationDueDays)
        try values.encode(annualReviewWindowDays, forKey: .annualReviewWindowDays)
        try values.encode(revalidationYears, forKey: .revalidationYears)
        try values.encode(appealDays, forKey: .appealDays)
        try values.encode(falseInformationAppealDays, forKey: .falseInformationAppealDays)
        try values.encode(appealDecisionDays, forKey: .appealDecisionDays)
        try values.encode(suspensionResponseDays, forKey: .suspensionResponseDays)
        try values.encode(reapplyAfterRemovalYears, forKey: .reapplyAfterRemovalYears)
        try values.encode(dueSoonDays, forKey: .dueSoonDays)
        try values.encode(tierThreeMinimumBestPractices, forKey: .tierThreeMinimumBestPractices)
        try values.encode(tierThreeEntityTypes.sorted(), forKey: .tierThreeEntityTypes)
        try values.encode(appealNeedsAnotherReviewer, forKey: .appealNeedsAnotherReviewer)
        // Written even when nil (as null), so "links last until revoked" survives a round trip.
        try values.encode(verificationLinkDays, forKey: .verificationLinkDays)
        try values.encode(partnerReassessmentMonthsHigh, forKey: .partnerReassessmentMonthsHigh)
        try values.encode(partnerReassessmentMonthsMedium, forKey: .partnerReassessmentMonthsMedium)
        try values.encode(partnerReassessmentMonthsLow, forKey: .partnerReassessmentMonthsLow)
    }

    /// Settings that make no sense, worded for whoever edits the configuration. Empty when fine.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        func positive(_ value: Int, _ field: CodingKeys, maximum: Int) {
            if value < 1 || value > maximum {
                errors.append(FieldError(field: field.rawValue, messageKey: "error.out_of_range",
                                         message: "\(field.rawValue) must be between 1 and \(maximum)",
                                         arguments: ["min": "1", "max": String(maximum)]))
            }
        }
        positive(certificationTargetDays, .certificationTargetDays, maximum: 3650)
        positive(validationDueDays, .validationDueDays, maximum: 3650)
        positive(annualReviewWindowDays, .annualReviewWindowDays, maximum: 364)
        positive(revalidationYears, .revalidationYears, maximum: 20)
        positive(appealDays, .appealDays, maximum: 3650)
        positive(falseInformationAppealDays, .falseInformationAppealDays, maximum: 3650)
        positive(appealDecisionDays, .appealDecisionDays, maximum: 3650)
        positive(suspensionResponseDays, .suspensionResponseDays, maximum: 3650)
        positive(reapplyAfterRemovalYears, .reapplyAfterRemovalYears, maximum: 50)
        positive(partnerReassessmentMonthsHigh, .partnerReassessmentMonthsHigh, maximum: 120)
        positive(partnerReassessmentMonthsMedium, .partnerReassessmentMonthsMedium, maximum: 120)
        positive(partnerReassessmentMonthsLow, .partnerReassessmentMonthsLow, maximum: 120)
        positive(dueSoonDays, .dueSoonDays, maximum: 365)
        positive(tierThreeMinimumBestPractices, .tierThreeMinimumBestPractices, maximum: 1000)
        if let days = verificationLinkDays { positive(days, .verificationLinkDays, maximum: 3650) }
        return errors
    }
}
