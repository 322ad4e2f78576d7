import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/business-partners/{partnerID}/questionnaires`: send a
/// questionnaire (its link returned once) and list those sent.
extension BusinessPartnerAPIController {
    struct SendQuestionnaireRequest: Content {
        var language: String?
        var days: Int?
    }

    struct QuestionnaireResponse: Content {
        var id: UUID
        var language: String
        var status: String
        var expiresAt: Date
        var answeredAt: Date?
        var createdAt: Date
    }

    struct SentQuestionnaireResponse: Content {
        var id: UUID
        var language: String
        var expiresAt: Date
        /// The partner's link with its secret: in this answer only.
        var link: String
    }

    @Sendable func questionnaires(req: Request) async throws -> [QuestionnaireResponse] {
        let company = try req.companyID()
        let record = try await req.routePartner(company: company)
        let now = req.now
        return try await PartnerQuestionnaireService(req).list(company: company, partner: record.id).map {
            QuestionnaireResponse(id: $0.id, language: $0.language, status: $0.shownStatus(now: now), expiresAt: $0.expires_at, answeredAt: $0.answered_at,
                                  createdAt: $0.created_at)
        }
    }

    @Sendable func sendQuestionnaire(req: Request) async throws -> Response {
        let company = try req.companyID()
        let record = try await req.routePartner(company: company)
        let body = try req.content.decode(SendQuestionnaireRequest.self)
        let sent = try await PartnerQuestionnaireService(req).send(company: company, partner: record.id, language: body.language,
                                                                    days: body.days.map(String.init), by: req.actor.userID)
        return try await SentQuestionnaireResponse(id: sent.id, language: body.language ?? "", expiresAt: sent.expiresAt,
                                                   link: req.absoluteURL(SiteURL.questionnaireLink(sent.token))).encodeResponse(status: .created, for: req)
    }
}
