import Fluent
import Foundation
import TrustlaneCore

/// A person who can sign in. Platform roles are flags on the account.
package final class UserModel: Model, @unchecked Sendable {
    package static let schema = "users"

    @ID(key: .id) package var id: UUID?
    @Field(key: "email") package var email: String
    @Field(key: "name") var name: String
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "language") var language: String?
    /// An IANA time zone (`Asia/Jakarta`) for the moments pages show; nil shows UTC.
    @OptionalField(key: "time_zone") var timeZone: String?
    /// The weekly email digest: nil or true sends it, false does not.
    @OptionalField(key: "weekly_digest") var weeklyDigest: Bool?
    @Field(key: "is_administrator") var isAdministrator: Bool
    @Field(key: "is_reviewer") var isReviewer: Bool
    @Field(key: "is_consultant") var isConsultant: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    package init() {}

    init(id: UUID? = nil, email: String, name: String, passwordHash: String, language: String? = nil,
         isAdministrator: Bool = false, isReviewer: Bool = false, isConsultant: Bool = false) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.language = language
        self.isAdministrator = isAdministrator
        self.isReviewer = isReviewer
        self.isConsultant = isConsultant
    }

    var userID: UserID { UserID(id!) }

    var platformRoles: Set<PlatformRole> {
        var roles: Set<PlatformRole> = []
        if isAdministrator { roles.insert(.administrator) }
        if isReviewer { roles.insert(.reviewer) }
        if isConsultant { roles.insert(.consultant) }
        return roles
    }

    /// The fields the audit trail compares.
    var auditFields: [String: String?] {
        ["email": email, "name": name, "language": language, "time_zone": timeZone, "weekly_digest": weeklyDigest.map { String($0) },
         "is_administrator": String(isAdministrator), "is_reviewer": String(isReviewer), "is_consultant": String(isConsultant)]
    }
}
