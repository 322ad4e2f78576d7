import Foundation
import TrustlaneCore
import Vapor

/// The companies' JSON contract. Fluent models never leave the server as JSON.
struct IdentifierDTO: Content, Sendable {
    var kind: String
    var label: String?
    var value: String
}

struct CompanyResponse: Content, Sendable {
    let id: UUID
    let legalName: String
    let country: String
    let address: String?
    let entityTypes: [String]
    let identifiers: [IdentifierDTO]
    let createdAt: Date?
    let updatedAt: Date?

    init(id: UUID, draft: CompanyDraft, createdAt: Date?, updatedAt: Date?) {
        self.id = id
        legalName = draft.legalName
        country = draft.country.code
        address = draft.address
        entityTypes = draft.entityTypes.map(\.code)
        identifiers = draft.identifiers.map { IdentifierDTO(kind: $0.kind.rawValue, label: $0.label, value: $0.value) }
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Creating a company: every field is checked and all problems are reported together.
struct CreateCompanyRequest: Content, Sendable {
    var legalName: String?
    var country: String?
    var address: String?
    var entityTypes: [String]?
    var identifiers: [IdentifierDTO]?

    /// Turns the body into the domain's input, reporting unknown identifier kinds by position.
    func input(into errors: inout [FieldError]) -> CompanyDraft.Input {
        var named: [CompanyIdentifierKind: String] = [:]
        var labelled: [(label: String?, value: String?)] = []
        for (index, identifier) in (identifiers ?? []).enumerated() {
            guard let kind = CompanyIdentifierKind(rawValue: identifier.kind) else {
                errors.append(FieldError(field: "identifiers[\(index)].kind", messageKey: "error.invalid_identifier_kind",
                                         message: "identifiers[\(index)].kind must be one of \(CompanyIdentifierKind.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            // Only `other` uses its label, but an over-long one is refused for every kind, as the
            // document's Identifier schema says, rather than silently ignored.
            if kind != .other, let label = identifier.label, label.count > CompanyDraft.maxIdentifierLength {
                errors.append(FieldError(field: "identifiers[\(index)].label", messageKey: "error.too_long",
                                         message: "identifiers[\(index)].label must be at most \(CompanyDraft.maxIdentifierLength) characters",
                                         arguments: ["max": String(CompanyDraft.maxIdentifierLength)]))
            }
            if kind == .other { labelled.append((identifier.label, identifier.value)) }
            else if named[kind] != nil {
                errors.append(FieldError(field: "identifiers[\(index)].kind", messageKey: "error.duplicate_identifier",
                                         message: "identifiers[\(index)].kind '\(kind.rawValue)' is given twice"))
            } else { named[kind] = identifier.value }
        }
        return CompanyDraft.Input(legalName: legalName, country: country, address: address, entityTypes: entityTypes ?? [],
                                  identifiers: named, labelledIdentifiers: labelled)
    }
}

/// Editing a company: fields left out keep their value.
struct UpdateCompanyRequest: Content, Sendable {
    var legalName: String?
    var country: String?
    var address: String?
    var entityTypes: [String]?
    var identifiers: [IdentifierDTO]?
}

struct CompanySummaryResponse: Content, Sendable {
    let id: UUID
    let legalName: String
    let country: String
    let entityTypes: [String]
    let members: Int
}

struct MemberResponse: Content, Sendable {
    let userId: UUID
    let name: String
    let email: String
    let role: String
}

struct CreateInvitationRequest: Content, Sendable {
    var email: String?
    var role: String?
}

struct InvitationResponse: Content, Sendable {
    let id: UUID
    let email: String
    let role: String
    let expiresAt: Date
    /// The single-use link; shown in this response only.
    let link: String
}
