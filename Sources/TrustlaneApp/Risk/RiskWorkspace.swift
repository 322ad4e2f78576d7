import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// An assessment as the pages and the API use it: its record and method, chains, threat
/// library, vulnerability sheet, profile proposals, and everything computed from them (scores,
/// matrix, action plan). Loaded with a fixed number of queries; nothing computed is stored.
package struct RiskWorkspace: Sendable {
    let assessment: RiskQueries.AssessmentRow
    let record: RiskMethodRecord
    let chains: [SupplyChain]
    let threatRows: [RiskQueries.ThreatRow]
    let threats: ThreatLibrary
    /// Current ratings stored under a retired category (`public_safety`): shown as history,
    /// never scored.
    let legacyThreats: [LegacyThreatRow]
    /// The threat-first triage: which chains need a full vulnerability assessment.
    let screening: ThreatScreening
    let vulnerabilities: VulnerabilitySheet
    /// Starting values per category from the security profile; empty without a profile.
    let proposals: [MSCCategory: VulnerabilityProposal]
    let report: RiskReport
    let matrix: RiskMatrix
    /// High risks without an open corrective action yet.
    let actions: [ActionPlanProposal]

    /// A stored rating under a retired threat category, as read.
    struct LegacyThreatRow: Sendable {
        let country: CountryCode
        let region: String?
        let category: LegacyThreatCategory
        let levelKey: String
        let note: String?
        let source: String
        let ratedAt: Date
    }

    var id: UUID { assessment.id }
    var companyID: CompanyID { CompanyID(assessment.company_id) }
    var scale: RiskScale { record.scale }
    var method: AssessmentMethod { record.method }

    /// Loads an assessment of a company (404 for another company's), optionally just one chain.
    package static func load(_ assessmentID: UUID, company: CompanyID, chain: UUID? = nil, db: any Database,
                     catalogs: CatalogRegistry, now: Date) async throws -> RiskWorkspace {
        let queries = RiskQueries(db)
        guard let row = try await queries.assessment(assessmentID, of: company) else { throw TrustlaneError.notFound }
        // The reads after the assessment's own depend on nothing but its id: side by side.
        async let chainsTask = queries.chains(of: assessmentID, only: chain)
        async let threatTask = queries.threatRatings(of: company)
        async let vulnerabilityTask = queries.vulnerabilityRatings(of: assessmentID)
        async let answersTask = queries.profileAnswers(of: company)
        async let openKeysTask = chain == nil ? queries.openRiskActionKeys(of: company) : []
        let chains = try await chainsTask
        if chain != nil && chains.isEmpty { throw TrustlaneError.notFound }
        let (threatRows, vulnerabilityRows, answers, openKeys) = try await (threatTask, vulnerabilityTask, answersTask, openKeysTask)
        return build(row, chains: chains, threatRows: threatRows, vulnerabilityRows: vulnerabilityRows,
                     gapCounts: gapCounts(answers, catalogs: catalogs), openKeys: openKeys, now: now)
    }

    /// Everything computed, from rows already read (also what the benchmark times).
    static func build(_ row: RiskQueries.AssessmentRow, chains: [SupplyChain], threatRows: [RiskQueries.ThreatRow],
                      vulnerabilityRows: [RiskQueries.VulnerabilityRow], gapCounts: [CategoryGapCounts]?,
                      openKeys: [String], now: Date) -> RiskWorkspace {
        let record = RiskMethodRecord.decode(row.method)
        let scale = record.scale
        var ratings: [ThreatRating] = []
        var legacy: [LegacyThreatRow] = []
        for threat in threatRows {
            guard let country = CountryCode(threat.country), let stored = StoredThreatCategory(stored: threat.category) else { continue }
            switch stored {
            case .current(let category):
                guard let level = scale.level(text: threat.level_key) else { continue }
                ratings.append(ThreatRating(country: country, region: threat.region, category: category, level: level, note: threat.note,
                                            source: threat.source, ratedAt: threat.rated_at, ratedBy: threat.rated_by.map(UserID.init)))
            case .legacy(let category):
                legacy.append(LegacyThreatRow(country: country, region: threat.region, category: category, levelKey: threat.level_key,
                                              note: threat.note, source: threat.source, ratedAt: threat.rated_at))
            }
        }
        let threats = ThreatLibrary(ratings: ratings)
        let sheet = VulnerabilitySheet(ratings: vulnerabilityRows.compactMap { rating in
            guard let category = MSCCategory(rawValue: rating.category), let level = scale.level(text: rating.level_key) else { return nil }
            return VulnerabilityRating(nodeID: ChainNodeID(rating.node_id), category: category, level: level,
                                       proposed: rating.proposed_key.flatMap(scale.level(text:)), reason: rating.reason,
                                       ratedAt: rating.rated_at, ratedBy: rating.rated_by.map(UserID.init))
        })
        let proposals = gapCounts.map { VulnerabilityProposal.proposals($0, scale: scale) } ?? [:]
        let report = RiskScoring.score(record.method.scoringInput(chains: chains, threats: threats, vulnerabilities: sheet))
        let existing = Set(openKeys.compactMap(actionKey(from:)))
        let actions = ActionPlanProposal.propose(from: report, now: now, existing: existing)
        return RiskWorkspace(assessment: row, record: record, chains: chains, threatRows: threatRows, threats: threats,
                             legacyThreats: legacy, screening: record.method.screen(chains, threats: threats), vulnerabilities: sheet, proposals: proposals, report: report, matrix: RiskMatrix(report: report),
                             actions: actions)
    }

    /// Must criteria not met / partly met per category of the current profile; `nil` without one.
    static func gapCounts(_ answers: [RiskQueries.AnswerRow], catalogs: CatalogRegistry) -> [CategoryGapCounts]? {
        guard !answers.isEmpty else { return nil }
        var notMet: [MSCCategory: Int] = [:]
        var partly: [MSCCategory: Int] = [:]
        var entries: [String: CatalogRegistry.Entry] = [:]
        for answer in answers {
            if entries[answer.catalog_id] == nil, let entry = catalogs.entry(answer.catalog_id) { entries[answer.catalog_id] = entry }
            guard let entry = entries[answer.catalog_id], let id = CriterionID(answer.criterion_id),
                  let criterion = entry.index.criterion(id), criterion.level == .must,
                  let category = MSCCategory(rawValue: criterion.categoryNumber) else { continue }
            notMet[category, default: 0] += 0
            partly[category, default: 0] += 0
            switch answer.status {
            case "not_yet", "unanswered": notMet[category, default: 0] += 1
            case "partly": partly[category, default: 0] += 1
            default: break
            }
        }
        return notMet.keys.sorted().map { CategoryGapCounts(category: $0, mustNotMet: notMet[$0] ?? 0, mustPartlyMet: partly[$0] ?? 0) }
    }

    /// The `source_id` a risk corrective action carries: `category:partner` (partner matched form).
    static func sourceID(_ key: ActionPlanProposal.Key) -> String {
        "\(key.category.number):\(key.businessPartner ?? "")"
    }

    static func actionKey(from sourceID: String) -> ActionPlanProposal.Key? {
        let parts = sourceID.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[0]), let category = MSCCategory(rawValue: number) else { return nil }
        return ActionPlanProposal.Key(category: category, businessPartner: parts[1].isEmpty ? nil : String(parts[1]))
    }

    /// The note and source of a place's current ratings, for the threat form.
    func threatNote(country: CountryCode, region: String?) -> (note: String?, source: String?) {
        let row = threatRows.first {
            $0.country == country.code && ($0.region ?? "") == (region ?? "") && ThreatCategory(rawValue: $0.category) != nil
        }
        return (row?.note, row?.source)
    }

    /// Every country and region the chains pass through, in path order without repeats.
    var places: [(country: CountryCode, region: String?)] {
        var seen: Set<String> = []
        var result: [(country: CountryCode, region: String?)] = []
        for node in chains.flatMap(\.nodes) where seen.insert(node.country.code + "|" + (node.region ?? "")).inserted {
            result.append((node.country, node.region))
        }
        return result
    }

    var assessedOn: Date? { ProgramDay.date(assessment.assessed_on) }

    /// Whether the assessment is over a year old on a day.
    func isOverAYearOld(asOf now: Date) -> Bool {
        AssessmentDocument.isOverAYearOld(assessedOn: assessment.assessed_on, asOf: now)
    }
}
