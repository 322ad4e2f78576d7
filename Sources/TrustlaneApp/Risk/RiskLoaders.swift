import Foundation
import TrustlaneCore
import Vapor

/// What a risk route names, loaded once for the page and the API alike: the assessment
/// (`:assessmentID`) of the route's company, and one of its chains (`:chainID`). A wrong or
/// foreign id is a 404.
extension Request {
    /// The assessment id the route names.
    func riskAssessmentID() throws -> UUID {
        guard let raw = parameters.get("assessmentID"), let id = UUID(uuidString: raw) else { throw TrustlaneError.notFound }
        return id
    }

    /// The chain id the route names.
    func riskChainID() throws -> UUID {
        guard let raw = parameters.get("chainID"), let id = UUID(uuidString: raw) else { throw TrustlaneError.notFound }
        return id
    }

    /// The assessment and its chains (or only `chain`, when given).
    func riskWorkspace(chain: UUID? = nil) async throws -> RiskWorkspace {
        try await RiskWorkspace.load(riskAssessmentID(), company: companyID(), chain: chain, db: db,
                                     catalogs: application.catalogs, now: now)
    }

    /// The assessment with just the route's chain loaded (404 when either is not the company's).
    func riskChain() async throws -> (RiskWorkspace, SupplyChain) {
        let workspace = try await riskWorkspace(chain: riskChainID())
        guard let chain = workspace.chains.first else { throw TrustlaneError.notFound }
        return (workspace, chain)
    }
}
