import Fluent
import Foundation
import TrustlaneCore
import Vapor

/// The risk assessment pages: the list, an assessment in five steps, its report and comparison,
/// and the forms of steps 2, 4 and 5 plus the CSV import of step 1.
struct RiskController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "companies", ":companyID", "risk", action: .viewRiskAssessment, use: index)
        routes.on(.POST, "companies", ":companyID", "risk", action: .editRiskAssessment, use: create)
        routes.on(.GET, "companies", ":companyID", "risk", ":assessmentID", action: .viewRiskAssessment, use: show)
        routes.on(.GET, "companies", ":companyID", "risk", ":assessmentID", "report", action: .viewRiskAssessment, use: report)
        routes.on(.GET, "companies", ":companyID", "risk", ":assessmentID", "compare", action: .viewRiskAssessment, use: compare)
        routes.on(.POST, "companies", ":companyID", "risk", ":assessmentID", "document", action: .editRiskAssessment, use: document)
        routes.on(.POST, "companies", ":companyID", "risk", ":assessmentID", "threats", action: .editRiskAssessment, use: threats)
        routes.on(.POST, "companies", ":companyID", "risk", ":assessmentID", "actions", action: .editRiskAssessment, use: accept)
        routes.on(.POST, "companies", ":companyID", "risk", ":assessmentID", "chains", "import", action: .editRiskAssessment, use: importCSV)
    }

    static func form(_ req: Request) -> [String: String] {
        req.formFields()
    }

    static func redirect(_ req: Request, to path: String, flash key: String) -> Response {
        req.redirect(to: path, flash: key)
    }

    func listModel(_ req: Request, errors: [FieldError] = []) async throws -> RiskViews.ListModel {
        let company = try await req.routeCompany().companyID
        return RiskViews.ListModel(company: company, rows: try await RiskQueries(req.db).assessments(of: company),
                                   canEdit: PageContext(req).allows(.editRiskAssessment, company: company), now: req.now, errors: errors)
    }

    @Sendable func index(req: Request) async throws -> HTML {
        RiskViews.list(PageContext(req), try await listModel(req))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let company = try req.companyID()
        let form = Self.form(req)
        do {
            let id = try await RiskAssessmentService(req).create(company: company, .init(title: form["title"], assessedOn: form["assessed_on"],
                                                                                      nextReviewOn: form["next_review_on"]), by: req.actor.userID)
            return Self.redirect(req, to: SiteURL.riskAssessment(company, id), flash: "risk.ui.created")
        } catch let failure as ValidationFailure {
            return Response.html(RiskViews.list(PageContext(req), try await listModel(req, errors: failure.errors)), status: .badRequest)
        }
    }

    static func showModel(_ req: Request, _ workspace: RiskWorkspace) -> RiskViews.ShowModel {
        RiskViews.ShowModel(workspace: workspace, canEdit: PageContext(req).allows(.editRiskAssessment, company: workspace.companyID), now: req.now)
    }

    @Sendable func show(req: Request) async throws -> HTML {
        RiskViews.show(PageContext(req), Self.showModel(req, try await req.riskWorkspace()))
    }

    @Sendable func report(req: Request) async throws -> HTML {
        RiskReportViews.report(PageContext(req), try await req.riskWorkspace())
    }

    @Sendable func compare(req: Request) async throws -> HTML {
        let current = try await req.riskWorkspace()
        let others = try await RiskQueries(req.db).assessments(of: current.companyID).filter { $0.id != current.id }
        let chosen = (try? req.query.get(String.self, at: "with")).flatMap(UUID.init(uuidString:)) ?? current.assessment.previous_id ?? others.first?.id
        guard let chosen else { throw TrustlaneError.notFound }
        let previous = try await RiskWorkspace.load(chosen, company: current.companyID, db: req.db, catalogs: req.application.catalogs, now: req.now)
        let comparison = AssessmentComparison.compare(previous: .init(chains: previous.chains, report: previous.report),
                                                      current: .init(chains: current.chains, report: current.report))
        return RiskReportViews.compare(PageContext(req), .init(current: current, previous: previous, comparison: comparison, others: others))
    }

    /// Re-shows the assessment page with errors (400).
    static func invalid(_ req: Request, _ workspace: RiskWorkspace, _ errors: [FieldError], importText: String? = nil) -> Response {
        var model = showModel(req, workspace)
        model.errors = errors
        model.importText = importText
        return Response.html(RiskViews.show(PageContext(req), model), status: .badRequest)
    }

    @Sendable func document(req: Request) async throws -> Response {
        let workspace = try await req.riskWorkspace()
        let form = Self.form(req)
        let participants = (form["participants"] ?? "").split(whereSeparator: \.isNewline).compactMap { line -> AssessmentParticipant.Draft? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            let parts = text.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return AssessmentParticipant.Draft(name: parts[0], role: parts.count > 1 ? parts[1] : nil)
        }
        do {
            try await RiskAssessmentService(req).document(workspace, .init(title: form["title"], assessedOn: form["assessed_on"],
                                                                           nextReviewOn: form["next_review_on"], participants: participants,
                                                                           unrated: form["unrated"], mediumFrom: form["medium_from"], highFrom: form["high_from"],
                                                                           screenFrom: form["screen_from"]), by: req.actor.userID)
            return Self.redirect(req, to: SiteURL.riskAssessment(workspace.companyID, workspace.id) + "#step-document", flash: "risk.ui.saved")
        } catch let failure as ValidationFailure {
            return Self.invalid(req, workspace, failure.errors)
        }
    }

    /// Threat drafts from the form: one per place and threat with a level chosen, each with the
    /// row's place as typed and its threat (to name an error in words).
    static func threatDrafts(_ form: [String: String]) -> [(draft: ThreatRating.Draft, place: String, threat: ThreatCategory)] {
        var drafts: [(draft: ThreatRating.Draft, place: String, threat: ThreatCategory)] = []
        var index = 0
        while let country = form["country_\(index)"] {
            let region = form["region_\(index)"].flatMap { $0.isEmpty ? nil : $0 }
            let place = region.map { "\(country), \($0)" } ?? country
            for threat in ThreatCategory.allCases {
                guard let level = form["threat_\(index)_\(threat.rawValue)"], !level.isEmpty else { continue }
                drafts.append((ThreatRating.Draft(country: country, region: region, category: threat.rawValue, level: level,
                                                  note: form["note_\(index)"], source: form["source_\(index)"]), place, threat))
            }
            index += 1
        }
        return drafts
    }

    @Sendable func threats(req: Request) async throws -> Response {
        let workspace = try await req.riskWorkspace()
        let form = Self.form(req)
        let drafts = Self.threatDrafts(form)
        do {
            try await RiskRatingService(req).rateThreats(drafts.map(\.draft), in: workspace, by: req.actor.userID)
            return Self.redirect(req, to: SiteURL.riskAssessment(workspace.companyID, workspace.id) + "#step-threats", flash: "risk.ui.saved")
        } catch let failure as ValidationFailure {
            // Everything typed comes back, and each error names its place and threat in words.
            var model = Self.showModel(req, workspace)
            model.errors = failure.errors
            model.postedThreats = form
            let c = PageContext(req)
            for (index, origin) in drafts.enumerated() {
                model.errorRows["threats[\(index)]"] = "\(origin.place) · \(c.t(origin.threat.nameKey))"
            }
            return Response.html(RiskViews.show(c, model), status: .badRequest)
        }
    }

    @Sendable func accept(req: Request) async throws -> Response {
        let workspace = try await req.riskWorkspace()
        let form = Self.form(req)
        do {
            try await RiskRatingService(req).acceptActions(keys: Self.chosenKeys(form), owner: form["owner"], dueDate: form["due_date"],
                                                           in: workspace, by: req.actor.userID)
            return Self.redirect(req, to: SiteURL.riskAssessment(workspace.companyID, workspace.id) + "#step-actions", flash: "risk.ui.action_accepted")
        } catch let failure as ValidationFailure {
            var model = Self.showModel(req, workspace)
            model.errors = failure.errors
            model.postedActions = form
            return Response.html(RiskViews.show(PageContext(req), model), status: .badRequest)
        }
    }

    /// The ticked proposals of the action plan form (`key_<row>`), or a single `key`, in row order.
    static func chosenKeys(_ form: [String: String]) -> [String] {
        var rows: [(Int, String)] = []
        for (name, value) in form where name.hasPrefix("key_") && !value.isEmpty {
            if let row = Int(name.dropFirst(4)) { rows.append((row, value)) }
        }
        let keys = rows.sorted { $0.0 < $1.0 }.map(\.1)
        guard let single = form["key"], !single.isEmpty else { return keys }
        return [single] + keys
    }

    @Sendable func importCSV(req: Request) async throws -> Response {
        let workspace = try await req.riskWorkspace()
        let text = Self.form(req)["csv"] ?? ""
        switch ChainCSV.read(text) {
        case .failure(let failure):
            return Self.invalid(req, workspace, failure.errors, importText: text)
        case .success(let chain):
            try await SupplyChainService(req).add(chain, to: workspace, by: req.actor.userID)
            return Self.redirect(req, to: SiteURL.riskChain(workspace.companyID, workspace.id, chain.id), flash: "risk.ui.chain_saved")
        }
    }
}
