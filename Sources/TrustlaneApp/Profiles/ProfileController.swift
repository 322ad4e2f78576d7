import Fluent
import TrustlaneCore
import Vapor

/// The security profile: opening it, the overview, each criterion's answer, the review thread.
struct ProfileController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "companies", ":companyID", "profile", action: .viewProfile, use: show)
        routes.on(.POST, "companies", ":companyID", "profile", action: .editProfile, use: open)
        routes.on(.POST, "companies", ":companyID", "profile", "conditions", action: .editProfile, use: conditions)
        routes.on(.GET, "companies", ":companyID", "profile", "criteria", ":criterionID", action: .viewProfile, use: criterion)
        routes.on(.POST, "companies", ":companyID", "profile", "criteria", ":criterionID", action: .editProfile, use: saveAnswer)
        routes.on(.POST, "companies", ":companyID", "profile", "criteria", ":criterionID", "comments", action: .viewReviewThread, use: comment)
        routes.on(.POST, "companies", ":companyID", "profile", "comments", ":commentID", "close", action: .reviewProfile, use: close)
        routes.on(.POST, "companies", ":companyID", "profile", "review", "accept-unchanged", action: .reviewProfile, use: acceptUnchanged)
        routes.on(.POST, "companies", ":companyID", "profile", "criteria", ":criterionID", "not-applicable-decision", action: .reviewProfile,
                  use: decideClaim)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let id = try req.companyID()
        // Reviewers read submitted snapshots, never the draft.
        if !req.allows(.viewProfileDraft, company: id) {
            _ = try await req.routeCompany()
            return req.redirect(to: SiteURL.profileSnapshots(id))
        }
        let c = PageContext(req)
        guard let read = try await ProfileQueries(req.db).page(company: id, on: req.db) else { throw TrustlaneError.notFound }
        guard let profile = read.profile else {
            let draft = try await CompanyReader.draft(of: read.company, on: req.db)
            return try await ProfileViews.open(c, company: id, companyName: read.company.legalName, types: draft.entityTypes,
                                               catalogs: req.application.catalogs.all.map(\.catalog)).encodeResponse(for: req)
        }
        let context = try ProfileContext(profile: profile, registry: req.application.catalogs)
        var model = Self.model(req, context: context, read: read, c: c)
        let query = QueryParameters(req)
        model.filter = ProfileFilter(show: query.first("show"), category: query.first("category"), text: query.first("q"))
        return try await ProfileViews.page(c, model).encodeResponse(for: req)
    }

    /// The page's model from its reads (`ProfileQueries.page(company:on:)`).
    static func model(_ req: Request, context: ProfileContext, read: ProfilePageRead, c: PageContext) -> ProfileViews.Model {
        let answers = ProfileService.answers(rows: read.answers, links: read.links)
        let actionCounts = Dictionary(uniqueKeysWithValues: CorrectiveAction.countsPerCriterion(
            read.actions.map { $0.correctiveAction(company: context.companyID) }).open.map { ($0.key.rawValue, $0.value) })
        var expiryByCriterion: [String: EvidenceExpiryStatus] = [:]
        var evidenceCount: [String: Int] = [:]
        let now = req.now
        let policy = req.application.config.evidencePolicy
        for link in read.links {
            evidenceCount[link.criterion_id, default: 0] += 1
            let status = policy.expiryStatus(expiryDate: link.expires_at, now: now)
            expiryByCriterion[link.criterion_id] = max(expiryByCriterion[link.criterion_id] ?? .valid, status)
        }
        let submitted = context.profile.submissionCount > 0
        // Needed only once the profile has been submitted.
        let submittedVersions = submitted
            ? Dictionary(read.answers.map { ($0.criterion_id, $0.submitted_version) }, uniquingKeysWith: { first, _ in first }) : [:]
        var result: [CriterionID: ProfileViews.Row] = [:]
        result.reserveCapacity(context.scope.criteria.count)
        for scoped in context.scope.criteria {
            let key = scoped.id.rawValue
            let answer = answers[scoped.id] ?? .unanswered(scoped.id)
            let changed = submitted && (submittedVersions[key] ?? nil) != answer.version
            result[scoped.id] = ProfileViews.Row(answer: answer, evidenceCount: evidenceCount[key] ?? 0,
                                                 expiry: expiryByCriterion[key] ?? .valid, openRequests: read.requests[key] ?? 0,
                                                 actions: actionCounts[key] ?? 0, changedSinceSubmission: changed)
        }
        let progress = ProfileProgress(scope: context.scope, answers: answers, decisions: read.decisions)
        var model = ProfileViews.Model(company: context.companyID, companyName: read.company.legalName, context: context, progress: progress, rows: result,
                                  canEdit: c.allows(.editProfile, company: context.companyID),
                                  canSubmit: c.allows(.submitProfile, company: context.companyID),
                                  latestAssessment: read.assessment.map { ProfileViews.Assessment(id: $0.id, assessedOn: $0.assessedOn,
                                                                                             overAYearOld: AssessmentDocument.isOverAYearOld(assessedOn: $0.assessedOn, asOf: now)) })
        model.newerCatalog = ProfileUpgradeService.successor(of: context.catalog, in: req.application.catalogs)?.catalog
        model.canUpgrade = c.allows(.upgradeProfileCatalog, company: context.companyID)
        return model
    }

    struct OpenForm: Content {
        var entity_types: [String]?
        var catalog_id: String?
    }

    @Sendable func open(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let form = try req.content.decode(OpenForm.self)
        do {
            _ = try await ProfileService(req).open(company: company.companyID, entityTypes: form.entity_types ?? [], catalogID: form.catalog_id,
                                                   by: req.actor.userID)
        } catch let failure as ValidationFailure {
            return Response.html(ProfileViews.open(PageContext(req), company: company.companyID, companyName: company.legalName,
                                                   types: (form.entity_types ?? []).compactMap(EntityType.init(code:)),
                                                   catalogs: req.application.catalogs.all.map(\.catalog), errors: failure.errors), status: .badRequest)
        }
        let response = req.redirect(to: SiteURL.profile(company.companyID))
        response.flash(.success, "profile.opened", secure: req.application.config.secureCookies)
        return response
    }

    @Sendable func conditions(req: Request) async throws -> Response {
        let (company, context) = try await req.profileContext()
        struct Form: Content { var conditions: [String: String]? }
        let form = try req.content.decode(Form.self)
        try await ProfileService(req).setConditions(context, fields: form.conditions ?? [:], by: req.actor.userID)
        let response = req.redirect(to: SiteURL.profile(company.companyID))
        response.flash(.success, "profile.conditions_saved", secure: req.application.config.secureCookies)
        return response
    }

    func criterionModel(_ req: Request, context: ProfileContext, scoped: ScopedCriterion, errors: [FieldError] = [],
                        draft: AnswerEdit? = nil, decisionErrors: [FieldError] = []) async throws -> ProfileCriterionView.Model {
        let queries = ProfileQueries(req.db)
        let company = context.companyID
        let isReviewer = req.allows(.reviewProfile, company: company)
        let c = PageContext(req)
        // Outside the company: the answer as last submitted and the review thread, nothing of the draft.
        let readsDraft = req.allows(.viewProfileDraft, company: company)
        var submitted: ProfileCriterionView.Submitted?
        let latest = context.profile.submissionCount > 0 ? try await ProfileService(req).latestSnapshot(of: context) : nil
        if !readsDraft, let latest {
            submitted = ProfileCriterionView.Submitted(sequence: latest.row.sequence, submittedAt: latest.row.submittedAt,
                                                       entry: latest.snapshot.entry(for: scoped.id))
        }
        let answers = readsDraft ? try await ProfileService(req).answers(context).0 : [:]
        let actions = readsDraft
            ? try await queries.actions(company: company).filter { $0.criterionIDs.contains(scoped.id) }
            : []
        let comments = try await queries.comments(profile: context.id, criterion: scoped.id.rawValue, includeInternal: isReviewer)
        let thread = ReviewThread(criterionID: scoped.id, comments: comments.compactMap {
            ProfileQueries.post(id: $0.id, profile: context.id, criterion: scoped.id.rawValue, kind: $0.kind, status: $0.status,
                                replyTo: $0.reply_to, snapshot: $0.snapshot_id, createdAt: $0.created_at)
        })
        let claim = try await Self.claim(req, context: context, scoped: scoped, answer: readsDraft ? answers[scoped.id] ?? .unanswered(scoped.id) : nil,
                                         submitted: submitted?.entry, isReviewer: isReviewer)
        var model = ProfileCriterionView.Model(
            company: company, catalogID: context.catalog.id, scoped: scoped, answer: answers[scoped.id] ?? .unanswered(scoped.id),
            evidence: readsDraft ? try await queries.evidence(company: company) : [],
            history: readsDraft ? try await queries.history(profile: context.id, criterion: scoped.id.rawValue) : [],
            comments: comments, reviewState: thread.reviewState(on: latest?.snapshot.id), hasSubmission: context.profile.submissionCount > 0,
            actions: actions, readsDraft: readsDraft, submitted: submitted,
            canEdit: c.allows(.editProfile, company: company) && !isReviewer,
            canRespond: c.allows(.respondToReview, company: company) && !isReviewer, isReviewer: isReviewer,
            errors: errors, draft: draft, now: req.now)
        model.claim = claim
        model.decisionErrors = decisionErrors
        if readsDraft && scoped.criterion.categoryNumber == 3 && c.allows(.viewBusinessPartners, company: company) {
            model.partnerCoverage = try await BusinessPartnerQueries(req.db).coverage(company: company, today: ProgramDay(req.now))
        }
        if readsDraft {
            switch ProfileCriterionView.liveRecord(for: scoped.id) {
            case .inspections where c.allows(.viewInspections, company: company):
                model.inspectionEvidence = try await InspectionQueries(req.db).evidence(company: company, since: ProgramDay(req.now).adding(days: -364))
            case .seals where c.allows(.viewSeals, company: company):
                let queries = SealStockQueries(req.db)
                let batches = try await queries.batches(company: company)
                var byState: [SealState: Int] = [:]
                for counts in try await queries.stateCounts(company: company).values {
                    for (state, n) in counts { byState[state, default: 0] += n }
                }
                model.sealEvidence = .init(batches: batches.count, received: batches.reduce(0) { $0 + $1.seal_count },
                                           withCertificate: batches.filter { $0.certificate_evidence_id != nil }.count, byState: byState)
            case .incidents where c.allows(.viewIncidents, company: company):
                model.incidentEvidence = try await IncidentQueries(req.db).evidence(company: company)
            case .training where c.allows(.viewTraining, company: company):
                let queries = TrainingQueries(req.db)
                model.trainingEvidence = .init(coverage: try await queries.coverage(company: company, today: ProgramDay(req.now)),
                                               sessions: try await queries.sessions(company: company, limit: 3))
            case .gate where c.allows(.viewGateLogs, company: company):
                model.gateEvidence = try await GateQueries(req.db).evidence(company: company, now: req.now)
            case .screening where c.allows(.viewTraining, company: company):
                model.rescreeningEvidence = .init(try await TrainingQueries(req.db).rescreening(company: company, today: ProgramDay(req.now)))
            default: break
            }
        }
        let order = context.scope.categoryGroups.flatMap(\.criteria)
        if let index = order.firstIndex(where: { $0.id == scoped.id }) {
            model.previous = index > 0 ? order[index - 1].id : nil
            model.next = index + 1 < order.count ? order[index + 1].id : nil
        }
        if isReviewer, let latest {
            model.review = try await reviewAids(req, context: context, scoped: scoped, latest: latest, order: order.map(\.id), thread: thread)
        }
        return model
    }

    /// What a reviewer stepping through a submission needs beside the answer: the change since the
    /// previous submission, an acceptance of an earlier one, and the next criterion not accepted
    /// on this one (after this one in the profile's order, wrapping round).
    func reviewAids(_ req: Request, context: ProfileContext, scoped: ScopedCriterion,
                    latest: (row: ProfileSnapshotModel, snapshot: ProfileSnapshot), order: [CriterionID],
                    thread: ReviewThread) async throws -> ProfileCriterionView.ReviewAids {
        let service = ProfileService(req)
        let previous = try await service.snapshot(of: context, sequence: latest.row.sequence - 1)
        let entry = latest.snapshot.entry(for: scoped.id)
        let before = previous?.snapshot.entry(for: scoped.id)
        var changed: [AnswerField]?
        if previous != nil {
            switch (before, entry) {
            case let (before?, entry?): changed = SnapshotComparison.changedFields(before, entry)
            case (nil, _?): changed = AnswerField.allCases
            default: changed = nil
            }
        }
        let posts = try await ProfileQueries(req.db).reviewPosts(profile: context.id)
        let summary = CriterionReviewSummary(criteria: latest.snapshot.entries.map(\.criterionID), comments: posts, on: latest.snapshot.id)
        let submitted = Set(latest.snapshot.entries.map(\.criterionID))
        let index = order.firstIndex(of: scoped.id) ?? 0
        let rotated = order[(index + 1)...] + order[..<index]
        let next = rotated.first { submitted.contains($0) && summary.state(of: $0) != .accepted }
        // Accepted on an earlier submission: which one, so the reviewer can judge whether to accept again.
        var earlierSequence: Int?
        if let on = thread.acceptance?.snapshotID, on != latest.snapshot.id {
            earlierSequence = try await ProfileSnapshotModel.query(on: req.db).filter(\.$id == on.rawValue).first()?.sequence
        }
        let linked = Set(entry?.evidence.map(\.id.rawValue) ?? [])
        let types = linked.isEmpty ? [:] : Dictionary(
            try await ProfileQueries(req.db).evidence(company: context.companyID).filter { linked.contains($0.id) }.map { ($0.id, $0.content_type) },
            uniquingKeysWith: { first, _ in first })
        return ProfileCriterionView.ReviewAids(
            evidenceTypes: types, sequence: latest.row.sequence, previousSequence: previous?.row.sequence, previousEntry: before, changedFields: changed,
            nextUnreviewed: next, notAccepted: summary.count(.notReviewed) + summary.count(.informationRequested) + summary.count(.answered),
            acceptedOnSequence: earlierSequence)
    }

    /// The Must's not-applicable claim as the viewer reads it: members the draft answer (a decision
    /// counts only on the version it was made on), people outside the company the submitted entry.
    static func claim(_ req: Request, context: ProfileContext, scoped: ScopedCriterion, answer: CriterionAnswer?,
                      submitted: SnapshotEntry?, isReviewer: Bool) async throws -> ProfileCriterionView.Claim? {
        let decision = try await NotApplicableDecisionModel.latest(profile: context.id, criterion: scoped.id, on: req.db)[scoped.id]
        if let answer {
            guard let state = NotApplicableClaims.state(of: answer, criterion: scoped.criterion, decision: decision) else { return nil }
            let inForce = decision.flatMap { $0.applies(to: answer.version) ? $0 : nil }
            return ProfileCriterionView.Claim(state: state, reason: answer.notApplicableReason, decision: inForce,
                                              setAside: inForce == nil ? decision : nil, canDecide: false)
        }
        guard let submitted, NotApplicableClaims.isClaim(scoped.criterion, status: submitted.status) else { return nil }
        let version = try await ProfileAnswerModel.query(on: req.db).filter(\.$profile.$id == context.id)
            .filter(\.$criterionID == scoped.id.rawValue).first()?.submittedVersion
        let inForce = decision.flatMap { decision in version.map(decision.applies(to:)) == true ? decision : nil }
        let state: NotApplicableClaimState = inForce.map { $0.verdict == .accepted ? .accepted : .rejected } ?? .awaitingReview
        return ProfileCriterionView.Claim(state: state, reason: submitted.notApplicableReason, decision: inForce,
                                          setAside: inForce == nil ? decision : nil, canDecide: isReviewer)
    }

    @Sendable func criterion(req: Request) async throws -> HTML {
        let (_, context) = try await req.profileContext()
        let scoped = try req.profileCriterion(in: context)
        return ProfileCriterionView.render(PageContext(req), try await criterionModel(req, context: context, scoped: scoped))
    }

    struct AnswerForm: Content {
        var status: String?
        var narrative: String?
        var not_applicable_reason: String?
        var responsible: String?
        var evidence: [String]?
        var base_version: Int?
        /// "open": after saving, go on to the next criterion still open.
        var next: String?
    }

    @Sendable func saveAnswer(req: Request) async throws -> Response {
        let (company, context) = try await req.profileContext()
        let scoped = try req.profileCriterion(in: context)
        let form = try req.content.decode(AnswerForm.self)
        var draft: AnswerEdit?
        do {
            let edit = try AnswerEdit.parse(criterion: scoped.id, status: form.status, narrative: form.narrative, reason: form.not_applicable_reason,
                                            responsible: form.responsible, evidence: form.evidence, baseVersion: form.base_version)
            draft = edit
            try await ProfileService(req).saveAnswer(context, edit: edit, by: try req.requireUser().userID)
        } catch let failure as ValidationFailure {
            let model = try await criterionModel(req, context: context, scoped: scoped, errors: failure.errors, draft: draft)
            let status: HTTPResponseStatus = failure.errors.contains { $0.field == "version" } ? .conflict : .badRequest
            return Response.html(ProfileCriterionView.render(PageContext(req), model), status: status)
        }
        let secure = req.application.config.secureCookies
        if form.next == "open" {
            let answers = try await ProfileService(req).answers(context).0
            let order = context.scope.categoryGroups.flatMap(\.criteria)
            guard let next = ProfileFilter.nextOpen(after: scoped.id, in: order, status: { (answers[$0] ?? .unanswered($0)).status }) else {
                let response = req.redirect(to: SiteURL.profile(company.companyID))
                response.flash(.success, "profile.answer_saved_all_done", secure: secure)
                return response
            }
            let response = req.redirect(to: SiteURL.profileCriterion(company.companyID, next.id))
            response.flash(.success, "profile.answer_saved_next", ["criterion": scoped.id.rawValue], secure: secure)
            return response
        }
        let response = req.redirect(to: SiteURL.profileCriterion(company.companyID, scoped.id))
        response.flash(.success, "profile.answer_saved", secure: secure)
        return response
    }

    struct CommentForm: Content {
        var kind: String?
        var body: String?
        var reply_to: String?
        var `internal`: String?
        /// After an acceptance: the criterion to go on to (the next one not accepted).
        var next: String?
    }

    @Sendable func comment(req: Request) async throws -> Response {
        let (company, context) = try await req.profileContext()
        let scoped = try req.profileCriterion(in: context)
        let form = try req.content.decode(CommentForm.self)
        try await ReviewService(req).post(context, criterion: scoped.id, kind: form.kind, body: form.body, replyTo: form.reply_to,
                                          isInternal: form.internal == "true", actor: req.actor, by: try req.requireUser())
        let onward = form.next.flatMap(CriterionID.init).flatMap { context.scope.contains($0) ? $0 : nil }
        let target = onward.map { SiteURL.profileCriterion(company.companyID, $0) + "#review-aids" }
            ?? SiteURL.profileCriterion(company.companyID, scoped.id) + "#review-thread"
        let response = req.redirect(to: target)
        response.flash(.success, onward == nil ? "review.posted" : "review.accepted_moved_on", ["criterion": scoped.id.rawValue],
                       secure: req.application.config.secureCookies)
        return response
    }

    struct ClaimDecisionForm: Content {
        var decision: String?
        var reason: String?
    }

    /// A reviewer accepts or rejects a Must claimed not applicable; a refused decision shows the
    /// criterion page again with the field named, and saves nothing.
    @Sendable func decideClaim(req: Request) async throws -> Response {
        let (company, context) = try await req.profileContext()
        let scoped = try req.profileCriterion(in: context)
        let form = try req.content.decode(ClaimDecisionForm.self)
        do {
            try await ReviewService(req).decideNotApplicable(context, criterion: scoped, decision: form.decision, reason: form.reason,
                                                             actor: req.actor, by: try req.requireUser())
        } catch let failure as ValidationFailure {
            let model = try await criterionModel(req, context: context, scoped: scoped, decisionErrors: failure.errors)
            return Response.html(ProfileCriterionView.render(PageContext(req), model), status: .badRequest)
        }
        let response = req.redirect(to: SiteURL.profileCriterion(company.companyID, scoped.id) + "#not-applicable-claim")
        response.flash(.success, "profile.claim.decision_saved", secure: req.application.config.secureCookies)
        return response
    }

    /// Accepts again every criterion unchanged since the submission it was accepted on, then shows
    /// the newest submission with its counts.
    @Sendable func acceptUnchanged(req: Request) async throws -> Response {
        let (company, context) = try await req.profileContext()
        let accepted = try await ReviewService(req).acceptUnchanged(context, actor: req.actor, by: try req.requireUser())
        let latest = try await ProfileService(req).latestSnapshot(of: context)
        let response = req.redirect(to: latest.map { SiteURL.profileSnapshot(company.companyID, $0.row.id!) + "#review-summary" }
                                        ?? SiteURL.profileSnapshots(company.companyID))
        response.flash(.success, "review.accepted_unchanged", ["count": String(accepted.count)], secure: req.application.config.secureCookies)
        return response
    }

    @Sendable func close(req: Request) async throws -> Response {
        let (company, context) = try await req.profileContext()
        guard let id = req.parameters.get("commentID").flatMap(UUID.init(uuidString:)) else { throw TrustlaneError.notFound }
        try await ReviewService(req).close(context, comment: id, actor: req.actor, by: try req.requireUser())
        return req.redirect(to: SiteURL.profile(company.companyID))
    }
}
