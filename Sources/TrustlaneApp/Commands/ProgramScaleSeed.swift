import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// `trustlane demo --scale program`: the whole program (11,500 companies by default) with
/// applications in realistic states and dates, written by bulk SQL in one transaction. Not
/// audited entry by entry: it is a data set for load and the benchmark, not history.
package struct ProgramScaleSeed {
    package let app: Application
    package init(app: Application) { self.app = app }

    /// Status mix, in percent (roughly the program's: most members certified or validated).
    static let mix: [(MembershipStatus, Int)] = [
        (.validated, 35), (.certified, 27), (.validationPlanned, 6), (.underReview, 4), (.applied, 3), (.profileSubmitted, 3),
        (.informationRequested, 3), (.resubmitted, 2), (.validationFailed, 2), (.suspended, 2), (.removed, 2), (.withdrawn, 3),
        (.rejected, 3), (.appealFiled, 2), (.eligibilityConfirmed, 3),
    ]

    static func status(_ n: Int) -> MembershipStatus {
        var slot = (n * 7919) % 100
        for (status, share) in mix {
            if slot < share { return status }
            slot -= share
        }
        return .certified
    }

    /// An application with dates that fit its status, `n` days of history spread over ~6 years.
    static func application(n: Int, company: UUID, type: EntityType, reviewers: [UUID], now: Date,
                            tierThree: Set<EntityType>) -> MembershipApplication {
        let day: (Int) -> Date = { now.addingTimeInterval(-Double($0) * 86_400) }
        let status = status(n)
        let age = 20 + (n * 37) % 2100
        var dates = MembershipDates(appliedAt: day(age), profileSubmittedAt: day(age - 5))
        var tier: Tier?
        let certifiedAge = age - 60
        switch status {
        case .eligibilityConfirmed: dates = MembershipDates()
        case .applied: dates.profileSubmittedAt = nil
        case .profileSubmitted, .underReview, .informationRequested, .resubmitted:
            dates.appliedAt = day(10 + n % 120); dates.profileSubmittedAt = day(5 + n % 100)
        case .rejected: dates.rejectedAt = day(max(1, age - 80))
        case .certified, .validationPlanned, .validationFailed, .suspended, .removed, .appealFiled, .withdrawn, .validated:
            dates.certifiedAt = day(max(1, certifiedAge)); tier = .one
            if status == .validated { dates.lastValidatedAt = day(max(1, certifiedAge - 200) % 1400 + 1); tier = n % 9 == 0 && tierThree.contains(type) ? .three : .two }
            if status == .validationPlanned { dates.validationPlannedAt = day(3) }
            if status == .validationFailed { dates.validationFailedAt = day(1 + n % 200) }
            if status == .suspended { dates.suspendedAt = day(1 + n % 60) }
            if status == .removed { dates.removedAt = day(1 + n % 300) }
            if status == .withdrawn { dates.withdrawnAt = day(1 + n % 300) }
            if status == .appealFiled { dates.removedAt = day(40); dates.appealFiledAt = day(1 + n % 30) }
        }
        let reviewer = status == .applied || status == .eligibilityConfirmed || reviewers.isEmpty ? nil : UserID(reviewers[n % reviewers.count])
        return MembershipApplication(companyID: CompanyID(company), entityType: type, status: status, tier: tier, dates: dates,
                                     previousStatus: status == .appealFiled ? .removed : nil,
                                     assignedReviewerID: reviewer, sanctionReason: status == .suspended || status == .removed ? .unresponsive : nil)
    }

    /// Adds one application to every company that has none (its first entity type), in batches.
    @discardableResult
    package func seedApplications(reviewers: [UUID], now: Date) async throws -> Int {
        try await app.db.transaction { tx in
            let sql = tx as! any SQLDatabase
            struct Row: Decodable { let id: UUID; let entity_type: String }
            let companies = try await sql.raw("""
                SELECT c.id, MIN(t.entity_type) AS entity_type FROM companies c JOIN company_entity_types t ON t.company_id = c.id \
                WHERE NOT EXISTS (SELECT 1 FROM membership_applications a WHERE a.company_id = c.id) GROUP BY c.id ORDER BY c.id
                """).all(decoding: Row.self)
            var index = 0
            while index < companies.count {
                let batch = companies[index..<min(index + 250, companies.count)]
                var insert = sql.insert(into: "membership_applications")
                    .columns("id", "company_id", "entity_type", "status", "tier", "assigned_reviewer_id", "applied_at", "certified_at",
                             "next_due_on", "next_due_kind", "state", "version", "updated_at", "country")
                for (offset, company) in batch.enumerated() {
                    let type = EntityType(rawValue: company.entity_type) ?? .highwayCarrier
                    let application = Self.application(n: index + offset, company: company.id, type: type, reviewers: reviewers, now: now,
                                                       tierThree: app.config.programSettings.tierThreeEntityTypes)
                    let key = MembershipStore.queueKey(application, now: now, clocks: LifecycleService.clocks(app))
                    insert = insert.values(SQLBind(application.id.rawValue), SQLBind(company.id), SQLBind(type.rawValue),
                                           SQLBind(application.status.rawValue), SQLBind(application.tier?.rawValue),
                                           SQLBind(application.assignedReviewerID?.rawValue), SQLBind(application.dates.appliedAt),
                                           SQLBind(application.dates.certifiedAt), SQLBind(key.dueOn), SQLBind(key.kind),
                                           SQLBind(MembershipStore.json(application)), SQLBind(1), SQLBind(now),
                                           MembershipStore.companyCountry(company.id))
                }
                try await insert.run()
                index += batch.count
            }
            return companies.count
        }
    }

    /// Reviewers for the program (`reviewerNN@program.trustlane.example`).
    package func seedReviewers(count: Int, passwordHash: String) async throws -> [UUID] {
        let sql = app.db as! any SQLDatabase
        let now = Date()
        var ids: [UUID] = []
        var insert = sql.insert(into: "users").columns("id", "email", "name", "password_hash", "is_administrator", "is_reviewer",
                                                        "is_consultant", "created_at", "updated_at")
        for n in 0..<count {
            let id = UUID()
            ids.append(id)
            insert = insert.values(SQLBind(id), SQLBind(String(format: "reviewer%02d@program.trustlane.example", n)),
                                   SQLBind("Reviewer \(n)"), SQLBind(passwordHash), SQLBind(false), SQLBind(true), SQLBind(false),
                                   SQLBind(now), SQLBind(now))
        }
        try await insert.run()
        return ids
    }

    /// The whole program: companies with officers (the benchmark's bulk seed), reviewers, applications.
    func load(companies: Int, password: String, console: any Console) async throws {
        let start = ContinuousClock.now
        // One password for every account it makes: administrator, officers and reviewers.
        let seeded = try await BulkSeed(app: app).seed(companies: companies, password: password)
        let reviewers = try await seedReviewers(count: 40, passwordHash: try await app.passwords.hash(password))
        let applications = try await seedApplications(reviewers: reviewers, now: app.clock.now())
        console.print("Seeded \(companies) companies, \(applications) applications and 40 reviewers in \(Int((ContinuousClock.now - start).milliseconds)) ms.")
        console.print("Sign in as reviewer00@program.trustlane.example (or \(seeded.adminEmail)) with the password given (the same for every account it made).")
    }
}
