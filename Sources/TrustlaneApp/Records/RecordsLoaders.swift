import Foundation
import TrustlaneCore
import Vapor

/// What the records' routes name: the kind (`:recordKind`), the pack's period and sample size.
extension Request {
    /// The kind the route names; an unknown kind is not found.
    func recordKind() throws -> DailyRecordKind {
        guard let text = parameters.get("recordKind"), let kind = DailyRecordKind(rawValue: text) else { throw TrustlaneError.notFound }
        return kind
    }

    /// From `since` when given, else from the company's last validation, else a year back, as
    /// the inspections' pack (`ValidationPackPeriod`).
    func recordPackPeriod(company: CompanyID) async throws -> ValidationPackPeriod {
        let requested = try? query.get(String.self, at: "since")
        let lastValidation = (requested ?? "").allSatisfy(\.isWhitespace) ? try await InspectionQueries(db).lastValidation(company: company) : nil
        return try ValidationPackPeriod.resolve(requested: requested, lastValidation: lastValidation, today: ProgramDay(now)).get()
    }

    /// The sample's size: one of the inspections' pack sizes, else 50.
    var recordPackSize: Int {
        (try? query.get(Int.self, at: "sample")).flatMap { InspectionQueries.packSampleSizes.contains($0) ? $0 : nil } ?? 50
    }
}
