import Foundation

// Typed identifiers of the membership lifecycle's records. See `Identifier`.

public enum MembershipApplicationTag: Sendable {}
public enum ValidationTag: Sendable {}
public enum FindingTag: Sendable {}
public enum MonitoringConnectionTag: Sendable {}
public enum VerificationLinkTag: Sendable {}

/// One membership application: a company's membership for one entity type, from eligibility
/// to removal or withdrawal.
public typealias MembershipApplicationID = Identifier<MembershipApplicationTag>
/// One validation (initial or revalidation) of a membership application.
public typealias ValidationID = Identifier<ValidationTag>
/// One finding recorded during a validation.
public typealias FindingID = Identifier<FindingTag>
/// One status-monitoring connection between a business partner and a member.
public typealias MonitoringConnectionID = Identifier<MonitoringConnectionTag>
/// One revocable status-verification link.
public typealias VerificationLinkID = Identifier<VerificationLinkTag>
