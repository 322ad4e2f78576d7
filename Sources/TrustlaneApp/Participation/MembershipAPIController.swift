import Fluent
import TrustlaneCore
import Vapor

/// `/api/v1` for the lifecycle: a company's applications with clocks, transitions, the
/// reviewer queue, the program overview and the inbox. Refusals answer 409 with the reason code.
struct MembershipAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "companies", ":companyID", "memberships", action: .viewMembership, use: index)
        api.on(.POST, "companies", ":companyID", "memberships", ":entityType", "transitions", action: .changeMembership, use: transition)
        api.on(.GET, "review", "queue", action: .viewReviewQueue, use: queue)
        api.on(.GET, "review", "overview", action: .viewProgramOverview, use: overview)
        api.on(.GET, "notifications", action: .readOwnNotifications, use: notifications)
        api.on(.POST, "notifications", ":notificationID", "read", action: .readOwnNotifications, use: read)
    }

    @Sendable func index(req: Request) async throws -> [MembershipResponse] {
        let (company, draft) = try await req.routeCompanyDraft()
        let actor = AccessPolicy.lifecycleActor(for: req.actor, company: company.companyID)
        return try await MembershipEntry.load(company: company.companyID, types: draft.entityTypes, app: req.application, on: req.db,
                                              now: req.now)
            .map { MembershipResponse($0, actor: actor) }
    }

    @Sendable func transition(req: Request) async throws -> Response {
        let company = try req.companyID()
        let type = try req.routeEntityType()
        let body: TransitionInput.Body
        do { body = try req.content.decode(TransitionInput.Body.self) } catch {
            throw ValidationFailure([FieldError(field: "body", messageKey: "membership.error.invalid_field",
                                                message: "The body must be a JSON object with a kind", arguments: ["field": "body"])])
        }
        let input = TransitionInput(body: body)
        guard let actor = AccessPolicy.lifecycleActor(for: req.actor, company: company) else { throw TrustlaneError.forbidden }
        let current = try await MembershipStore(req.db).application(company: company, type: type)
        let transition = try input.transition(purpose: current?.application.status == .validated ? .revalidation : .initial)
        do {
            let result = try await LifecycleService(req).attempt(transition, company: company, entityType: type, actor: actor,
                                                                 input: input.serviceInput)
            let entry = try await MembershipEntry.load(company: company, type: type, app: req.application, on: req.db, now: req.now)
            var response = MembershipResponse(entry, actor: actor)
            if case .alreadyDone = result { response.result = "already_done" } else { response.result = "done" }
            return try await response.encodeResponse(for: req)
        } catch let refused as LifecycleRefused {
            return try Self.conflict(refused.refusal, req: req)
        }
    }

    static func conflict(_ refusal: TransitionRefusal, req: Request) throws -> Response {
        let body = RefusalResponse(error: .init(status: 409, reason: refusal.message, code: refusal.reason.rawValue,
                                                messageKey: refusal.messageKey, parameters: refusal.parameters))
        let response = Response(status: .conflict)
        try response.content.encode(body)
        return response
    }

    @Sendable func queue(req: Request) async throws -> QueuePageResponse {
        // `state=`, `entityType=`, `page=` or `per=` sent empty is refused by name (the page's
        // form sends them blank for "any" and keeps that meaning; an API client leaves them out).
        let params = QueryParameters(req)
        var blank: [FieldError] = []
        if params.isBlank("state") { blank.append(QueryParameters.blankFilter("state", allowed: MembershipStatus.allCases.map(\.rawValue))) }
        if params.isBlank("entityType") { blank.append(QueryParameters.blankFilter("entityType", allowed: EntityType.allCases.map(\.code))) }
        if params.isBlank("page") { blank.append(FieldError(field: "page", messageKey: "membership.error.invalid_field",
                                                            message: "page must be a number from 1", arguments: ["field": "page"])) }
        if params.isBlank("per") { blank.append(FieldError(field: "per", messageKey: "membership.error.invalid_field",
                                                           message: "per must be between 1 and 200", arguments: ["field": "per"])) }
        let filter: ReviewQueueQueries.Filter
        do { filter = try req.reviewQueueFilter() } catch let failure as ValidationFailure { throw ValidationFailure(blank + failure.errors) }
        guard blank.isEmpty else { throw ValidationFailure(blank) }
        let page = try await ReviewQueueQueries(req.db).page(filter)
        let today = ProgramDay(req.now)
        return QueuePageResponse(items: page.rows.map { QueueItemResponse($0, today: today) }, page: filter.page, per: filter.per, total: page.total)
    }

    @Sendable func overview(req: Request) async throws -> OverviewResponse {
        let today = ProgramDay(req.now)
        let overview = try await ReviewQueueQueries(req.db).overview(today: today)
        return OverviewResponse(total: overview.total, byStatus: overview.byStatus, byEntityType: overview.byEntityType,
                                byCountry: overview.byCountry, overdueTotal: overview.overdueTotal,
                                overdue: overview.overdue.map { QueueItemResponse($0, today: today) })
    }

    @Sendable func notifications(req: Request) async throws -> InboxResponse {
        let user = try req.requireUser().requireID()
        let outbox = NotificationOutbox(req.db)
        let page = min(try QueryParameters(req).integer("page", min: 1) ?? 1, 10_000)
        let rows = try await outbox.inbox(user: user, limit: 50, offset: (page - 1) * 50)
        let t = LocalizationCatalog.shared.localizer(for: .english)
        return InboxResponse(unread: try await outbox.unreadCount(user: user), items: rows.map {
            NotificationResponse(id: $0.id, messageKey: $0.message_key, text: t($0.message_key, $0.parameterValues),
                                 parameters: $0.parameterValues, link: $0.link, createdAt: $0.created_at, readAt: $0.read_at)
        })
    }

    @Sendable func read(req: Request) async throws -> HTTPStatus {
        let user = try req.requireUser().requireID()
        guard let raw = req.parameters.get("notificationID"), let id = UUID(uuidString: raw) else { throw TrustlaneError.notFound }
        // Someone else's notification (or none) is a 404, as it is on the page.
        let now = req.now
        guard try await req.write({ tx in try await NotificationOutbox(tx).markRead(user: user, id: id, now: now) }) else {
            throw TrustlaneError.notFound
        }
        return .noContent
    }
}
