import Foundation
import TrustlaneCore
import Vapor

struct MeResponse: Content, Sendable {
    struct Membership: Content, Sendable {
        let companyId: UUID
        let companyName: String
        let role: String
    }
    let id: UUID
    let email: String
    let name: String
    let language: String?
    let platformRoles: [String]
    let companies: [Membership]
}

struct UserResponse: Content, Sendable {
    let id: UUID
    let email: String
    let name: String
    let platformRoles: [String]
}
