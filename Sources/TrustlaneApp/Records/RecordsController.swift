import Foundation
import TrustlaneCore
import Vapor

/// The records' pages: the hub of the daily records' packs and retention, a kind's retention
/// saved, a kind's printable pack and its CSV.
struct RecordsController {
    func register(_ app: Application) {
        let routes = app.grouped("companies", ":companyID", "records")
        routes.on(.GET, action: .viewValidationPacks, use: hub)
        routes.on(.POST, "retention", action: .manageRecordRetention, use: saveRetention)
        routes.on(.GET, "packs.zip", action: .viewValidationPacks, use: packsZip)
        routes.on(.GET, ":recordKind", "pack", action: .viewValidationPacks, use: pack)
        routes.on(.GET, ":recordKind", "pack.csv", action: .viewValidationPacks, use: packCSV)
    }

    func hubModel(_ req: Request, errors: [FieldError] = [], posted: (DailyRecordKind, [String: String])? = nil) async throws -> RecordsViews.HubModel {
        let company = try await req.routeCompany()
        let period = try ValidationPackPeriod.resolve(requested: nil, lastValidation: try await InspectionQueries(req.db).lastValidation(company: company.companyID),
                                                      today: ProgramDay(req.now)).get()
        let queries = RecordsQueries(req.db)
        var counts: [DailyRecordKind: Int] = [:]
        for kind in DailyRecordKind.allCases { counts[kind] = try await queries.count(kind, company: company.companyID, since: period.since.startDate()) }
        return .init(company: company.companyID, companyName: company.legalName, period: period, counts: counts,
                     rules: try await queries.retention(company: company.companyID),
                     canManage: PageContext(req).allows(.manageRecordRetention, company: company.companyID), errors: errors,
                     posted: posted.map { (kind: $0.0, fields: $0.1) })
    }

    @Sendable func hub(req: Request) async throws -> HTML {
        RecordsViews.hub(PageContext(req), try await hubModel(req))
    }

    @Sendable func saveRetention(req: Request) async throws -> Response {
        let company = try req.companyID()
        let f = req.formFields()
        guard let kind = f["kind"].flatMap(DailyRecordKind.init(rawValue:)) else {
            throw ValidationFailure([FieldError(field: "kind", messageKey: "records.error.kind",
                                                message: "kind must be one of \(DailyRecordKind.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        do {
            let rule = try RecordsService.rule(months: f["retention_months"], legalHold: f["legal_hold"] == "yes", reason: f["legal_hold_reason"])
            try await RecordsService(req).saveRetention(rule, kind: kind, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.records(company) + "#records-\(kind.rawValue)", flash: "records.retention_saved")
        } catch let failure as ValidationFailure {
            return Response.html(RecordsViews.hub(PageContext(req), try await hubModel(req, errors: failure.errors, posted: (kind, f))), status: .badRequest)
        }
    }

    @Sendable func pack(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let kind = try req.recordKind()
        let period: ValidationPackPeriod
        do { period = try await req.recordPackPeriod(company: company.companyID) } catch let failure as ValidationFailure {
            return Response.html(RecordsViews.packError(PageContext(req), company: company.companyID, kind: kind, errors: failure.errors), status: .badRequest)
        }
        let size = req.recordPackSize
        let pack = try await RecordsQueries(req.db).pack(kind, company: company.companyID, since: period.since, now: req.now, size: size)
        return Response.html(RecordsViews.pack(PageContext(req), .init(company: company.companyID, companyName: company.legalName, kind: kind, period: period,
                                                                       generated: req.now, sampleSize: size, pack: pack)), status: .ok)
    }

    /// Every kind's sample CSV in one ZIP, for the period and sample size asked (the hub's default: the last validation, 50).
    @Sendable func packsZip(req: Request) async throws -> Response {
        let company = try await req.routeCompany()
        let period = try await req.recordPackPeriod(company: company.companyID)
        return try await RecordsPackArchive(company: company.companyID, companyName: company.legalName, period: period, generated: req.now,
                                            sampleSize: req.recordPackSize).response(req.db)
    }

    @Sendable func packCSV(req: Request) async throws -> Response {
        let company = try req.companyID()
        let kind = try req.recordKind()
        let period = try await req.recordPackPeriod(company: company)
        let pack = try await RecordsQueries(req.db).pack(kind, company: company, since: period.since, now: req.now, size: req.recordPackSize)
        return RecordsQueries.csv(pack, period: period)
    }
}
