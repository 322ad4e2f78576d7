import Foundation

/// A partner's risk tier, from stated factors, each shown with its points (issue 15, MSC 3.1
/// and 3.7). CBP asks for a written, risk-based process and sets neither the factors nor a
/// reassessment period; this is Trustlane's method, which a company's process may adopt or
/// replace. Points add up; the tier follows the total; a confirmed denied-party match makes
/// the tier high whatever the rest.
public struct PartnerVetting: Hashable, Sendable {
    public enum Tier: String, CaseIterable, Codable, Sendable, Comparable {
        case low, medium, high
        public static func < (a: Tier, b: Tier) -> Bool { a.rank < b.rank }
        var rank: Int { switch self { case .low: 0; case .medium: 1; case .high: 2 } }
    }

    /// The partner's yearly business with the company, as the company states it.
    public enum Volume: String, CaseIterable, Codable, Sendable {
        case low, medium, high
    }

    /// The highest threat the company's risk assessment rates for the partner's country.
    public struct CountryThreat: Hashable, Sendable {
        /// The level's rank on its scale, from 0 for the lowest, and the highest rank (2 on the
        /// low-medium-high scale).
        public let rank: Int
        public let highest: Int
        public let label: String
        public init(rank: Int, highest: Int, label: String) {
            self.rank = rank
            self.highest = highest
            self.label = label
        }
    }

    public struct Input: Hashable, Sendable {
        public var role: BusinessPartnerRole
        public var countryThreat: CountryThreat?
        /// A CTPAT or MRA-recognised status proof valid today.
        public var recognisedStatus: Bool
        public var volume: Volume?
        public var openActions: Int
        public var overdueActions: Int
        public var openScreeningHits: Int
        public var confirmedScreeningMatch: Bool

        public init(role: BusinessPartnerRole, countryThreat: CountryThreat? = nil, recognisedStatus: Bool = false, volume: Volume? = nil,
                    openActions: Int = 0, overdueActions: Int = 0, openScreeningHits: Int = 0, confirmedScreeningMatch: Bool = false) {
            self.role = role
            self.countryThreat = countryThreat
            self.recognisedStatus = recognisedStatus
            self.volume = volume
            self.openActions = openActions
            self.overdueActions = overdueActions
            self.openScreeningHits = openScreeningHits
            self.confirmedScreeningMatch = confirmedScreeningMatch
        }
    }

    /// One factor: a key for its name, its points, and why (in English, as the assessment
    /// record keeps it; `reason` and `arguments` word it in the reader's language:
    /// `partners.why.<reason>`).
    public struct Factor: Hashable, Sendable {
        public let key: String
        public let points: Int
        public let detail: String
        public let reason: String
        public let arguments: [String: String]

        init(key: String, points: Int, detail: String, reason: String, arguments: [String: String] = [:]) {
            self.key = key
            self.points = points
            self.detail = detail
            self.reason = reason
            self.arguments = arguments
        }
    }

    public let tier: Tier
    public let points: Int
    public let factors: [Factor]

    /// Totals from which a tier starts.
    public static let mediumFrom = 3
    public static let highFrom = 5

    public static func assess(_ input: Input) -> PartnerVetting {
        var factors: [Factor] = []
        if let threat = input.countryThreat {
            // The top level 3, the lowest 0, the upper half of the rest 2, the lower half 1.
            let points = threat.rank >= threat.highest ? 3 : (threat.rank <= 0 ? 0 : (threat.rank * 2 >= threat.highest ? 2 : 1))
            factors.append(Factor(key: "country_threat", points: points, detail: "The risk assessment rates the country's highest threat \(threat.label).", reason: "threat_rated", arguments: ["level": threat.label]))
        } else {
            factors.append(Factor(key: "country_threat", points: 2, detail: "The risk assessment has not rated this country: counted as medium until it does.", reason: "threat_unrated"))
        }
        let handlesCargo: Set<BusinessPartnerRole> = [.manufacturer, .supplier, .highwayCarrier, .railCarrier, .seaCarrier, .airCarrier, .consolidator,
                                                      .thirdPartyLogistics, .warehouse]
        factors.append(Factor(key: "role", points: handlesCargo.contains(input.role) ? 1 : 0,
                              detail: handlesCargo.contains(input.role) ? "Handles or carries the cargo." : "Does not handle the cargo.",
                              reason: handlesCargo.contains(input.role) ? "handles_cargo" : "no_cargo"))
        if input.recognisedStatus {
            factors.append(Factor(key: "status", points: -2, detail: "Holds a CTPAT or MRA-recognised status with valid proof.", reason: "status_yes"))
        } else {
            factors.append(Factor(key: "status", points: 0, detail: "No CTPAT or MRA-recognised status on file.", reason: "status_no"))
        }
        switch input.volume {
        case .high: factors.append(Factor(key: "volume", points: 2, detail: "High volume of business.", reason: "volume_high"))
        case .medium: factors.append(Factor(key: "volume", points: 1, detail: "Medium volume of business.", reason: "volume_medium"))
        case .low: factors.append(Factor(key: "volume", points: 0, detail: "Low volume of business.", reason: "volume_low"))
        case nil: factors.append(Factor(key: "volume", points: 1, detail: "Volume not stated: counted as medium.", reason: "volume_unknown"))
        }
        if input.overdueActions > 0 {
            factors.append(Factor(key: "findings", points: 2, detail: "\(input.overdueActions) corrective action(s) overdue.", reason: "actions_overdue",
                                  arguments: ["count": String(input.overdueActions)]))
        } else if input.openActions > 0 {
            factors.append(Factor(key: "findings", points: 1, detail: "\(input.openActions) corrective action(s) open.", reason: "actions_open", arguments: ["count": String(input.openActions)]))
        } else {
            factors.append(Factor(key: "findings", points: 0, detail: "No open corrective actions.", reason: "actions_none"))
        }
        if input.confirmedScreeningMatch {
            factors.append(Factor(key: "screening", points: highFrom, detail: "A denied-party list entry was confirmed as this partner.", reason: "screening_match"))
        } else if input.openScreeningHits > 0 {
            factors.append(Factor(key: "screening", points: 2, detail: "\(input.openScreeningHits) denied-party hit(s) waiting for a decision.", reason: "screening_open",
                                  arguments: ["count": String(input.openScreeningHits)]))
        } else {
            factors.append(Factor(key: "screening", points: 0, detail: "No open denied-party hits.", reason: "screening_none"))
        }
        let total = factors.reduce(0) { $0 + $1.points }
        var tier: Tier = total >= highFrom ? .high : (total >= mediumFrom ? .medium : .low)
        if input.confirmedScreeningMatch { tier = .high }
        return PartnerVetting(tier: tier, points: total, factors: factors)
    }

    /// Months until the next reassessment, as the program settings give them per tier.
    public func cadenceMonths(_ settings: ProgramSettings) -> Int {
        switch tier {
        case .high: settings.partnerReassessmentMonthsHigh
        case .medium: settings.partnerReassessmentMonthsMedium
        case .low: settings.partnerReassessmentMonthsLow
        }
    }

    /// When the next assessment is due: the cadence after the last one; today when there has
    /// been none, or when an event since the last one calls for an early reassessment.
    public func nextAssessment(last: ProgramDay?, earlyTrigger: ProgramDay? = nil, settings: ProgramSettings) -> ProgramDay? {
        guard let last else { return nil }
        if let earlyTrigger, earlyTrigger >= last { return earlyTrigger }
        return last.adding(months: cadenceMonths(settings))
    }
}

extension ProgramDay {
    /// The same day `count` months later (the month's last day where it is shorter).
    public func adding(months count: Int) -> ProgramDay {
        let total = year * 12 + (month - 1) + count
        let newYear = total / 12
        let newMonth = total % 12 + 1
        var newDay = day
        while ProgramDay(year: newYear, month: newMonth, day: newDay) == nil && newDay > 28 { newDay -= 1 }
        return ProgramDay(year: newYear, month: newMonth, day: newDay) ?? self
    }
}
