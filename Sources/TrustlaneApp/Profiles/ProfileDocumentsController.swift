import Fluent
import TrustlaneCore
import Vapor

/// Evidence, gaps, corrective actions, submission, snapshots and exports of the profile.
struct ProfileDocumentsController {
    func register(_ app: Application) {
        let routes: any RoutesBuilder = app
        routes.on(.GET, "companies", ":companyID", "profile", "evidence", action: .viewProfileDraft, use: evidence)
        let limit = EvidenceUploadForm.bodyLimit(app.config.evidencePolicy)
        let upload = routes.on(.POST, "companies", ":companyID", "profile", "evidence", action: .manageEvidence,
                               body: .collect(maxSize: ByteCount(value: limit)), use: uploadEvidence)
        upload.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = limit
        routes.on(.GET, "companies", ":companyID", "profile", "evidence", ":evidenceID", action: .viewProfile, use: download)
        routes.on(.GET, "companies", ":companyID", "profile", "gaps", action: .viewProfileDraft, use: gaps)
        routes.on(.GET, "companies", ":companyID", "profile", "gaps.csv", action: .viewProfileDraft, use: gapsCSV)
        routes.on(.GET, "companies", ":companyID", "actions", action: .viewProfileDraft, use: actions)
        routes.on(.POST, "companies", ":companyID", "actions", action: .manageCorrectiveActions, use: createAction)
        routes.on(.POST, "companies", ":companyID", "actions", ":actionID", "status", action: .manageCorrectiveActions, use: moveAction)
        routes.on(.GET, "companies", ":companyID", "profile", "submit", action: .submitProfile, use: showSubmit)
        routes.on(.POST, "companies", ":companyID", "profile", "submit", action: .submitProfile, use: submit)
        routes.on(.GET, "companies", ":companyID", "profile", "snapshots", action: .viewProfile, use: snapshots)
        routes.on(.GET, "companies", ":companyID", "profile", "snapshots", ":snapshotID", action: .viewProfile, use: snapshot)
        routes.on(.GET, "companies", ":companyID", "profile", "print", action: .viewProfileDraft, use: printable)
        routes.on(.GET, "companies", ":companyID", "profile.csv", action: .viewProfileDraft, use: csv)
        routes.on(.GET, "companies", ":companyID", "profile.json", action: .viewProfileDraft, use: json)
    }

    @Sendable func evidence(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let files = try await ProfileQueries(req.db).evidence(company: company.companyID)
        let c = PageContext(req)
        return ProfilePagesViews.evidence(c, company: company.companyID, files: files, canUpload: c.allows(.manageEvidence, company: company.companyID), now: req.now,
                                         policy: req.application.config.evidencePolicy)
    }

    @Sendable func uploadEvidence(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let user = try req.requireUser()
        guard let form = try? req.content.decode(EvidenceUploadForm.self), let file = form.file else {
            throw ValidationFailure([FieldError(field: "file", messageKey: "profile.error.file_missing", message: "file is required (a multipart form upload)")])
        }
        let stored: EvidenceFileModel
        do {
            stored = try await EvidenceService(req).upload(company: company.companyID, fileName: file.filename, content: Data(buffer: file.data),
                                                           title: form.title, effectiveDate: form.effective_date, expiryDate: form.expiry_date, by: user.userID)
        } catch let failure as ValidationFailure {
            let files = try await ProfileQueries(req.db).evidence(company: company.companyID)
            return Response.html(ProfilePagesViews.evidence(PageContext(req), company: company.companyID, files: files, canUpload: true, now: req.now, policy: req.application.config.evidencePolicy,
                                                            errors: failure.errors), status: .badRequest)
        }
        // Uploaded from a criterion's page: link it there, as a new version of that answer.
        if let raw = form.criterion_id, let criterionID = CriterionID(raw),
           let context = try await ProfileService(req).current(company: company.companyID), context.scope.contains(criterionID) {
            let (answers, _, _) = try await ProfileService(req).answers(context)
            let answer = answers[criterionID] ?? .unanswered(criterionID)
            let edit = AnswerEdit(criterionID: criterionID, status: answer.status, narrative: answer.narrative,
                                  notApplicableReason: answer.notApplicableReason, responsible: answer.responsible,
                                  evidenceIDs: answer.evidenceIDs + [EvidenceID(stored.id!)], baseVersion: answer.version)
            try await ProfileService(req).saveAnswer(context, edit: edit, by: user.userID)
            let response = req.redirect(to: SiteURL.profileCriterion(company.companyID, criterionID))
            response.flash(.success, "profile.uploaded", secure: req.application.config.secureCookies)
            return response
        }
        let response = req.redirect(to: SiteURL.profileEvidence(company.companyID))
        response.flash(.success, "profile.uploaded", secure: req.application.config.secureCookies)
        return response
    }

    @Sendable func download(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        guard let id = req.parameters.get("evidenceID").flatMap(UUID.init(uuidString:)) else { throw TrustlaneError.notFound }
        let file = try await EvidenceService(req).file(id, company: company.companyID)
        // Outside the company (a reviewer): only files frozen into a submitted snapshot.
        if !req.allows(.viewProfileDraft, company: company.companyID) {
            let submitted = try await ProfileService(req).submittedEvidenceHashes(company: company.companyID)
            guard submitted.contains(file.sha256.lowercased()) else { throw TrustlaneError.notFound }
        }
        let data = try await req.application.evidenceStore.get(file.sha256)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.contentType)
        let inline = EvidenceFileType(mimeType: file.contentType)?.isInlineSafe ?? false
        let safeName = file.fileName.replacingOccurrences(of: "\"", with: "")
        headers.replaceOrAdd(name: .contentDisposition, value: "\(inline ? "inline" : "attachment"); filename=\"\(safeName)\"")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    @Sendable func gaps(req: Request) async throws -> HTML {
        let (company, context) = try await req.profileContext()
        return ProfilePagesViews.gaps(PageContext(req), company: company.companyID, catalogID: context.catalog.id, analysis: try await req.gapAnalysis(context))
    }

    @Sendable func gapsCSV(req: Request) async throws -> Response {
        let (_, context) = try await req.profileContext()
        return Self.download(try await req.gapAnalysis(context).csv(), type: "text/csv; charset=utf-8", name: "gap-analysis.csv")
    }

    static func download(_ text: String, type: String, name: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    @Sendable func actions(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let params = QueryParameters(req)
        let filter = CorrectiveActionFilter(query: ["status": params.first("status") ?? "", "overdue": params.first("overdue") ?? "",
                                                    "criterion": params.first("criterion") ?? ""])
        let now = req.now
        let rows = try await ProfileQueries(req.db).actions(company: company.companyID).filter { row in
            filter.matches(row.correctiveAction(company: company.companyID), now: now)
        }
        let c = PageContext(req)
        let selected = filter.statuses.count == 1 ? filter.statuses.first?.rawValue : nil
        return ProfilePagesViews.actions(c, company: company.companyID, actions: rows, filter: selected, overdueOnly: filter.overdueOnly, now: now,
                                         canEdit: c.allows(.manageCorrectiveActions, company: company.companyID))
    }

    struct ActionForm: Content {
        var title: String?
        var owner: String?
        var due_date: String?
        var details: String?
        var criteria: String?
    }

    @Sendable func createAction(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let form = try req.content.decode(ActionForm.self)
        let context = try await ProfileService(req).current(company: company.companyID)
        let criteria = (form.criteria ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let draft = CorrectiveActionDraft(title: form.title, details: form.details, ownerName: form.owner, dueDate: form.due_date, criterionIDs: criteria)
        _ = try await CorrectiveActionService(req).create(company: company.companyID, profile: criteria.isEmpty ? nil : context, draft: draft,
                                                          by: try req.requireUser().userID)
        let response = req.redirect(to: SiteURL.actions(company.companyID))
        response.flash(.success, "actions.created", secure: req.application.config.secureCookies)
        return response
    }

    @Sendable func moveAction(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        guard let id = req.parameters.get("actionID").flatMap(UUID.init(uuidString:)) else { throw TrustlaneError.notFound }
        struct Form: Content { var status: String?; var base_version: Int? }
        let form = try req.content.decode(Form.self)
        try await CorrectiveActionService(req).move(id, company: company.companyID, to: form.status, baseVersion: form.base_version,
                                                    by: try req.requireUser().userID)
        return req.redirect(to: SiteURL.actions(company.companyID))
    }

    @Sendable func showSubmit(req: Request) async throws -> HTML {
        let (company, context) = try await req.profileContext()
        let (answers, _, _) = try await ProfileService(req).answers(context)
        let progress = ProfileProgress(scope: context.scope, answers: answers,
                                       decisions: try await ProfileService(req).notApplicableDecisions(context))
        let blockers = SubmissionRules.blockers(role: req.actor.role(in: company.companyID), declarationConfirmed: true, scope: context.scope,
                                                statuses: progress.statuses, claims: progress.claims)
        return ProfilePagesViews.submit(PageContext(req), company: company.companyID, blockers: blockers, progress: progress)
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let (company, context) = try await req.profileContext()
        struct Form: Content { var declaration: String? }
        let form = try req.content.decode(Form.self)
        let c = PageContext(req)
        do {
            _ = try await ProfileService(req).submit(context, role: req.actor.role(in: company.companyID), declarationConfirmed: form.declaration == "yes",
                                                     declaration: c.t("profile.declaration_text"), by: try req.requireUser().userID)
        } catch let failure as ValidationFailure {
            let (answers, _, _) = try await ProfileService(req).answers(context)
            let progress = ProfileProgress(scope: context.scope, answers: answers,
                                           decisions: try await ProfileService(req).notApplicableDecisions(context))
            let blockers = SubmissionRules.blockers(role: req.actor.role(in: company.companyID), declarationConfirmed: form.declaration == "yes",
                                                    scope: context.scope, statuses: progress.statuses, claims: progress.claims)
            return Response.html(ProfilePagesViews.submit(c, company: company.companyID, blockers: blockers,
                                                          progress: progress, errors: failure.errors),
                                 status: .badRequest)
        }
        let response = req.redirect(to: SiteURL.profileSnapshots(company.companyID))
        response.flash(.success, "profile.submitted", secure: req.application.config.secureCookies)
        return response
    }

    @Sendable func snapshots(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let rows: [ProfileSnapshotModel]
        if let context = try await ProfileService(req).current(company: company.companyID) {
            rows = try await ProfileSnapshotModel.query(on: req.db).filter(\.$profileID == context.id).sort(\.$sequence, .descending).all()
        } else { rows = [] }
        return ProfilePagesViews.snapshots(PageContext(req), company: company.companyID, companyName: company.legalName, rows: rows)
    }

    @Sendable func snapshot(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        guard let id = req.parameters.get("snapshotID").flatMap(UUID.init(uuidString:)),
              let context = try await ProfileService(req).current(company: company.companyID),
              let row = try await ProfileSnapshotModel.query(on: req.db).filter(\.$id == id).filter(\.$profileID == context.id).first() else {
            throw TrustlaneError.notFound
        }
        let snapshot = try ProfileSnapshot.decode(Data(row.content.utf8))
        let previous = try await ProfileSnapshotModel.query(on: req.db).filter(\.$profileID == context.id)
            .filter(\.$sequence == row.sequence - 1).first()
        let comparison = try previous.map { SnapshotComparison(from: try ProfileSnapshot.decode(Data($0.content.utf8)), to: snapshot) }
        let catalog = req.application.catalogs.entry(snapshot.catalogID)?.catalog ?? context.catalog
        let posts = try await ProfileQueries(req.db).reviewPosts(profile: context.id)
        let review = CriterionReviewSummary(criteria: snapshot.entries.map(\.criterionID), comments: posts, on: snapshot.id)
        let isReviewer = req.allows(.reviewProfile, company: company.companyID)
        // The newest submission, to a reviewer: what can be accepted again in one step.
        var unchanged: [CriterionID]?
        if isReviewer, row.sequence == context.profile.submissionCount {
            let earlier = try await ProfileService(req).snapshots(of: context, ids: UnchangedSinceAcceptance.snapshotsNeeded(for: snapshot.id, comments: posts))
            unchanged = UnchangedSinceAcceptance.criteria(in: snapshot, comments: posts, earlier: earlier)
        }
        return ProfilePagesViews.snapshot(PageContext(req), company: company.companyID, snapshot: snapshot, sequence: row.sequence, catalog: catalog,
                                          changed: comparison, isReviewer: isReviewer, review: review, unchanged: unchanged)
    }

    @Sendable func printable(req: Request) async throws -> HTML {
        let (company, context) = try await req.profileContext()
        let (answers, _, links) = try await ProfileService(req).answers(context)
        return ProfileExportViews.printable(PageContext(req), companyName: company.legalName, context: context, answers: answers, links: links)
    }

    /// Streams the profile as CSV, one criterion per row, in the catalog's section order.
    @Sendable func csv(req: Request) async throws -> Response {
        let (_, context) = try await req.profileContext()
        let (answers, _, links) = try await ProfileService(req).answers(context)
        let lines = ProfileExportViews.csvLines(context: context, answers: answers, links: links)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"security-profile.csv\"")
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            for chunk in stride(from: 0, to: lines.count, by: 50) {
                try await writer.writeBuffer(ByteBuffer(string: lines[chunk..<min(chunk + 50, lines.count)].joined()))
            }
            try await writer.write(.end)
        }))
    }

    @Sendable func json(req: Request) async throws -> Response {
        let (_, context) = try await req.profileContext()
        let body = try await req.profileDocument(context)
        let response = Response(status: .ok)
        try response.content.encode(body)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"security-profile.json\"")
        return response
    }
}
