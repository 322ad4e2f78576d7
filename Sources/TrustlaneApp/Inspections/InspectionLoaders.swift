import Foundation
import TrustlaneCore
import Vapor

/// What inspection routes read from a request, the same way for the pages and the API: the
/// inspection a route names, the log's filter, the pack's period, a re-inspection's original.
/// The access guard has already decided on the company; anything not the company's is 404.
extension Request {
    /// The inspection the route names (`:inspectionID`), current version, when it is `company`'s.
    func routeInspection(company: CompanyID) async throws -> InspectionQueries.Row {
        guard let id = InspectionID(string: parameters.get("inspectionID") ?? ""),
              let row = try await InspectionQueries(db).current(company: company, id: id) else { throw TrustlaneError.notFound }
        return row
    }

    /// The log's filter from the query: site, day and the page's cursor.
    func inspectionFilter() -> InspectionQueries.Filter {
        func text(_ key: String) -> String? {
            (try? query.get(String.self, at: key)).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        return InspectionQueries.Filter(site: text("site").map { String($0.prefix(120)) }, day: text("day").flatMap(ProgramDay.init),
                                        before: pageCursor())
    }

    /// The validation pack's period: from `since` when given, else from the company's last
    /// validation, else a year back (`ValidationPackPeriod`), to now.
    func inspectionPackPeriod(company: CompanyID) async throws -> ValidationPackPeriod {
        let requested = try? query.get(String.self, at: "since")
        let lastValidation = (requested ?? "").allSatisfy(\.isWhitespace) ? try await InspectionQueries(db).lastValidation(company: company) : nil
        return try ValidationPackPeriod.resolve(requested: requested, lastValidation: lastValidation, today: ProgramDay(now)).get()
    }

    /// The original a re-inspection names (`reinspection_of`), for a supervisor; 403 for others.
    func reinspectionOriginal(company: CompanyID, _ text: String?) async throws -> InspectionQueries.Row? {
        guard let text, !text.isEmpty else { return nil }
        guard allows(.superviseInspections, company: company) else { throw Abort(.forbidden) }
        guard let id = InspectionID(string: text), let row = try await InspectionQueries(db).current(company: company, id: id) else {
            throw TrustlaneError.notFound
        }
        return row
    }
}
