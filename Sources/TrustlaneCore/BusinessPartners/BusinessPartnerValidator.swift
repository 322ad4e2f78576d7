import Foundation

extension BusinessPartner {
    /// A partner as typed into the form, the API or one CSV row: every field text, unchecked.
    /// Lists are text too: other names one per line or separated by `;`, identifiers as
    /// `scheme:value` separated the same way.
    public struct Draft: Hashable, Sendable {
        public var reference: String?
        public var legalName: String?
        public var otherNames: String?
        public var country: String?
        public var role: String?
        public var address: String?
        public var identifiers: String?
        public var sites: String?
        public var contactName: String?
        public var contactEmail: String?
        public var notes: String?

        public init(reference: String? = nil, legalName: String? = nil, otherNames: String? = nil, country: String? = nil, role: String? = nil,
                    address: String? = nil, identifiers: String? = nil, sites: String? = nil, contactName: String? = nil,
                    contactEmail: String? = nil, notes: String? = nil) {
            self.reference = reference
            self.legalName = legalName
            self.otherNames = otherNames
            self.country = country
            self.role = role
            self.address = address
            self.identifiers = identifiers
            self.sites = sites
            self.contactName = contactName
            self.contactEmail = contactEmail
            self.notes = notes
        }
    }

    /// The partner as a draft, to fill a form or write a CSV row.
    public var draft: Draft {
        Draft(reference: reference, legalName: legalName, otherNames: otherNames.joined(separator: "; "), country: country.code, role: role.rawValue,
              address: address, identifiers: identifiers.map(\.text).joined(separator: "; "), sites: sites, contactName: contactName,
              contactEmail: contactEmail, notes: notes)
    }
}

/// Checks a partner draft. Field names in errors are the CSV column and form field names
/// (`legal_name`, `country` ...), so one message serves the form, the API and the import.
public enum BusinessPartnerValidator {
    public static let maxName = 200
    public static let maxOtherNames = 20
    public static let maxIdentifiers = 10
    public static let maxReference = 40

    public static func validate(_ draft: BusinessPartner.Draft, id: BusinessPartnerID = BusinessPartnerID()) -> Result<BusinessPartner, ValidationFailure> {
        var errors: [FieldError] = []
        let legalName = Check.text(draft.legalName, field: "legal_name", max: maxName, into: &errors)
        let reference = Check.text(draft.reference, field: "reference", max: maxReference, required: false, into: &errors)

        var otherNames: [String] = []
        let names = split(draft.otherNames)
        if names.count > maxOtherNames {
            errors.append(FieldError(field: "other_names", messageKey: "partners.error.too_many_names",
                                     message: "other_names holds \(names.count) names; at most \(maxOtherNames) are allowed",
                                     arguments: ["count": String(names.count), "max": String(maxOtherNames)]))
        } else {
            for name in names {
                guard let checked = Check.text(name, field: "other_names", max: maxName, into: &errors) else { break }
                if checked.lowercased() != legalName?.lowercased(), !otherNames.contains(checked) { otherNames.append(checked) }
            }
        }

        let country = Self.country(draft.country, into: &errors)
        if draft.country.map({ Self.isBlankText($0) }) ?? true { errors.append(.required("country")) }

        var role: BusinessPartnerRole?
        if let text = draft.role.map({ BusinessPartnerRole(rawValue: $0) != nil ? $0 : $0.trimmingCharacters(in: .whitespaces) }), !text.isEmpty {
            role = BusinessPartnerRole(text: text)
            if role == nil {
                let allowed = BusinessPartnerRole.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError(field: "role", messageKey: "partners.error.role",
                                         message: "role '\(text.prefix(40))' is not known; use one of \(allowed)",
                                         arguments: ["value": String(text.prefix(40)), "allowed": allowed]))
            }
        } else {
            errors.append(.required("role"))
        }

        var identifiers: [BusinessPartnerIdentifier] = []
        let rawIdentifiers = split(draft.identifiers)
        if rawIdentifiers.count > maxIdentifiers {
            errors.append(FieldError(field: "identifiers", messageKey: "partners.error.too_many_identifiers",
                                     message: "identifiers holds \(rawIdentifiers.count) numbers; at most \(maxIdentifiers) are allowed",
                                     arguments: ["count": String(rawIdentifiers.count), "max": String(maxIdentifiers)]))
        } else {
            var seen: Set<String> = []
            for raw in rawIdentifiers {
                guard let identifier = parseIdentifier(raw) else {
                    errors.append(FieldError(field: "identifiers", messageKey: "partners.error.identifier",
                                             message: "identifier '\(raw.prefix(60))' must be written scheme:number, such as duns:123456789 or tax_id:01.234.567.8-901.000 (scheme: lower-case letters, digits, _; number: up to 60 characters)",
                                             arguments: ["value": String(raw.prefix(60))]))
                    break
                }
                guard seen.insert(identifier.key).inserted else {
                    errors.append(FieldError(field: "identifiers", messageKey: "partners.error.identifier_repeated",
                                             message: "identifier \(identifier.text) is given twice", arguments: ["value": identifier.text]))
                    break
                }
                identifiers.append(identifier)
            }
        }

        let address = Check.text(draft.address, field: "address", max: 500, required: false, use: .freeText, into: &errors)
        let sites = Check.text(draft.sites, field: "sites", max: 500, required: false, use: .freeText, into: &errors)
        let contactName = Check.text(draft.contactName, field: "contact_name", max: 120, required: false, into: &errors)
        let contactEmail = Check.text(draft.contactEmail, field: "contact_email", max: 254, required: false, into: &errors)
        if let contactEmail, !isPlausibleEmail(contactEmail) {
            errors.append(FieldError(field: "contact_email", messageKey: "partners.error.email",
                                     message: "contact_email '\(contactEmail.prefix(60))' is not an email address such as name@example.com",
                                     arguments: ["value": String(contactEmail.prefix(60))]))
        }
        let notes = Check.text(draft.notes, field: "notes", max: 2000, required: false, use: .freeText, into: &errors)

        guard errors.isEmpty, let legalName, let country, let role else { return .failure(ValidationFailure(errors)) }
        return .success(BusinessPartner(id: id, reference: reference, legalName: legalName, otherNames: otherNames, country: country, role: role,
                                        address: address, identifiers: identifiers, sites: sites, contactName: contactName,
                                        contactEmail: contactEmail, notes: notes))
    }

    /// A country as typed (ISO 3166-1 alpha-2, any case, spaces around allowed); nil when blank,
    /// or when it is not one, with the error naming `field` and what is allowed.
    public static func country(_ text: String?, field: String = "country", into errors: inout [FieldError]) -> CountryCode? {
        guard let text, !isBlankText(text) else { return nil }
        let trimmed = Check.isPlainASCII(text, max: 2) ? text : text.trimmingCharacters(in: .whitespaces)
        if let country = CountryCode(trimmed) { return country }
        errors.append(FieldError(field: field, messageKey: "partners.error.country",
                                 message: "\(field) '\(trimmed.prefix(40))' is not an ISO 3166-1 alpha-2 code; use two letters such as US, MX or ID",
                                 arguments: ["value": String(trimmed.prefix(40))]))
        return nil
    }

    static func isBlankText(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }

    /// A list cell: items one per line or separated by `;`, blanks dropped.
    static func split(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        // One plain item, as most cells hold: no splitting or trimming needed.
        if Check.isPlainASCII(text, max: 1000), !text.utf8.contains(UInt8(ascii: ";")) { return [text] }
        return text.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `scheme:value` as files and forms write it; nil when malformed.
    public static func parseIdentifier(_ raw: String) -> BusinessPartnerIdentifier? {
        guard let colon = raw.firstIndex(of: ":") else { return nil }
        let plain = Check.isPlainASCII(raw, max: 200)
        let scheme = plain && !raw[..<colon].contains(" ") ? raw[..<colon].lowercased() : raw[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let rest = raw[raw.index(after: colon)...]
        let value = plain && rest.first != " " ? String(rest) : rest.trimmingCharacters(in: .whitespaces)
        // Printable ASCII (as nearly every identifier is) has no control character, and its
        // length is its byte count: no character or property lookups.
        guard let first = scheme.unicodeScalars.first, first.properties.isLowercase || ("a"..."z").contains(first),
              scheme.utf8.count <= 20, scheme.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }),
              !value.isEmpty, plain ? value.utf8.count <= 60 : value.count <= 60,
              plain || !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return BusinessPartnerIdentifier(scheme: scheme, value: value)
    }

    static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !text.contains(where: \.isWhitespace)
    }
}
