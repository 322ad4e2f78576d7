import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/company-checklists...`: a company's own inspection checklists
/// as JSON, through the same queries and service as the pages. Read by every company role that
/// reads inspections; added, revised and retired by supervisors (officer, coordinator).
struct CompanyChecklistAPIController {
    func register(_ api: any RoutesBuilder) {
        let list = api.grouped("companies", ":companyID", "company-checklists")
        list.on(.GET, action: .viewInspections, use: index)
        list.on(.POST, action: .superviseInspections, use: create)
        list.on(.GET, ":checklistKey", action: .viewInspections, use: show)
        list.on(.PUT, ":checklistKey", action: .superviseInspections, use: revise)
        list.on(.POST, ":checklistKey", "retire", action: .superviseInspections, use: retire)
    }

    /// The service names fields as the forms do (`checked_on` aside, the same paths as the body).
    static func answer(_ req: Request, company: CompanyID, key: String, status: HTTPResponseStatus = .ok) async throws -> Response {
        let library = try await CompanyChecklistQueries(req.db).library(company: company)
        guard let entry = library.entry(key) else { throw TrustlaneError.notFound }
        return try await CompanyChecklistResponse(entry.checklist, entry: entry).encodeResponse(status: status, for: req)
    }

    @Sendable func index(req: Request) async throws -> [CompanyChecklistResponse] {
        let library = try await CompanyChecklistQueries(req.db).library(company: try req.companyID())
        return library.entries.map { CompanyChecklistResponse($0.checklist, entry: $0) }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(CompanyChecklistRequest.self)
        let checklist = try await CompanyChecklistService(req).create(body.draft, company: company, by: try req.requireUser().userID)
        let response = try await Self.answer(req, company: company, key: checklist.key, status: .created)
        response.headers.replaceOrAdd(name: .location, value: req.url.path + "/\(checklist.key)")
        return response
    }

    @Sendable func show(req: Request) async throws -> CompanyChecklistResponse {
        let (library, entry) = try await req.routeCompanyChecklist(company: try req.companyID())
        return CompanyChecklistResponse(try req.checklistVersion(entry, library: library), entry: entry)
    }

    @Sendable func revise(req: Request) async throws -> Response {
        let company = try req.companyID()
        let (_, entry) = try await req.routeCompanyChecklist(company: company)
        let body = try req.content.decode(CompanyChecklistRequest.self)
        try await CompanyChecklistService(req).revise(key: entry.checklist.key, body.draft, company: company, by: try req.requireUser().userID)
        return try await Self.answer(req, company: company, key: entry.checklist.key)
    }

    @Sendable func retire(req: Request) async throws -> Response {
        let company = try req.companyID()
        let (_, entry) = try await req.routeCompanyChecklist(company: company)
        try await CompanyChecklistService(req).retire(key: entry.checklist.key, company: company, by: try req.requireUser().userID)
        return try await Self.answer(req, company: company, key: entry.checklist.key)
    }
}
