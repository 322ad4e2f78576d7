import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// `/api/v1/companies/{companyID}/risk-assessments...`: assessments, their chains (JSON or CSV),
/// threat and vulnerability ratings, the action plan, the report and comparisons.
struct RiskAPIController {
    func register(_ api: any RoutesBuilder) {
        let list = api.grouped("companies", ":companyID", "risk-assessments")
        list.on(.GET, action: .viewRiskAssessment, use: index)
        list.on(.POST, action: .editRiskAssessment, use: create)
        let one = list.grouped(":assessmentID")
        one.on(.GET, action: .viewRiskAssessment, use: show)
        one.on(.PUT, "document", action: .editRiskAssessment, use: document)
        one.on(.GET, "report", action: .viewRiskAssessment, use: report)
        one.on(.GET, "comparison", action: .viewRiskAssessment, use: comparison)
        one.on(.POST, "actions", action: .editRiskAssessment, use: accept)
        one.on(.GET, "threat-ratings", action: .viewRiskAssessment, use: threatRatings)
        one.on(.POST, "threat-ratings", action: .editRiskAssessment, use: rateThreats)
        one.on(.GET, "chains", action: .viewRiskAssessment, use: chains)
        one.on(.POST, "chains", action: .editRiskAssessment, use: createChain)
        one.on(.GET, "chains", ":chainID", action: .viewRiskAssessment, use: chain)
        one.on(.PUT, "chains", ":chainID", action: .editRiskAssessment, use: updateChain)
        one.on(.DELETE, "chains", ":chainID", action: .editRiskAssessment, use: deleteChain)
        one.on(.GET, "chains", ":chainID", "vulnerability-ratings", action: .viewRiskAssessment, use: vulnerabilityRatings)
        one.on(.PUT, "chains", ":chainID", "vulnerability-ratings", action: .editRiskAssessment, use: rateVulnerabilities)
    }

    @Sendable func index(req: Request) async throws -> [RiskAssessmentSummaryResponse] {
        let company = try await req.routeCompany().companyID
        return try await RiskQueries(req.db).assessments(of: company).map { RiskAPIMapping.summary($0, now: req.now) }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let body = try req.content.decode(CreateRiskAssessmentRequest.self)
        // The page's form sends a blank date for "the default"; an API client leaves it out, and
        // the document declares these as dates, so a blank one is refused by name.
        let blankDates = [("assessedOn", body.assessedOn), ("nextReviewOn", body.nextReviewOn)].filter {
            $0.1.map { $0.trimmingCharacters(in: .whitespaces).isEmpty } == true
        }
        guard blankDates.isEmpty else {
            throw ValidationFailure(blankDates.map { FieldError(field: $0.0, messageKey: "risk.ui.error_date",
                                                                message: "\($0.0) must be a date as YYYY-MM-DD; leave it out for the default",
                                                                arguments: ["value": ""]) })
        }
        let id = try await RiskAssessmentService(req).create(company: company, .init(title: body.title, assessedOn: body.assessedOn,
                                                                                  nextReviewOn: body.nextReviewOn), by: req.actor.userID)
        let workspace = try await RiskWorkspace.load(id, company: company, db: req.db, catalogs: req.application.catalogs, now: req.now)
        let response = try await RiskAPIMapping.assessment(workspace, now: req.now).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/companies/\(company)/risk-assessments/\(id.uuidString.lowercased())")
        return response
    }

    @Sendable func show(req: Request) async throws -> RiskAssessmentResponse {
        RiskAPIMapping.assessment(try await req.riskWorkspace(), now: req.now)
    }

    @Sendable func document(req: Request) async throws -> RiskAssessmentResponse {
        let workspace = try await req.riskWorkspace()
        let body = try req.content.decode(DocumentRiskAssessmentRequest.self)
        try await RiskAssessmentService(req).document(workspace, .init(title: body.title, assessedOn: body.assessedOn, nextReviewOn: body.nextReviewOn,
                                                                       participants: (body.participants ?? []).map { .init(name: $0.name, role: $0.role) },
                                                                       unrated: body.unrated, mediumFrom: body.mediumFrom.map(String.init), highFrom: body.highFrom.map(String.init),
                                                                       screenFrom: body.screenFrom), by: req.actor.userID)
        return RiskAPIMapping.assessment(try await req.riskWorkspace(), now: req.now)
    }

    @Sendable func report(req: Request) async throws -> RiskReportResponse {
        let w = try await req.riskWorkspace()
        return RiskReportResponse(assessment: RiskAPIMapping.assessment(w, now: req.now, detailed: true), threats: RiskAPIMapping.threats(w),
                                  legacyThreats: RiskAPIMapping.legacyThreats(w), vulnerabilities: RiskAPIMapping.vulnerabilities(w, chains: w.chains),
                                  matrixSvg: w.matrix.svg(labels: .english(for: w.scale)))
    }

    @Sendable func comparison(req: Request) async throws -> RiskComparisonResponse {
        let current = try await req.riskWorkspace()
        let chosen = (try? req.query.get(String.self, at: "with")).flatMap(UUID.init(uuidString:)) ?? current.assessment.previous_id
        guard let chosen else {
            throw ValidationFailure([FieldError(field: "with", messageKey: "risk.ui.error_compare_with",
                                                message: "with must name another assessment of the company (this one was not copied from one)")])
        }
        let previous = try await RiskWorkspace.load(chosen, company: current.companyID, db: req.db, catalogs: req.application.catalogs, now: req.now)
        let result = AssessmentComparison.compare(previous: .init(chains: previous.chains, report: previous.report),
                                                  current: .init(chains: current.chains, report: current.report))
        return RiskAPIMapping.comparison(previous: previous, current: current, result)
    }

    @Sendable func accept(req: Request) async throws -> Response {
        let workspace = try await req.riskWorkspace()
        let body = try req.content.decode(AcceptRiskActionRequest.self)
        let proposal = workspace.actions.first { RiskWorkspace.sourceID($0.key) == body.key }
        try await RiskRatingService(req).acceptAction(key: body.key, owner: body.owner, dueDate: body.dueDate, in: workspace, by: req.actor.userID)
        let due = body.dueDate.flatMap { $0.isEmpty ? nil : $0 } ?? proposal.map { ProgramDay.text($0.dueDate) } ?? ""
        return try await RiskActionCreatedResponse(key: body.key ?? "", title: proposal?.title ?? "", owner: body.owner, dueDate: due, status: "open")
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func threatRatings(req: Request) async throws -> [ThreatRatingDTO] {
        RiskAPIMapping.threats(try await req.riskWorkspace())
    }

    /// `ratings` is required, as the document says; a body without it is a mistake, not "no change".
    static func required<T>(_ ratings: [T]?) throws -> [T] {
        guard let ratings else {
            throw ValidationFailure([FieldError(field: "ratings", messageKey: "error.required", message: "ratings is required (a list of ratings)")])
        }
        return ratings
    }

    @Sendable func rateThreats(req: Request) async throws -> [ThreatRatingDTO] {
        let workspace = try await req.riskWorkspace()
        let body = try req.content.decode(ThreatRatingsRequest.self)
        let drafts = try Self.required(body.ratings).map {
            ThreatRating.Draft(country: $0.country, region: $0.region, category: $0.category, level: $0.level, note: $0.note, source: $0.source)
        }
        try await RiskRatingService(req).rateThreats(drafts, in: workspace, by: req.actor.userID)
        return RiskAPIMapping.threats(try await req.riskWorkspace())
    }

    @Sendable func chains(req: Request) async throws -> [ChainRiskResponse] {
        let w = try await req.riskWorkspace()
        return w.chains.map { RiskAPIMapping.chainRisk(w, $0, detailed: true) }
    }

    /// A chain from the body: `text/csv`, or JSON with `csv`, or JSON nodes and legs.
    static func chain(from req: Request, id: SupplyChainID, existing: SupplyChain?) throws -> SupplyChain {
        if req.headers.contentType?.subType == "csv" {
            let text = req.body.string ?? ""
            return try ChainCSV.read(text, id: id).get()
        }
        let body = try req.content.decode(SupplyChainRequest.self)
        if let csv = body.csv { return try ChainCSV.read(csv, id: id, name: body.name).get() }
        let draft = SupplyChain.Draft(id: id, name: body.name, productLine: body.productLine,
                                      nodes: (body.nodes ?? []).map { node in
                                          let known = node.key.flatMap { existing?.node(key: $0) }
                                          return ChainNode.Draft(id: known?.id ?? ChainNodeID(), key: node.key, kind: node.kind, name: node.name,
                                                                 country: node.country, region: node.region, businessPartner: node.businessPartner)
                                      },
                                      legs: (body.legs ?? []).map { ChainLeg.Draft(from: $0.from, to: $0.to, mode: $0.mode, businessPartner: $0.businessPartner) })
        return try ChainValidator.validate(draft).get()
    }

    @Sendable func createChain(req: Request) async throws -> Response {
        let workspace = try await req.riskWorkspace()
        let chain = try Self.chain(from: req, id: SupplyChainID(), existing: nil)
        try await SupplyChainService(req).add(chain, to: workspace, by: req.actor.userID)
        let fresh = try await req.riskWorkspace(chain: chain.id.rawValue)
        let response = try await RiskAPIMapping.chainRisk(fresh, chain, detailed: true).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: req.url.path + "/\(chain.id)")
        return response
    }

    @Sendable func chain(req: Request) async throws -> ChainRiskResponse {
        let (w, chain) = try await req.riskChain()
        return RiskAPIMapping.chainRisk(w, chain, detailed: true)
    }

    @Sendable func updateChain(req: Request) async throws -> ChainRiskResponse {
        let (w, old) = try await req.riskChain()
        let chain = try Self.chain(from: req, id: old.id, existing: old)
        try await SupplyChainService(req).replace(old, with: chain, in: w, by: req.actor.userID)
        let (fresh, saved) = try await req.riskChain()
        return RiskAPIMapping.chainRisk(fresh, saved, detailed: true)
    }

    @Sendable func deleteChain(req: Request) async throws -> Response {
        let (w, chain) = try await req.riskChain()
        try await SupplyChainService(req).delete(chain, from: w, by: req.actor.userID)
        return Response(status: .noContent)
    }

    @Sendable func vulnerabilityRatings(req: Request) async throws -> VulnerabilityRatingsResponse {
        let (w, chain) = try await req.riskChain()
        return VulnerabilityRatingsResponse(chainId: chain.id.rawValue, ratings: RiskAPIMapping.vulnerabilities(w, chains: [chain]),
                                            proposals: RiskAPIMapping.proposals(w))
    }

    @Sendable func rateVulnerabilities(req: Request) async throws -> VulnerabilityRatingsResponse {
        let (w, chain) = try await req.riskChain()
        let body = try req.content.decode(VulnerabilityRatingsRequest.self)
        let drafts = try Self.required(body.ratings).map {
            VulnerabilityRating.Draft(nodeKey: $0.node, category: $0.category.map(String.init), level: $0.level, reason: $0.reason)
        }
        try await RiskRatingService(req).rateVulnerabilities(drafts, chain: chain, in: w, by: req.actor.userID)
        let (fresh, saved) = try await req.riskChain()
        return VulnerabilityRatingsResponse(chainId: saved.id.rawValue, ratings: RiskAPIMapping.vulnerabilities(fresh, chains: [saved]),
                                            proposals: RiskAPIMapping.proposals(fresh))
    }
}
