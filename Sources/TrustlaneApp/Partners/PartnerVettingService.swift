import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Vetting a partner (issue 15, MSC 3.4-3.7): status proofs, the risk tier from its stated
/// factors, assessments (every one kept), early-reassessment events and the partner's
/// corrective actions. Each write recomputes and stores the tier and the next assessment day
/// in the same transaction, with an audit entry.
package struct PartnerVettingService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    package init(app: Application) { self.app = app; db = app.db }

    var today: ProgramDay { ProgramDay(app.clock.now()) }

    /// How a partner was assessed.
    package enum Method: String, CaseIterable, Sendable {
        case questionnaire
        /// Vetted by a CTPAT or MRA-recognised status proof instead of the questionnaire (3.4).
        case statusProof = "status_proof"
        case siteVisit = "site_visit"
        case documentReview = "document_review"
    }

    /// An event that calls for a reassessment before the cadence says (3.7: "as circumstances
    /// or risks dictate").
    package enum Trigger: String, CaseIterable, Sendable {
        case incident
        case ownershipChange = "ownership_change"
        case newLaneOrCountry = "new_lane_or_country"
        case screeningHit = "screening_hit"
        case statusLapse = "status_lapse"
    }

    // MARK: Reads

    package struct ProofRow: Decodable, Sendable {
        let id: UUID
        let kind: String
        let program: String
        let number: String
        let country: String?
        let valid_until: String?
        let verified_on: String?

        var proof: StatusProof {
            StatusProof(kind: StatusProof.Kind(rawValue: kind) ?? .other, program: program, number: number, country: country.flatMap(CountryCode.init),
                        validUntil: valid_until.flatMap(ProgramDay.init), verifiedOn: verified_on.flatMap(ProgramDay.init))
        }
    }

    package struct AssessmentRow: Decodable, Sendable {
        let id: UUID
        let method: String
        let completed_on: String
        let tier: String
        let points: Int
        let factors: String
        let notes: String?
    }

    package struct ActionRow: Decodable, Sendable {
        let id: UUID
        let title: String
        let due_on: String
        let status: String
        let closed_on: String?
    }

    package struct State: Decodable, Sendable {
        let country: String
        let role: String
        let volume: String?
        let tier: String?
        let tier_points: Int?
        let last_assessed_on: String?
        let next_assessment_on: String?
        let early_trigger_on: String?
        let early_trigger_reason: String?
        let legal_name: String
        let other_names: String

        var names: [String] { [legal_name] + other_names.split(separator: "\n").map(String.init) }
    }

    /// A CTPAT member on this installation that the company monitors (an accepted partner-
    /// monitoring connection, the SVI's equivalent) and whose name is one of the partner's: its
    /// status is live proof for 3.4, without a certificate to keep.
    package struct Monitored: Decodable, Sendable {
        let company_id: UUID
        let legal_name: String
        let status: String

        var inGoodStanding: Bool { MembershipStatus(rawValue: status)?.isMemberInGoodStanding ?? false }
    }

    static func monitored(company: CompanyID, names: [String], on sql: any SQLDatabase) async throws -> [Monitored] {
        let folded = Array(Set(names.map { $0.lowercased() }))
        guard !folded.isEmpty else { return [] }
        return try await sql.raw("""
        SELECT c.id AS company_id, c.legal_name, a.status FROM monitoring_connections mc JOIN companies c ON c.id = mc.company_id
        JOIN membership_applications a ON a.company_id = c.id
        WHERE mc.partner_company_id = \(bind: company.rawValue) AND mc.status = 'accepted' AND LOWER(c.legal_name) IN (\(binds: folded))
        ORDER BY c.legal_name
        """).all(decoding: Monitored.self)
    }

    /// Everything the partner page shows about vetting, in four reads.
    package struct Vetting: Sendable {
        let state: State
        let proofs: [ProofRow]
        let assessments: [AssessmentRow]
        let actions: [ActionRow]
        let vetting: PartnerVetting
        /// Live CTPAT status from partner monitoring, when the partner is a member here.
        let monitored: [Monitored]
        /// A CTPAT or MRA-recognised status today (vetting by status is allowed).
        let recognised: Bool
    }

    package func vetting(company: CompanyID, partner: UUID) async throws -> Vetting? {
        let sql = db as! any SQLDatabase
        guard let facts = try await Self.facts(company: company, partner: partner, on: sql) else { return nil }
        let assessments = try await sql.raw("""
        SELECT id, method, completed_on, tier, points, factors, notes FROM business_partner_assessments WHERE partner_id = \(bind: partner)
        ORDER BY completed_on DESC, created_at DESC
        """).all(decoding: AssessmentRow.self)
        let input = try await Self.input(company: company, partner: partner, facts: facts, today: today, on: sql)
        return Vetting(state: facts.state, proofs: facts.proofs, assessments: assessments, actions: facts.actions,
                       vetting: PartnerVetting.assess(input), monitored: facts.monitored, recognised: input.recognisedStatus)
    }

    /// What a partner's tier is computed from, read once for the page, a recount or an
    /// assessment: its row, proofs, corrective actions and the members it is monitored as.
    struct Facts: Sendable {
        let state: State
        let proofs: [ProofRow]
        let actions: [ActionRow]
        let monitored: [Monitored]

        /// A CTPAT or MRA-recognised status on `today`: a proof that counts, or a monitored
        /// member in good standing.
        func recognised(on today: ProgramDay) -> Bool {
            monitored.contains(where: \.inGoodStanding) || proofs.contains { $0.proof.recognition(on: today).counts }
        }
    }

    static func facts(company: CompanyID, partner: UUID, on sql: any SQLDatabase) async throws -> Facts? {
        guard let state = try await sql.raw("""
        SELECT country, role, volume, tier, tier_points, last_assessed_on, next_assessment_on, early_trigger_on, early_trigger_reason, legal_name, other_names
        FROM business_partners WHERE company_id = \(bind: company.rawValue) AND id = \(bind: partner)
        """).first(decoding: State.self) else { return nil }
        let proofs = try await sql.raw("""
        SELECT id, kind, program, number, country, valid_until, verified_on FROM business_partner_proofs WHERE partner_id = \(bind: partner) ORDER BY created_at
        """).all(decoding: ProofRow.self)
        let actions = try await sql.raw("""
        SELECT id, title, due_on, status, closed_on FROM business_partner_actions WHERE partner_id = \(bind: partner) ORDER BY status DESC, due_on
        """).all(decoding: ActionRow.self)
        return Facts(state: state, proofs: proofs, actions: actions, monitored: try await monitored(company: company, names: state.names, on: sql))
    }

    /// The tier's inputs: the country's highest current threat rating, a recognised status,
    /// the partner's open and overdue actions, its screening hits.
    static func input(company: CompanyID, partner: UUID, facts: Facts, today: ProgramDay, on sql: any SQLDatabase) async throws -> PartnerVetting.Input {
        let state = facts.state
        struct Threat: Decodable { let level_key: String }
        let threats = try await sql.raw("""
        SELECT level_key FROM threat_ratings WHERE company_id = \(bind: company.rawValue) AND country = \(bind: state.country) AND superseded_at IS NULL
        """).all(decoding: Threat.self)
        let scale = RiskScale.standard
        let levels = threats.compactMap { scale.level(text: $0.level_key) }
        let threat = levels.max().map { PartnerVetting.CountryThreat(rank: $0.rank, highest: scale.levels.count - 1, label: scale.key(of: $0)) }
        let open = facts.actions.filter { $0.status == "open" }
        let overdue = open.filter { ProgramDay($0.due_on).map { $0 < today } ?? false }
        struct Hits: Decodable { let status: String; let n: Int }
        var hits: [String: Int] = [:]
        for row in try await sql.raw("""
        SELECT status, COUNT(*) AS n FROM screening_hits WHERE partner_id = \(bind: partner) AND status IN ('open', 'true_match') GROUP BY status
        """).all(decoding: Hits.self) { hits[row.status] = row.n }
        return PartnerVetting.Input(role: BusinessPartnerRole(rawValue: state.role) ?? .other, countryThreat: threat,
                                    recognisedStatus: facts.recognised(on: today),
                                    volume: state.volume.flatMap(PartnerVetting.Volume.init(rawValue:)),
                                    openActions: open.count, overdueActions: overdue.count,
                                    openScreeningHits: hits["open"] ?? 0, confirmedScreeningMatch: (hits["true_match"] ?? 0) > 0)
    }

    /// Recomputes and stores the tier and the next assessment day of one partner.
    static func refresh(company: CompanyID, partner: UUID, today: ProgramDay, settings: ProgramSettings, on sql: any SQLDatabase) async throws {
        guard let facts = try await facts(company: company, partner: partner, on: sql) else { throw TrustlaneError.notFound }
        let state = facts.state
        let proofs = facts.proofs
        let vetting = PartnerVetting.assess(try await input(company: company, partner: partner, facts: facts, today: today, on: sql))
        // A proof that lapsed is itself a reason to look again (3.4: monitor that partners keep it).
        var trigger = state.early_trigger_on.flatMap(ProgramDay.init)
        var reason = state.early_trigger_reason
        if trigger == nil, let lapsed = proofs.compactMap({ $0.proof.validUntil }).filter({ $0 < today }).max(),
           let last = state.last_assessed_on.flatMap(ProgramDay.init), lapsed >= last {
            trigger = lapsed
            reason = Trigger.statusLapse.rawValue
        }
        let next = vetting.nextAssessment(last: state.last_assessed_on.flatMap(ProgramDay.init), earlyTrigger: trigger, settings: settings)
        try await sql.raw("""
        UPDATE business_partners SET tier = \(bind: vetting.tier.rawValue), tier_points = \(bind: vetting.points),
        next_assessment_on = \(bind: next?.description), early_trigger_on = \(bind: trigger?.description), early_trigger_reason = \(bind: reason)
        WHERE id = \(bind: partner)
        """).run()
    }

    // MARK: Writes

    private func write(_ company: CompanyID, _ partner: UUID, action: String, target: String, targetID: UUID, changes: [String: String?],
                       by actor: UserID?, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let now = app.clock.now()
        let today = today
        let settings = app.config.programSettings
        try await app.writeGate.transaction(on: db) { tx in
            let sql = tx as! any SQLDatabase
            try await body(sql)
            try await Self.refresh(company: company, partner: partner, today: today, settings: settings, on: sql)
            try await AuditLog.append(AuditEvent(action: action, targetType: target, targetID: targetID.uuidString.lowercased(), companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: changes)),
                                      by: actor, on: tx, at: now)
        }
    }

    static func day(_ text: String?, field: String, required: Bool, into errors: inout [FieldError]) -> ProgramDay? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            if required { errors.append(.required(field)) }
            return nil
        }
        guard let day = ProgramDay(text) else {
            errors.append(FieldError(field: field, messageKey: "partners.error.date", message: "\(field) must be a date as YYYY-MM-DD",
                                     arguments: ["value": String(text.prefix(20))]))
            return nil
        }
        return day
    }

    package func addProof(company: CompanyID, partner: UUID, form: [String: String], by actor: UserID?) async throws {
        var errors: [FieldError] = []
        let kindText = form["kind"] ?? ""
        let kind = StatusProof.Kind(rawValue: kindText)
        if kind == nil {
            errors.append(FieldError(field: "kind", messageKey: "partners.error.proof_kind", message: "kind must be ctpat, aeo or other"))
        }
        let program = Check.text(form["program"], field: "program", max: 80, required: false, into: &errors) ?? ""
        let number = Check.text(form["number"], field: "number", max: 60, into: &errors)
        let country = BusinessPartnerValidator.country(form["country"], into: &errors)
        if kind == .aeo && (form["country"] ?? "").allSatisfy(\.isWhitespace) {
            errors.append(FieldError(field: "country", messageKey: "partners.error.proof_country",
                                     message: "country is required for an AEO status: the issuing customs administration's country"))
        }
        let validUntil = Self.day(form["valid_until"], field: "valid_until", required: false, into: &errors)
        let verifiedOn = Self.day(form["verified_on"], field: "verified_on", required: false, into: &errors)
        guard errors.isEmpty, let kind, let number else { throw ValidationFailure(errors) }
        let id = UUID()
        let now = app.clock.now()
        try await write(company, partner, action: "business_partner.proof_added", target: "business_partner", targetID: partner,
                        changes: ["kind": kind.rawValue, "program": program, "number": number, "country": country?.code,
                                  "valid_until": validUntil?.description, "verified_on": verifiedOn?.description], by: actor) { sql in
            try await sql.raw("""
            INSERT INTO business_partner_proofs (id, company_id, partner_id, kind, program, number, country, valid_until, verified_on, created_at)
            VALUES (\(bind: id), \(bind: company.rawValue), \(bind: partner), \(bind: kind.rawValue), \(bind: program), \(bind: number),
            \(bind: country?.code), \(bind: validUntil?.description), \(bind: verifiedOn?.description), \(bind: now))
            """).run()
        }
    }

    package func removeProof(company: CompanyID, partner: UUID, proof: UUID, by actor: UserID?) async throws {
        try await write(company, partner, action: "business_partner.proof_removed", target: "business_partner", targetID: partner,
                        changes: ["proof": proof.uuidString.lowercased()], by: actor) { sql in
            try await sql.raw("DELETE FROM business_partner_proofs WHERE id = \(bind: proof) AND partner_id = \(bind: partner)").run()
        }
    }

    package func setVolume(company: CompanyID, partner: UUID, volume text: String?, by actor: UserID?) async throws {
        let volume: PartnerVetting.Volume?
        if let text, !text.isEmpty {
            guard let known = PartnerVetting.Volume(rawValue: text) else {
                throw ValidationFailure([FieldError(field: "volume", messageKey: "partners.error.volume", message: "volume must be low, medium or high, or left empty")])
            }
            volume = known
        } else {
            volume = nil
        }
        try await write(company, partner, action: "business_partner.volume_set", target: "business_partner", targetID: partner,
                        changes: ["volume": volume?.rawValue], by: actor) { sql in
            try await sql.raw("UPDATE business_partners SET volume = \(bind: volume?.rawValue) WHERE id = \(bind: partner)").run()
        }
    }

    /// Records an assessment with the tier as it stands; the next one is due a cadence later.
    package func recordAssessment(company: CompanyID, partner: UUID, form: [String: String], by actor: UserID?) async throws {
        var errors: [FieldError] = []
        let method = form["method"].flatMap(Method.init(rawValue:))
        if method == nil {
            errors.append(FieldError(field: "method", messageKey: "partners.error.method",
                                     message: "method must be one of \(Method.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let completed = Self.day(form["completed_on"], field: "completed_on", required: true, into: &errors)
        if let completed, completed > today {
            errors.append(FieldError(field: "completed_on", messageKey: "partners.error.future", message: "completed_on cannot be after today"))
        }
        let notes = Check.text(form["notes"], field: "notes", max: 4000, required: false, use: .freeText, into: &errors)
        guard errors.isEmpty, let method, let completed else { throw ValidationFailure(errors) }
        let now = app.clock.now()
        let today = today
        try await write(company, partner, action: "business_partner.assessed", target: "business_partner", targetID: partner,
                        changes: ["method": method.rawValue, "completed_on": completed.description, "notes": notes], by: actor) { sql in
            try await Self.storeAssessment(company: company, partner: partner, method: method, completed: completed, notes: notes, by: actor,
                                           today: today, now: now, on: sql)
        }
    }

    /// Inserts an assessment with the tier as it stands and moves the partner's last-assessed
    /// day; for the caller's transaction (the page's form, an answered questionnaire), which
    /// refreshes the tier and writes the audit entry.
    static func storeAssessment(company: CompanyID, partner: UUID, method: Method, completed: ProgramDay, notes: String?, by actor: UserID?,
                                today: ProgramDay, now: Date, on sql: any SQLDatabase) async throws {
        let id = UUID()
        guard let facts = try await facts(company: company, partner: partner, on: sql) else { throw TrustlaneError.notFound }
        let state = facts.state
        if method == .statusProof && !facts.recognised(on: today) {
            throw ValidationFailure([FieldError(field: "method", messageKey: "partners.error.no_valid_proof",
                                                message: "A partner is vetted by its status only with a CTPAT or MRA-recognised proof valid today; add the proof first")])
        }
        let vetting = PartnerVetting.assess(try await Self.input(company: company, partner: partner, facts: facts, today: today, on: sql))
        let factors = vetting.factors.map { "\($0.key) \($0.points) \($0.detail)" }.joined(separator: "\n")
        try await sql.raw("""
        INSERT INTO business_partner_assessments (id, company_id, partner_id, method, completed_on, tier, points, factors, notes, created_by, created_at)
        VALUES (\(bind: id), \(bind: company.rawValue), \(bind: partner), \(bind: method.rawValue), \(bind: completed.description),
        \(bind: vetting.tier.rawValue), \(bind: vetting.points), \(bind: factors), \(bind: notes), \(bind: actor?.rawValue), \(bind: now))
        """).run()
        // The latest assessment by its day sets the cadence; an early trigger it answers is cleared.
        let last = max(completed, state.last_assessed_on.flatMap(ProgramDay.init) ?? completed)
        let trigger = state.early_trigger_on.flatMap(ProgramDay.init)
        let answered = trigger.map { $0 <= completed } ?? false
        try await sql.raw("""
        UPDATE business_partners SET last_assessed_on = \(bind: last.description),
        early_trigger_on = \(bind: answered ? nil : trigger?.description), early_trigger_reason = \(bind: answered ? nil : state.early_trigger_reason)
        WHERE id = \(bind: partner)
        """).run()
    }

    /// Inserts an open partner corrective action, for the caller's transaction.
    static func storeAction(company: CompanyID, partner: UUID, title: String, due: ProgramDay, now: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
        INSERT INTO business_partner_actions (id, company_id, partner_id, title, due_on, status, created_at)
        VALUES (\(bind: UUID()), \(bind: company.rawValue), \(bind: partner), \(bind: title), \(bind: due.description), 'open', \(bind: now))
        """).run()
    }

    /// An event that brings the next assessment forward to today.
    package func recordTrigger(company: CompanyID, partner: UUID, trigger text: String?, by actor: UserID?) async throws {
        guard let trigger = text.flatMap(Trigger.init(rawValue:)) else {
            throw ValidationFailure([FieldError(field: "trigger", messageKey: "partners.error.trigger",
                                                message: "trigger must be one of \(Trigger.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        let today = today
        try await write(company, partner, action: "business_partner.reassessment_triggered", target: "business_partner", targetID: partner,
                        changes: ["trigger": trigger.rawValue], by: actor) { sql in
            try await sql.raw("""
            UPDATE business_partners SET early_trigger_on = \(bind: today.description), early_trigger_reason = \(bind: trigger.rawValue) WHERE id = \(bind: partner)
            """).run()
        }
    }

    package func addAction(company: CompanyID, partner: UUID, form: [String: String], by actor: UserID?) async throws {
        var errors: [FieldError] = []
        let title = Check.text(form["title"], field: "title", max: 300, use: .freeText, into: &errors)
        let due = Self.day(form["due_on"], field: "due_on", required: true, into: &errors)
        guard errors.isEmpty, let title, let due else { throw ValidationFailure(errors) }
        let id = UUID()
        let now = app.clock.now()
        try await write(company, partner, action: "business_partner.action_opened", target: "business_partner", targetID: partner,
                        changes: ["title": title, "due_on": due.description], by: actor) { sql in
            try await sql.raw("""
            INSERT INTO business_partner_actions (id, company_id, partner_id, title, due_on, status, created_at)
            VALUES (\(bind: id), \(bind: company.rawValue), \(bind: partner), \(bind: title), \(bind: due.description), 'open', \(bind: now))
            """).run()
        }
    }

    package func closeAction(company: CompanyID, partner: UUID, action: UUID, by actor: UserID?) async throws {
        let today = today
        try await write(company, partner, action: "business_partner.action_closed", target: "business_partner", targetID: partner,
                        changes: ["action": action.uuidString.lowercased()], by: actor) { sql in
            try await sql.raw("""
            UPDATE business_partner_actions SET status = 'done', closed_on = \(bind: today.description)
            WHERE id = \(bind: action) AND partner_id = \(bind: partner) AND status = 'open'
            """).run()
        }
    }
}
