import Foundation

/// Computes every clock of a membership from its recorded dates and an injected `now`.
/// Pure: the same application and day give the same clocks.
///
/// Day semantics: the start day is day 0; a clock "due within N days" is due on day N, which
/// is the last day on time (`daysLeft == 0`, state `dueSoon`); day N + 1 is overdue.
public struct MembershipClocks: Sendable {
    public let settings: ProgramSettings
    public let calendar: Calendar

    public init(settings: ProgramSettings = .standard, calendar: Calendar = .programUTC) {
        self.settings = settings
        self.calendar = calendar
    }

    /// The clocks that apply to the application's status, in `ClockKind` order.
    public func clocks(for application: MembershipApplication, now: Date) -> [MembershipClock] {
        let today = day(now)
        let dates = application.dates
        var clocks: [MembershipClock] = []
        let status = application.status

        if (status.isApplicant && status != .eligibilityConfirmed) || status == .certified || status == .rejected,
           let start = settings.certificationClockStart == .application ? dates.appliedAt : dates.profileSubmittedAt {
            // An applicant has no decision in force (an overturned rejection is decided again).
            let decision = status.isApplicant ? nil : [dates.certifiedAt, dates.rejectedAt].compactMap { $0 }.filter { $0 >= start }.min()
            if status.isApplicant || decision != nil {
                clocks.append(deadline(.certificationDecision, from: day(start), days: settings.certificationTargetDays,
                                       metOn: decision.map(day), today: today))
            }
        }
        if status.isMemberInGoodStanding, let certifiedAt = dates.certifiedAt {
            if let validated = dates.lastValidatedAt {
                let start = day(validated)
                clocks.append(clock(.revalidation, startedOn: start, dueOn: start.adding(years: settings.revalidationYears),
                                    metOn: nil, today: today))
            } else {
                clocks.append(deadline(.validationDue, from: day(certifiedAt), days: settings.validationDueDays,
                                       metOn: nil, today: today))
            }
            clocks.append(annualReviewClock(application, certifiedOn: day(certifiedAt), today: today))
        }
        if status == .suspended, let suspendedAt = dates.suspendedAt {
            let start = day(suspendedAt)
            let due = dates.suspensionResponseDueOn ?? start.adding(days: settings.suspensionResponseDays)
            clocks.append(clock(.suspensionResponse, startedOn: start, dueOn: due, metOn: nil, today: today))
        }
        if status.isAppealable, let decided = dates.decisionDate(for: status) {
            let start = day(decided)
            let last = MembershipLifecycle.appealLastDay(decidedOn: start, status: status,
                                                         reason: application.sanctionReason, settings: settings)
            let filed = dates.appealFiledAt.flatMap { $0 >= decided ? day($0) : nil }
            clocks.append(clock(.appealFiling, startedOn: start, dueOn: last, metOn: filed, today: today))
        }
        if status == .appealFiled, let filedAt = dates.appealFiledAt {
            clocks.append(deadline(.appealDecision, from: day(filedAt), days: settings.appealDecisionDays, metOn: nil, today: today))
        }
        if status == .removed, let removedAt = dates.removedAt {
            let start = day(removedAt)
            let first = application.reapplyAllowedOn ?? reapplicationAllowedOn(removedOn: start)
            clocks.append(MembershipClock(kind: .reapplication, startedOn: start, dueOn: first,
                                          daysLeft: today.days(until: first), state: today >= first ? .met : .ok,
                                          metOn: today >= first ? first : nil))
        }
        return clocks.sorted { ClockKind.allCases.firstIndex(of: $0.kind)! < ClockKind.allCases.firstIndex(of: $1.kind)! }
    }

    /// The first day a removed company may apply again when the reviewer set none: Trustlane's
    /// default, `reapplyAfterRemovalYears` after the removal, whatever the reason. The statute
    /// sets no period (6 U.S.C. 967(b): "an appropriate period of time"); CBP decides case by case.
    public func reapplicationAllowedOn(removedOn: ProgramDay) -> ProgramDay {
        removedOn.adding(years: settings.reapplyAfterRemovalYears)
    }

    /// Whether an edit made at `date` counts for an annual review of a member certified at `certifiedAt`.
    public func isInsideAnnualWindow(_ date: Date, certifiedAt: Date) -> Bool {
        AnnualReviewWindow.isInsideAnnualWindow(date, certifiedAt: certifiedAt, settings: settings, calendar: calendar)
    }

    /// The state of a clock due on `dueOn`, on `today`, given when (if) it was met.
    public func state(dueOn: ProgramDay, metOn: ProgramDay?, today: ProgramDay) -> ClockState {
        if metOn != nil { return .met }
        let left = today.days(until: dueOn)
        if left < 0 { return .overdue }
        return left <= settings.dueSoonDays ? .dueSoon : .ok
    }

    private func annualReviewClock(_ application: MembershipApplication, certifiedOn: ProgramDay, today: ProgramDay) -> MembershipClock {
        let window = AnnualReviewWindow.current(certifiedOn: certifiedOn, today: today, settings: settings)
        var metOn: ProgramDay?
        if let cycle = application.annualReview, cycle.anniversary == window.anniversary,
           cycle.status == .submitted || cycle.status == .approved,
           let submitted = cycle.submittedAt.map(day), window.contains(submitted) {
            metOn = submitted
        }
        return clock(.annualReview, startedOn: window.opensOn, dueOn: window.closesOn, metOn: metOn, today: today, window: window)
    }

    private func deadline(_ kind: ClockKind, from start: ProgramDay, days: Int, metOn: ProgramDay?, today: ProgramDay) -> MembershipClock {
        clock(kind, startedOn: start, dueOn: start.adding(days: days), metOn: metOn, today: today)
    }

    private func clock(_ kind: ClockKind, startedOn: ProgramDay, dueOn: ProgramDay, metOn: ProgramDay?, today: ProgramDay,
                       window: AnnualReviewWindow? = nil) -> MembershipClock {
        MembershipClock(kind: kind, startedOn: startedOn, dueOn: dueOn, daysLeft: today.days(until: dueOn),
                        state: state(dueOn: dueOn, metOn: metOn, today: today), metOn: metOn, window: window)
    }

    private func day(_ date: Date) -> ProgramDay { ProgramDay(date, calendar: calendar) }
}
