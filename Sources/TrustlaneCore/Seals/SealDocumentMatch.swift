import Foundation

/// The seal numbers affixed to a unit set against those the user copies from the bill of lading
/// or manifest (MSC 7.30): which are missing from the documents, and which the documents name
/// that were not affixed.
public struct SealDocumentMatch: Hashable, Sendable {
    public let missingFromDocuments: [SealNumber]
    public let notAffixed: [SealNumber]
    public var matches: Bool { missingFromDocuments.isEmpty && notAffixed.isEmpty }

    /// Compares; `documentText` lists the documents' numbers separated by commas, semicolons or
    /// lines (spaces and hyphens inside a number are ignored, as on the seal).
    public static func compare(affixed: [SealNumber], documentText: String?,
                               field: String = "document_seal_numbers") -> Result<SealDocumentMatch, ValidationFailure> {
        var errors: [FieldError] = []
        let pieces = (documentText ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if pieces.isEmpty { errors.append(.required(field)) }
        var documented: [SealNumber] = []
        for piece in pieces {
            if let number = SealNumber.parse(piece, field: field, into: &errors), !documented.contains(number) { documented.append(number) }
        }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        let affixedSet = Set(affixed), documentedSet = Set(documented)
        return .success(SealDocumentMatch(missingFromDocuments: affixed.filter { !documentedSet.contains($0) },
                                          notAffixed: documented.filter { !affixedSet.contains($0) }))
    }
}
