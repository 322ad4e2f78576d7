import Foundation

// Typed ids of the security profile's records, so an evidence id can never be passed where a
// corrective action id is expected. Tags live here, beside the types that use them.

public enum SecurityProfileTag: Sendable {}
public enum EvidenceTag: Sendable {}
public enum CorrectiveActionTag: Sendable {}
public enum SnapshotTag: Sendable {}
public enum ReviewCommentTag: Sendable {}

/// One company's security profile (its draft answers against one catalog version).
public typealias SecurityProfileID = Identifier<SecurityProfileTag>
/// One uploaded evidence file, linkable to any number of criteria.
public typealias EvidenceID = Identifier<EvidenceTag>
/// One corrective action opened from a gap.
public typealias CorrectiveActionID = Identifier<CorrectiveActionTag>
/// One frozen submission of a profile.
public typealias SnapshotID = Identifier<SnapshotTag>
/// One comment, request for information or response in a reviewer thread.
public typealias ReviewCommentID = Identifier<ReviewCommentTag>
