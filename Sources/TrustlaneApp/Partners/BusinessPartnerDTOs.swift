import Foundation
import TrustlaneCore
import Vapor

// The business-partner API's requests and responses (the JSON contract).

/// A partner to add or to replace: the form's fields; lists as arrays.
struct BusinessPartnerRequest: Content {
    var reference: String?
    var legalName: String?
    var otherNames: [String]?
    var country: String?
    var role: String?
    var address: String?
    /// `scheme:number` each (`duns:123456789`).
    var identifiers: [String]?
    var sites: String?
    var contactName: String?
    var contactEmail: String?
    var notes: String?

    var draft: BusinessPartner.Draft {
        BusinessPartner.Draft(reference: reference, legalName: legalName, otherNames: otherNames?.joined(separator: "\n"), country: country, role: role,
                              address: address, identifiers: identifiers?.joined(separator: "\n"), sites: sites, contactName: contactName,
                              contactEmail: contactEmail, notes: notes)
    }
}

struct BusinessPartnerStatusRequest: Content {
    /// `active` or `archived`.
    var status: String?
}

struct BusinessPartnerResponse: Content {
    var id: UUID
    var reference: String?
    var legalName: String
    var otherNames: [String]
    var country: String
    var role: String
    var status: String
    var address: String?
    var identifiers: [String]
    var sites: String?
    var contactName: String?
    var contactEmail: String?
    var notes: String?
    var createdAt: Date?
    var updatedAt: Date?

    init(_ record: BusinessPartnerQueries.Record) {
        let p = record.partner
        id = record.id
        reference = p.reference
        legalName = p.legalName
        otherNames = p.otherNames
        country = p.country.code
        role = p.role.rawValue
        status = record.status
        address = p.address
        identifiers = p.identifiers.map(\.text)
        sites = p.sites
        contactName = p.contactName
        contactEmail = p.contactEmail
        notes = p.notes
        createdAt = record.created_at
        updatedAt = record.updated_at
    }
}

struct BusinessPartnerSummaryResponse: Content {
    var id: UUID
    var reference: String?
    var legalName: String
    var otherNames: [String]
    var country: String
    var role: String
    var status: String

    init(_ row: BusinessPartnerQueries.Row) {
        id = row.id
        reference = row.reference
        legalName = row.legal_name
        otherNames = row.otherNames
        country = row.country
        role = row.role
        status = row.status
    }
}

struct BusinessPartnerPageResponse: Content {
    var items: [BusinessPartnerSummaryResponse]
    var page: Int
    var per: Int
    var hasMore: Bool
}

/// What an import did, or would do (`dryRun`).
struct BusinessPartnerImportResponse: Content {
    struct Problem: Content {
        var line: Int?
        var column: Int?
        var field: String?
        var message: String
    }
    struct Hint: Content {
        var line: Int
        var name: String
        var similarTo: String
        var similarLine: Int?
    }
    var dryRun: Bool
    var mode: String
    var rows: Int
    var accepted: Int
    var rejected: Int
    /// Partners saved (0 on a dry run).
    var imported: Int
    var problems: [Problem]
    var duplicateHints: [Hint]
}
