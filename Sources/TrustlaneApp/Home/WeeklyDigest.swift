import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// The weekly email digest (issue 14): to each person with a seat in a company or applications
/// assigned to them as reviewer, what is overdue, what falls due in the next two weeks and how
/// many notifications arrived in the last seven days, in their language, through the outbox.
/// The dedupe key names the ISO week, so the daily pass sends it once a week whatever the
/// number of runs or restarts. People who turned it off, and weeks with nothing to say, get none.
struct WeeklyDigest {
    let app: Application

    struct Result: Sendable { var people = 0; var queued = 0 }

    /// How many lines of each part the email lists before "and N more".
    static let listed = 15

    func run() async throws -> Result {
        let now = app.clock.now()
        let today = ProgramDay(now)
        let week = DeadlineDigest.week(of: today)
        let sql = app.db as! any SQLDatabase
        struct Person: Decodable { let id: UUID }
        // People with a seat somewhere, or a reviewer with something assigned; not those who opted out.
        let people = try await sql.raw("""
            SELECT u.id AS id FROM users u WHERE (u.weekly_digest IS NULL OR u.weekly_digest = \(bind: true)) AND \
            (EXISTS (SELECT 1 FROM company_members m WHERE m.user_id = u.id) OR \
             EXISTS (SELECT 1 FROM membership_applications a WHERE a.assigned_reviewer_id = u.id))
            """).all(decoding: Person.self)
        var result = Result()
        let queries = DeadlineQueries(db: app.db, settings: app.config.programSettings)
        func key(_ person: UUID) -> String { "digest:\(person.uuidString.lowercased()):\(week)" }
        // Who already has this week's digest, in one read rather than one per person.
        let sent = try await NotificationOutbox(app.db).existingKeys(people.map { key($0.id) })
        for person in people {
            result.people += 1
            let key = key(person.id)
            guard !sent.contains(key), let user = try await UserModel.find(person.id, on: app.db) else { continue }
            struct Count: Decodable { let n: Int }
            let fresh = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
                .where("recipient_id", .equal, SQLBind(person.id)).where("channel", .equal, SQLBind(NotificationOutbox.inApp))
                .where("created_at", .greaterThanOrEqual, SQLBind(now.addingTimeInterval(-7 * 86_400)))
                .first(decoding: Count.self)?.n ?? 0
            let digest = DeadlineDigest(deadlines: try await queries.deadlines(for: user, now: now), today: today, newNotifications: fresh)
            guard !digest.isEmpty else { continue }
            let language = user.language.flatMap(Language.init(rawValue:)) ?? .english
            let t = LocalizationCatalog.shared.localizer(for: language)
            let parameters = ["name": user.name, "overdue": String(digest.overdue.count), "upcoming": String(digest.upcoming.count),
                              "new": String(fresh), "week": week, "lines": Self.lines(t, digest, today: today)]
            try await app.writeGate.transaction(on: app.db) { tx in
                try await NotificationOutbox(tx).enqueueEmail(key: "email.weekly_digest", parameters: parameters, link: SiteURL.home,
                                                              to: user.email, language: language, userID: person.id, companyID: nil,
                                                              dedupeKey: key, now: now)
            }
            result.queued += 1
        }
        return result
    }

    /// The body's list: overdue first, then upcoming, each line "date · company: item".
    static func lines(_ t: Localizer, _ digest: DeadlineDigest, today: ProgramDay) -> String {
        func part(_ title: String, _ items: [Deadline]) -> [String] {
            guard !items.isEmpty else { return [] }
            var out = [title]
            out += items.prefix(listed).map { "- \($0.day) · \(DeadlineQueries.title(t, $0))" }
            if items.count > listed { out.append(t("digest.more", ["count": String(items.count - listed)])) }
            return out + [""]
        }
        let text = part(t("digest.overdue_title"), digest.overdue) + part(t("digest.upcoming_title"), digest.upcoming)
        return text.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
}
