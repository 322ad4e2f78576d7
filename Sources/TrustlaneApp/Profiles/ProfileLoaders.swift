import Fluent
import TrustlaneCore
import Vapor

/// What a profile route names, loaded the same way by the profile pages and the profile API:
/// the company's current draft, the criterion in its scope, its gaps and its JSON document.
extension Request {
    /// The company this route names and its profile's context. Its routes declare
    /// `viewProfileDraft` or an edit action, so the guard already kept out everyone outside the
    /// company; no company or no profile is a 404.
    func profileContext() async throws -> (CompanyModel, ProfileContext) {
        let company = try await routeCompany()
        return (company, try await ProfileService(self).require(company: company.companyID))
    }

    /// The criterion this route names (`:criterionID`), when it is in the profile's scope.
    func profileCriterion(in context: ProfileContext) throws -> ScopedCriterion {
        guard let raw = parameters.get("criterionID"), let id = CriterionID(raw), let scoped = context.scope.criterion(id) else {
            throw TrustlaneError.notFound
        }
        return scoped
    }

    /// Every criterion not met, with the corrective actions recorded against it.
    func gapAnalysis(_ context: ProfileContext) async throws -> GapAnalysis {
        let (answers, _, _) = try await ProfileService(self).answers(context)
        let actions = try await ProfileQueries(db).actions(company: context.companyID)
        let decisions = try await ProfileService(self).notApplicableDecisions(context)
        return GapAnalysis(scope: context.scope, answers: answers, actions: actions.map { $0.correctiveAction(company: context.companyID) },
                           decisions: decisions)
    }

    /// The draft as one JSON document: the API's `GET .../profile` and the page's `profile.json`.
    func profileDocument(_ context: ProfileContext) async throws -> ProfileResponse {
        // Side by side: the answers with their links, and the decisions.
        async let answersTask = ProfileService(self).answers(context)
        async let decisionsTask = ProfileService(self).notApplicableDecisions(context)
        let ((answers, _, links), decisions) = try await (answersTask, decisionsTask)
        return ProfileResponse(context: context, answers: answers, links: links, decisions: decisions)
    }
}
