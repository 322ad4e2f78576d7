import Foundation

/// The documented assessment (step 5): whose it is, how it was done (`AssessmentMethod`), when,
/// and when it must be reviewed. CTPAT asks for a review at least yearly, so the next review is
/// one year after the assessment unless the company sets it sooner (high-risk chains and
/// highway carriers often review more often); a later date is refused.
///
/// Dates are calendar days in UTC. A new assessment starts from a copy of the last one
/// (`nextAssessment`), keeping chain ids so `AssessmentComparison` can match the two.
public struct AssessmentDocument: Sendable, Equatable {
    public let id: RiskAssessmentID
    public let companyID: CompanyID
    public let method: AssessmentMethod
    /// The day the assessment was done.
    public let assessedOn: Date
    /// The day it must be reviewed by: at most one year after `assessedOn`.
    public let nextReviewOn: Date
    /// The assessment this one was copied from.
    public let previousID: RiskAssessmentID?

    /// The latest allowed review day for an assessment on a day: one year later.
    public static func latestReview(after assessedOn: Date) -> Date {
        ProgramDay.adding(years: 1, to: ProgramDay.start(of: assessedOn))
    }

    /// Checks the dates and builds the document. `nextReviewOn` defaults to one year after
    /// `assessedOn`; one set must fall after the assessment and no later than a year.
    public static func validate(id: RiskAssessmentID = RiskAssessmentID(), companyID: CompanyID, method: AssessmentMethod,
                                assessedOn: Date, nextReviewOn: Date? = nil, previousID: RiskAssessmentID? = nil,
                                today: Date) -> Result<AssessmentDocument, ValidationFailure> {
        var errors: [FieldError] = []
        let day = ProgramDay.start(of: assessedOn)
        let latest = latestReview(after: day)
        if day > ProgramDay.start(of: today) {
            errors.append(FieldError(field: "assessed_on", messageKey: "risk.error.assessed_in_future",
                                     message: "The assessment date is in the future; give the day the assessment was done."))
        }
        let review = nextReviewOn.map(ProgramDay.start(of:)) ?? latest
        if review <= day {
            errors.append(FieldError(field: "next_review_on", messageKey: "risk.error.review_before_assessment",
                                     message: "The next review must come after the assessment date."))
        } else if review > latest {
            errors.append(FieldError(field: "next_review_on", messageKey: "risk.error.review_too_late",
                                     message: "CTPAT asks for a review at least once a year; choose a day no later than one year after the assessment.",
                                     arguments: ["latest": ProgramDay.text(latest)]))
        }
        if case .failure(let failure) = RiskBands.validate(mediumFrom: method.bands.mediumFrom, highFrom: method.bands.highFrom, scale: method.scale) {
            errors += failure.errors
        }
        if method.participants.isEmpty {
            errors.append(FieldError(field: "participants", messageKey: "risk.error.participants_required",
                                     message: "Name at least one person who took part in the assessment."))
        }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        return .success(AssessmentDocument(id: id, companyID: companyID, method: method, assessedOn: day,
                                           nextReviewOn: review, previousID: previousID))
    }

    /// Whether the assessment is over a year old, for the annual review's reminder (criteria 2.3).
    public func isOverAYearOld(asOf date: Date) -> Bool {
        Self.isOverAYearOld(assessedOn: assessedOn, asOf: date)
    }

    /// Whether an assessment done on `assessedOn` is over a year old on the day `date` falls
    /// in: that day comes after the latest allowed review day.
    public static func isOverAYearOld(assessedOn: Date, asOf date: Date) -> Bool {
        ProgramDay.start(of: date) > latestReview(after: assessedOn)
    }

    /// The same for an assessment day written `YYYY-MM-DD`, as stored; `false` when unreadable.
    public static func isOverAYearOld(assessedOn day: String, asOf date: Date) -> Bool {
        guard let assessedOn = ProgramDay.date(day) else { return false }
        return isOverAYearOld(assessedOn: assessedOn, asOf: date)
    }

    /// The next assessment, started from a copy of this one: same method, linked back, dated
    /// `assessedOn` with the default review day. The chains, ratings and open actions are copied
    /// by the caller (keeping chain ids and node keys).
    public func nextAssessment(id: RiskAssessmentID = RiskAssessmentID(), assessedOn: Date, today: Date) -> Result<AssessmentDocument, ValidationFailure> {
        AssessmentDocument.validate(id: id, companyID: companyID, method: method, assessedOn: assessedOn, previousID: self.id, today: today)
    }
}
