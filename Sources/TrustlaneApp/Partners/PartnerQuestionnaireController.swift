import Foundation
import TrustlaneCore
import Vapor

/// Questionnaires by link (issue 15): the company sends and revokes them from the partner's
/// page and reads the answers and files; the partner answers at `/q/{token}` without an account.
struct PartnerQuestionnaireController {
    func register(_ app: Application) {
        let partner = app.grouped("companies", ":companyID", "partners", ":partnerID", "questionnaires")
        partner.on(.POST, action: .manageBusinessPartners, use: send)
        partner.on(.GET, ":questionnaireID", action: .viewBusinessPartners, use: show)
        partner.on(.POST, ":questionnaireID", "revoke", action: .manageBusinessPartners, use: revoke)
        partner.on(.GET, ":questionnaireID", "files", ":fileID", action: .viewBusinessPartners, use: file)
        app.on(.GET, "q", ":token", action: .answerPartnerQuestionnaire, use: open)
        let limit = PartnerQuestionnaireService.bodyLimit
        let answer = app.on(.POST, "q", ":token", action: .answerPartnerQuestionnaire, body: .collect(maxSize: ByteCount(value: limit)), use: answer)
        answer.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = limit
    }

    // MARK: Company side

    @Sendable func send(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let controller = BusinessPartnerController()
        let record = try await req.routePartner(company: company.companyID)
        let form = req.formFields()
        do {
            let sent = try await PartnerQuestionnaireService(req).send(company: company.companyID, partner: record.id, language: form["language"],
                                                                        days: form["days"], by: req.actor.userID)
            var model = try await controller.showModel(req)
            model.issuedQuestionnaire = .init(url: req.absoluteURL(SiteURL.questionnaireLink(sent.token)), expiresAt: sent.expiresAt)
            return Response.html(BusinessPartnerViews.show(PageContext(req), model), status: .ok)
        } catch let failure as ValidationFailure {
            return Response.html(BusinessPartnerViews.show(PageContext(req), try await controller.showModel(req, errors: failure.errors)), status: .badRequest)
        }
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        let company = try req.companyID()
        let record = try await req.routePartner(company: company)
        let id = try req.routeUUID("questionnaireID")
        try await PartnerQuestionnaireService(req).revoke(company: company, partner: record.id, questionnaire: id, by: req.actor.userID)
        return req.redirect(to: SiteURL.partner(company, record.id) + "#partner-questionnaires", flash: "partner_questionnaire.revoked")
    }

    @Sendable func show(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let record = try await req.routePartner(company: company.companyID)
        let id = try req.routeUUID("questionnaireID")
        guard let detail = try await PartnerQuestionnaireService(req).detail(company: company.companyID, partner: record.id, id: id) else {
            throw TrustlaneError.notFound
        }
        return BusinessPartnerViews.questionnaire(PageContext(req), company: company.companyID, partner: record, detail: detail, now: req.now)
    }

    @Sendable func file(req: Request) async throws -> Response {
        let company = try req.companyID()
        let record = try await req.routePartner(company: company)
        let id = try req.routeUUID("questionnaireID")
        let fileID = try req.routeUUID("fileID")
        guard let stored = try await PartnerQuestionnaireService(req).file(company: company, partner: record.id, questionnaire: id, file: fileID) else {
            throw TrustlaneError.notFound
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: stored.content_type)
        headers.contentDisposition = .init(.attachment, filename: stored.file_name)
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(data: stored.content))
    }

    // MARK: Partner side

    /// The questionnaire's page, or a page saying the link is used, expired or revoked (410) or
    /// unknown (404). Every one is worded in the questionnaire's language where it is known.
    @Sendable func open(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        do {
            guard let view = try await PartnerQuestionnaireService(req).open(token: token) else { return Self.unknown(req) }
            return Response.html(BusinessPartnerViews.answerPage(PageContext(req).speaking(view.questionnaire.language), token: token, view: view), status: .ok)
        } catch let gone as PartnerQuestionnaireService.Gone {
            return Self.gone(req, gone)
        }
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let service = PartnerQuestionnaireService(req)
        let view: PartnerQuestionnaireService.PublicView
        do {
            guard let found = try await service.open(token: token) else { return Self.unknown(req) }
            view = found
        } catch let gone as PartnerQuestionnaireService.Gone {
            return Self.gone(req, gone)
        }
        let c = PageContext(req).speaking(view.questionnaire.language)
        let submitted = Self.parts(req)
        do {
            let gaps = try await service.answer(token: token, answers: submitted.answers, comments: submitted.comments, uploads: submitted.uploads)
            return Response.html(BusinessPartnerViews.answerDone(c, view: view, gaps: gaps), status: .ok)
        } catch let failure as ValidationFailure {
            return Response.html(BusinessPartnerViews.answerPage(c, token: token, view: view, answers: submitted.answers, comments: submitted.comments,
                                                                 errors: failure.errors), status: .badRequest)
        } catch let gone as PartnerQuestionnaireService.Gone {
            return Self.gone(req, gone)
        }
    }

    static func unknown(_ req: Request) -> Response {
        Response.html(BusinessPartnerViews.linkProblem(PageContext(req), key: "partner_questionnaire.link_unknown"), status: .notFound)
    }

    static func gone(_ req: Request, _ gone: PartnerQuestionnaireService.Gone) -> Response {
        Response.html(BusinessPartnerViews.linkProblem(PageContext(req), key: "partner_questionnaire.link_\(gone.rawValue)"), status: .gone)
    }

    /// The answer form's fields: `answer.<question id>`, `comment.<question id>`, and up to five
    /// files `file1`...`file5` each with an optional `file<n>_question`. Read from the multipart
    /// body (the page's form) or a URL-encoded one (no files).
    struct Submitted {
        var answers: [String: String] = [:]
        var comments: [String: String] = [:]
        var uploads: [PartnerQuestionnaireService.Upload] = []
    }

    static func parts(_ req: Request) -> Submitted {
        var fields: [String: String] = [:]
        var files: [Int: (name: String, data: Data)] = [:]
        if let parts = req.multipartParts() {
            for part in parts {
                if let fileName = part.fileName {
                    guard part.name.hasPrefix("file"), let slot = Int(part.name.dropFirst(4)), (1...PartnerQuestionnaireService.maxFiles).contains(slot),
                          !(fileName.isEmpty && part.data.isEmpty) else { continue }
                    files[slot] = (fileName, part.data)
                } else {
                    fields[part.name] = part.text
                }
            }
        } else {
            fields = req.formFields()
        }
        var submitted = Submitted()
        for (key, value) in fields {
            if key.hasPrefix("answer.") { submitted.answers[String(key.dropFirst(7))] = value }
            if key.hasPrefix("comment.") { submitted.comments[String(key.dropFirst(8))] = value }
        }
        submitted.uploads = files.keys.sorted().map { slot in
            let question = fields["file\(slot)_question"].flatMap { $0.isEmpty ? nil : $0 }
            return PartnerQuestionnaireService.Upload(slot: slot, fileName: files[slot]!.name, content: files[slot]!.data, questionID: question)
        }
        return submitted
    }
}
