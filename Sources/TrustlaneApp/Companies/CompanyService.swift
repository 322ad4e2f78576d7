import Fluent
import TrustlaneCore
import Vapor

/// Creating and editing companies.
struct CompanyService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    func create(_ draft: CompanyDraft, by actor: UserID?) async throws -> CompanyModel {
        let now = app.clock.now()
        return try await app.writeGate.transaction(on: db) { tx in
            let company = CompanyModel(legalName: draft.legalName, country: draft.country.code, address: draft.address)
            try await company.create(on: tx)
            let id = try company.requireID()
            try await Self.replaceDetails(of: id, with: draft, on: tx)
            try await AuditLog.append(AuditEvent(action: "company.created", targetType: "company", targetID: id.uuidString,
                                                 companyID: company.companyID,
                                                 changes: AuditRecord.changes(before: [:], after: Self.auditFields(draft))),
                                      by: actor, on: tx, at: now)
            return company
        }
    }

    func update(_ companyID: CompanyID, with draft: CompanyDraft, by actor: UserID?) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            guard let company = try await CompanyModel.find(companyID.rawValue, on: tx) else { throw TrustlaneError.notFound }
            let before = Self.auditFields(try await CompanyReader.draft(of: company, on: tx))
            company.legalName = draft.legalName
            company.country = draft.country.code
            company.address = draft.address
            try await company.save(on: tx)
            try await CompanyEntityTypeModel.query(on: tx).filter(\.$company.$id == companyID.rawValue).delete()
            try await CompanyIdentifierModel.query(on: tx).filter(\.$company.$id == companyID.rawValue).delete()
            try await Self.replaceDetails(of: companyID.rawValue, with: draft, on: tx)
            let changes = AuditRecord.changes(before: before, after: Self.auditFields(draft))
            guard !changes.isEmpty else { return }
            try await AuditLog.append(AuditEvent(action: "company.updated", targetType: "company", targetID: companyID.description,
                                                 companyID: companyID, changes: changes),
                                      by: actor, on: tx, at: now)
        }
    }

    private static func replaceDetails(of id: UUID, with draft: CompanyDraft, on db: any Database) async throws {
        try await draft.entityTypes.map { CompanyEntityTypeModel(companyID: id, entityType: $0) }.create(on: db)
        try await draft.identifiers.map { CompanyIdentifierModel(companyID: id, identifier: $0) }.create(on: db)
    }

    static func auditFields(_ draft: CompanyDraft) -> [String: String?] {
        var fields: [String: String?] = [
            "legal_name": draft.legalName, "country": draft.country.code, "address": draft.address,
            "entity_types": draft.entityTypes.map(\.code).joined(separator: ","),
        ]
        for identifier in draft.identifiers {
            let key = identifier.kind == .other ? "identifier.\(identifier.label ?? "other")" : "identifier.\(identifier.kind.rawValue)"
            fields[key] = identifier.value
        }
        return fields
    }
}

/// Reads a company with its details.
enum CompanyReader {
    static func draft(of company: CompanyModel, on db: any Database) async throws -> CompanyDraft {
        let id = try company.requireID()
        let types = try await CompanyEntityTypeModel.query(on: db).filter(\.$company.$id == id).all()
            .compactMap { EntityType(rawValue: $0.entityType) }.sorted()
        let identifiers = try await CompanyIdentifierModel.query(on: db).filter(\.$company.$id == id).all().compactMap(\.identifier)
        return CompanyDraft(legalName: company.legalName, country: CountryCode(company.country) ?? CountryCode("US")!,
                            address: company.address, entityTypes: types, identifiers: identifiers)
    }
}
