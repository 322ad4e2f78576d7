import Fluent
import Foundation

/// A company's webhook: where its notifications are POSTed and the secret that signs them.
final class CompanyWebhookModel: Model, @unchecked Sendable {
    static let schema = "company_webhooks"

    @ID(key: .id) var id: UUID?
    @Field(key: "company_id") var companyID: UUID
    @Field(key: "url") var url: String
    @Field(key: "secret") var secret: String
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(companyID: UUID, url: String, secret: String, updatedBy: UUID?, at now: Date) {
        self.companyID = companyID
        self.url = url
        self.secret = secret
        self.updatedBy = updatedBy
        self.createdAt = now
        self.updatedAt = now
    }
}
