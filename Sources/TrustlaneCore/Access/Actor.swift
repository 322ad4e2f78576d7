import Foundation

/// Who is asking: nobody (no session, no token), or a signed-in person with the roles they
/// hold on the platform and in each of their companies.
public struct Actor: Sendable, Equatable {
    public let userID: UserID?
    public let platformRoles: Set<PlatformRole>
    public let memberships: [CompanyID: CompanyRole]

    public init(userID: UserID, platformRoles: Set<PlatformRole> = [], memberships: [CompanyID: CompanyRole] = [:]) {
        self.userID = userID
        self.platformRoles = platformRoles
        self.memberships = memberships
    }

    private init() {
        userID = nil
        platformRoles = []
        memberships = [:]
    }

    /// No session and no API token.
    public static let anonymous = Actor()

    public var isSignedIn: Bool { userID != nil }
    public var isAdministrator: Bool { platformRoles.contains(.administrator) }
    public var isReviewer: Bool { platformRoles.contains(.reviewer) }

    public func role(in company: CompanyID) -> CompanyRole? { memberships[company] }
}
