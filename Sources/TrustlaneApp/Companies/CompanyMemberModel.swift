import Fluent
import Foundation
import TrustlaneCore

/// A person's role in one company.
package final class CompanyMemberModel: Model, @unchecked Sendable {
    package static let schema = "company_members"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "company_id") package var company: CompanyModel
    @Parent(key: "user_id") package var user: UserModel
    @Field(key: "role") var role: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    package init() {}

    init(companyID: UUID, userID: UUID, role: CompanyRole) {
        self.$company.id = companyID
        self.$user.id = userID
        self.role = role.rawValue
    }
}

/// A single-use link inviting someone to a company with a role.
final class InvitationModel: Model, @unchecked Sendable {
    static let schema = "invitations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "company_id") var company: CompanyModel
    @Field(key: "email") var email: String
    @Field(key: "role") var role: String
    /// SHA-256 of the token; the token itself is only ever in the link.
    @Field(key: "token_hash") var tokenHash: String
    @OptionalParent(key: "invited_by") var invitedBy: UserModel?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    @OptionalParent(key: "accepted_by") var acceptedBy: UserModel?
    /// Set when someone withdrew the invitation: its link stops working at once.
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(companyID: UUID, email: String, role: CompanyRole, tokenHash: String, invitedBy: UUID?, expiresAt: Date) {
        self.$company.id = companyID
        self.email = email
        self.role = role.rawValue
        self.tokenHash = tokenHash
        self.$invitedBy.id = invitedBy
        self.expiresAt = expiresAt
    }
}
