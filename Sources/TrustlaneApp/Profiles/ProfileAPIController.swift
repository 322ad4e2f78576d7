import Fluent
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/profile...`, evidence and corrective actions.
struct ProfileAPIController {
    func register(_ api: any RoutesBuilder, app: Application) {
        api.on(.GET, "companies", ":companyID", "profile", action: .viewProfileDraft, use: show)
        api.on(.POST, "companies", ":companyID", "profile", action: .editProfile, use: open)
        api.on(.GET, "companies", ":companyID", "profile", "upgrade", action: .upgradeProfileCatalog, use: upgradePreview)
        api.on(.POST, "companies", ":companyID", "profile", "upgrade", action: .upgradeProfileCatalog, use: upgrade)
        api.on(.PUT, "companies", ":companyID", "profile", "conditions", action: .editProfile, use: conditions)
        api.on(.PUT, "companies", ":companyID", "profile", "answers", ":criterionID", action: .editProfile, use: saveAnswer)
        api.on(.GET, "companies", ":companyID", "profile", "answers", ":criterionID", "history", action: .viewProfileDraft, use: history)
        api.on(.GET, "companies", ":companyID", "profile", "gaps", action: .viewProfileDraft, use: gaps)
        api.on(.GET, "companies", ":companyID", "profile", "submissions", action: .viewProfile, use: submissions)
        api.on(.POST, "companies", ":companyID", "profile", "submissions", action: .submitProfile, use: submit)
        api.on(.GET, "companies", ":companyID", "profile", "submissions", ":snapshotID", action: .viewProfile, use: snapshot)
        api.on(.POST, "companies", ":companyID", "profile", "criteria", ":criterionID", "comments", action: .viewReviewThread, use: comment)
        api.on(.POST, "companies", ":companyID", "profile", "criteria", ":criterionID", "not-applicable-decision", action: .reviewProfile,
               use: decideClaim)
        api.on(.GET, "companies", ":companyID", "evidence", action: .viewProfileDraft, use: evidence)
        let upload = api.on(.POST, "companies", ":companyID", "evidence", action: .manageEvidence,
                            body: .collect(maxSize: ByteCount(value: EvidenceUploadForm.bodyLimit(app.config.evidencePolicy))), use: upload)
        upload.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = EvidenceUploadForm.bodyLimit(app.config.evidencePolicy)
        api.on(.GET, "companies", ":companyID", "corrective-actions", action: .viewProfileDraft, use: actions)
        api.on(.POST, "companies", ":companyID", "corrective-actions", action: .manageCorrectiveActions, use: createAction)
        api.on(.POST, "companies", ":companyID", "corrective-actions", ":actionID", "status", action: .manageCorrectiveActions, use: moveAction)
    }

    /// The draft's context (its routes declare `viewProfileDraft` or an edit action, which
    /// keep out everyone outside the company).
    func memberContext(_ req: Request) async throws -> ProfileContext { try await req.profileContext().1 }

    func response(_ req: Request, _ context: ProfileContext) async throws -> ProfileResponse { try await req.profileDocument(context) }

    @Sendable func show(req: Request) async throws -> ProfileResponse { try await response(req, try await memberContext(req)) }

    @Sendable func upgradePreview(req: Request) async throws -> ProfileUpgradePreviewResponse {
        let context = try await memberContext(req)
        guard let entry = ProfileUpgradeService.successor(of: context.catalog, in: req.application.catalogs) else {
            throw TrustlaneError(status: .notFound, key: "profile.upgrade.none", message: "The profile is on the newest catalog version")
        }
        return ProfileUpgradePreviewResponse(try await ProfileUpgradeService(req).preview(context, to: entry))
    }

    @Sendable func upgrade(req: Request) async throws -> ProfileResponse {
        let context = try await memberContext(req)
        let body = try req.content.decode(UpgradeProfileRequest.self)
        return try await response(req, try await ProfileUpgradeService(req).upgrade(context, to: body.catalogId, by: req.actor.userID))
    }

    @Sendable func open(req: Request) async throws -> Response {
        let id = try await req.routeCompany().companyID
        let body = try req.content.decode(OpenProfileRequest.self)
        let context = try await ProfileService(req).open(company: id, entityTypes: body.entityTypes ?? [], catalogID: body.catalogId, by: req.actor.userID)
        return try await response(req, context).encodeResponse(status: .created, for: req)
    }

    @Sendable func conditions(req: Request) async throws -> ProfileResponse {
        let context = try await memberContext(req)
        let body = try req.content.decode(ConditionsRequest.self)
        try await ProfileService(req).setConditions(context, fields: body.conditions.mapValues { $0 ? "yes" : "no" }, by: req.actor.userID)
        return try await response(req, try await memberContext(req))
    }

    @Sendable func saveAnswer(req: Request) async throws -> Response {
        let context = try await memberContext(req)
        let scoped = try req.profileCriterion(in: context)
        let body = try req.content.decode(SaveAnswerRequest.self)
        let edit = try AnswerEdit.parse(criterion: scoped.id, status: body.status, narrative: body.narrative, reason: body.notApplicableReason,
                                           responsible: body.responsible, evidence: body.evidenceIds, baseVersion: body.baseVersion)
        do {
            let answer = try await ProfileService(req).saveAnswer(context, edit: edit, by: try req.requireUser().userID)
            return try await ["criterionId": scoped.id.rawValue, "status": answer.status.rawValue, "version": String(answer.version)]
                .encodeResponse(for: req)
        } catch let failure as ValidationFailure where Self.isStale(failure) {
            return try Self.conflict(failure)
        }
    }

    /// A stale edit (someone saved since `baseVersion` was read) is a conflict, not bad input.
    static func isStale(_ failure: ValidationFailure) -> Bool { failure.errors.contains { $0.field == "version" } }

    static func conflict(_ failure: ValidationFailure) throws -> Response {
        let response = Response(status: .conflict)
        try response.content.encode(ErrorPageMiddleware.APIError(error: .init(status: 409, reason: failure.reason, fields: failure.errors)))
        return response
    }

    struct HistoryEntry: Content { let version: Int; let status: String; let narrative: String; let changedBy: String?; let changedAt: Date }

    @Sendable func history(req: Request) async throws -> [HistoryEntry] {
        let context = try await memberContext(req)
        let scoped = try req.profileCriterion(in: context)
        return try await ProfileQueries(req.db).history(profile: context.id, criterion: scoped.id.rawValue).map {
            HistoryEntry(version: $0.version, status: $0.status, narrative: $0.narrative, changedBy: $0.changed_by_name, changedAt: $0.changed_at)
        }
    }

    @Sendable func gaps(req: Request) async throws -> [GapResponse] {
        let context = try await memberContext(req)
        let analysis = try await req.gapAnalysis(context)
        return (analysis.items + analysis.awaitingReview).map {
            GapResponse(criterionId: $0.id.rawValue, level: $0.criterion.criterion.level.rawValue, status: $0.status.rawValue,
                        notApplicableClaim: $0.claim?.rawValue, narrative: $0.narrative, correctiveActions: $0.correctiveActions, openCorrectiveActions: $0.openCorrectiveActions)
        }
    }

    @Sendable func submissions(req: Request) async throws -> [SnapshotSummaryResponse] {
        let id = try req.companyID()
        guard let context = try await ProfileService(req).current(company: id) else { return [] }
        return try await ProfileSnapshotModel.query(on: req.db).filter(\.$profileID == context.id).sort(\.$sequence, .descending).all()
            .map { SnapshotSummaryResponse(id: $0.id!, sequence: $0.sequence, submittedAt: $0.submittedAt, digest: $0.digest) }
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let context = try await memberContext(req)
        let body = try req.content.decode(SubmitProfileRequest.self)
        let c = PageContext(req)
        let snapshot = try await ProfileService(req).submit(context, role: req.actor.role(in: context.companyID), declarationConfirmed: body.declaration == true,
                                                            declaration: c.t("profile.declaration_text"), by: try req.requireUser().userID)
        return try await SnapshotSummaryResponse(id: snapshot.id!, sequence: snapshot.sequence, submittedAt: snapshot.submittedAt, digest: snapshot.digest)
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func snapshot(req: Request) async throws -> Response {
        let id = try req.companyID()
        guard let snapshotID = req.parameters.get("snapshotID").flatMap(UUID.init(uuidString:)),
              let context = try await ProfileService(req).current(company: id),
              let row = try await ProfileSnapshotModel.query(on: req.db).filter(\.$id == snapshotID).filter(\.$profileID == context.id).first() else {
            throw TrustlaneError.notFound
        }
        _ = try ProfileSnapshot.decode(Data(row.content.utf8))
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(string: row.content))
    }

    @Sendable func comment(req: Request) async throws -> Response {
        let id = try req.companyID()
        let context = try await ProfileService(req).require(company: id)
        guard let raw = req.parameters.get("criterionID"), let criterion = CriterionID(raw), context.catalog.criterion(id: criterion) != nil else {
            throw TrustlaneError.notFound
        }
        let body = try req.content.decode(ReviewCommentRequest.self)
        try await ReviewService(req).post(context, criterion: criterion, kind: body.kind, body: body.body, replyTo: body.replyTo,
                                          isInternal: body.internal ?? false, actor: req.actor, by: try req.requireUser())
        return Response(status: .created)
    }

    /// A reviewer accepts or rejects a Must the company submitted as not applicable to its business model.
    @Sendable func decideClaim(req: Request) async throws -> Response {
        let (_, context) = try await req.profileContext()
        let scoped = try req.profileCriterion(in: context)
        let body = try req.content.decode(NotApplicableDecisionRequest.self)
        let decision = try await ReviewService(req).decideNotApplicable(context, criterion: scoped, decision: body.decision, reason: body.reason,
                                                                        actor: req.actor, by: try req.requireUser())
        return try await NotApplicableDecisionResponse(decision).encodeResponse(status: .created, for: req)
    }

    @Sendable func evidence(req: Request) async throws -> [EvidenceResponse] {
        let id = try req.companyID()
        return try await ProfileQueries(req.db).evidence(company: id).map {
            EvidenceResponse(id: $0.id, title: $0.title, fileName: $0.file_name, sha256: $0.sha256, size: $0.size, contentType: $0.content_type,
                             effectiveDate: $0.effective_date.map(ProgramDay.text), expiryDate: $0.expires_at.map(ProgramDay.text))
        }
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let id = try await req.routeCompany().companyID
        guard let form = try? req.content.decode(EvidenceUploadForm.self), let file = form.file else {
            throw ValidationFailure([FieldError(field: "file", messageKey: "profile.error.file_missing", message: "file is required (multipart/form-data with a `file` part)")])
        }
        let stored = try await EvidenceService(req).upload(company: id, fileName: file.filename, content: Data(buffer: file.data), title: form.title,
                                                           effectiveDate: form.effective_date, expiryDate: form.expiry_date, by: try req.requireUser().userID)
        return try await EvidenceResponse(id: stored.id!, title: stored.title, fileName: stored.fileName, sha256: stored.sha256, size: stored.size,
                                          contentType: stored.contentType, effectiveDate: stored.effectiveDate.map(ProgramDay.text),
                                          expiryDate: stored.expiresAt.map(ProgramDay.text)).encodeResponse(status: .created, for: req)
    }

    static func action(_ row: ProfileQueries.ActionRow) -> CorrectiveActionResponse {
        CorrectiveActionResponse(id: row.id, title: row.title, owner: row.owner, dueDate: ProgramDay.text(row.due_date), status: row.status,
                                 criteria: row.criteria.split(separator: ",").map(String.init), source: row.source, version: row.version)
    }

    @Sendable func actions(req: Request) async throws -> [CorrectiveActionResponse] {
        let id = try req.companyID()
        return try await ProfileQueries(req.db).actions(company: id).map(Self.action)
    }

    @Sendable func createAction(req: Request) async throws -> Response {
        let id = try await req.routeCompany().companyID
        let body = try req.content.decode(CreateCorrectiveActionRequest.self)
        let context = try await ProfileService(req).current(company: id)
        let criteria = body.criteria ?? []
        let model = try await CorrectiveActionService(req).create(
            company: id, profile: criteria.isEmpty ? nil : context,
            draft: CorrectiveActionDraft(title: body.title, details: body.details, ownerName: body.owner, dueDate: body.dueDate, criterionIDs: criteria),
            by: try req.requireUser().userID)
        return try await CorrectiveActionResponse(id: model.id!, title: model.title, owner: model.owner, dueDate: ProgramDay.text(model.dueDate),
                                                  status: model.status, criteria: model.criteria.split(separator: ",").map(String.init),
                                                  source: model.source, version: model.version).encodeResponse(status: .created, for: req)
    }

    @Sendable func moveAction(req: Request) async throws -> Response {
        let id = try req.companyID()
        guard let actionID = req.parameters.get("actionID").flatMap(UUID.init(uuidString:)) else { throw TrustlaneError.notFound }
        let body = try req.content.decode(MoveCorrectiveActionRequest.self)
        do {
            try await CorrectiveActionService(req).move(actionID, company: id, to: body.status, baseVersion: body.baseVersion, by: try req.requireUser().userID)
        } catch let failure as ValidationFailure where Self.isStale(failure) {
            return try Self.conflict(failure)   // as documented, like saveAnswer
        }
        return Response(status: .noContent)
    }
}
