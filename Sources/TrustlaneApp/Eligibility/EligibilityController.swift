import Fluent
import TrustlaneCore
import Vapor

/// The eligibility check, per company and entity type.
struct EligibilityController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "companies", ":companyID", "eligibility", action: .viewEligibility, use: overview)
        routes.on(.GET, "companies", ":companyID", "eligibility", ":entityType", action: .viewEligibility, use: show)
        routes.on(.POST, "companies", ":companyID", "eligibility", ":entityType", action: .answerEligibility, use: answer)
    }

    @Sendable func overview(req: Request) async throws -> HTML {
        let (company, draft) = try await req.routeCompanyDraft()
        let results = try await EligibilityService(req).checks(of: company.companyID)
        return EligibilityViews.overview(PageContext(req), company: company.companyID, companyName: company.legalName,
                                         types: draft.entityTypes, results: results)
    }

    @Sendable func show(req: Request) async throws -> HTML {
        let (company, _) = try await req.routeCompanyDraft()
        let type = try req.routeEntityType()
        let service = EligibilityService(req)
        let catalog = try service.catalog.catalog
        let rules = catalog.eligibilityRules(for: type)
        let result = try await service.checks(of: company.companyID)[type]
        let c = PageContext(req)
        return EligibilityViews.form(c, company: company.companyID, companyName: company.legalName, type: type, rules: rules,
                                     words: c.wording(catalog.id),
                                     result: result, canAnswer: c.allows(.answerEligibility, company: company.companyID))
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let (company, _) = try await req.routeCompanyDraft()
        let type = try req.routeEntityType()
        struct Form: Content { var answers: [String: String]? }
        let form = (try? req.content.decode(Form.self)) ?? Form(answers: nil)
        var answers: [String: Bool] = [:]
        var errors: [FieldError] = []
        for (key, value) in form.answers ?? [:] {
            switch value.lowercased() {
            case "yes", "true": answers[key] = true
            case "no", "false": answers[key] = false
            default: errors.append(FieldError(field: "answers.\(key)", messageKey: "eligibility.error.yes_or_no", message: "answers.\(key) must be yes or no"))
            }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        if answers.isEmpty {
            // Nothing chosen: nothing is saved, and the page says so instead of "saved".
            let response = req.redirect(to: SiteURL.companyEligibility(company.companyID, type))
            response.flash(.error, "eligibility.error.nothing_answered", secure: req.application.config.secureCookies)
            return response
        }
        _ = try await EligibilityService(req).answer(company: company.companyID, entityType: type, answers: answers, by: req.actor.userID)
        let response = req.redirect(to: SiteURL.companyEligibility(company.companyID, type) + "#eligibility-result")
        response.flash(.success, "eligibility.saved", secure: req.application.config.secureCookies)
        return response
    }
}
