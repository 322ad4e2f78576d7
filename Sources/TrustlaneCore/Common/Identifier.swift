import Foundation

/// A typed identifier: `Identifier<CompanyTag>` and `Identifier<UserTag>` are different types,
/// so a user id can never be passed where a company id is expected.
public struct Identifier<Tag>: Hashable, Codable, Sendable, CustomStringConvertible, Comparable {
    public let rawValue: UUID

    public init(_ rawValue: UUID) { self.rawValue = rawValue }
    public init() { self.rawValue = UUID() }

    /// Parses the canonical text form of a UUID; `nil` for anything else.
    public init?(string: String) {
        guard let uuid = UUID(hyphenatedText: string) else { return nil }
        self.rawValue = uuid
    }

    public var description: String { rawValue.lowercasedText }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UUID.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue.uuidString < rhs.rawValue.uuidString }
}

public enum CompanyTag: Sendable {}
public enum UserTag: Sendable {}

public typealias CompanyID = Identifier<CompanyTag>
public typealias UserID = Identifier<UserTag>
