import Foundation

/// The seal numbers affixed to a unit set against those the user copies from the bill of lading
/// or manifest (MSC 7.30): which are missing from the documents, and which the documents name
/// that were not affixed.
public struct SealDocumentMatch: Hashable, Sendable {
    public let missingFromDocuments: [SealNumber]
    public let notAffixed: [SealNumber]
    public var matches: Bool { missingFromDocuments.isEmpty && notAffixed.isEmpty }

    /// One warning a seal, worded for a page (key and arguments) and the API (English): first
    /// the documents' numbers not on the unit, then the unit's seals not on the documents. A
    /// warning, not a refusal: 7.30 is a Should, and the documents may be corrected after the
    /// check; the VVTT check of a seal missing from the documents is refused on its own.
    public var warnings: [FieldError] {
        notAffixed.map { seal in
            FieldError(field: "document_seal_numbers", messageKey: "shipments.warning.seal_not_affixed",
                       message: "seal \(seal) is on the bill of lading / manifest but is not affixed to this shipment; correct the documents or affix that seal",
                       arguments: ["seal": seal.rawValue])
        } + missingFromDocuments.map { seal in
            FieldError(field: "document_seal_numbers", messageKey: "shipments.warning.seal_not_on_documents",
                       message: "seal \(seal) is affixed to this shipment but is not on the bill of lading / manifest; add it to the documents (MSC 7.30)",
                       arguments: ["seal": seal.rawValue])
        }
    }

    /// The comparison of what is stored: nil while no document numbers were entered (nothing to
    /// compare yet) or when the stored text no longer reads.
    public static func stored(affixed: [SealNumber], documentText: String?) -> SealDocumentMatch? {
        guard let documentText, !documentText.allSatisfy(\.isWhitespace) else { return nil }
        return try? compare(affixed: affixed, documentText: documentText).get()
    }

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
