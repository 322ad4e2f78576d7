import Foundation

/// A short text written in each of Trustlane's languages, as data files carry it (`en`, `es`,
/// `id`): a checklist point's title or instruction.
public struct LocalizedText: Hashable, Sendable, Codable {
    public let english: String
    public let spanish: String
    public let indonesian: String

    public init(en: String, es: String, id: String) {
        english = en
        spanish = es
        indonesian = id
    }

    /// The text in `language`.
    public func text(in language: Language) -> String {
        switch language {
        case .english: english
        case .spanish: spanish
        case .indonesian: indonesian
        }
    }

    enum CodingKeys: String, CodingKey {
        case english = "en", spanish = "es", indonesian = "id"
    }
}
