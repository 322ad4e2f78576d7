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

    /// `status` of the re-screening list (missing, overdue, due_soon, current), refused by name when unknown.
    /// The re-screening list's status filter. The page's "all" choice sends it empty; the API
    /// documents the four values only, so there an empty value is refused like any other.
    func rescreeningFilter(emptyMeansAll: Bool = true) throws -> RescreeningStatus? {
        guard let text = try? query.get(String.self, at: "status"), !(text.isEmpty && emptyMeansAll) else { return nil }
        guard let status = RescreeningStatus(rawValue: text) else {
            let allowed = RescreeningStatus.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationFailure([FieldError(field: "status", messageKey: "incidents.error.choice", message: "status must be one of: \(allowed)",
                                                arguments: ["value": String(text.prefix(40)), "allowed": allowed])])
        }
        return status
    }

    func routeTrainingSession(company: CompanyID) async throws -> TrainingQueries.SessionRow {
        guard let id = TrainingSessionID(string: parameters.get("sessionID") ?? ""),
              let row = try await TrainingQueries(db).session(company: company, id: id) else { throw TrustlaneError.notFound }
        return row
    }
}
