import Fluent
import TrustlaneCore
import Vapor

/// The reviewer's workspace: the queue across companies, the program overview, one
/// application with every reviewer transition, findings and the printable validation report.
struct ReviewController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "review", action: .viewReviewQueue, use: queue)
        routes.on(.GET, "review", "overview", action: .viewProgramOverview, use: overview)
        routes.on(.GET, "companies", ":companyID", "membership", ":entityType", "review", action: .viewMembership, use: show)
        routes.on(.POST, "companies", ":companyID", "membership", ":entityType", "findings", action: .changeMembership, use: recordFinding)
        routes.on(.POST, "companies", ":companyID", "membership", ":entityType", "findings", ":findingID", "close",
                  action: .changeMembership, use: closeFinding)
        routes.on(.GET, "companies", ":companyID", "membership", ":entityType", "validations", ":validationID", "report",
                  action: .viewMembership, use: report)
    }

    @Sendable func queue(req: Request) async throws -> HTML {
        let filter = try req.reviewQueueFilter()
        let queries = ReviewQueueQueries(req.db)
        let page = try await queries.page(filter)
        return ReviewViews.queue(PageContext(req), page: page, filter: filter, reviewers: try await queries.reviewers(),
                                 today: ProgramDay(req.now))
    }

    @Sendable func overview(req: Request) async throws -> HTML {
        let today = ProgramDay(req.now)
        return ReviewViews.overview(PageContext(req), try await ReviewQueueQueries(req.db).overview(today: today), today: today)
    }

    static func requireReviewer(_ req: Request, _ company: CompanyID) throws -> LifecycleActor {
        guard req.allows(.reviewMembership, company: company),
              let actor = AccessPolicy.lifecycleActor(for: req.actor, company: company) else { throw TrustlaneError.forbidden }
        return actor
    }

    /// Company members (and anyone when nothing was applied for) land on the company's own page instead.
    @Sendable func show(req: Request) async throws -> Response {
        let (company, _) = try await req.routeCompanyDraft()
        let type = try req.routeEntityType()
        guard let actor = try? Self.requireReviewer(req, company.companyID) else {
            return req.redirect(to: SiteURL.companyMembership(company.companyID))
        }
        let entry = try await MembershipEntry.load(company: company.companyID, type: type, app: req.application, on: req.db, now: req.now)
        guard entry.application != nil else { return req.redirect(to: SiteURL.companyMembership(company.companyID)) }
        return try await ReviewViews.application(PageContext(req), company: company.companyID, companyName: company.legalName,
                                       country: company.country, entry: entry, actor: actor,
                                       reviewers: try await ReviewQueueQueries(req.db).reviewers(), today: ProgramDay(req.now))
            .encodeResponse(for: req)
    }

    @Sendable func recordFinding(req: Request) async throws -> Response {
        let company = try req.companyID()
        let type = try req.routeEntityType()
        struct Form: Content { var criterion: String?; var kind: String?; var text: String?; var response_due_on: String? }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        return try await MembershipController.run(req, back: SiteURL.membershipReview(company, type) + "#findings") {
            let actor = try Self.requireReviewer(req, company)
            guard let kind = form.kind.flatMap(FindingKind.init(rawValue:)) else {
                throw ValidationFailure([FieldError(field: "kind", messageKey: "membership.error.invalid_field", message: "kind is required",
                                                    arguments: ["field": "kind"])])
            }
            let due = form.response_due_on.flatMap { $0.isEmpty ? nil : ProgramDay($0) }
            _ = try await FindingService(req).record(company: company, entityType: type, criterion: form.criterion ?? "", kind: kind,
                                                     text: form.text, responseDueOn: due, by: actor)
            return ("membership.finding_recorded", [:])
        }
    }

    @Sendable func closeFinding(req: Request) async throws -> Response {
        let company = try req.companyID()
        let type = try req.routeEntityType()
        return try await MembershipController.run(req, back: SiteURL.membershipReview(company, type) + "#findings") {
            let actor = try Self.requireReviewer(req, company)
            guard let raw = req.parameters.get("findingID"), let id = FindingID(string: raw) else { throw TrustlaneError.notFound }
            try await FindingService(req).change(id, .close, company: company, entityType: type, by: actor)
            return ("membership.finding_closed", [:])
        }
    }

    /// Printable: the plan, the findings, the outcome. Company members and reviewers.
    @Sendable func report(req: Request) async throws -> HTML {
        let (company, _) = try await req.routeCompanyDraft()
        let type = try req.routeEntityType()
        guard let raw = req.parameters.get("validationID"), let id = UUID(uuidString: raw) else { throw TrustlaneError.notFound }
        let store = MembershipStore(req.db)
        guard let stored = try await store.application(company: company.companyID, type: type),
              let validation = try await store.validations(application: stored.application.id).first(where: { $0.id == id }),
              let plan = validation.decodedPlan else { throw TrustlaneError.notFound }
        let findings = try await store.findings(validation: ValidationID(id))
        return ReviewViews.report(PageContext(req), companyName: company.legalName, type: type, plan: plan, validation: validation,
                                  findings: findings)
    }
}
