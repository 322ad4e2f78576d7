import TrustlaneCore
import Vapor

/// The reviewer queue's filter, read the same way by the queue page and `GET /api/v1/review/queue`.
extension Request {
    /// The queue filter from the query string; bad values are refused by name.
    func reviewQueueFilter() throws -> ReviewQueueQueries.Filter {
        var filter = ReviewQueueQueries.Filter()
        var errors: [FieldError] = []
        func text(_ name: String) -> String? {
            (try? query.get(String.self, at: name)).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func bad(_ field: String, _ message: String) {
            errors.append(FieldError(field: field, messageKey: "membership.error.invalid_field", message: message, arguments: ["field": field]))
        }
        if let raw = text("state") {
            if let status = MembershipStatus(rawValue: raw) { filter.status = status } else { bad("state", "state must be one of \(MembershipStatus.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let raw = text("entityType") {
            if let type = EntityType(code: raw) { filter.entityType = type } else { bad("entityType", "entityType must be one of \(EntityType.allCases.map(\.code).joined(separator: ", "))") }
        }
        if let raw = text("country") {
            if let code = CountryCode(raw.uppercased()) { filter.country = code.code } else { bad("country", "country must be a two-letter code") }
        }
        if let raw = text("reviewer") {
            if raw == "unassigned" || UUID(uuidString: raw) != nil { filter.reviewer = raw } else { bad("reviewer", "reviewer must be an id or unassigned") }
        }
        if let raw = text("page") {
            if let page = Int(raw), page >= 1, page <= 100_000 { filter.page = page } else { bad("page", "page must be a number from 1") }
        }
        if let raw = text("per") {
            if let per = Int(raw), (1...200).contains(per) { filter.per = per } else { bad("per", "per must be between 1 and 200") }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return filter
    }
}
