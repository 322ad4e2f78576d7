import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// A member or applicant company.
package final class CompanyModel: Model, @unchecked Sendable {
    package static let schema = "companies"

    @ID(key: .id) package var id: UUID?
    @Field(key: "legal_name") var legalName: String
    @Field(key: "country") var country: String
    @OptionalField(key: "address") var address: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$company) var entityTypes: [CompanyEntityTypeModel]
    @Children(for: \.$company) var identifiers: [CompanyIdentifierModel]

    package init() {}

    init(id: UUID? = nil, legalName: String, country: String, address: String?) {
        self.id = id
        self.legalName = legalName
        self.country = country
        self.address = address
    }

    var companyID: CompanyID { CompanyID(id!) }

    /// One company by id through SQLKit: every page under `/companies/:id` starts here, and a
    /// Fluent query would reflect over the model's properties on each request.
    static func read(_ id: UUID, on db: any Database) async throws -> CompanyModel? {
        struct Row: Decodable { let legal_name: String; let country: String; let address: String?; let created_at: Date?; let updated_at: Date? }
        // Plain SQL, not the query builder: SQLKit quotes each identifier with a string search
        // and replace, which perf showed as much of a page's SQL cost (every company page reads this).
        guard let row = try await (db as! any SQLDatabase).raw("""
            SELECT legal_name, country, address, created_at, updated_at FROM companies WHERE id = \(bind: id) LIMIT 1
            """).first(decoding: Row.self) else { return nil }
        let company = CompanyModel(id: id, legalName: row.legal_name, country: row.country, address: row.address)
        company.createdAt = row.created_at
        company.updatedAt = row.updated_at
        company.$id.exists = true
        return company
    }
}

/// One CTPAT entity type a company holds (importer, highway carrier, ...).
final class CompanyEntityTypeModel: Model, @unchecked Sendable {
    static let schema = "company_entity_types"

    @ID(key: .id) var id: UUID?
    @Parent(key: "company_id") var company: CompanyModel
    @Field(key: "entity_type") var entityType: String

    init() {}

    init(companyID: UUID, entityType: EntityType) {
        self.$company.id = companyID
        self.entityType = entityType.rawValue
    }
}

/// One identifier of a company (IOR number, MID, SCAC, ...).
final class CompanyIdentifierModel: Model, @unchecked Sendable {
    static let schema = "company_identifiers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "company_id") var company: CompanyModel
    @Field(key: "kind") var kind: String
    @OptionalField(key: "label") var label: String?
    @Field(key: "value") var value: String

    init() {}

    init(companyID: UUID, identifier: CompanyIdentifier) {
        self.$company.id = companyID
        self.kind = identifier.kind.rawValue
        self.label = identifier.label
        self.value = identifier.value
    }

    var identifier: CompanyIdentifier? {
        CompanyIdentifierKind(rawValue: kind).map { CompanyIdentifier(kind: $0, label: label, value: value) }
    }
}
