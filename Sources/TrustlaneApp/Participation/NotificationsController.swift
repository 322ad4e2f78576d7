import Fluent
import TrustlaneCore
import Vapor

/// The in-app inbox: the signed-in person's notifications, newest first, and marking them read.
struct NotificationsController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "notifications", action: .readOwnNotifications, use: index)
        routes.on(.POST, "notifications", "read-all", action: .readOwnNotifications, use: readAll)
        routes.on(.POST, "notifications", ":notificationID", "read", action: .readOwnNotifications, use: read)
    }

    static let perPage = 50

    @Sendable func index(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let page = max(1, min((try? req.query.get(Int.self, at: "page")) ?? 1, 10_000))
        let rows = try await NotificationOutbox(req.db).inbox(user: try user.requireID(), limit: Self.perPage, offset: (page - 1) * Self.perPage)
        return NotificationViews.inbox(PageContext(req), rows: rows, page: page, hasMore: rows.count == Self.perPage)
    }

    @Sendable func readAll(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let userID = try user.requireID(), now = req.now
        try await req.write { tx in try await NotificationOutbox(tx).markRead(user: userID, id: nil, now: now) }
        return req.redirect(to: SiteURL.notifications)
    }

    @Sendable func read(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let raw = req.parameters.get("notificationID"), let id = UUID(uuidString: raw) else { throw TrustlaneError.notFound }
        // Someone else's notification (or none): 404, and nothing changes.
        let userID = try user.requireID(), now = req.now
        // In the write gate: the unread count is part of the signed-in person's cached snapshot.
        guard try await req.write({ tx in try await NotificationOutbox(tx).markRead(user: userID, id: id, now: now) }) else {
            throw TrustlaneError.notFound
        }
        return req.redirect(to: SiteURL.notifications)
    }
}

enum NotificationViews {
    static func inbox(_ c: PageContext, rows: [NotificationOutbox.InboxRow], page: Int, hasMore: Bool) -> HTML {
        let items = HTML.join(rows) { row in
            let unread = row.read_at == nil
            let readButton: HTML = unread ? """
            <form method="post" action="\(SiteURL.notificationRead(row.id))" class="inline">\(c.csrfField)<button type="submit" class="link">\(c.t("notifications.mark_read"))</button></form>
            """ : .empty
            let text = c.t(row.message_key, row.parameterValues)
            let body: HTML = row.link.map { SiteURL.isLocal($0) ? "<a href=\"\($0)\">\(text)</a>" : "\(text)" } ?? "\(text)"
            let company: HTML = row.company_name.map { "<strong class=\"notification-company\">\($0)</strong>: " } ?? .empty
            return """
            <li class="notification\(HTML.when(unread, " unread"))" data-key="\(row.message_key)" data-unread="\(unread ? "true" : "false")">
            \(company)\(body) <span class="hint">\(c.t.dateTime(row.created_at))</span> \(readButton)</li>
            """
        }
        let empty: HTML = rows.isEmpty ? "<p class=\"hint\">\(c.t("notifications.empty"))</p>" : .empty
        let more: HTML = hasMore ? "<p><a href=\"\(SiteURL.notifications)?page=\(page + 1)\">\(c.t("review.next"))</a></p>" : .empty
        return Layout.page(c, title: c.t("notifications.title"), """
        <h1>\(c.t("notifications.title"))</h1>
        <form method="post" action="\(SiteURL.notificationsReadAll)" id="read-all">\(c.csrfField)<button type="submit">\(c.t("notifications.mark_all_read"))</button></form>
        \(empty)<ul id="inbox">\(items)</ul>\(more)
        """)
    }
}
