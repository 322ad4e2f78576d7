import Foundation

/// A company as typed into a form or an API body, checked before anything is saved.
public struct CompanyDraft: Sendable, Equatable {
    public var legalName: String
    public var country: CountryCode
    public var address: String?
    public var entityTypes: [EntityType]
    public var identifiers: [CompanyIdentifier]

    public init(legalName: String, country: CountryCode, address: String?, entityTypes: [EntityType], identifiers: [CompanyIdentifier]) {
        self.legalName = legalName
        self.country = country
        self.address = address
        self.entityTypes = entityTypes
        self.identifiers = identifiers
    }

    public static let maxNameLength = 200
    public static let maxAddressLength = 1000
    public static let maxIdentifierLength = 64
    public static let maxIdentifiers = 30

    /// Raw input, strings as received.
    public struct Input: Sendable {
        public var legalName: String?
        public var country: String?
        public var address: String?
        public var entityTypes: [String]
        public var identifiers: [CompanyIdentifierKind: String]
        /// "Label: value" lines for identifiers without their own field (forms).
        public var otherIdentifiers: String?
        /// Labelled identifiers without their own field (API), checked as `identifiers[i]`.
        public var labelledIdentifiers: [(label: String?, value: String?)]

        public init(legalName: String?, country: String?, address: String?, entityTypes: [String],
                    identifiers: [CompanyIdentifierKind: String] = [:], otherIdentifiers: String? = nil,
                    labelledIdentifiers: [(label: String?, value: String?)] = []) {
            self.legalName = legalName
            self.country = country
            self.address = address
            self.entityTypes = entityTypes
            self.identifiers = identifiers
            self.otherIdentifiers = otherIdentifiers
            self.labelledIdentifiers = labelledIdentifiers
        }
    }

    /// Checks every field and returns the draft or every problem found.
    public static func validate(_ input: Input) -> Result<CompanyDraft, ValidationFailure> {
        var errors: [FieldError] = []
        let name = Check.text(input.legalName, field: "legal_name", max: maxNameLength, into: &errors)
        let address = Check.text(input.address, field: "address", max: maxAddressLength, required: false, into: &errors)
        var country: CountryCode?
        if let raw = Check.text(input.country, field: "country", max: 2, into: &errors) {
            country = CountryCode(raw)
            if country == nil {
                errors.append(FieldError(field: "country", messageKey: "error.invalid_country",
                                         message: "country must be an ISO 3166-1 alpha-2 code such as US, MX or ID"))
            }
        }
        var types: [EntityType] = []
        for raw in input.entityTypes {
            guard let type = EntityType(code: raw) else {
                errors.append(FieldError(field: "entity_types", messageKey: "error.invalid_entity_type",
                                         message: "entity_types: '\(raw)' is not one of \(EntityType.allCases.map(\.code).joined(separator: ", "))",
                                         arguments: ["value": raw]))
                continue
            }
            if !types.contains(type) { types.append(type) }
        }
        if input.entityTypes.isEmpty {
            errors.append(FieldError(field: "entity_types", messageKey: "error.entity_type_required",
                                     message: "entity_types needs at least one CTPAT entity type"))
        }
        var identifiers: [CompanyIdentifier] = []
        for kind in CompanyIdentifierKind.named {
            if let value = Check.text(input.identifiers[kind], field: kind.rawValue, max: maxIdentifierLength,
                                      required: false, into: &errors) {
                identifiers.append(CompanyIdentifier(kind: kind, value: value))
            }
        }
        let otherLines = (input.otherIdentifiers ?? "").split(whereSeparator: \.isNewline)
        for (index, line) in otherLines.enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
                  parts[0].count <= maxIdentifierLength, parts[1].count <= maxIdentifierLength else {
                errors.append(FieldError(field: "other_identifiers", messageKey: "error.other_identifier_line",
                                         message: "other_identifiers line \(index + 1) must read 'Name: value' (each at most \(maxIdentifierLength) characters)",
                                         arguments: ["line": String(index + 1)]))
                continue
            }
            identifiers.append(CompanyIdentifier(kind: .other, label: parts[0], value: parts[1]))
        }
        for (index, pair) in input.labelledIdentifiers.enumerated() {
            let field = "identifiers[\(index)]"
            let label = Check.text(pair.label, field: "\(field).label", max: maxIdentifierLength, into: &errors)
            let value = Check.text(pair.value, field: "\(field).value", max: maxIdentifierLength, into: &errors)
            if let label, let value { identifiers.append(CompanyIdentifier(kind: .other, label: label, value: value)) }
        }
        if identifiers.count > maxIdentifiers {
            errors.append(FieldError(field: "other_identifiers", messageKey: "error.too_many_identifiers",
                                     message: "at most \(maxIdentifiers) identifiers", arguments: ["max": String(maxIdentifiers)]))
        }
        guard errors.isEmpty, let name, let country else { return .failure(ValidationFailure(errors)) }
        return .success(CompanyDraft(legalName: name, country: country, address: address,
                                     entityTypes: types.sorted(), identifiers: identifiers))
    }
}
