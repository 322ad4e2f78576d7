import Foundation

/// The kinds of file accepted as evidence, each recognized by its content (magic bytes), never
/// by the name or the browser's declared type alone.
public enum EvidenceFileType: String, CaseIterable, Codable, Sendable, Hashable {
    case pdf
    case png
    case jpeg
    case gif
    case webp
    case docx
    case xlsx
    case pptx
    /// Plain text: valid UTF-8 without NUL bytes.
    case text
    /// Comma-separated values: plain text with a `.csv` name.
    case csv

    /// The file name extensions (lowercase, no dot) that may carry this type.
    public var extensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        case .text: ["txt"]
        default: [rawValue]
        }
    }

    /// The media type stored with the file and sent when it is downloaded.
    public var mimeType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .text: "text/plain; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        }
    }

    /// Whether browsers may show the file inline (images and PDF); others download.
    public var isInlineSafe: Bool {
        switch self {
        case .pdf, .png, .jpeg, .gif, .webp: true
        default: false
        }
    }

    /// The type whose stored media type is `mimeType` (as `mimeType` gives it), if any.
    public init?(mimeType: String) {
        guard let type = Self.allCases.first(where: { $0.mimeType == mimeType }) else { return nil }
        self = type
    }

    /// The type a file name extension names (case-insensitive), if any.
    public init?(fileExtension: String) {
        let lower = fileExtension.lowercased()
        guard let type = Self.allCases.first(where: { $0.extensions.contains(lower) }) else { return nil }
        self = type
    }

    /// Reads a configured list such as `pdf, png, jpg, docx` (types or extensions); `nil` when
    /// an entry is unknown, so a typo in the settings fails at start-up.
    public static func parseList(_ text: String) -> Set<EvidenceFileType>? {
        var types: Set<EvidenceFileType> = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }) {
            let word = part.lowercased()
            guard let type = EvidenceFileType(rawValue: word) ?? EvidenceFileType(fileExtension: word) else { return nil }
            types.insert(type)
        }
        return types
    }
}
