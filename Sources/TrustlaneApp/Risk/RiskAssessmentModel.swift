import Fluent
import Foundation

/// One documented five-step risk assessment of a company (step 5's record).
final class RiskAssessmentModel: Model, @unchecked Sendable {
    static let schema = "risk_assessments"

    @ID(key: .id) var id: UUID?
    @Field(key: "company_id") var companyID: UUID
    @Field(key: "title") var title: String
    /// `YYYY-MM-DD`.
    @Field(key: "assessed_on") var assessedOn: String
    /// `YYYY-MM-DD`.
    @Field(key: "next_review_on") var nextReviewOn: String
    @OptionalField(key: "previous_id") var previousID: UUID?
    /// `RiskMethodRecord` as JSON.
    @Field(key: "method") var method: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
