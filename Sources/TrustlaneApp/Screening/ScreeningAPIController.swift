import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/screening/hits...` (a company's hits and decisions) and
/// `/api/v1/screening-lists` (the snapshots, for administrators). Imports stay on the page: they
/// are multipart uploads of up to 100 MB.
struct ScreeningAPIController {
    func register(_ api: any RoutesBuilder) {
        let hits = api.grouped("companies", ":companyID", "screening", "hits")
        hits.on(.GET, action: .viewBusinessPartners, use: index)
        hits.on(.POST, ":hitID", "decision", action: .manageBusinessPartners, use: decide)
        api.on(.GET, "screening-lists", action: .manageScreeningLists, use: lists)
    }

    @Sendable func index(req: Request) async throws -> [ScreeningHitResponse] {
        let company = try await req.routeCompany().companyID
        let raw = try? req.query.get(String.self, at: "status")
        var filter = ScreeningQueries.Filter.all
        if let raw {
            guard let chosen = ScreeningQueries.Filter(rawValue: raw) else {
                throw ValidationFailure([FieldError(field: "status", messageKey: "screening.error.filter", message: "status must be open or all")])
            }
            filter = chosen
        }
        return try await ScreeningQueries(req.db).queue(company: company, filter: filter).map(ScreeningHitResponse.init)
    }

    @Sendable func decide(req: Request) async throws -> ScreeningHitResponse {
        let company = try req.companyID()
        let id = try req.routeUUID("hitID")
        let body = try req.content.decode(ScreeningDecisionRequest.self)
        try await ScreeningService(req).decide(hit: id, company: company, decision: body.decision, reason: body.reason, by: req.actor.userID)
        guard let hit = try await ScreeningQueries(req.db).hit(company: company, id: id) else { throw TrustlaneError.notFound }
        return ScreeningHitResponse(hit)
    }

    @Sendable func lists(req: Request) async throws -> [ScreeningSnapshotResponse] {
        try await ScreeningQueries(req.db).snapshots().map(ScreeningSnapshotResponse.init)
    }
}

struct ScreeningDecisionRequest: Content {
    var decision: String?
    var reason: String?
}

struct ScreeningHitResponse: Content {
    let id: UUID
    let partnerId: UUID
    let partnerName: String
    let partnerStatus: String
    let snapshotId: UUID
    let listKind: String
    let listPublishedOn: String
    let entryNumber: String
    let listedName: String
    let matchedName: String
    let score: Double
    let explanation: String
    let countryAgrees: Bool
    let status: String
    let decisionReason: String?
    let decidedBy: String?
    let decidedAt: Date?
    let createdAt: Date

    init(_ row: ScreeningQueries.HitRow) {
        id = row.id
        partnerId = row.partner_id
        partnerName = row.partner_name_now
        partnerStatus = row.partner_status
        snapshotId = row.snapshot_id
        listKind = row.list_kind
        listPublishedOn = row.published_on
        entryNumber = row.entry_number
        listedName = row.listed_name
        matchedName = row.partner_name
        score = row.score
        explanation = row.explanation
        countryAgrees = row.country_agrees
        status = row.status
        decisionReason = row.decision_reason
        decidedBy = row.decided_by_name
        decidedAt = row.decided_at
        createdAt = row.created_at
    }
}

struct ScreeningSnapshotResponse: Content {
    struct FileHash: Content {
        let name: String
        let sha256: String
    }
    let id: UUID
    let kind: String
    let source: String
    let publishedOn: String
    let files: [FileHash]
    let entryCount: Int
    let threshold: Double
    let importedBy: String?
    let importedAt: Date
    let current: Bool
    let supersededAt: Date?

    init(_ row: ScreeningQueries.SnapshotRow) {
        id = row.id
        kind = row.kind
        source = row.source
        publishedOn = row.published_on
        files = row.files.map { FileHash(name: $0.name, sha256: $0.sha256) }
        entryCount = row.entry_count
        threshold = row.threshold
        importedBy = row.imported_by_name
        importedAt = row.imported_at
        current = row.superseded_at == nil
        supersededAt = row.superseded_at
    }
}
