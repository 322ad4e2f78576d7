import Foundation

/// A corrective action the action plan proposes (step 4) for high risk: one per criteria
/// category and business partner running the sites concerned (or the company itself), gathering
/// every node where that category, against the highest threat there, scores in the high band.
///
/// That covers both readings of "a high risk": a node x threat that is high is high because of
/// the node's weakest category, which then scores high too; and a node x category that is high
/// directly. Proposals already open (`existing`, matched by `Key`) are not proposed again, so the
/// security profile's corrective actions and the risk assessment's stay one list.
public struct ActionPlanProposal: Hashable, Sendable {
    /// What makes two proposals the same action: the category and who runs the sites.
    public struct Key: Hashable, Sendable {
        public let category: MSCCategory
        /// The business partner as matched: trimmed, case folded; `nil` for the company itself.
        public let businessPartner: String?

        public init(category: MSCCategory, businessPartner: String?) {
            self.init(category: category, matchedPartner: MatchKey.normalize(businessPartner))
        }

        init(category: MSCCategory, matchedPartner: String?) {
            self.category = category
            self.businessPartner = matchedPartner
        }
    }

    /// One node where the category scores high. It points into the report's chains rather
    /// than carrying a copy of its node: a plan over 10,000 nodes has tens of thousands of
    /// findings, and copying each node (and moving it while sorting) was most of its time.
    public struct Finding: Hashable, Sendable {
        /// The report's chains, shared by every finding of one plan.
        final class Sites: Sendable {
            let chains: [ChainRisk]
            init(_ chains: [ChainRisk]) { self.chains = chains }
        }

        let sites: Sites
        let chainIndex: Int32
        let nodeIndex: Int32
        /// The category's score at the node against the highest threat there.
        public let score: Int
        /// The threats that reach the high band with this category's vulnerability: bit `i` for
        /// `ThreatCategory.allCases[i]`.
        let threatMask: UInt32

        public var chainID: SupplyChainID { sites.chains[Int(chainIndex)].chainID }
        public var chainName: String { sites.chains[Int(chainIndex)].name }
        public var node: ChainNode { sites.chains[Int(chainIndex)].nodes[Int(nodeIndex)].node }

        /// The threats that, with this category's vulnerability, reach the high band.
        public var threats: [ThreatCategory] {
            ThreatCategory.allCases.enumerated().compactMap { threatMask & (1 << UInt32($0.offset)) != 0 ? $0.element : nil }
        }

        public static func == (lhs: Finding, rhs: Finding) -> Bool {
            lhs.score == rhs.score && lhs.threatMask == rhs.threatMask && lhs.chainID == rhs.chainID && lhs.node == rhs.node
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(chainID)
            hasher.combine(node.id)
            hasher.combine(score)
            hasher.combine(threatMask)
        }
    }

    public let key: Key
    public let category: MSCCategory
    /// The partner as first written; `nil` for sites the company runs itself.
    public let businessPartner: String?
    /// The nodes, riskiest first.
    public let findings: [Finding]
    public let highestScore: Int
    /// A suggested title as a localization key and arguments (`category`, `count`, `partner`).
    public let titleKey: String
    public let arguments: [String: String]
    /// The English title, for the API.
    public let title: String
    /// Suggested due date: now plus the configured number of days.
    public let dueDate: Date

    /// The default time to fix a high risk. Trustlane's choice, not CBP's: step 4 of CBP's guide
    /// asks for an owner and a due date per weakness but sets no period; the report says so
    /// (`AssessmentMethod.trustlaneChoices`).
    public static let defaultDueInDays = 90

    /// Proposals for every high risk of a report, riskiest first, leaving out keys in `existing`.
    public static func propose(from report: RiskReport, now: Date, dueInDays: Int = defaultDueInDays,
                               existing: Set<Key> = []) -> [ActionPlanProposal] {
        // Groups in an array; each partner (or the company itself) has a slot per category
        // holding its group's index (-1: none yet, -2: already open in `existing`), so a finding
        // costs one lookup of the partner per node, not a hashed key per category.
        var groups: [(key: Key, partner: String?, findings: [Finding])] = []
        let sites = Finding.Sites(report.chains)
        var slots: [String?: [Int]] = [:]
        let values = report.scale.values
        let categories = MSCCategory.allCases, threatCases = ThreatCategory.allCases
        // Partners repeat across nodes: match each spelling once.
        var partnerKeys: [String: String?] = [:]
        for (chainIndex, chain) in report.chains.enumerated() {
            for (nodeIndex, nodeRisk) in chain.nodes.enumerated() {
                guard let threatLevel = nodeRisk.threatLevel, nodeRisk.band == .high else { continue }
                let partnerKey: String?
                if let partner = nodeRisk.node.businessPartner {
                    if let known = partnerKeys[partner] { partnerKey = known } else {
                        partnerKey = MatchKey.normalize(partner)
                        partnerKeys[partner] = partnerKey
                    }
                } else {
                    partnerKey = nil
                }
                var nodeSlots = slots[partnerKey] ?? Array(repeating: -1, count: categories.count)
                var changed = false
                for (position, category) in categories.enumerated() {
                    guard let level = nodeRisk.vulnerabilityLevel(category) else { continue }
                    let v = values[level.rank]
                    let score = values[threatLevel.rank] * v
                    guard report.bands.band(for: score) == .high else { continue }
                    var index = nodeSlots[position]
                    if index == -1 {
                        let key = Key(category: category, matchedPartner: partnerKey)
                        if existing.contains(key) {
                            index = -2
                        } else {
                            index = groups.count
                            groups.append((key, nodeRisk.node.businessPartner, []))
                        }
                        nodeSlots[position] = index
                        changed = true
                    }
                    guard index >= 0 else { continue }
                    var mask: UInt32 = 0
                    for (bit, threat) in threatCases.enumerated() {
                        if let rated = nodeRisk.threatLevel(threat), report.bands.band(for: values[rated.rank] * v) == .high {
                            mask |= 1 << UInt32(bit)
                        }
                    }
                    groups[index].findings.append(Finding(sites: sites, chainIndex: Int32(chainIndex), nodeIndex: Int32(nodeIndex),
                                                          score: score, threatMask: mask))
                }
                if changed { slots[partnerKey] = nodeSlots }
            }
        }
        let dueDate = ProgramDay.adding(days: dueInDays, to: now)
        let proposals = groups.map { group -> ActionPlanProposal in
            let key = group.key
            // Sort positions, not findings (each carries its node): one copy per finding instead
            // of moving large values at every step of the sort. Ties keep their order.
            let order = group.findings.indices.sorted { a, b in
                let left = group.findings[a].score, right = group.findings[b].score
                return left != right ? left > right : a < b
            }
            let findings = order.map { group.findings[$0] }
            let count = findings.count
            let sites = count == 1 ? "1 site" : "\(count) sites"
            let titleKey = group.partner == nil ? "risk.action.title_own" : "risk.action.title_partner"
            var arguments = ["category": String(key.category.number), "count": String(count)]
            var title = "\(key.category.title): reduce the high risk at \(sites)"
            if let partner = group.partner {
                arguments["partner"] = partner
                title += " run by \(partner)"
            }
            return ActionPlanProposal(key: key, category: key.category, businessPartner: group.partner, findings: findings,
                                      highestScore: findings[0].score, titleKey: titleKey, arguments: arguments,
                                      title: title, dueDate: dueDate)
        }
        // Highest score first, then by category and partner; positions are sorted, not the
        // proposals (each carries its findings: moving them at every step of the sort was 3% of
        // the risk page).
        let order = proposals.indices.sorted { a, b in
            let left = proposals[a], right = proposals[b]
            if left.highestScore != right.highestScore { return left.highestScore > right.highestScore }
            if left.category.number != right.category.number { return left.category.number < right.category.number }
            return (left.key.businessPartner ?? "") < (right.key.businessPartner ?? "")
        }
        return order.map { proposals[$0] }
    }
}
