import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/records...`: each kind's retention, and a kind's validation
/// pack sample as CSV, through the same queries and service as the pages.
struct RecordsAPIController {
    func register(_ api: any RoutesBuilder) {
        let routes = api.grouped("companies", ":companyID", "records")
        routes.on(.GET, "retention", action: .viewValidationPacks, use: retention)
        routes.on(.PUT, "retention", ":recordKind", action: .manageRecordRetention, use: saveRetention)
        routes.on(.GET, ":recordKind", "pack.csv", action: .viewValidationPacks, use: packCSV)
        routes.on(.GET, "packs.zip", action: .viewValidationPacks, use: packsZip)
    }

    /// The query as documented: an empty `since` or a sample size not offered is refused by name.
    static func checkPackQuery(_ req: Request) throws {
        if let since = try? req.query.get(String.self, at: "since"), since.isEmpty {
            throw ValidationFailure([FieldError(field: "since", messageKey: "inspections.error.since",
                                                message: "since must be a day (YYYY-MM-DD) within the last five years; leave it out for the last validation or a year back")])
        }
        if let sample = try? req.query.get(String.self, at: "sample"), Int(sample).map(InspectionQueries.packSampleSizes.contains) != true {
            throw ValidationFailure([FieldError(field: "sample", messageKey: "records.error.sample",
                                                message: "sample must be one of \(InspectionQueries.packSampleSizes.map(String.init).joined(separator: ", "))")])
        }
    }

    /// Every kind's sample CSV in one ZIP, with a README (`RecordsPackArchive`).
    @Sendable func packsZip(req: Request) async throws -> Response {
        try Self.checkPackQuery(req)
        let company = try await req.routeCompany()
        let period = try await req.recordPackPeriod(company: company.companyID)
        return try await RecordsPackArchive(company: company.companyID, companyName: company.legalName, period: period, generated: req.now,
                                            sampleSize: req.recordPackSize).response(req.db)
    }

    @Sendable func retention(req: Request) async throws -> [RecordRetentionResponse] {
        let rules = try await RecordsQueries(req.db).retention(company: try req.companyID())
        return DailyRecordKind.allCases.map { RecordRetentionResponse($0, rules[$0] ?? .default) }
    }

    @Sendable func saveRetention(req: Request) async throws -> RecordRetentionResponse {
        let company = try req.companyID()
        let kind = try req.recordKind()
        let body = try req.content.decode(RecordRetentionRequest.self)
        // Longer than documented as sent is refused, even when trimming would bring it within.
        if let reason = body.legalHoldReason, reason.unicodeScalars.count > RecordRetention.maxReason {
            throw ValidationFailure([.tooLong("legalHoldReason", max: RecordRetention.maxReason)])
        }
        let current = try await RecordsQueries(req.db).retention(company: company)[kind] ?? .default
        let hold = body.legalHold ?? current.legalHold
        let rule: RecordRetention
        do {
            rule = try RecordsService.rule(months: String(body.retentionMonths ?? current.months), legalHold: hold,
                                           reason: body.legalHoldReason ?? (hold ? current.holdReason : nil))
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["retention_months": "retentionMonths", "legal_hold_reason": "legalHoldReason"])
        }
        try await RecordsService(req).saveRetention(rule, kind: kind, company: company, by: try req.requireUser().userID)
        return RecordRetentionResponse(kind, rule)
    }

    /// An empty `since` is refused here (the page takes it as the default).
    @Sendable func packCSV(req: Request) async throws -> Response {
        try Self.checkPackQuery(req)
        let company = try req.companyID()
        let kind = try req.recordKind()
        let period = try await req.recordPackPeriod(company: company)
        let pack = try await RecordsQueries(req.db).pack(kind, company: company, since: period.since, now: req.now, size: req.recordPackSize)
        return RecordsQueries.csv(pack, period: period)
    }
}
