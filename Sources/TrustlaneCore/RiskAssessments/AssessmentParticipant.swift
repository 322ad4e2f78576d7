import Foundation

/// One person who took part in an assessment, with their role in it (`Security manager`,
/// `Logistics lead`, `Consultant`); linked to an account when they have one.
public struct AssessmentParticipant: Hashable, Sendable, Codable {
    public let name: String
    public let role: String
    public let userID: UserID?

    public init(name: String, role: String, userID: UserID? = nil) {
        self.name = name
        self.role = role
        self.userID = userID
    }

    /// A participant as typed.
    public struct Draft: Sendable, Equatable {
        public var name: String?
        public var role: String?
        public var userID: UserID?

        public init(name: String?, role: String?, userID: UserID? = nil) {
            self.name = name
            self.role = role
            self.userID = userID
        }
    }
}
