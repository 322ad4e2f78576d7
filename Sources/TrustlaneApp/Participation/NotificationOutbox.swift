import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// The notification outbox: one row per (dedupe key, recipient, channel). In-app rows are the
/// inbox; `email` rows wait for the email sender. A unique index makes producing the same
/// intent twice harmless.
struct NotificationOutbox {
    let sql: any SQLDatabase

    init(_ db: any Database) { sql = db as! any SQLDatabase }

    static let inApp = "in_app"
    static let email = "email"

    /// The people an intent is for, by audience.
    func recipients(of intent: NotificationIntent) async throws -> [UUID] {
        var ids: [UUID] = []
        struct Row: Decodable { let id: UUID }
        let audiences = Set(intent.audiences)
        var roles: [String] = []
        if audiences.contains(.companyOfficers) { roles.append(CompanyRole.officer.rawValue) }
        if audiences.contains(.companyCoordinators) { roles += [CompanyRole.coordinator.rawValue, CompanyRole.consultant.rawValue] }
        if !roles.isEmpty {
            ids += try await sql.select().column(SQLColumn("user_id"), as: "id").from("company_members")
                .where("company_id", .equal, SQLBind(intent.companyID.rawValue)).where("role", .in, SQLBind.group(roles))
                .all(decoding: Row.self).map(\.id)
        }
        if audiences.contains(.assignedReviewer), let reviewer = intent.reviewerID { ids.append(reviewer.rawValue) }
        if audiences.contains(.allReviewers) {
            ids += try await sql.select().column("id").from("users").where("is_reviewer", .equal, SQLBind(true))
                .all(decoding: Row.self).map(\.id)
        }
        if audiences.contains(.monitoringPartners) {
            // Officers of partners whose monitoring request the member accepted.
            ids += try await sql.select().column(SQLColumn("user_id", table: "m"), as: "id")
                .from(SQLAlias(SQLIdentifier("monitoring_connections"), as: SQLIdentifier("c")))
                .join(SQLAlias(SQLIdentifier("company_members"), as: SQLIdentifier("m")),
                      on: SQLColumn("partner_company_id", table: "c"), .equal, SQLColumn("company_id", table: "m"))
                .where(SQLColumn("company_id", table: "c"), .equal, SQLBind(intent.companyID.rawValue))
                .where(SQLColumn("status", table: "c"), .equal, SQLBind("accepted"))
                .where(SQLColumn("role", table: "m"), .equal, SQLBind(CompanyRole.officer.rawValue))
                .all(decoding: Row.self).map(\.id)
        }
        var seen: Set<UUID> = []
        return ids.filter { seen.insert($0).inserted }
    }

    /// Queues an intent in the inbox and for email; duplicates (same key, person, channel) are
    /// ignored. Returns the rows added.
    @discardableResult
    func enqueue(_ intent: NotificationIntent, link: String?, now: Date) async throws -> Int {
        let webhook = try await enqueueWebhook(intent, link: link, now: now)
        let people = try await recipients(of: intent)
        return try await insert(people: people, dedupeKey: intent.dedupeKey, companyID: intent.companyID, messageKey: intent.messageKey,
                                parameters: intent.parameters, link: link, now: now) + webhook
    }

    /// A notification about a company that is not a membership step (a reviewer's request on one
    /// criterion): to its officers, coordinators and consultants (or the `roles` given), in the
    /// inbox and by email.
    @discardableResult
    func enqueueToCompany(_ company: CompanyID, roles chosen: [CompanyRole] = [.officer, .coordinator, .consultant], messageKey: String,
                          parameters: [String: String], link: String?, dedupeKey: String, now: Date) async throws -> Int {
        struct Row: Decodable { let id: UUID }
        let roles = chosen.map(\.rawValue)
        let people = try await sql.select().column(SQLColumn("user_id"), as: "id").from("company_members")
            .where("company_id", .equal, SQLBind(company.rawValue)).where("role", .in, SQLBind.group(roles))
            .all(decoding: Row.self).map(\.id)
        return try await insert(people: people, dedupeKey: dedupeKey, companyID: company, messageKey: messageKey, parameters: parameters,
                                link: link, now: now)
    }

    /// One in-app and one email row per person, skipping those the key already reached.
    private func insert(people: [UUID], dedupeKey: String, companyID: CompanyID, messageKey: String, parameters values: [String: String],
                        link: String?, now: Date) async throws -> Int {
        guard !people.isEmpty else { return 0 }
        let existing = try await recipientsAlreadyNotified(key: dedupeKey)
        let parameters = MembershipStore.json(values)
        var insert = sql.insert(into: "notifications")
            .columns("id", "dedupe_key", "recipient_id", "company_id", "channel", "message_key", "parameters", "link",
                     "created_at", "read_at", "attempts", "next_attempt_at", "last_error", "sent_at")
        var added = 0
        for person in people {
            for channel in [Self.inApp, Self.email] where !existing.contains("\(person)|\(channel)") {
                insert = insert.values(SQLBind(UUID()), SQLBind(dedupeKey), SQLBind(person), SQLBind(companyID.rawValue),
                                       SQLBind(channel), SQLBind(messageKey), SQLBind(parameters), SQLBind(link), SQLBind(now),
                                       SQLBind(Date?.none), SQLBind(0), SQLBind(channel == Self.email ? now : nil), SQLBind(String?.none),
                                       SQLBind(Date?.none))
                added += 1
            }
        }
        guard added > 0 else { return 0 }
        try await insert.ignoringConflicts(with: ["dedupe_key", "recipient_id", "channel"]).run()
        return added
    }

    static let webhook = "webhook"

    /// Message keys whose link carries a secret (an invitation or a password-reset token): the
    /// link is cleared once the email is sent, and such rows are never shown in an inbox.
    static let secretLinkKeys: Set<String> = ["email.invitation", "email.password_reset"]

    /// One email to an address, with or without an account behind it (an invitee): written in
    /// `language`, sent by the outbox like every other email, retried on failure.
    func enqueueEmail(key: String, parameters: [String: String], link: String, to email: String, language: Language,
                      userID: UUID?, companyID: UUID?, dedupeKey: String, now: Date) async throws {
        try await enqueue(channel: Self.email, key: key, parameters: parameters, link: link, to: email, language: language,
                          userID: userID, companyID: companyID, dedupeKey: dedupeKey, now: now)
    }

    /// One message on `channel` that names its own recipient (an address, or none for the
    /// installation's webhook) rather than a company's people: an email to an address, or an
    /// installation-wide webhook such as the signed audit checkpoint.
    func enqueue(channel: String, key: String, parameters: [String: String], link: String?, to email: String?, language: Language,
                 userID: UUID?, companyID: UUID?, dedupeKey: String, now: Date) async throws {
        try await sql.insert(into: "notifications")
            .columns("id", "dedupe_key", "recipient_id", "recipient_email", "recipient_language", "company_id", "channel", "message_key",
                     "parameters", "link", "created_at", "read_at", "attempts", "next_attempt_at", "last_error", "sent_at")
            .values(SQLBind(UUID()), SQLBind(dedupeKey), SQLBind(userID), SQLBind(email), SQLBind(language.rawValue), SQLBind(companyID),
                    SQLBind(channel), SQLBind(key), SQLBind(MembershipStore.json(parameters)), SQLBind(link), SQLBind(now),
                    SQLBind(Date?.none), SQLBind(0), SQLBind(now), SQLBind(String?.none), SQLBind(Date?.none))
            .run()
    }

    /// One webhook delivery per event for a company that set a webhook up. The row has no
    /// recipient; NULLs never collide in the unique index, so duplicates are checked here.
    private func enqueueWebhook(_ intent: NotificationIntent, link: String?, now: Date) async throws -> Int {
        struct Count: Decodable { let n: Int }
        let configured = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("company_webhooks")
            .where("company_id", .equal, SQLBind(intent.companyID.rawValue)).first(decoding: Count.self)?.n ?? 0
        guard configured > 0 else { return 0 }
        let existing = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
            .where("dedupe_key", .equal, SQLBind(intent.dedupeKey)).where("channel", .equal, SQLBind(Self.webhook))
            .where("company_id", .equal, SQLBind(intent.companyID.rawValue)).first(decoding: Count.self)?.n ?? 0
        guard existing == 0 else { return 0 }
        try await sql.insert(into: "notifications")
            .columns("id", "dedupe_key", "recipient_id", "company_id", "channel", "message_key", "parameters", "link",
                     "created_at", "read_at", "attempts", "next_attempt_at", "last_error", "sent_at")
            .values(SQLBind(UUID()), SQLBind(intent.dedupeKey), SQLBind(UUID?.none), SQLBind(intent.companyID.rawValue), SQLBind(Self.webhook),
                    SQLBind(intent.messageKey), SQLBind(MembershipStore.json(intent.parameters)), SQLBind(link), SQLBind(now),
                    SQLBind(Date?.none), SQLBind(0), SQLBind(now), SQLBind(String?.none), SQLBind(Date?.none))
            .run()
        return 1
    }

    private func recipientsAlreadyNotified(key: String) async throws -> Set<String> {
        struct Row: Decodable { let recipient_id: UUID?; let channel: String }
        let rows = try await sql.select().columns("recipient_id", "channel").from("notifications")
            .where("dedupe_key", .equal, SQLBind(key)).all(decoding: Row.self)
        return Set(rows.map { "\($0.recipient_id?.uuidString ?? "")|\($0.channel)" })
    }

    /// Which of these dedupe keys were already produced (the clock pass audits only new ones).
    func existingKeys(_ keys: [String]) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        struct Row: Decodable { let dedupe_key: String }
        var found: Set<String> = []
        for chunk in stride(from: 0, to: keys.count, by: 400).map({ Array(keys[$0..<min($0 + 400, keys.count)]) }) {
            let rows = try await sql.select().distinct().column("dedupe_key").from("notifications")
                .where("dedupe_key", .in, SQLBind.group(chunk)).all(decoding: Row.self)
            found.formUnion(rows.map(\.dedupe_key))
        }
        return found
    }

    // MARK: The inbox

    struct InboxRow: Decodable, Sendable {
        let id: UUID
        let message_key: String
        let parameters: String
        let link: String?
        let created_at: Date
        let read_at: Date?
        /// The company the notification is about, named in the inbox.
        let company_name: String?

        var parameterValues: [String: String] { MembershipStore.decode([String: String].self, parameters) ?? [:] }
    }

    /// One indexed count: (recipient, channel, read_at).
    func unreadCount(user: UUID) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
            .where("recipient_id", .equal, SQLBind(user)).where("channel", .equal, SQLBind(Self.inApp))
            .where(SQLColumn("read_at"), .is, SQLLiteral.null)
            .first(decoding: Row.self)?.n ?? 0
    }

    func inbox(user: UUID, limit: Int, offset: Int) async throws -> [InboxRow] {
        let n = "n"
        return try await sql.select()
            .columns(SQLColumn("id", table: n), SQLColumn("message_key", table: n), SQLColumn("parameters", table: n),
                     SQLColumn("link", table: n), SQLColumn("created_at", table: n), SQLColumn("read_at", table: n))
            .column(SQLColumn("legal_name", table: "c"), as: "company_name")
            .from(SQLAlias(SQLIdentifier("notifications"), as: SQLIdentifier(n)))
            .join(SQLAlias(SQLIdentifier("companies"), as: SQLIdentifier("c")), method: SQLJoinMethod.left,
                  on: SQLColumn("company_id", table: n), .equal, SQLColumn("id", table: "c"))
            .where(SQLColumn("recipient_id", table: n), .equal, SQLBind(user)).where(SQLColumn("channel", table: n), .equal, SQLBind(Self.inApp))
            .orderBy(SQLColumn("created_at", table: n), SQLDirection.descending).orderBy(SQLColumn("id", table: n)).limit(limit).offset(offset)
            .all(decoding: InboxRow.self)
    }

    /// Marks one (or, with `nil`, every) in-app notification of the person read.
    /// Marks one of `user`'s in-app notifications read (or all of them when `id` is nil).
    /// Returns `false` when `id` names no in-app notification of theirs (someone else's, or none),
    /// so the caller answers 404; marking an already-read one again is fine.
    @discardableResult
    func markRead(user: UUID, id: UUID?, now: Date) async throws -> Bool {
        if let id {
            struct Row: Decodable { let id: UUID }
            let own = try await sql.select().column("id").from("notifications")
                .where("id", .equal, SQLBind(id)).where("recipient_id", .equal, SQLBind(user))
                .where("channel", .equal, SQLBind(Self.inApp)).first(decoding: Row.self)
            guard own != nil else { return false }
        }
        var update = sql.update("notifications").set("read_at", to: SQLBind(now))
            .where("recipient_id", .equal, SQLBind(user)).where("channel", .equal, SQLBind(Self.inApp))
            .where(SQLColumn("read_at"), .is, SQLLiteral.null)
        if let id { update = update.where("id", .equal, SQLBind(id)) }
        try await update.run()
        return true
    }
}

extension Request {
    /// The signed-in person's unread in-app notifications, for the navigation of pages: read
    /// with their session in one query (`AuthQuery`) and cached with it; marking read and new
    /// notifications go through the write gate, which drops the cached count. 0 for API calls.
    var unreadNotifications: Int {
        method == .GET && !isAPI && !auth.viaAPIToken ? auth.unreadNotifications : 0
    }
}
