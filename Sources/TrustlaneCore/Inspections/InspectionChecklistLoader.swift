import Foundation
import Yams

/// Reads checklist files (YAML, the format in `Resources/InspectionChecklists/README.md`) and
/// validates them with `InspectionChecklistValidator`.
public enum InspectionChecklistLoader {
    /// A checklist file that does not read: the file's name and every problem, each naming its field.
    public struct LoadError: Error, Equatable, Sendable, CustomStringConvertible {
        public let file: String
        public let errors: [FieldError]
        public var description: String { errors.map { "\(file): \($0.field): \($0.message)" }.joined(separator: "\n") }
    }

    /// Reads one YAML checklist. A field of the wrong type is named by its path
    /// (`points[2].order`); every other problem is the validator's.
    public static func load(_ data: Data, file: String, knownCriteria: Set<CriterionID>,
                            provenance: InspectionChecklistValidator.Provenance = .company) throws(LoadError) -> InspectionChecklist {
        let draft = try draft(data, file: file)
        switch InspectionChecklistValidator.validate(draft, knownCriteria: knownCriteria, provenance: provenance) {
        case .success(let checklist): return checklist
        case .failure(let failure): throw LoadError(file: file, errors: failure.errors)
        }
    }

    /// The draft a YAML file holds, unvalidated (to fill a form with an uploaded file).
    public static func draft(_ data: Data, file: String) throws(LoadError) -> InspectionChecklist.Draft {
        do {
            return try YAMLDecoder().decode(InspectionChecklist.Draft.self, from: data)
        } catch let error as DecodingError {
            throw LoadError(file: file, errors: [syntaxError(error)])
        } catch {
            throw LoadError(file: file, errors: [FieldError(field: "file", messageKey: "inspections.error.checklist_yaml",
                                                            message: "the file is not YAML that reads (\(String(describing: error).prefix(200)))",
                                                            arguments: ["detail": String(String(describing: error).prefix(200))])])
        }
    }

    static func syntaxError(_ error: DecodingError) -> FieldError {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default:
            path = []
        }
        var field = ""
        for key in path {
            if let index = key.intValue { field += "[\(index)]" } else { field += (field.isEmpty ? "" : ".") + key.stringValue }
        }
        if field.isEmpty { field = "file" }
        return FieldError(field: field, messageKey: "inspections.error.checklist_field_type",
                          message: "\(field) does not have the expected type (a text, a whole number, true/false or a list, as README.md describes)",
                          arguments: ["field": field])
    }
}
