import Foundation
import Yams

extension ProgramSettings {
    /// Reads settings from a YAML or JSON document (JSON is YAML); a key left out keeps its
    /// default. Throws a message naming what could not be read; `problems()` then checks values.
    public static func read(_ text: String) throws -> ProgramSettings {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return ProgramSettings() }
        // A misspelt key would otherwise be ignored silently and its default kept.
        if let mapping = try? Yams.load(yaml: trimmed) as? [String: Any] {
            let unknown = mapping.keys.filter { !keys.contains($0) }.sorted()
            if !unknown.isEmpty {
                throw ProgramSettingsFileError(message: "unknown setting \(unknown.joined(separator: ", ")); the settings are \(keys.joined(separator: ", "))")
            }
        }
        do {
            return try YAMLDecoder().decode(ProgramSettings.self, from: trimmed)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ProgramSettingsFileError(message: field.isEmpty ? context.debugDescription : "\(field): \(context.debugDescription)")
        } catch {
            throw ProgramSettingsFileError(message: "not a YAML or JSON mapping of settings (\(error))")
        }
    }
}

/// A settings file that could not be read, with what was wrong.
public struct ProgramSettingsFileError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
