import Foundation
import TrustlaneCore

/// Builds the API's responses from an assessment (English texts; the pages localize their own).
enum RiskAPIMapping {
    static func summary(_ row: RiskQueries.AssessmentRow, now: Date) -> RiskAssessmentSummaryResponse {
        let overdue = AssessmentDocument.isOverAYearOld(assessedOn: row.assessed_on, asOf: now)
        return RiskAssessmentSummaryResponse(id: row.id, title: row.title, assessedOn: row.assessed_on, nextReviewOn: row.next_review_on,
                                             previousId: row.previous_id, overAYearOld: overdue, createdAt: row.created_at, updatedAt: row.updated_at)
    }

    static func method(_ w: RiskWorkspace) -> RiskMethodResponse {
        RiskMethodResponse(scale: w.scale.levels.map { .init(key: $0.key, value: $0.value) }, mediumFrom: w.record.bands.mediumFrom,
                           highFrom: w.record.bands.highFrom, unrated: w.record.unrated.rawValue,
                           participants: w.record.participants.map { ParticipantDTO(name: $0.name, role: $0.role) }, formula: w.method.formulaText,
                           screenFrom: w.scale.key(of: w.screening.threshold), trustlaneChoices: w.method.trustlaneChoices)
    }

    static func screening(_ w: RiskWorkspace, _ chain: SupplyChain) -> ChainScreeningResponse {
        let result = w.screening.chain(chain.id)
        let status = result?.status ?? .incomplete
        return ChainScreeningResponse(
            status: status.rawValue, needsFullAssessment: result?.needsFullAssessment ?? false,
            reasons: (result?.reasons ?? []).map {
                .init(country: $0.place.country.code, region: $0.place.region, nodes: $0.place.nodeKeys, category: $0.category.rawValue,
                      level: w.scale.key(of: $0.level))
            },
            unrated: (result?.unrated ?? []).map {
                .init(country: $0.place.country.code, region: $0.place.region, nodes: $0.place.nodeKeys, categories: $0.categories.map(\.rawValue))
            })
    }

    static func chainRisk(_ w: RiskWorkspace, _ chain: SupplyChain, detailed: Bool) -> ChainRiskResponse {
        let risk = w.report.chain(chain.id)
        let scale = w.scale
        var byThreat: [String: Int] = [:]
        for entry in risk?.byThreat.entries ?? [] { if let value = entry.value { byThreat[entry.key.rawValue] = value } }
        var byCategory: [String: Int] = [:]
        for entry in risk?.byCategory.entries ?? [] { if let value = entry.value { byCategory[String(entry.key.number)] = value } }
        let nodes: [RiskNodeResponse]? = detailed ? (risk?.nodes ?? []).map { node in
            RiskNodeResponse(id: node.node.id.rawValue, key: node.node.key, kind: node.node.kind.rawValue, name: node.node.name,
                             country: node.node.country.code, region: node.node.region, businessPartner: node.node.businessPartner,
                             threatLevel: node.threatLevel.map(scale.key(of:)), vulnerabilityLevel: node.vulnerability.map(scale.key(of:)),
                             drivingThreat: node.drivingThreat?.rawValue, drivingCategory: node.drivingCategory?.number,
                             score: node.score, band: node.band?.rawValue)
        } : nil
        let legs: [RiskLegResponse]? = detailed ? (risk?.legs ?? []).map { leg in
            RiskLegResponse(id: leg.leg.id.rawValue, from: leg.leg.from, to: leg.leg.to, mode: leg.leg.mode.rawValue,
                            businessPartner: leg.leg.businessPartner, score: leg.score, band: leg.band?.rawValue)
        } : nil
        return ChainRiskResponse(chainId: chain.id.rawValue, name: chain.name, productLine: chain.productLine, rank: w.report.rank(of: chain.id),
                                 score: risk?.score, band: risk?.band?.rawValue, byThreat: byThreat, byCategory: byCategory,
                                 high: risk?.count(.high) ?? 0, medium: risk?.count(.medium) ?? 0, low: risk?.count(.low) ?? 0,
                                 unrated: risk?.unratedNodes ?? chain.nodes.count, screening: screening(w, chain), nodes: nodes, legs: legs)
    }

    static func matrix(_ w: RiskWorkspace) -> RiskMatrixResponse {
        let m = w.matrix
        return RiskMatrixResponse(levels: w.scale.levels.map(\.key),
                                  cells: w.scale.allLevels.map { threat in w.scale.allLevels.map { m.count(threat: threat, vulnerability: $0) } },
                                  unplaced: m.unplaced, high: m.count(.high), medium: m.count(.medium), low: m.count(.low))
    }

    static func action(_ proposal: ActionPlanProposal) -> RiskActionProposalResponse {
        RiskActionProposalResponse(key: RiskWorkspace.sourceID(proposal.key), category: proposal.category.number,
                                   businessPartner: proposal.businessPartner, title: proposal.title, highestScore: proposal.highestScore,
                                   dueDate: ProgramDay.text(proposal.dueDate),
                                   findings: proposal.findings.map {
                                       .init(chainId: $0.chainID.rawValue, chainName: $0.chainName, nodeKey: $0.node.key, nodeName: $0.node.name,
                                             score: $0.score, threats: $0.threats.map(\.rawValue))
                                   })
    }

    static func proposals(_ w: RiskWorkspace) -> [VulnerabilityProposalResponse] {
        w.proposals.values.sorted { $0.category < $1.category }.map {
            VulnerabilityProposalResponse(category: $0.category.number, level: w.scale.key(of: $0.level), explanation: $0.explanation)
        }
    }

    static func assessment(_ w: RiskWorkspace, now: Date, detailed: Bool = false) -> RiskAssessmentResponse {
        RiskAssessmentResponse(assessment: summary(w.assessment, now: now), method: method(w),
                               chains: w.chains.map { chainRisk(w, $0, detailed: detailed) }, matrix: matrix(w),
                               actionPlan: w.actions.map(action), proposals: proposals(w))
    }

    static func threats(_ w: RiskWorkspace) -> [ThreatRatingDTO] {
        w.threats.ratings.map {
            ThreatRatingDTO(country: $0.country.code, region: $0.region, category: $0.category.rawValue, level: w.scale.key(of: $0.level),
                            note: $0.note, source: $0.source, ratedAt: $0.ratedAt)
        }
    }

    static func legacyThreats(_ w: RiskWorkspace) -> [LegacyThreatRatingDTO] {
        w.legacyThreats.map {
            LegacyThreatRatingDTO(country: $0.country.code, region: $0.region, category: $0.category.rawValue, title: $0.category.title,
                                  level: $0.levelKey, note: $0.note, source: $0.source, ratedAt: $0.ratedAt, counted: false)
        }
    }

    static func vulnerabilities(_ w: RiskWorkspace, chains: [SupplyChain]) -> [VulnerabilityRatingDTO] {
        chains.flatMap { chain in
            chain.nodes.flatMap { node in
                MSCCategory.allCases.compactMap { category -> VulnerabilityRatingDTO? in
                    guard let rating = w.vulnerabilities.rating(node: node.id, category: category) else { return nil }
                    return VulnerabilityRatingDTO(node: node.key, category: category.number, level: w.scale.key(of: rating.level),
                                                  reason: rating.reason, proposed: rating.proposed.map(w.scale.key(of:)), ratedAt: rating.ratedAt)
                }
            }
        }
    }

    static func comparison(previous: RiskWorkspace, current: RiskWorkspace, _ result: AssessmentComparison) -> RiskComparisonResponse {
        RiskComparisonResponse(previousId: previous.id, currentId: current.id, chainsAdded: result.chainsAdded, chainsRemoved: result.chainsRemoved,
                               chains: result.chains.map { chain in
                                   .init(chainId: chain.chainID.rawValue, name: chain.name, before: chain.change.before, after: chain.change.after,
                                         bandBefore: chain.change.bandBefore?.rawValue, bandAfter: chain.change.bandAfter?.rawValue,
                                         worse: chain.change.isWorse, nodesAdded: chain.nodesAdded, nodesRemoved: chain.nodesRemoved,
                                         nodes: chain.nodeChanges.map {
                                             .init(key: $0.key, name: $0.name, before: $0.change.before, after: $0.change.after,
                                                   bandBefore: $0.change.bandBefore?.rawValue, bandAfter: $0.change.bandAfter?.rawValue)
                                         })
                               })
    }
}
