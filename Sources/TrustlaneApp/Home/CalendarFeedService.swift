import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Each person's private calendar link (issue 14). The secret in the address is the credential,
/// since calendar applications cannot sign in; only its SHA-256 is stored, so the link is shown
/// once, when made. Making a new one replaces the old (which stops working at once); revoking
/// removes it. Both are audited.
package struct CalendarFeedService {
    let app: Application
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    private struct Row: Decodable { let user_id: UUID; let created_at: Date; let last_read_at: Date? }

    /// When the person's link was made and last read, if they have one.
    func current(for user: UserModel) async throws -> (createdAt: Date, lastReadAt: Date?)? {
        try await sql.select().columns("user_id", "created_at", "last_read_at").from("calendar_feeds")
            .where("user_id", .equal, SQLBind(try user.requireID())).first(decoding: Row.self).map { ($0.created_at, $0.last_read_at) }
    }

    /// A new link for the person, replacing any earlier one. Returns the secret token.
    func create(for user: UserModel) async throws -> String {
        let userID = try user.requireID()
        let token = SecureToken.generate()
        let hash = SecureToken.digest(token)
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let replaced = try await sql.select().column("user_id").from("calendar_feeds").where("user_id", .equal, SQLBind(userID))
                .all().count > 0
            try await sql.delete(from: "calendar_feeds").where("user_id", .equal, SQLBind(userID)).run()
            try await sql.insert(into: "calendar_feeds").columns("id", "user_id", "token_hash", "created_at")
                .values(SQLBind(UUID()), SQLBind(userID), SQLBind(hash), SQLBind(now)).run()
            try await AuditLog.append(AuditEvent(action: replaced ? "account.calendar_link_replaced" : "account.calendar_link_created",
                                                 targetType: "user", targetID: userID.uuidString),
                                      by: UserID(userID), on: tx, at: now)
        }
        return token
    }

    /// Removes the person's link; the address stops working at once.
    func revoke(for user: UserModel) async throws {
        let userID = try user.requireID()
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            let had = try await sql.select().column("user_id").from("calendar_feeds").where("user_id", .equal, SQLBind(userID)).all().count > 0
            guard had else { return }
            try await sql.delete(from: "calendar_feeds").where("user_id", .equal, SQLBind(userID)).run()
            try await AuditLog.append(AuditEvent(action: "account.calendar_link_revoked", targetType: "user", targetID: userID.uuidString),
                                      by: UserID(userID), on: tx, at: now)
        }
    }

    /// The person a link belongs to, while it is not revoked.
    func owner(of token: String) async throws -> UserModel? {
        guard token.count >= 20, token.count < 200 else { return nil }
        struct Owner: Decodable { let user_id: UUID }
        guard let owner = try await sql.select().column("user_id").from("calendar_feeds")
            .where("token_hash", .equal, SQLBind(SecureToken.digest(token))).first(decoding: Owner.self) else { return nil }
        return try await UserModel.find(owner.user_id, on: db)
    }

    /// Notes when the feed was last read (shown on the account page), at most once an hour.
    func touch(_ user: UserModel, lastReadAt: Date?) async throws {
        let now = app.clock.now()
        guard lastReadAt.map({ now.timeIntervalSince($0) > 3_600 }) ?? true else { return }
        try await app.writeGate.transaction(on: db) { tx in
            try await (tx as! any SQLDatabase).update("calendar_feeds").set("last_read_at", to: SQLBind(now))
                .where("user_id", .equal, SQLBind(try user.requireID())).run()
        }
    }

    /// The person's deadlines as an iCalendar document, in their language, with absolute links
    /// when the public address is set.
    func document(for user: UserModel) async throws -> String {
        let now = app.clock.now()
        let deadlines = try await DeadlineQueries(db: db, settings: app.config.programSettings).deadlines(for: user, now: now)
        let t = LocalizationCatalog.shared.localizer(for: user.language.flatMap(Language.init(rawValue:)) ?? .english)
        let events = deadlines.map { deadline in
            ICalendar.Event(uid: deadline.uid, day: deadline.day, summary: DeadlineQueries.title(t, deadline),
                            description: t("calendar.event_description", ["company": deadline.companyName]),
                            url: OutboxMessage.absolute(deadline.link, publicURL: app.config.publicURL).flatMap { $0.hasPrefix("http") ? $0 : nil })
        }
        return ICalendar(name: t("calendar.name", ["name": user.name]), events: events).text(now: now)
    }
}

/// For `trustlane bench`: a consultant seated in `companies`, and that person's calendar feed.
extension CalendarFeedService {
    package static func benchmarkConsultant(app: Application, companies: [UUID]) async throws -> UUID {
        let email = "bench.consultant@program.trustlane.example"
        if let existing = try await UserModel.query(on: app.db).filter(\.$email == email).first() { return try existing.requireID() }
        let user = UserModel(email: email, name: "Bench Consultant", passwordHash: try await app.passwords.hash(BulkSeed.password), isConsultant: true)
        try await user.create(on: app.db)
        let id = try user.requireID()
        var insert = (app.db as! any SQLDatabase).insert(into: "company_members").columns("id", "company_id", "user_id", "role", "created_at")
        for company in companies {
            insert = insert.values(SQLBind(UUID()), SQLBind(company), SQLBind(id), SQLBind(CompanyRole.consultant.rawValue), SQLBind(Date()))
        }
        try await insert.run()
        return id
    }

    /// The person's feed, built as `GET /calendar/…` builds it; returns how many events it holds.
    package static func benchmarkFeed(app: Application, user id: UUID) async throws -> Int {
        guard let user = try await UserModel.find(id, on: app.db) else { return 0 }
        let text = try await CalendarFeedService(app: app).document(for: user)
        return text.components(separatedBy: "BEGIN:VEVENT").count - 1
    }
}
