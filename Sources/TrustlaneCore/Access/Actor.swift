import Foundation

/// Who is asking: nobody (no session, no token), or a signed-in person with the roles they
/// hold on the platform and in each of their companies.
public struct Actor: Sendable, Equatable {
    public let userID: UserID?
    public let platformRoles: Set<PlatformRole>
    /// The person's role in each company they belong to (their seats, not CTPAT membership).
    public let companyRoles: [CompanyID: CompanyRole]

    public init(userID: UserID, platformRoles: Set<PlatformRole> = [], companyRoles: [CompanyID: CompanyRole] = [:]) {
        self.userID = userID
        self.platformRoles = platformRoles
        self.companyRoles = companyRoles
    }

    private init() {
        userID = nil
        platformRoles = []
        companyRoles = [:]
    }

    /// No session and no API token.
    public static let anonymous = Actor()

    public var isSignedIn: Bool { userID != nil }
    public var isAdministrator: Bool { platformRoles.contains(.administrator) }
    public var isReviewer: Bool { platformRoles.contains(.reviewer) }

    public func role(in company: CompanyID) -> CompanyRole? { companyRoles[company] }
}
