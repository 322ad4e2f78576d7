import Foundation
import Testing
@testable import TrustlaneCore

/// Training rules (issue 17): curricula, quizzes with a pass mark, a person's standing on a
/// topic, and coverage by role.
@Suite("Training rules")
struct TrainingRulesTests {
    @Test func aCurriculumNeedsARoleAndKnownTopicsEachOnceWithARecurrenceInRange() throws {
        let ok = try Curriculum.validate(role: " Dock staff ", topics: [("inspections_and_seals", "6"), ("agricultural_contamination", nil)])
        #expect(ok.role == "Dock staff" && ok.requirements.map(\.months) == [6, 12])
        for (topics, field) in [([("magic", "12")], "topics"), ([("cybersecurity", "0")], "months"), ([("cybersecurity", "61")], "months"),
                                ([("cybersecurity", "12"), ("cybersecurity", "6")], "topics"), ([], "topics")] as [([(String, String?)], String)] {
            do { _ = try Curriculum.validate(role: "IT", topics: topics.map { (topic: $0.0, months: $0.1) }); Issue.record("accepted \(topics)") } catch {
                #expect(error.errors.first?.field == field, "\(topics)")
            }
        }
    }

    @Test func aQuizWithNoRightAnswerOrTooFewChoicesIsRefusedByQuestion() throws {
        let drafts = TrainingQuiz.drafts(lines: """
        What do you check first? | the load | *the seal number | the weather
        Which are pests? | *insects | *soil | paperwork

        """)
        let quiz = try TrainingQuiz.validate(drafts, passMark: 80)
        #expect(quiz.questions.count == 2 && quiz.questions[1].correct == [0, 1])
        #expect(TrainingQuiz.drafts(lines: quiz.lines) == drafts.map { TrainingQuiz.QuestionDraft(text: $0.text, choices: $0.choices, correct: $0.correct) })
        #expect(quiz.score([[1], [0, 1]]) == 100 && quiz.score([[1], [0]]) == 50 && quiz.score([]) == 0)
        do { _ = try TrainingQuiz.validate(TrainingQuiz.drafts(lines: "Which? | a | b\nOnly one | *yes"), passMark: 80); Issue.record("accepted") } catch {
            #expect(error.errors.map(\.messageKey) == ["training.error.no_correct", "training.error.choices"])
            #expect(error.errors.map { $0.arguments["question"] } == ["1", "2"])
        }
        #expect(throws: ValidationFailure.self) { try TrainingQuiz.validate(drafts, passMark: 0) }
        #expect(throws: ValidationFailure.self) { try TrainingQuiz.validate([], passMark: 80) }
    }

    @Test func aStandingRunsFromTheLastPassedDayForTheRecurrence() throws {
        let today = try #require(ProgramDay("2026-12-05"))
        #expect(TrainingStanding.of(last: nil, months: 12, today: today) == .never)
        #expect(TrainingStanding.of(last: ProgramDay("2026-06-01"), months: 12, today: today) == .current(last: ProgramDay("2026-06-01")!, until: ProgramDay("2027-06-01")!))
        #expect(TrainingStanding.of(last: ProgramDay("2025-12-20"), months: 12, today: today).key == "due_soon")
        #expect(TrainingStanding.of(last: ProgramDay("2025-12-04"), months: 12, today: today) == .overdue(last: ProgramDay("2025-12-04")!, since: ProgramDay("2026-12-04")!))
        // Six months after August 31 is the last day of February.
        #expect(TrainingStanding.of(last: ProgramDay("2026-08-31"), months: 6, today: today) == .current(last: ProgramDay("2026-08-31")!, until: ProgramDay("2027-02-28")!))
    }

    @Test func coverageCountsEveryPersonAgainstEveryTopicOfTheirRole() throws {
        let today = try #require(ProgramDay("2026-12-05"))
        let a = PersonID(), b = PersonID(), c = PersonID()
        let curriculum = [Curriculum.Requirement(topic: .inspectionsAndSeals, months: 12), .init(topic: .agriculturalContamination, months: 12)]
        let latest: [PersonID: [TrainingTopic: ProgramDay]] = [
            a: [.inspectionsAndSeals: ProgramDay("2026-11-01")!, .agriculturalContamination: ProgramDay("2026-11-01")!],
            b: [.inspectionsAndSeals: ProgramDay("2025-01-01")!],
        ]
        let coverage = RoleCoverage.count(role: "Dock staff", curriculum: curriculum, people: [a, b, c], latest: latest, today: today)
        #expect(coverage.people == 3 && coverage.fullyCurrent == 1 && coverage.percent == 33)
        #expect(coverage.topics.map { [$0.current, $0.dueSoon, $0.overdue, $0.never] } == [[1, 0, 1, 1], [1, 0, 0, 2]])
    }

    /// The database counts a roster by two cutoff days per recurrence; for every last day
    /// around them, month ends and leap days included, they must give what `of` gives.
    @Test func cutoffDaysClassifyEveryDayAsTheStandingDoes() throws {
        let todays = ["2026-12-05", "2027-02-28", "2028-02-29", "2028-03-01", "2026-03-31", "2026-08-31", "2026-01-01"].compactMap(ProgramDay.init)
        #expect(todays.count == 7)
        var checked = 0
        for today in todays {
            let soon = today.adding(days: TrainingStanding.warningDays)
            for months in [1, 3, 6, 12, 24, 36] {
                let cut = TrainingStanding.Cutoffs(months: months, today: today, soon: soon)
                var day = today.adding(months: -months - 2)
                let end = today.adding(days: 10)
                while day <= end {
                    #expect(cut.standing(of: day) == TrainingStanding.of(last: day, months: months, today: today, soon: soon).kind,
                            "last \(day), \(months) months, today \(today)")
                    day = day.adding(days: 1)
                    checked += 1
                }
                #expect(cut.standing(of: nil) == .never)
            }
        }
        #expect(checked > 10_000)
    }
}

/// ProgramDay's arithmetic day check (used by coverage thousands of times) agrees with the
/// calendar it replaced, leap years and century years included.
@Suite("Program day check")
struct ProgramDayCheckTests {
    @Test func theArithmeticCheckAgreesWithTheGregorianCalendar() {
        let calendar = Calendar.programUTC
        for year in [1583, 1600, 1700, 1900, 1999, 2000, 2024, 2025, 2026, 2028, 2100, 2400, 9999] {
            for month in 1...12 {
                for day in 27...31 {
                    let date = calendar.date(from: DateComponents(year: year, month: month, day: day))
                    let valid = date.map { calendar.component(.day, from: $0) == day } ?? false
                    #expect((ProgramDay(year: year, month: month, day: day) != nil) == valid, "\(year)-\(month)-\(day)")
                }
            }
        }
    }

    /// Start instants, day counts and days added are arithmetic from 1583 on; they must agree
    /// with the calendar they replaced on every day of several centuries' edges and leap years,
    /// and across the 1583 boundary where the calendar takes over again.
    @Test func dayArithmeticAgreesWithTheGregorianCalendar() throws {
        let calendar = Calendar.programUTC
        let anchor = try #require(ProgramDay("2026-12-06"))
        var checked = 0
        for start in ["1583-01-01", "1599-12-01", "1899-12-01", "1969-12-01", "1999-12-01", "2024-01-15", "2099-12-01", "2399-12-01", "9999-10-01"] {
            var day = try #require(ProgramDay(start))
            for _ in 0..<90 {
                #expect(day.startDate() == day.startDate(calendar: calendar), "\(day)")
                #expect(anchor.days(until: day) == calendar.dateComponents([.day], from: anchor.startDate(calendar: calendar), to: day.startDate(calendar: calendar)).day, "\(day)")
                for step in [-400, -1, 1, 31, 366, 1461] where day.year + step / 365 < 9999 {
                    let expected = ProgramDay(calendar.date(byAdding: .day, value: step, to: day.startDate(calendar: calendar))!, calendar: calendar)
                    #expect(day.adding(days: step) == expected, "\(day) + \(step)")
                }
                day = ProgramDay(calendar.date(byAdding: .day, value: 1, to: day.startDate(calendar: calendar))!, calendar: calendar)
                checked += 1
            }
        }
        #expect(checked == 810)
    }
}
