import Foundation

/// Where a partner's request to monitor a member's status stands.
public enum MonitoringStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case requested
    case accepted
    case declined
    case removed
}

/// A business partner's connection to monitor a member's CTPAT status (the Portal's SVI
/// partner monitoring): the partner requests, the member accepts or declines, and either side
/// removes it later. An accepted partner sees the status and tier, never the profile.
public struct MonitoringConnection: Codable, Sendable, Hashable, Identifiable {
    public let id: MonitoringConnectionID
    /// The company asking to monitor.
    public let partnerCompanyID: CompanyID
    /// The member being monitored.
    public let memberCompanyID: CompanyID
    public private(set) var status: MonitoringStatus
    public let requestedAt: Date
    public let requestedBy: UserID
    public private(set) var decidedAt: Date?
    public private(set) var decidedBy: UserID?

    /// A partner company asks to monitor a member. The member must be one partners can verify:
    /// certified or validated (a member in good standing).
    public static func request(id: MonitoringConnectionID = MonitoringConnectionID(), partner: CompanyID, member: CompanyID,
                               memberStatus: MembershipStatus, by actor: LifecycleActor, at now: Date)
        -> Result<MonitoringConnection, TransitionRefusal> {
        guard actor.role == .officer || actor.role == .coordinator, let user = actor.userID else {
            return .failure(TransitionRefusal(.roleNotPermitted, "Only the company officer or the security coordinator can request monitoring"))
        }
        guard partner != member else {
            return .failure(TransitionRefusal(.wrongState, "A company cannot monitor itself"))
        }
        guard memberStatus.isMemberInGoodStanding else {
            return .failure(TransitionRefusal(.wrongState, "Only certified members can be monitored"))
        }
        return .success(MonitoringConnection(id: id, partnerCompanyID: partner, memberCompanyID: member,
                                             status: .requested, requestedAt: now, requestedBy: user))
    }

    private init(id: MonitoringConnectionID, partnerCompanyID: CompanyID, memberCompanyID: CompanyID,
                 status: MonitoringStatus, requestedAt: Date, requestedBy: UserID) {
        self.id = id
        self.partnerCompanyID = partnerCompanyID
        self.memberCompanyID = memberCompanyID
        self.status = status
        self.requestedAt = requestedAt
        self.requestedBy = requestedBy
    }

    /// The member accepts (`true`) or declines (`false`) a pending request.
    public func decide(accept: Bool, by actor: LifecycleActor, at now: Date) -> Result<MonitoringConnection, TransitionRefusal> {
        guard actor.role == .officer || actor.role == .coordinator else {
            return .failure(TransitionRefusal(.roleNotPermitted, "Only the company officer or the security coordinator can answer a monitoring request"))
        }
        let target: MonitoringStatus = accept ? .accepted : .declined
        if status == target { return .failure(TransitionRefusal(.alreadyDone, accept ? "Already accepted" : "Already declined")) }
        guard status == .requested else {
            return .failure(TransitionRefusal(.wrongState, "This request was already answered or removed"))
        }
        var next = self
        next.status = target
        next.decidedAt = now
        next.decidedBy = actor.userID
        return .success(next)
    }

    /// Either company ends the connection (a pending request can be withdrawn the same way).
    public func remove(by actor: LifecycleActor, at now: Date) -> Result<MonitoringConnection, TransitionRefusal> {
        guard actor.role == .officer || actor.role == .coordinator else {
            return .failure(TransitionRefusal(.roleNotPermitted, "Only the company officer or the security coordinator can remove a monitoring connection"))
        }
        if status == .removed { return .failure(TransitionRefusal(.alreadyDone, "Already removed")) }
        guard status == .requested || status == .accepted else {
            return .failure(TransitionRefusal(.wrongState, "A declined request has nothing to remove"))
        }
        var next = self
        next.status = .removed
        next.decidedAt = now
        next.decidedBy = actor.userID
        return .success(next)
    }

    /// Whether the partner may see the member's status now.
    public var grantsView: Bool { status == .accepted }
}
