import Fluent
import Foundation

/// A company's answers to the eligibility questions for one entity type.
final class EligibilityCheckModel: Model, @unchecked Sendable {
    static let schema = "eligibility_checks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "company_id") var company: CompanyModel
    @Field(key: "entity_type") var entityType: String
    @Field(key: "catalog_id") var catalogID: String
    /// JSON object: question id -> true/false.
    @Field(key: "answers") var answers: String
    @Field(key: "status") var status: String
    /// JSON array of reason strings.
    @Field(key: "reasons") var reasons: String
    @OptionalParent(key: "answered_by") var answeredBy: UserModel?
    @Field(key: "answered_at") var answeredAt: Date
    /// Set when the company applies for this entity type; the answers can no longer change.
    @OptionalField(key: "locked_at") var lockedAt: Date?

    init() {}
}
