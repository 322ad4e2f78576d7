import Foundation

public enum SealBatchTag: Sendable {}
public typealias SealBatchID = Identifier<SealBatchTag>

/// A batch of seals received into stock (MSC 6.5): its number range, ISO 17712 class, maker,
/// and when the maker's certificate (kept as evidence) runs out.
public struct SealBatch: Hashable, Sendable {
    public let id: SealBatchID
    public let range: SealRange
    public let sealClass: SealClass
    public let sealType: SealType?
    public let maker: String
    public let certificateExpires: ProgramDay?
    public let receivedOn: ProgramDay

    public init(id: SealBatchID = SealBatchID(), range: SealRange, sealClass: SealClass, sealType: SealType?, maker: String,
                certificateExpires: ProgramDay?, receivedOn: ProgramDay) {
        self.id = id
        self.range = range
        self.sealClass = sealClass
        self.sealType = sealType
        self.maker = maker
        self.certificateExpires = certificateExpires
        self.receivedOn = receivedOn
    }

    /// A batch as the receipt form sends it: every field text.
    public struct Draft: Hashable, Sendable {
        public var firstNumber: String?
        public var lastNumber: String?
        public var sealClass: String?
        public var sealType: String?
        public var maker: String?
        public var certificateExpires: String?

        public init(firstNumber: String? = nil, lastNumber: String? = nil, sealClass: String? = nil, sealType: String? = nil,
                    maker: String? = nil, certificateExpires: String? = nil) {
            self.firstNumber = firstNumber
            self.lastNumber = lastNumber
            self.sealClass = sealClass
            self.sealType = sealType
            self.maker = maker
            self.certificateExpires = certificateExpires
        }
    }

    /// Checks a receipt: a well-formed range that overlaps no batch already received, class H
    /// (CTPAT accepts no other), a maker, and a certificate not expired on the day of receipt.
    public static func validate(_ draft: Draft, existing: [SealBatch], receivedOn day: ProgramDay,
                                id: SealBatchID = SealBatchID()) -> Result<SealBatch, ValidationFailure> {
        var errors: [FieldError] = []
        let range = SealRange.parse(first: draft.firstNumber, last: draft.lastNumber, into: &errors)
        if let range, let other = existing.first(where: { $0.range.overlaps(range) }) {
            errors.append(FieldError(field: "first_number", messageKey: "seals.error.range_overlap",
                                     message: "\(range) overlaps the batch \(other.range) received on \(other.receivedOn); a seal number is received once",
                                     arguments: ["range": range.description, "other": other.range.description, "day": other.receivedOn.description]))
        }
        var sealClass: SealClass?
        if let text = draft.sealClass, !text.allSatisfy(\.isWhitespace) {
            sealClass = SealClass(text: text)
            if sealClass == nil {
                errors.append(FieldError(field: "seal_class", messageKey: "seals.error.class",
                                         message: "seal_class '\(text.prefix(20))' is not an ISO 17712 class; use H (high security), S or I",
                                         arguments: ["value": String(text.prefix(20))]))
            } else if sealClass?.meetsCTPAT == false {
                errors.append(FieldError(field: "seal_class", messageKey: "seals.error.class_not_h",
                                         message: "class \(sealClass!.code) seals do not meet CTPAT; loaded containers and trailers take ISO 17712 class H seals",
                                         arguments: ["value": sealClass!.code]))
            }
        } else {
            errors.append(.required("seal_class"))
        }
        var sealType: SealType?
        if let text = draft.sealType?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty {
            sealType = SealType(rawValue: text)
            if sealType == nil {
                let allowed = SealType.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError(field: "seal_type", messageKey: "seals.error.type",
                                         message: "seal_type '\(text.prefix(20))' is not known; use one of \(allowed), or leave it empty",
                                         arguments: ["value": String(text.prefix(20)), "allowed": allowed]))
            }
        }
        let maker = Check.text(draft.maker, field: "maker", max: 120, into: &errors)
        var expires: ProgramDay?
        if let text = draft.certificateExpires?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            expires = ProgramDay(text)
            if expires == nil {
                errors.append(FieldError(field: "certificate_expires", messageKey: "inspections.error.day",
                                         message: "certificate_expires '\(text.prefix(20))' is not a day written YYYY-MM-DD",
                                         arguments: ["value": String(text.prefix(20))]))
            } else if let expires, expires < day {
                errors.append(FieldError(field: "certificate_expires", messageKey: "seals.error.certificate_expired",
                                         message: "the maker's ISO 17712 certificate expired on \(expires); ask the maker for the current one",
                                         arguments: ["day": expires.description]))
            }
        }
        guard errors.isEmpty, let range, let sealClass, let maker else { return .failure(ValidationFailure(errors)) }
        return .success(SealBatch(id: id, range: range, sealClass: sealClass, sealType: sealType, maker: maker,
                                  certificateExpires: expires, receivedOn: day))
    }
}
