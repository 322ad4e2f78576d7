import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// A supply chain of an assessment: its page, the map form (add, edit), delete, CSV export and
/// the vulnerability form (step 3).
struct RiskChainController {
    func register(_ routes: any RoutesBuilder) {
        let chains = routes.grouped("companies", ":companyID", "risk", ":assessmentID", "chains")
        chains.on(.GET, "new", action: .editRiskAssessment, use: new)
        chains.on(.POST, action: .editRiskAssessment, use: create)
        chains.on(.GET, ":chainID", action: .viewRiskAssessment, use: show)
        chains.on(.GET, ":chainID", "csv", action: .viewRiskAssessment, use: csv)
        chains.on(.GET, ":chainID", "edit", action: .editRiskAssessment, use: edit)
        chains.on(.POST, ":chainID", action: .editRiskAssessment, use: update)
        chains.on(.POST, ":chainID", "delete", action: .editRiskAssessment, use: delete)
        chains.on(.POST, ":chainID", "vulnerabilities", action: .editRiskAssessment, use: rate)
    }

    static func extraRows(_ req: Request, _ form: [String: String] = [:]) -> Int {
        let asked = (try? req.query.get(Int.self, at: "rows")) ?? form["rows"].flatMap { Int($0) } ?? 3
        return max(1, min(asked, ChainValidator.maxNodes))
    }

    /// The map as typed: rows where every cell is blank are left out; a node keeps its id when
    /// its key was already on the map, so its ratings stay.
    static func draft(_ form: [String: String], id: SupplyChainID, existing: SupplyChain?) -> SupplyChain.Draft {
        func value(_ key: String) -> String? { form[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        func indexes(_ prefix: String) -> [Int] {
            Set(form.keys.compactMap { key -> Int? in
                guard key.hasPrefix(prefix) else { return nil }
                return key.split(separator: "_").last.flatMap { Int($0) }
            }).sorted()
        }
        var nodes: [ChainNode.Draft] = []
        for i in indexes("node_") {
            let cells = ["key", "kind", "name", "country", "region", "partner"].map { value("node_\($0)_\(i)") }
            guard cells.contains(where: { $0 != nil }) else { continue }
            let known = cells[0].flatMap { key in existing?.node(key: key.trimmingCharacters(in: .whitespaces)) }
            nodes.append(ChainNode.Draft(id: known?.id ?? ChainNodeID(), key: cells[0], kind: cells[1], name: cells[2], country: cells[3],
                                         region: cells[4], businessPartner: cells[5]))
        }
        var legs: [ChainLeg.Draft] = []
        for i in indexes("leg_") {
            let cells = ["from", "to", "mode", "partner"].map { value("leg_\($0)_\(i)") }
            guard cells.contains(where: { $0 != nil }) else { continue }
            legs.append(ChainLeg.Draft(from: cells[0], to: cells[1], mode: cells[2], businessPartner: cells[3]))
        }
        return SupplyChain.Draft(id: id, name: form["name"], productLine: value("product_line"), nodes: nodes, legs: legs)
    }

    /// The registry's partner names the form offers (for people who may read the registry).
    static func registry(_ req: Request, company: CompanyID) async throws -> [String] {
        guard PageContext(req).allows(.viewBusinessPartners, company: company) else { return [] }
        return try await BusinessPartnerQueries(req.db).names(company: company)
    }

    @Sendable func new(req: Request) async throws -> HTML {
        let workspace = try await req.riskWorkspace()
        return RiskChainViews.form(PageContext(req), .init(company: workspace.companyID, assessment: workspace.id,
                                                           assessmentTitle: workspace.assessment.title, chainID: nil,
                                                           draft: SupplyChain.Draft(name: nil, nodes: [], legs: []), extraRows: max(3, Self.extraRows(req)),
                                                           registry: try await Self.registry(req, company: workspace.companyID)))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let workspace = try await req.riskWorkspace()
        let form = RiskController.form(req)
        let draft = Self.draft(form, id: SupplyChainID(), existing: nil)
        switch ChainValidator.validate(draft) {
        case .failure(let failure):
            let model = RiskChainViews.FormModel(company: workspace.companyID, assessment: workspace.id, assessmentTitle: workspace.assessment.title,
                                                 chainID: nil, draft: draft, errors: failure.errors, extraRows: Self.extraRows(req, form),
                                                 registry: try await Self.registry(req, company: workspace.companyID))
            return Response.html(RiskChainViews.form(PageContext(req), model), status: .badRequest)
        case .success(let chain):
            try await SupplyChainService(req).add(chain, to: workspace, by: req.actor.userID)
            return RiskController.redirect(req, to: SiteURL.riskChain(workspace.companyID, workspace.id, chain.id), flash: "risk.ui.chain_saved")
        }
    }

    @Sendable func show(req: Request) async throws -> HTML {
        let (workspace, chain) = try await req.riskChain()
        let c = PageContext(req)
        return RiskChainViews.show(c, .init(workspace: workspace, chain: chain, canEdit: c.allows(.editRiskAssessment, company: workspace.companyID)))
    }

    @Sendable func csv(req: Request) async throws -> Response {
        let (_, chain) = try await req.riskChain()
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "supply-chain-\(chain.id).csv")
        return Response(status: .ok, headers: headers, body: .init(string: ChainCSV.write(chain)))
    }

    @Sendable func edit(req: Request) async throws -> HTML {
        let (workspace, chain) = try await req.riskChain()
        return RiskChainViews.form(PageContext(req), .init(company: workspace.companyID, assessment: workspace.id,
                                                           assessmentTitle: workspace.assessment.title, chainID: chain.id,
                                                           draft: chain.draft, extraRows: Self.extraRows(req),
                                                           registry: try await Self.registry(req, company: workspace.companyID)))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let (workspace, chain) = try await req.riskChain()
        let form = RiskController.form(req)
        let draft = Self.draft(form, id: chain.id, existing: chain)
        switch ChainValidator.validate(draft) {
        case .failure(let failure):
            let model = RiskChainViews.FormModel(company: workspace.companyID, assessment: workspace.id, assessmentTitle: workspace.assessment.title,
                                                 chainID: chain.id, draft: draft, errors: failure.errors, extraRows: Self.extraRows(req, form),
                                                 registry: try await Self.registry(req, company: workspace.companyID))
            return Response.html(RiskChainViews.form(PageContext(req), model), status: .badRequest)
        case .success(let updated):
            try await SupplyChainService(req).replace(chain, with: updated, in: workspace, by: req.actor.userID)
            return RiskController.redirect(req, to: SiteURL.riskChain(workspace.companyID, workspace.id, chain.id), flash: "risk.ui.chain_saved")
        }
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let (workspace, chain) = try await req.riskChain()
        try await SupplyChainService(req).delete(chain, from: workspace, by: req.actor.userID)
        return RiskController.redirect(req, to: SiteURL.riskAssessment(workspace.companyID, workspace.id), flash: "risk.ui.chain_deleted")
    }

    @Sendable func rate(req: Request) async throws -> Response {
        let (workspace, chain) = try await req.riskChain()
        let form = RiskController.form(req)
        var drafts: [VulnerabilityRating.Draft] = []
        for (index, node) in chain.nodes.enumerated() {
            for category in workspace.method.applicability.categories(for: node.kind) {
                let name = "\(index)_\(category.number)"
                guard let level = form["level_\(name)"], !level.isEmpty else { continue }
                drafts.append(VulnerabilityRating.Draft(nodeKey: node.key, category: String(category.number), level: level,
                                                        reason: form["reason_\(name)"]))
            }
        }
        do {
            try await RiskRatingService(req).rateVulnerabilities(drafts, chain: chain, in: workspace, by: req.actor.userID)
            return RiskController.redirect(req, to: SiteURL.riskChain(workspace.companyID, workspace.id, chain.id) + "#vulnerabilities",
                                           flash: "risk.ui.saved")
        } catch let failure as ValidationFailure {
            let c = PageContext(req)
            let model = RiskChainViews.ShowModel(workspace: workspace, chain: chain, canEdit: true, errors: failure.errors, posted: form)
            return Response.html(RiskChainViews.show(c, model), status: .badRequest)
        }
    }
}
