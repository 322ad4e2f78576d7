import Fluent
import TrustlaneCore
import Vapor

/// The company a route names (`:companyID`) and the entity type it names (`:entityType`),
/// loaded the same way by every feature's pages and API. The access guard has already decided
/// whether the person may see the company; a company that does not exist is a 404 here.
extension Request {
    /// The company named by the route, as an id (the access guard has checked it).
    func companyID() throws -> CompanyID {
        guard let raw = parameters.get("companyID"), let id = CompanyID(string: raw) else { throw TrustlaneError.notFound }
        return id
    }

    /// The company this route names.
    func routeCompany() async throws -> CompanyModel {
        guard let company = try await CompanyModel.read(companyID().rawValue, on: db) else { throw TrustlaneError.notFound }
        return company
    }

    /// The company this route names with its details as a draft (entity types, addresses).
    func routeCompanyDraft() async throws -> (CompanyModel, CompanyDraft) {
        let company = try await routeCompany()
        return (company, try await CompanyReader.draft(of: company, on: db))
    }

    /// The entity type this route names by its code (`IMP`, `HWY`, ...).
    func routeEntityType() throws -> EntityType {
        guard let raw = parameters.get("entityType"), let type = EntityType(code: raw) else { throw TrustlaneError.notFound }
        return type
    }
}
