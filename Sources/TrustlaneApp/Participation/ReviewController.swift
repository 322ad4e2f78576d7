import Fluent
import TrustlaneCore
import Vapor

/// The reviewer's workspace: the queue across companies, the program overview, one
/// application with every reviewer transition, findings and the printable validation report.
struct ReviewController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "review", action: .viewReviewQueue, use: queue)
        routes.on(.GET, "review", "overview", action: .viewProgramOverview, use: overview)
        routes.on(.GET, "review", "queue.csv", action: .viewReviewQueue, use: queueCSV)
        routes.on(.GET, "review", "overview.csv", action: .viewProgramOverview, use: overviewCSV)
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

    /// The queue as filtered, every page of it (up to 10,000 rows), as CSV.
    @Sendable func queueCSV(req: Request) async throws -> Response {
        var filter = try req.reviewQueueFilter()
        filter.page = 1
        filter.per = 10_000
        let today = ProgramDay(req.now)
        let page = try await ReviewQueueQueries(req.db).page(filter)
        let t = PageContext(req).t
        var text = ProfileCSV.line(["company", "country", "entity_type", "status", "tier", "reviewer", "applied_on", "age_days",
                                    "next_deadline", "next_deadline_kind", "days_left"])
        for row in page.rows {
            let due = row.next_due_on.flatMap(ProgramDay.init)
            text += ProfileCSV.line([row.legal_name, row.country, EntityType(rawValue: row.entity_type)?.code ?? row.entity_type,
                                     MembershipStatus(rawValue: row.status).map { t($0.nameKey) } ?? row.status, row.tier ?? "",
                                     row.reviewer_name ?? "", row.applied_at.map { ProgramDay($0).description } ?? "",
                                     row.applied_at.map { String(ProgramDay($0).days(until: today)) } ?? "",
                                     row.next_due_on ?? "", row.next_due_kind ?? "", due.map { String(today.days(until: $0)) } ?? ""])
        }
        return ProfileDocumentsController.download(text, type: "text/csv; charset=utf-8", name: "review-queue-\(today).csv")
    }

    /// The overview's counts as CSV: one line per dimension and key.
    @Sendable func overviewCSV(req: Request) async throws -> Response {
        let today = ProgramDay(req.now)
        let overview = try await ReviewQueueQueries(req.db).overview(today: today, overdueLimit: 0)
        var text = ProfileCSV.line(["dimension", "key", "count"])
        for (dimension, values) in [("status", overview.byStatus), ("entity_type", overview.byEntityType), ("country", overview.byCountry)] {
            for (key, count) in values.sorted(by: { $0.key < $1.key }) {
                text += ProfileCSV.line([dimension, dimension == "entity_type" ? EntityType(rawValue: key)?.code ?? key : key, String(count)])
            }
        }
        for (range, count) in zip(ReviewQueueQueries.overdueAges, overview.overdueByAge) {
            text += ProfileCSV.line(["overdue_days", range.upperBound == Int.max ? "\(range.lowerBound)+" : "\(range.lowerBound)-\(range.upperBound)", String(count)])
        }
        text += ProfileCSV.line(["total", "", String(overview.total)])
        text += ProfileCSV.line(["overdue", "", String(overview.overdueTotal)])
        return ProfileDocumentsController.download(text, type: "text/csv; charset=utf-8", name: "program-overview-\(today).csv")
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
        let (decision, submission) = try await Self.decisionSummary(req, company: company.companyID, entry: entry)
        return try await ReviewViews.application(PageContext(req), company: company.companyID, companyName: company.legalName,
                                       country: company.country, entry: entry, actor: actor,
                                       reviewers: try await ReviewQueueQueries(req.db).reviewers(), today: ProgramDay(req.now),
                                       decision: decision, submission: submission)
            .encodeResponse(for: req)
    }

    /// What stands open before a decision, and the newest submission (its page) when there is one.
    static func decisionSummary(_ req: Request, company: CompanyID, entry: MembershipEntry) async throws
        -> (DecisionSummary, ReviewApplicationView.Submission?) {
        let today = ProgramDay(req.now)
        let overdueClocks = entry.clocks.filter { $0.state == .overdue }.count
        let openFindings = entry.findings.filter { $0.status != .closed }.count
        let overdueActions = try await ProfileQueries(req.db).actions(company: company).filter { action in
            (action.status == CorrectiveActionStatus.open.rawValue || action.status == CorrectiveActionStatus.inProgress.rawValue)
                && ProgramDay(action.due_date) < today
        }.count
        let service = ProfileService(req)
        guard let context = try await service.current(company: company), let latest = try await service.latestSnapshot(of: context) else {
            return (DecisionSummary(submission: nil, criteria: 0, review: nil, openFindings: openFindings, overdueActions: overdueActions,
                                    overdueClocks: overdueClocks), nil)
        }
        let posts = try await ProfileQueries(req.db).reviewPosts(profile: context.id)
        let criteria = latest.snapshot.entries.map(\.criterionID)
        let review = CriterionReviewSummary(criteria: criteria, comments: posts, on: latest.snapshot.id)
        let summary = DecisionSummary(submission: latest.row.sequence, criteria: criteria.count, review: review, openFindings: openFindings,
                                      overdueActions: overdueActions, overdueClocks: overdueClocks)
        let first = criteria.first { review.state(of: $0) != .accepted }
        return (summary, ReviewApplicationView.Submission(id: latest.row.id!, sequence: latest.row.sequence, submittedAt: latest.row.submittedAt,
                                                          firstNotAccepted: first))
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
