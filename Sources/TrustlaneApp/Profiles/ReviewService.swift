import Fluent
import TrustlaneCore
import Vapor

/// Reviewers' comments and requests for information on criteria of a submitted profile, and the
/// company's responses. Internal notes stay on the reviewers' side.
struct ReviewService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    func thread(profile: UUID, criterion: CriterionID) async throws -> ReviewThread {
        let rows = try await ReviewCommentModel.query(on: db).filter(\.$profileID == profile).filter(\.$criterionID == criterion.rawValue)
            .sort(\.$createdAt).all()
        return ReviewThread(criterionID: criterion, comments: rows.compactMap { Self.comment($0) })
    }

    static func comment(_ row: ReviewCommentModel) -> ReviewComment? {
        guard let id = row.id, let criterion = CriterionID(row.criterionID), let kind = ReviewCommentKind(rawValue: row.kind) else { return nil }
        let closed = row.status == InformationRequestStatus.closed.rawValue
        return ReviewComment(id: ReviewCommentID(id), profileID: SecurityProfileID(row.profileID), snapshotID: row.snapshotID.map(SnapshotID.init),
                             criterionID: criterion, kind: kind, body: row.body, authorID: UserID(row.authorID ?? UUID()), authorName: "",
                             side: kind == .response ? .company : .reviewer, isInternal: row.isInternal, replyTo: row.replyTo.map(ReviewCommentID.init),
                             createdAt: row.createdAt, closedAt: closed ? row.createdAt : nil)
    }

    /// Posts a comment, request, response or acceptance. Who may post what comes from `ReviewCommentRules`.
    func post(_ context: ProfileContext, criterion: CriterionID, kind raw: String?, body: String?, replyTo: String?, isInternal: Bool,
              actor: Actor, by user: UserModel) async throws {
        guard context.scope.contains(criterion) || context.catalog.criterion(id: criterion) != nil else { throw TrustlaneError.notFound }
        guard let kind = raw.flatMap(ReviewCommentKind.init(rawValue:)) else {
            throw ValidationFailure([FieldError(field: "kind", messageKey: "profile.error.review_kind",
                                                message: "kind must be one of \(ReviewCommentKind.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        let side = ReviewCommentRules.side(of: actor, company: context.companyID)
        let thread = try await thread(profile: context.id, criterion: criterion)
        let draft = ReviewCommentDraft(criterionID: criterion, kind: kind, body: body, replyTo: replyTo.flatMap(UUID.init(uuidString:)).map(ReviewCommentID.init),
                                       isInternal: isInternal)
        let valid = try ReviewCommentRules.validate(draft, side: side, role: actor.role(in: context.companyID), thread: thread)
        let now = app.clock.now()
        let latest = try await ProfileSnapshotModel.query(on: db).filter(\.$profileID == context.id).sort(\.$sequence, .descending).first()
        // Accepting twice (double click, second tab) records one acceptance of the submission.
        if valid.kind == .acceptance, valid.body.isEmpty, let latest, thread.acceptance(on: latest.id.map(SnapshotID.init)) != nil { return }
        if valid.kind == .acceptance, latest == nil {
            throw ValidationFailure([FieldError(field: "kind", messageKey: "profile.error.review_accept_needs_submission",
                                                message: "A criterion can be accepted once the profile was submitted")])
        }
        let profileID = context.id
        // Accepting the criterion settles its running requests: the reviewer is satisfied.
        let settled = valid.kind == .acceptance ? thread.requests.filter { thread.status(of: $0) != .closed }.map(\.id.rawValue) : []
        try await app.writeGate.transaction(on: db) { tx in
            let row = ReviewCommentModel()
            row.profileID = profileID
            row.snapshotID = latest?.id
            row.criterionID = criterion.rawValue
            row.kind = valid.kind.rawValue
            row.status = valid.kind == .requestForInformation ? InformationRequestStatus.open.rawValue : "posted"
            row.body = valid.body
            row.isInternal = valid.isInternal
            row.replyTo = valid.replyTo?.rawValue
            row.authorID = user.id
            row.createdAt = now
            try await row.create(on: tx)
            // A request on one criterion reaches the company: inbox and email, naming the criterion.
            if valid.kind == .requestForInformation, !valid.isInternal, let id = row.id {
                try await NotificationOutbox(tx).enqueueToCompany(
                    context.companyID, messageKey: "notification.criterion_request",
                    parameters: ["criterion": criterion.rawValue, "request": Excerpt.of(valid.body)],
                    link: SiteURL.profileCriterion(context.companyID, criterion) + "#review-thread",
                    dedupeKey: "criterion_request:\(id.uuidString.lowercased())", now: now)
            }
            if valid.kind == .response, let request = valid.replyTo?.rawValue,
               let original = try await ReviewCommentModel.find(request, on: tx), original.status == InformationRequestStatus.open.rawValue {
                original.status = InformationRequestStatus.answered.rawValue
                try await original.save(on: tx)
            }
            for id in settled {
                guard let request = try await ReviewCommentModel.find(id, on: tx), request.status != InformationRequestStatus.closed.rawValue else { continue }
                let before = request.status
                request.status = InformationRequestStatus.closed.rawValue
                try await request.save(on: tx)
                try await AuditLog.append(AuditEvent(action: "review.request_closed", targetType: "criterion", targetID: criterion.rawValue,
                                                     companyID: context.companyID, changes: [FieldChange(field: "status", before: before, after: "closed")]),
                                          by: user.userID, on: tx, at: now)
            }
            try await AuditLog.append(AuditEvent(action: "review.\(valid.kind.rawValue)", targetType: "criterion", targetID: criterion.rawValue,
                                                 companyID: context.companyID,
                                                 changes: [FieldChange(field: "body", before: nil,
                                                                     after: valid.isInternal ? "(internal note)" : valid.body.isEmpty ? "(\(valid.kind.rawValue))" : valid.body)]),
                                      by: user.userID, on: tx, at: now)
        }
    }

    /// "Accept all unchanged since the last accepted submission": every criterion of the newest
    /// submission whose latest verdict is an acceptance of an earlier submission with the same
    /// entry (Core's `UnchangedSinceAcceptance`) is accepted again on the newest one, in one
    /// write-gate transaction with one audit record naming the criteria. Returns how many.
    @discardableResult
    func acceptUnchanged(_ context: ProfileContext, actor: Actor, by user: UserModel) async throws -> [CriterionID] {
        guard ReviewCommentRules.side(of: actor, company: context.companyID) == .reviewer else { throw TrustlaneError.forbidden }
        let now = app.clock.now()
        return try await app.writeGate.transaction(on: db) { tx -> [CriterionID] in
            let service = ProfileService(app: app, db: tx)
            guard let latest = try await service.latestSnapshot(of: context) else {
                throw ValidationFailure([FieldError(field: "kind", messageKey: "profile.error.review_accept_needs_submission",
                                                    message: "A criterion can be accepted once the profile was submitted")])
            }
            let posts = try await ProfileQueries(tx).reviewPosts(profile: context.id)
            let needed = UnchangedSinceAcceptance.snapshotsNeeded(for: latest.snapshot.id, comments: posts)
            let earlier = try await service.snapshots(of: context, ids: needed)
            let criteria = UnchangedSinceAcceptance.criteria(in: latest.snapshot, comments: posts, earlier: earlier)
            guard !criteria.isEmpty else { return [] }
            for criterion in criteria {
                let row = ReviewCommentModel()
                row.profileID = context.id
                row.snapshotID = latest.row.id
                row.criterionID = criterion.rawValue
                row.kind = ReviewCommentKind.acceptance.rawValue
                row.status = "posted"
                row.body = ""
                row.isInternal = false
                row.authorID = user.id
                row.createdAt = now
                try await row.create(on: tx)
            }
            try await AuditLog.append(AuditEvent(action: "review.accept_unchanged", targetType: "security_profile", targetID: context.id.uuidString,
                                                 companyID: context.companyID,
                                                 changes: [FieldChange(field: "criteria", before: nil, after: criteria.map(\.rawValue).joined(separator: " ")),
                                                           FieldChange(field: "submission", before: nil, after: String(latest.row.sequence))]),
                                      by: user.userID, on: tx, at: now)
            return criteria
        }
    }

    /// A reviewer closes a request once satisfied. The route declares `reviewProfile`, so only the
    /// program's side gets here; Core's `ReviewCommentRules.mayClose` decides whether this request
    /// can be closed (closing a closed one again changes nothing).
    func close(_ context: ProfileContext, comment id: UUID, actor: Actor, by user: UserModel) async throws {
        let side = ReviewCommentRules.side(of: actor, company: context.companyID)
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            guard let row = try await ReviewCommentModel.query(on: tx).filter(\.$id == id).filter(\.$profileID == context.id).first(),
                  let request = Self.comment(row), request.isRequest else { throw TrustlaneError.notFound }
            guard ReviewCommentRules.mayClose(request, side: side) else { return }
            let before = row.status
            row.status = InformationRequestStatus.closed.rawValue
            try await row.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "review.request_closed", targetType: "criterion", targetID: row.criterionID,
                                                 companyID: context.companyID, changes: [FieldChange(field: "status", before: before, after: "closed")]),
                                      by: user.userID, on: tx, at: now)
        }
    }

    /// A reviewer accepts or rejects a Must the company submitted as "not applicable to our
    /// business model" (Core's `NotApplicableClaims`; CBP's MSC for U.S. customs brokers, March
    /// 2020). The decision is bound to the answer version in the newest submission, so a later
    /// save by the company sets it aside. Read, check, write and audit happen in one write-gate
    /// transaction: a refused decision saves nothing. Deciding the same again records nothing new.
    @discardableResult
    func decideNotApplicable(_ context: ProfileContext, criterion scoped: ScopedCriterion, decision raw: String?, reason: String?,
                             actor: Actor, by user: UserModel) async throws -> NotApplicableDecision {
        // The route declares `reviewProfile`; this repeats it where the write happens.
        guard ReviewCommentRules.side(of: actor, company: context.companyID) == .reviewer else { throw TrustlaneError.forbidden }
        let now = app.clock.now()
        let profileID = context.id
        let company = context.companyID
        let criterion = scoped.id
        return try await app.writeGate.transaction(on: db) { tx -> NotApplicableDecision in
            let latest = try await ProfileSnapshotModel.query(on: tx).filter(\.$profileID == profileID).sort(\.$sequence, .descending).first()
            let entry = try latest.flatMap { try ProfileSnapshot.decode(Data($0.content.utf8)).entry(for: criterion) }
            let valid = try NotApplicableClaims.validate(NotApplicableDecisionDraft(criterionID: criterion, decision: raw, reason: reason),
                                                         criterion: scoped.criterion, submitted: entry)
            guard let answer = try await ProfileAnswerModel.query(on: tx).filter(\.$profile.$id == profileID)
                .filter(\.$criterionID == criterion.rawValue).first(), let version = answer.submittedVersion else {
                throw ValidationFailure([ProfileMessage.claimNothingToDecide.fieldError("criterion", ["criterion": criterion.rawValue])])
            }
            let previousRow = try await NotApplicableDecisionModel.query(on: tx).filter(\.$profileID == profileID)
                .filter(\.$criterionID == criterion.rawValue).sort(\.$sequence, .descending).first()
            let previous = previousRow?.decision
            if let previous, previous.applies(to: version), previous.verdict == valid.verdict, previous.reason == valid.reason { return previous }
            let row = NotApplicableDecisionModel()
            row.profileID = profileID
            row.snapshotID = latest?.id
            row.criterionID = criterion.rawValue
            row.sequence = (previousRow?.sequence ?? 0) + 1
            row.answerVersion = version
            row.verdict = valid.verdict.rawValue
            row.reason = valid.reason
            row.decidedBy = user.id
            row.decidedAt = now
            try await row.create(on: tx)
            let before = previous.flatMap { $0.applies(to: version) ? $0 : nil }
            try await AuditLog.append(AuditEvent(action: "review.not_applicable_\(valid.verdict.rawValue)", targetType: "criterion",
                                                 targetID: criterion.rawValue, companyID: company,
                                                 changes: [FieldChange(field: "verdict", before: before?.verdict.rawValue, after: valid.verdict.rawValue),
                                                           FieldChange(field: "reason", before: before?.reason, after: valid.reason),
                                                           FieldChange(field: "answer_version", before: nil, after: String(version))]),
                                      by: user.userID, on: tx, at: now)
            guard let decision = row.decision else { throw TrustlaneError.notFound }
            return decision
        }
    }
}
