import Fluent
import Foundation
import SQLKit
import TrustlaneCore

/// The people an incident names (issue 17: "what it touched ... people"): persons of the
/// company's own roster (`people`, kept by Training), linked as `incident_links` rows of kind
/// `person` whose target is the person's id, so the register's retention removes them with the
/// incident and a person's page finds their incidents by the links' index. Only the company's
/// own people; a final (closed or dismissed) incident takes no more changes.
extension IncidentService {
    static let maxPeopleLinks = 50

    static func unknownPerson(_ text: String) -> FieldError {
        FieldError(field: "person_id", messageKey: "incidents.error.person", message: "person_id is no person of this company's roster (by id)",
                   arguments: ["value": String(text.prefix(40))])
    }

    /// Names a person of the company's roster on the incident, with an audit entry.
    func linkPerson(_ id: IncidentID, personID text: String?, company: CompanyID, by actor: UserID) async throws {
        let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !trimmed.isEmpty else { throw ValidationFailure([.required("person_id")]) }
        guard let personID = PersonID(string: trimmed) else { throw ValidationFailure([Self.unknownPerson(trimmed)]) }
        try await update(id, company: company) { row, tx, now in
            try Self.refuseFinal(row)
            // Read inside the transaction: the person is the company's (another company's id is unknown here).
            guard let person = try await TrainingQueries(tx).person(company: company, id: personID) else {
                throw ValidationFailure([Self.unknownPerson(trimmed)])
            }
            let sql = tx as! any SQLDatabase
            let target = person.personID.description
            struct Count: Decodable { let n: Int; let mine: Int? }
            let counts = try await sql.raw("""
            SELECT COUNT(*) AS n, SUM(CASE WHEN target = \(bind: target) THEN 1 ELSE 0 END) AS mine
            FROM incident_links WHERE incident_id = \(bind: row.id) AND kind = 'person'
            """).first(decoding: Count.self)
            if (counts?.mine ?? 0) > 0 {
                throw ValidationFailure([FieldError(field: "person_id", messageKey: "incidents.error.person_linked",
                                                    message: "\(person.name) is already named on this incident", arguments: ["name": person.name])])
            }
            if (counts?.n ?? 0) >= Self.maxPeopleLinks {
                throw ValidationFailure([FieldError(field: "person_id", messageKey: "incidents.error.person_count",
                                                    message: "an incident names at most \(Self.maxPeopleLinks) people", arguments: ["max": String(Self.maxPeopleLinks)])])
            }
            try await sql.raw("""
            INSERT INTO incident_links (company_id, incident_id, kind, target, label)
            VALUES (\(bind: company.rawValue), \(bind: row.id), 'person', \(bind: target), \(bind: person.name))
            """).run()
            try await sql.raw("UPDATE incidents SET updated_at = \(bind: now) WHERE id = \(bind: row.id)").run()
            try await AuditLog.append(AuditEvent(action: "incident.person_linked", targetType: "incident", targetID: row.id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: [:], after: ["person": person.name, "person_id": target])),
                                      by: actor, on: tx, at: now)
        }
    }

    /// Takes a person off the incident, with an audit entry; 404 when the incident does not name them.
    func unlinkPerson(_ id: IncidentID, person personID: PersonID, company: CompanyID, by actor: UserID) async throws {
        try await update(id, company: company) { row, tx, now in
            try Self.refuseFinal(row)
            let sql = tx as! any SQLDatabase
            let target = personID.description
            struct Link: Decodable { let label: String }
            guard let link = try await sql.raw("""
            SELECT label FROM incident_links WHERE incident_id = \(bind: row.id) AND kind = 'person' AND target = \(bind: target)
            """).first(decoding: Link.self) else { throw TrustlaneError.notFound }
            try await sql.raw("DELETE FROM incident_links WHERE incident_id = \(bind: row.id) AND kind = 'person' AND target = \(bind: target)").run()
            try await sql.raw("UPDATE incidents SET updated_at = \(bind: now) WHERE id = \(bind: row.id)").run()
            try await AuditLog.append(AuditEvent(action: "incident.person_unlinked", targetType: "incident", targetID: row.id.uuidString.lowercased(),
                                                 companyID: company,
                                                 changes: AuditRecord.changes(before: ["person": link.label, "person_id": target], after: [:])),
                                      by: actor, on: tx, at: now)
        }
    }
}
