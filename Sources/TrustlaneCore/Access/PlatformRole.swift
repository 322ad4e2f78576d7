import Foundation

/// Roles a person holds on the platform as a whole, independent of any company.
public enum PlatformRole: String, CaseIterable, Codable, Sendable, Hashable {
    /// Runs the platform: creates companies, invites people, grants roles.
    case administrator
    /// A program reviewer (CBP's Supply Chain Security Specialist side).
    case reviewer
    /// A consultant: member of several companies at once, switching between them.
    case consultant

    public var nameKey: String { "platform_role.\(rawValue)" }
}

/// Roles a person holds inside one company.
public enum CompanyRole: String, CaseIterable, Codable, Sendable, Hashable {
    /// The company officer: accepts agreements, submits the security profile.
    case officer
    /// The security coordinator: runs the program day to day.
    case coordinator
    /// Contributes answers and records.
    case contributor
    /// Reads only.
    case viewer
    /// An outside consultant working for the company, with a coordinator's reach.
    case consultant

    public var nameKey: String { "company_role.\(rawValue)" }
}
