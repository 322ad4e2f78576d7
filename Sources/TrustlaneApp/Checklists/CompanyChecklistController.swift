import Foundation
import TrustlaneCore
import Vapor

/// The company checklist pages: the list (the company's own beside CBP's), one checklist with its
/// versions, the form to add one (blank, or copied from a list) or make its next version, and
/// retiring it. Everyone who reads inspections reads them; officers and coordinators write.
struct CompanyChecklistController {
    func register(_ app: Application) {
        let routes = app.grouped("companies", ":companyID", "inspections", "checklists")
        routes.on(.GET, action: .viewInspections, use: index)
        routes.on(.GET, "new", action: .superviseInspections, use: new)
        routes.on(.POST, action: .superviseInspections, use: create)
        routes.on(.GET, ":checklistKey", action: .viewInspections, use: show)
        routes.on(.GET, ":checklistKey", "edit", action: .superviseInspections, use: edit)
        routes.on(.POST, ":checklistKey", action: .superviseInspections, use: revise)
        routes.on(.POST, ":checklistKey", "retire", action: .superviseInspections, use: retire)
    }

    static func slots(for draft: InspectionChecklist.Draft, extra: Int = CompanyChecklistForm.blankSlots) -> Int {
        min(CompanyChecklistForm.maxSlots, (draft.points?.count ?? 0) + extra)
    }

    @Sendable func index(req: Request) async throws -> HTML {
        let company = try await req.routeCompany()
        let library = try await CompanyChecklistQueries(req.db).library(company: company.companyID)
        let c = PageContext(req)
        return CompanyChecklistViews.index(c, .init(company: company.companyID, companyName: company.legalName, library: library,
                                                    canSupervise: c.allows(.superviseInspections, company: company.companyID),
                                                    canRecord: c.allows(.recordInspections, company: company.companyID)))
    }

    /// A blank form, or one filled from a list (`?from=`): CBP's or the company's, as a start.
    @Sendable func new(req: Request) async throws -> HTML {
        let company = try req.companyID()
        var draft = InspectionChecklist.Draft(conveyance: ConveyanceKind.rail.rawValue)
        if let from = try? req.query.get(String.self, at: "from") {
            let library = try await CompanyChecklistQueries(req.db).library(company: company)
            guard let source = library.checklist(from) else { throw TrustlaneError.notFound }
            draft = source.draft
            draft.key = nil
            draft.version = nil
            draft.sources = nil
            draft.checkedOn = nil
            draft.unverified = nil
        }
        return CompanyChecklistViews.form(PageContext(req), .init(company: company, draft: draft, slots: Self.slots(for: draft)))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let form = req.formFields()
        let draft = CompanyChecklistForm.draft(form)
        if form["more_points"] != nil {
            return Response.html(CompanyChecklistViews.form(PageContext(req), .init(company: company, draft: draft, slots: Self.slots(for: draft, extra: 8))),
                                 status: .ok)
        }
        do {
            let checklist = try await CompanyChecklistService(req).create(draft, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.companyChecklist(company, checklist.key), flash: "checklists.saved")
        } catch let failure as ValidationFailure {
            return Response.html(CompanyChecklistViews.form(PageContext(req), .init(company: company, draft: draft, slots: Self.slots(for: draft),
                                                                                    errors: failure.errors)),
                                 status: .badRequest)
        }
    }

    func showModel(_ req: Request, errors: [FieldError] = []) async throws -> CompanyChecklistViews.ShowModel {
        let company = try req.companyID()
        let (library, entry) = try await req.routeCompanyChecklist(company: company)
        let c = PageContext(req)
        return .init(company: company, entry: entry, checklist: try req.checklistVersion(entry, library: library),
                     canSupervise: c.allows(.superviseInspections, company: company), canRecord: c.allows(.recordInspections, company: company),
                     errors: errors)
    }

    @Sendable func show(req: Request) async throws -> HTML {
        CompanyChecklistViews.show(PageContext(req), try await showModel(req))
    }

    @Sendable func edit(req: Request) async throws -> HTML {
        let company = try req.companyID()
        let (_, entry) = try await req.routeCompanyChecklist(company: company)
        guard !entry.retired else { throw Abort(.conflict, reason: CompanyChecklistService.retiredError(entry.checklist.key).message) }
        // The form opens on the latest version as written (languages left blank stay blank).
        let draft = entry.versions.last?.storedDraft ?? entry.checklist.draft
        return CompanyChecklistViews.form(PageContext(req), .init(company: company, draft: draft, revising: entry.checklist, slots: Self.slots(for: draft)))
    }

    @Sendable func revise(req: Request) async throws -> Response {
        let company = try req.companyID()
        let (_, entry) = try await req.routeCompanyChecklist(company: company)
        let form = req.formFields()
        let draft = CompanyChecklistForm.draft(form)
        if form["more_points"] != nil {
            return Response.html(CompanyChecklistViews.form(PageContext(req), .init(company: company, draft: draft, revising: entry.checklist,
                                                                                    slots: Self.slots(for: draft, extra: 8))), status: .ok)
        }
        do {
            try await CompanyChecklistService(req).revise(key: entry.checklist.key, draft, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.companyChecklist(company, entry.checklist.key), flash: "checklists.version_saved")
        } catch let failure as ValidationFailure {
            return Response.html(CompanyChecklistViews.form(PageContext(req), .init(company: company, draft: draft, revising: entry.checklist,
                                                                                    slots: Self.slots(for: draft), errors: failure.errors)),
                                 status: .badRequest)
        }
    }

    @Sendable func retire(req: Request) async throws -> Response {
        let company = try req.companyID()
        let (_, entry) = try await req.routeCompanyChecklist(company: company)
        do {
            try await CompanyChecklistService(req).retire(key: entry.checklist.key, company: company, by: try req.requireUser().userID)
            return req.redirect(to: SiteURL.companyChecklist(company, entry.checklist.key), flash: "checklists.retired_saved")
        } catch let failure as ValidationFailure {
            return Response.html(CompanyChecklistViews.show(PageContext(req), try await showModel(req, errors: failure.errors)), status: .conflict)
        }
    }
}
