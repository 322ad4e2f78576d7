import Foundation
import TrustlaneCore
import Vapor

/// Screening's pages: the administrators' list snapshots and import, a company's screening
/// queue and the decision on a hit.
struct ScreeningController {
    func register(_ app: Application) {
        app.on(.GET, "admin", "screening-lists", action: .manageScreeningLists, use: lists)
        let limit = ScreeningService.maxUploadBytes + 256 * 1024
        let upload = app.on(.POST, "admin", "screening-lists", action: .manageScreeningLists,
                            body: .collect(maxSize: ByteCount(value: limit)), use: importLists)
        upload.userInfo[AnySendableHashable(CSRFMiddleware.maxBodyKey)] = limit
        let company = app.grouped("companies", ":companyID", "screening")
        company.on(.GET, action: .viewBusinessPartners, use: queue)
        company.on(.POST, "hits", ":hitID", "decision", action: .manageBusinessPartners, use: decide)
    }

    // MARK: List snapshots

    func listsModel(_ req: Request) async throws -> ScreeningViews.ListsModel {
        let queries = ScreeningQueries(req.db)
        async let snapshots = queries.snapshots()
        async let runs = queries.runs()
        return .init(snapshots: try await snapshots, runs: try await runs)
    }

    @Sendable func lists(req: Request) async throws -> HTML {
        ScreeningViews.lists(PageContext(req), try await listsModel(req))
    }

    /// The import form's fields; a file input left empty arrives as an empty file.
    struct ListUpload: Content {
        var kind: String?
        var published_on: String?
        var threshold: String?
        var primary: File?
        var aliases: File?
        var addresses: File?
        var comments: File?
    }

    static func files(_ upload: ListUpload) -> ScreeningListKind.Files {
        func file(_ file: File?) -> ScreeningListKind.Files.File? {
            guard let file, file.data.readableBytes > 0 else { return nil }
            return (ScreeningService.fileName(file.filename), Data(buffer: file.data))
        }
        return .init(primary: file(upload.primary), aliases: file(upload.aliases), addresses: file(upload.addresses), comments: file(upload.comments))
    }

    @Sendable func importLists(req: Request) async throws -> Response {
        let upload = (try? req.content.decode(ListUpload.self)) ?? ListUpload()
        let form = ScreeningService.ImportForm(kind: upload.kind, publishedOn: upload.published_on, threshold: upload.threshold, files: Self.files(upload))
        do {
            _ = try await ScreeningService(req).importSnapshot(form, by: req.actor.userID)
            return req.redirect(to: SiteURL.adminScreeningLists, flash: "screening.imported_flash")
        } catch let refusal as ScreeningService.ImportRefusal {
            var model = try await listsModel(req)
            model.kind = upload.kind
            model.publishedOn = upload.published_on
            model.threshold = upload.threshold
            switch refusal {
            case .fields(let errors): model.errors = errors
            case .format(let error): model.problems = error.problems
            }
            return Response.html(ScreeningViews.lists(PageContext(req), model), status: .badRequest)
        }
    }

    // MARK: A company's queue

    func queueModel(_ req: Request, errors: [FieldError] = [], failedHit: UUID? = nil) async throws -> ScreeningViews.QueueModel {
        let company = try await req.routeCompany()
        let queries = ScreeningQueries(req.db)
        async let hits = queries.queue(company: company.companyID)
        async let counts = queries.counts(company: company.companyID)
        async let current = DeniedPartyListStore(app: req.application, db: req.db).current()
        let c = PageContext(req)
        return .init(company: company.companyID, companyName: company.legalName, hits: try await hits, counts: try await counts,
                     current: try await current, canDecide: c.allows(.manageBusinessPartners, company: company.companyID),
                     errors: errors, failedHit: failedHit)
    }

    @Sendable func queue(req: Request) async throws -> HTML {
        ScreeningViews.queue(PageContext(req), try await queueModel(req))
    }

    @Sendable func decide(req: Request) async throws -> Response {
        let company = try req.companyID()
        let id = try req.routeUUID("hitID")
        let form = req.formFields()
        do {
            try await ScreeningService(req).decide(hit: id, company: company, decision: form["decision"], reason: form["reason"], by: req.actor.userID)
        } catch let failure as ValidationFailure {
            return Response.html(ScreeningViews.queue(PageContext(req), try await queueModel(req, errors: failure.errors, failedHit: id)), status: .badRequest)
        }
        let back = form["back"].flatMap { $0.hasPrefix(SiteURL.partners(company) + "/") ? $0 : nil } ?? SiteURL.screening(company)
        return req.redirect(to: back, flash: form["decision"] == ScreeningDecision.trueMatch.rawValue ? "screening.blocked_flash" : "screening.decided_flash")
    }
}
