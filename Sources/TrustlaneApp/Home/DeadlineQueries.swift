import Fluent
import Foundation
import SQLKit
import TrustlaneCore
import Vapor

/// Every deadline a person can see (issue 14), for the calendar feed and the weekly digest:
/// running membership clocks and open findings' response dates of the companies they hold a
/// seat in and of the applications assigned to them as reviewer; open corrective actions and
/// expiring evidence of the companies whose working profile they may read; business partners due
/// for reassessment (one item per company and day, up to 90 days ahead) and partners' open
/// corrective actions of the registries they may read. What each person sees is decided by
/// `AccessPolicy` on the same actor the session would build. Eight queries whatever the number
/// of companies.
struct DeadlineQueries {
    let db: any Database
    let settings: ProgramSettings
    var sql: any SQLDatabase { db as! any SQLDatabase }

    private struct Seat: Decodable { let company_id: UUID; let role: String; let legal_name: String }
    private struct Assigned: Decodable { let company_id: UUID; let legal_name: String; let state: String }
    private struct Application: Decodable { let company_id: UUID; let state: String }
    private struct Action: Decodable { let id: UUID; let company_id: UUID; let title: String; let due_date: Date }
    private struct Evidence: Decodable { let id: UUID; let company_id: UUID; let title: String; let expires_at: Date }
    private struct Finding: Decodable { let state: String }
    private struct Reassessments: Decodable { let company_id: UUID; let next_assessment_on: String; let n: Int }
    private struct PartnerAction: Decodable { let id: UUID; let company_id: UUID; let partner_id: UUID; let title: String; let legal_name: String; let due_on: String }

    /// Partner reassessments further ahead than this are left out of feeds and digests.
    static let partnerHorizonDays = 90

    /// The person as `AccessPolicy` sees them, and the names of the companies they hold a seat in.
    func actor(for user: UserModel) async throws -> (Actor, [UUID: String]) {
        let seats = try await sql.select().column(SQLColumn("company_id", table: "m")).column(SQLColumn("role", table: "m"))
            .column(SQLColumn("legal_name", table: "c"))
            .from(SQLAlias(SQLIdentifier("company_members"), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier("companies"), as: SQLIdentifier("c")), on: SQLColumn("company_id", table: "m"), .equal, SQLColumn("id", table: "c"))
            .where(SQLColumn("user_id", table: "m"), .equal, SQLBind(try user.requireID())).all(decoding: Seat.self)
        var roles: [CompanyID: CompanyRole] = [:]
        var names: [UUID: String] = [:]
        for seat in seats {
            guard let role = CompanyRole(rawValue: seat.role) else { continue }
            roles[CompanyID(seat.company_id)] = role
            names[seat.company_id] = seat.legal_name
        }
        return (Actor(userID: user.userID, platformRoles: user.platformRoles, companyRoles: roles), names)
    }

    func deadlines(for user: UserModel, now: Date) async throws -> [Deadline] {
        let (actor, names) = try await actor(for: user)
        func may(_ action: TrustlaneCore.Action, _ company: UUID) -> Bool {
            AccessPolicy.decide(actor, action, company: CompanyID(company)) == .allowed
        }
        let memberships = names.keys.filter { may(.viewMembership, $0) }
        let drafts = names.keys.filter { may(.viewProfileDraft, $0) }
        let registries = names.keys.filter { may(.viewBusinessPartners, $0) }
        var applications: [(MembershipApplication, name: String, link: (EntityType) -> String)] = []
        if !memberships.isEmpty {
            for row in try await sql.select().columns("company_id", "state").from("membership_applications")
                .where("company_id", .in, SQLBind.group(memberships)).all(decoding: Application.self) {
                guard let application = MembershipStore.decode(MembershipApplication.self, row.state) else { continue }
                let company = CompanyID(row.company_id)
                applications.append((application, names[row.company_id] ?? "", { _ in SiteURL.companyMembership(company) }))
            }
        }
        if user.isReviewer {
            for row in try await sql.select().column(SQLColumn("company_id", table: "a")).column(SQLColumn("legal_name", table: "c"))
                .column(SQLColumn("state", table: "a"))
                .from(SQLAlias(SQLIdentifier("membership_applications"), as: SQLIdentifier("a")))
                .join(SQLAlias(SQLIdentifier("companies"), as: SQLIdentifier("c")), on: SQLColumn("company_id", table: "a"), .equal, SQLColumn("id", table: "c"))
                .where(SQLColumn("assigned_reviewer_id", table: "a"), .equal, SQLBind(try user.requireID()))
                .all(decoding: Assigned.self) {
                guard let application = MembershipStore.decode(MembershipApplication.self, row.state) else { continue }
                let company = CompanyID(row.company_id)
                applications.append((application, row.legal_name, { SiteURL.membershipReview(company, $0) }))
            }
        }
        var found: [Deadline] = []
        let clocks = MembershipClocks(settings: settings)
        var validations: [UUID: (MembershipApplication, String, String)] = [:]
        for (application, name, link) in applications where !application.status.isClosed {
            for clock in clocks.clocks(for: application, now: now) where clock.isRunning {
                found.append(Deadline(kind: .clock, itemID: "\(application.id)-\(clock.kind.rawValue)", companyID: application.companyID,
                                      companyName: name, day: clock.dueOn, subject: clock.kind.rawValue, entityType: application.entityType,
                                      link: link(application.entityType)))
            }
            if let validation = application.currentValidationID { validations[validation.rawValue] = (application, name, link(application.entityType)) }
        }
        if !validations.isEmpty {
            for row in try await sql.select().column("state").from("validation_findings")
                .where("validation_id", .in, SQLBind.group(Array(validations.keys))).where("status", .equal, SQLBind(FindingStatus.open.rawValue))
                .all(decoding: Finding.self) {
                guard let finding = MembershipStore.decode(ValidationFinding.self, row.state), let due = finding.responseDueOn,
                      let (application, name, link) = validations[finding.validationID.rawValue] else { continue }
                found.append(Deadline(kind: .findingResponse, itemID: "\(finding.id)", companyID: application.companyID, companyName: name,
                                      day: due, subject: finding.criterion, entityType: application.entityType, link: link + "#findings"))
            }
        }
        if !drafts.isEmpty {
            let open = [CorrectiveActionStatus.open, .inProgress].map(\.rawValue)
            for row in try await sql.select().columns("id", "company_id", "title", "due_date").from("corrective_actions")
                .where("company_id", .in, SQLBind.group(drafts)).where("status", .in, SQLBind.group(open)).all(decoding: Action.self) {
                let company = CompanyID(row.company_id)
                found.append(Deadline(kind: .correctiveAction, itemID: row.id.uuidString.lowercased(), companyID: company,
                                      companyName: names[row.company_id] ?? "", day: ProgramDay(row.due_date), subject: row.title,
                                      link: SiteURL.actions(company)))
            }
            for row in try await sql.select().columns("id", "company_id", "title", "expires_at").from("evidence_files")
                .where("company_id", .in, SQLBind.group(drafts)).where("expires_at", .isNot, SQLLiteral.null).all(decoding: Evidence.self) {
                let company = CompanyID(row.company_id)
                found.append(Deadline(kind: .evidenceExpiry, itemID: row.id.uuidString.lowercased(), companyID: company,
                                      companyName: names[row.company_id] ?? "", day: ProgramDay(row.expires_at), subject: row.title,
                                      link: SiteURL.profileEvidence(company)))
            }
        }
        if !registries.isEmpty {
            let horizon = ProgramDay(now).adding(days: Self.partnerHorizonDays).description
            for row in try await sql.raw("""
            SELECT company_id, next_assessment_on, COUNT(*) AS n FROM business_partners
            WHERE company_id IN (\(binds: registries)) AND status <> 'archived' AND next_assessment_on IS NOT NULL AND next_assessment_on <= \(bind: horizon)
            GROUP BY company_id, next_assessment_on
            """).all(decoding: Reassessments.self) {
                guard let day = ProgramDay(row.next_assessment_on) else { continue }
                let company = CompanyID(row.company_id)
                found.append(Deadline(kind: .partnerReassessment, itemID: "\(company)-\(day)", companyID: company, companyName: names[row.company_id] ?? "",
                                      day: day, subject: String(row.n), link: SiteURL.partners(company)))
            }
            for row in try await sql.raw("""
            SELECT a.id, a.company_id, a.partner_id, a.title, p.legal_name, a.due_on FROM business_partner_actions a
            JOIN business_partners p ON p.id = a.partner_id WHERE a.company_id IN (\(binds: registries)) AND a.status = 'open'
            """).all(decoding: PartnerAction.self) {
                guard let day = ProgramDay(row.due_on) else { continue }
                let company = CompanyID(row.company_id)
                found.append(Deadline(kind: .partnerAction, itemID: row.id.uuidString.lowercased(), companyID: company, companyName: names[row.company_id] ?? "",
                                      day: day, subject: "\(row.legal_name): \(row.title)", link: SiteURL.partner(company, row.partner_id) + "#partner-actions"))
            }
        }
        return Deadline.ordered(found)
    }

    /// One line of a deadline in the reader's language: "Harborline Imports · IMP: validation due".
    static func title(_ t: Localizer, _ deadline: Deadline) -> String {
        let type = deadline.entityType.map { " · \($0.code)" } ?? ""
        let what: String
        switch deadline.kind {
        case .clock: what = t("clock.\(deadline.subject)")
        case .correctiveAction: what = t("deadline.corrective_action", ["title": deadline.subject])
        case .evidenceExpiry: what = t("deadline.evidence_expiry", ["title": deadline.subject])
        case .findingResponse: what = t("deadline.finding_response", ["criterion": deadline.subject])
        case .partnerReassessment: what = t("deadline.partner_reassessment", ["count": deadline.subject])
        case .partnerAction: what = t("deadline.partner_action", ["title": deadline.subject])
        }
        return "\(deadline.companyName)\(type): \(what)"
    }
}
