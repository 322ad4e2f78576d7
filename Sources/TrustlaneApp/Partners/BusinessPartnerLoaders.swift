import Foundation
import TrustlaneCore
import Vapor

/// The partner a route names (`:partnerID`) and the other ids partner routes carry, loaded the
/// same way by the registry's pages, its API, the questionnaires and screening. The access
/// guard has already decided on the company; anything not found, or not the company's, is 404.
extension Request {
    /// A UUID the route names (`:proofID`, `:hitID` …); 404 for anything else.
    func routeUUID(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw TrustlaneError.notFound }
        return id
    }

    /// The partner the route names, when it is `company`'s.
    func routePartner(company: CompanyID) async throws -> BusinessPartnerQueries.Record {
        guard let record = try await BusinessPartnerQueries(db).partner(company: company, id: routeUUID("partnerID")) else {
            throw TrustlaneError.notFound
        }
        return record
    }
}
