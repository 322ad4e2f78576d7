import Crypto
import Foundation

/// An upload as received, before any check: the name the client sent, the bytes, and the
/// details typed into the form.
public struct EvidenceUpload: Sendable {
    public var fileName: String
    public var content: Data
    public var details: EvidenceDetailsDraft

    public init(fileName: String, content: Data, details: EvidenceDetailsDraft) {
        self.fileName = fileName
        self.content = content
        self.details = details
    }
}

/// An upload that passed every check: what to store (content-addressed by `sha256`) and record.
public struct AcceptedEvidence: Hashable, Sendable {
    public let fileName: EvidenceFileName
    public let fileType: EvidenceFileType
    public let byteCount: Int
    /// SHA-256 of the bytes, lowercase hex: the storage key.
    public let sha256: String
    public let details: EvidenceDetails

    /// The media type to store and serve.
    public var mimeType: String { fileType.mimeType }
}

/// The checks an evidence upload passes before anything is stored, independent of where files
/// are kept: size, type by content, name extension matching the content, a safe name, and the
/// details. Configure from settings; `default` is 20 MB and every type.
public struct EvidencePolicy: Hashable, Sendable {
    /// Largest accepted file, in bytes.
    public var maxBytes: Int
    /// The accepted types.
    public var allowedTypes: Set<EvidenceFileType>
    /// Days before expiry when evidence starts being flagged.
    public var expiringWithinDays: Int

    public static let defaultMaxBytes = 20 * 1024 * 1024

    public init(maxBytes: Int = defaultMaxBytes, allowedTypes: Set<EvidenceFileType> = Set(EvidenceFileType.allCases),
                expiringWithinDays: Int = EvidenceExpiry.defaultWindowDays) {
        self.maxBytes = maxBytes
        self.allowedTypes = allowedTypes
        self.expiringWithinDays = expiringWithinDays
    }

    public static let `default` = EvidencePolicy()

    /// The accepted extensions, in type order, for the form's `accept` attribute and messages.
    public var allowedExtensions: [String] {
        EvidenceFileType.allCases.filter(allowedTypes.contains).flatMap(\.extensions)
    }

    /// Checks an upload; throws every problem (the file's first problem, field `file`, plus any
    /// with the details). Nothing may be stored when this throws.
    public func check(_ upload: EvidenceUpload, today: Date) throws(ValidationFailure) -> AcceptedEvidence {
        var errors: [FieldError] = []
        let file = checkFile(fileName: upload.fileName, content: upload.content)
        if case .failure(let error) = file { errors.append(error) }
        var details: EvidenceDetails?
        do {
            details = try upload.details.validate(today: today)
        } catch {
            errors.append(contentsOf: error.errors)
        }
        guard errors.isEmpty, case .success(let (name, type)) = file, let details else {
            throw ValidationFailure(errors)
        }
        let digest = Hex.lowercase(SHA256.hash(data: upload.content))
        return AcceptedEvidence(fileName: name, fileType: type, byteCount: upload.content.count, sha256: digest,
                                details: details)
    }

    /// Checks only the file: a size limit first (a refused size needs no reading), then name,
    /// content type and the name's extension against the content. One error, field `file`.
    public func checkFile(fileName: String, content: Data) -> Result<(EvidenceFileName, EvidenceFileType), FieldError> {
        let allowed = allowedExtensions.joined(separator: ", ")
        if let tooLarge = checkSize(content.count) { return .failure(tooLarge) }
        if content.isEmpty { return .failure(ProfileMessage.fileEmpty.fieldError("file")) }
        guard let name = EvidenceFileName(sanitizing: fileName) else {
            return .failure(ProfileMessage.fileNameMissing.fieldError("file"))
        }
        guard !name.fileExtension.isEmpty else {
            return .failure(ProfileMessage.fileExtensionMissing.fieldError("file", ["allowed": allowed]))
        }
        guard let named = EvidenceFileType(fileExtension: name.fileExtension), allowedTypes.contains(named) else {
            return .failure(ProfileMessage.fileTypeNotAllowed.fieldError("file", [
                "extension": name.fileExtension, "allowed": allowed,
            ]))
        }
        let detected: EvidenceFileType
        switch EvidenceContentDetector.detect(content) {
        case .binary(let type):
            detected = type
        case .office(let subtype):
            // A package whose main part we did not find is accepted under any Office extension.
            detected = subtype ?? ([.docx, .xlsx, .pptx].contains(named) ? named : .docx)
        case .officeWithMacros:
            return .failure(ProfileMessage.fileHasMacros.fieldError("file"))
        case .text:
            detected = named == .csv ? .csv : .text
        case .invalidText:
            if named == .text || named == .csv {
                return .failure(ProfileMessage.fileInvalidText.fieldError("file", ["extension": name.fileExtension]))
            }
            return .failure(ProfileMessage.fileContentNotAllowed.fieldError("file", ["allowed": allowed]))
        case .unknown:
            return .failure(ProfileMessage.fileContentNotAllowed.fieldError("file", ["allowed": allowed]))
        }
        guard allowedTypes.contains(detected) else {
            return .failure(ProfileMessage.fileContentNotAllowed.fieldError("file", ["allowed": allowed]))
        }
        guard detected == named else {
            return .failure(ProfileMessage.fileExtensionMismatch.fieldError("file", [
                "extension": name.fileExtension, "detected": detected.extensions[0],
            ]))
        }
        return .success((name, detected))
    }

    /// The size check alone, for refusing an upload from its declared length before reading it.
    public func checkSize(_ byteCount: Int) -> FieldError? {
        guard byteCount > maxBytes else { return nil }
        return ProfileMessage.fileTooLarge.fieldError("file", ["size": Self.megabytes(byteCount),
                                                               "max": Self.megabytes(maxBytes)])
    }

    /// The expiry status of a file under this policy's warning window.
    public func expiryStatus(expiryDate: Date?, now: Date) -> EvidenceExpiryStatus {
        EvidenceExpiry.status(expiryDate: expiryDate, now: now, windowDays: expiringWithinDays)
    }

    /// `20 MB`, `1.5 MB`: sizes in messages, in MiB with at most one decimal.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024)
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
    }
}
