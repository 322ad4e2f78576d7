import Foundation

/// Recognizes an evidence file's type from its bytes.
public enum EvidenceContentDetector {
    /// What the bytes are.
    public enum Detected: Hashable, Sendable {
        /// A recognized binary format.
        case binary(EvidenceFileType)
        /// An Office Open XML package (a zip holding `[Content_Types].xml`); the subtype when
        /// its main part names one.
        case office(EvidenceFileType?)
        /// An Office package carrying VBA macros.
        case officeWithMacros
        /// Valid UTF-8 text without NUL bytes (plain text or CSV; the name decides).
        case text
        /// Looks like text but is not valid UTF-8 or holds NUL bytes.
        case invalidText
        /// Nothing accepted.
        case unknown
    }

    /// Detects the type of a whole file.
    public static func detect(_ content: Data) -> Detected {
        let bytes = [UInt8](content.prefix(16))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && Array(bytes[offset..<(offset + signature.count)]) == signature
        }
        if starts(Array("%PDF-".utf8)) { return .binary(.pdf) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .binary(.png) }
        if starts([0xFF, 0xD8, 0xFF]) { return .binary(.jpeg) }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .binary(.gif) }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .binary(.webp) }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return office(content) }
        return looksLikeText(content)
    }

    private static func office(_ content: Data) -> Detected {
        // Entry names sit uncompressed in the zip headers, so a byte search finds them.
        guard content.range(of: Data("[Content_Types].xml".utf8)) != nil else { return .unknown }
        if content.range(of: Data("vbaProject.bin".utf8)) != nil { return .officeWithMacros }
        if content.range(of: Data("word/document.xml".utf8)) != nil { return .office(.docx) }
        if content.range(of: Data("xl/workbook.xml".utf8)) != nil { return .office(.xlsx) }
        if content.range(of: Data("ppt/presentation.xml".utf8)) != nil { return .office(.pptx) }
        return .office(nil)
    }

    private static func looksLikeText(_ content: Data) -> Detected {
        if content.contains(0) { return .invalidText }
        return String(validating: content, as: UTF8.self) == nil ? .invalidText : .text
    }
}
