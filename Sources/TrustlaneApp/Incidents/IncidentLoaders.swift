import Foundation
import TrustlaneCore
import Vapor

/// What the incident pages and the API read from a request the same way: the incident a route
/// names (404 when it is not the company's), the register's filter.
extension Request {
    func routeIncident(company: CompanyID) async throws -> IncidentQueries.Row {
        guard let id = IncidentID(string: parameters.get("incidentID") ?? ""),
              let row = try await IncidentQueries(db).incident(company: company, id: id) else { throw TrustlaneError.notFound }
        return row
    }

    /// `status` (`active`, or a status) and `type`, refused by name when unknown; `before` the cursor.
    func incidentFilter() throws -> IncidentQueries.Filter {
        var errors: [FieldError] = []
        var filter = IncidentQueries.Filter()
        if let text = try? query.get(String.self, at: "status"), !text.isEmpty {
            if text == "active" || IncidentStatus(rawValue: text) != nil {
                filter.status = text
            } else {
                errors.append(FieldError(field: "status", messageKey: "incidents.error.choice",
                                         message: "status must be one of: active, \(IncidentStatus.allCases.map(\.rawValue).joined(separator: ", "))",
                                         arguments: ["value": String(text.prefix(40)), "allowed": "active, " + IncidentStatus.allCases.map(\.rawValue).joined(separator: ", ")]))
            }
        }
        if let text = try? query.get(String.self, at: "type"), !text.isEmpty {
            filter.type = IncidentValidator.choice(text, field: "type", into: &errors)
        }
        if let before = try? query.get(String.self, at: "before"), !before.isEmpty, Int64(before) == nil {
            errors.append(FieldError(field: "before", messageKey: "inspections.error.before", message: "before must be the nextBefore number of the previous page"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        filter.before = pageCursor()
        return filter
    }

    /// The company a public anonymous link's `:reportKey` names; 404 for an unknown or retired key.
    func anonymousReportLink() async throws -> (key: String, company: IncidentQueries.LinkCompany) {
        let key = parameters.get("reportKey") ?? ""
        guard key.utf8.count <= 40, let company = try await IncidentQueries(db).company(reportKey: key) else { throw TrustlaneError.notFound }
        return (key, company)
    }

    /// The time zone a person's typed times are read in: their account's, else UTC.
    var typingZone: TimeZone { auth.user?.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")! }
}
