import Foundation
import TrustlaneCore
import Vapor

/// What the training pages and the API read from a request the same way: the person and the
/// session a route names (404 when not the company's).
extension Request {
    func routePerson(company: CompanyID) async throws -> TrainingQueries.PersonRow {
        guard let id = PersonID(string: parameters.get("personID") ?? ""),
              let row = try await TrainingQueries(db).person(company: company, id: id) else { throw TrustlaneError.notFound }
        return row
    }

    func routeTrainingSession(company: CompanyID) async throws -> TrainingQueries.SessionRow {
        guard let id = TrainingSessionID(string: parameters.get("sessionID") ?? ""),
              let row = try await TrainingQueries(db).session(company: company, id: id) else { throw TrustlaneError.notFound }
        return row
    }
}
