import Foundation

/// Who takes a lifecycle transition, in the one role they act in for it.
///
/// A person with several roles (a reviewer who is also an administrator) is presented in the
/// role the page or endpoint acts in; the web layer picks it. Contributors and viewers of a
/// company take no lifecycle transition, so they have no role here.
public struct LifecycleActor: Sendable, Hashable {
    /// The roles that lifecycle rules name.
    public enum Role: String, CaseIterable, Codable, Sendable, Hashable {
        /// The company officer: applies, submits, withdraws, appeals.
        case officer
        /// The company's security coordinator.
        case coordinator
        /// A consultant working for the company.
        case consultant
        /// A program reviewer (SCSS): reviews, decides, validates, sanctions.
        case reviewer
        /// A platform administrator: assigns reviewers.
        case administrator
        /// The platform itself (scheduled jobs): assigns reviewers automatically.
        case system

        /// The lifecycle role of a company role; `nil` for contributors and viewers.
        public init?(companyRole: CompanyRole) {
            switch companyRole {
            case .officer: self = .officer
            case .coordinator: self = .coordinator
            case .consultant: self = .consultant
            case .contributor, .viewer: return nil
            }
        }

        /// "the company officer", "a program reviewer": used in refusal messages.
        public var englishPhrase: String {
            switch self {
            case .officer: "the company officer"
            case .coordinator: "the security coordinator"
            case .consultant: "a consultant"
            case .reviewer: "a program reviewer"
            case .administrator: "an administrator"
            case .system: "the platform"
            }
        }
    }

    public let role: Role
    /// The person; `nil` only for `.system`.
    public let userID: UserID?

    /// A person acting in `role`.
    public init(role: Role, userID: UserID) {
        self.role = role
        self.userID = userID
    }

    private init(systemRole: Role) {
        role = systemRole
        userID = nil
    }

    /// The platform acting on its own (scheduled jobs).
    public static let system = LifecycleActor(systemRole: .system)

    /// The lifecycle role of a company role; `nil` for contributors and viewers.
    public init?(companyRole: CompanyRole, userID: UserID) {
        switch companyRole {
        case .officer: self.init(role: .officer, userID: userID)
        case .coordinator: self.init(role: .coordinator, userID: userID)
        case .consultant: self.init(role: .consultant, userID: userID)
        case .contributor, .viewer: return nil
        }
    }

    /// The lifecycle role of a platform role.
    public init(platformRole: PlatformRole, userID: UserID) {
        switch platformRole {
        case .reviewer: self.init(role: .reviewer, userID: userID)
        case .administrator: self.init(role: .administrator, userID: userID)
        case .consultant: self.init(role: .consultant, userID: userID)
        }
    }

    /// Whether the actor speaks for the company (rather than for the program).
    public var isCompanySide: Bool { role == .officer || role == .coordinator || role == .consultant }
}
