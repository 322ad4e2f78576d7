import Foundation
import TrustlaneCore
import Vapor

/// What the company checklist routes read from a request, for the pages and the API alike: the
/// checklist a route names, and the form's fields as a checklist draft.
extension Request {
    /// The company's own checklist the route names (`:checklistKey`), with its versions; 404 for a
    /// bundled key or a key the company does not have.
    func routeCompanyChecklist(company: CompanyID) async throws -> (library: ChecklistLibrary, entry: ChecklistLibrary.Entry) {
        let key = parameters.get("checklistKey") ?? ""
        let library = try await CompanyChecklistQueries(db).library(company: company)
        guard let entry = library.entry(key) else { throw TrustlaneError.notFound }
        return (library, entry)
    }

    /// `?version=n` of a company checklist: nil when left out, 404 when the checklist has no such version.
    func checklistVersion(_ entry: ChecklistLibrary.Entry, library: ChecklistLibrary) throws -> InspectionChecklist {
        guard let text = try? query.get(String.self, at: "version"), !text.isEmpty else { return entry.checklist }
        guard let version = Int(text), let checklist = library.checklist(entry.checklist.key, version: version) else { throw TrustlaneError.notFound }
        return checklist
    }
}

/// The company checklist form: `key`, `title.en|es|id`, `conveyance`, `criteria` (numbers
/// separated by commas or spaces), `note`, and for each point slot `p<i>.key`, `p<i>.title.en`
/// ... `p<i>.agriculture.id` (no brackets: Vapor's form decoder reads them as nesting); a slot
/// left wholly blank is skipped, so the draft's point i is the i-th filled slot (the form is
/// drawn again from the draft, and `points[i].title` errors are shown at `p<i>.title`).
enum CompanyChecklistForm {
    /// A point slot's field name: `p3.title.en`.
    static func name(_ index: Int, _ rest: String) -> String { "p\(index).\(rest)" }

    /// The form field an error path names: `points[3].title.en` is `p3.title.en`, `criteria[1]` is `criteria`.
    static func field(forError path: String) -> String {
        if path.hasPrefix("criteria[") { return "criteria" }
        guard path.hasPrefix("points["), let close = path.firstIndex(of: "]"), let index = Int(path[path.index(path.startIndex, offsetBy: 7)..<close]) else { return path }
        let rest = path[path.index(after: close)...].drop { $0 == "." }
        return rest.isEmpty ? "p\(index)" : name(index, String(rest))
    }

    static let languages = ["en", "es", "id"]
    static let texts = ["title", "security", "agriculture"]
    /// Slots a form shows beyond the points it holds, and the most it takes.
    static let blankSlots = 3
    static let maxSlots = InspectionChecklistValidator.maxPoints

    static func text(_ form: [String: String], _ prefix: String) -> InspectionChecklist.Draft.Text? {
        let values = languages.map { form["\(prefix).\($0)"].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 } }
        guard values.contains(where: { $0 != nil }) else { return nil }
        return .init(en: values[0], es: values[1], id: values[2])
    }

    /// The criteria as typed: `5.3, 8.1` or `5.3 8.1`.
    static func criteria(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
    }

    static func draft(_ form: [String: String]) -> InspectionChecklist.Draft {
        let slots = min(maxSlots + blankSlots, Int(form["slots"] ?? "") ?? maxSlots)
        var points: [InspectionChecklist.Draft.Point] = []
        for index in 0..<max(0, slots) {
            let prefix = "p\(index)"
            let key = form["\(prefix).key"].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
            let title = text(form, "\(prefix).title"), security = text(form, "\(prefix).security"), agriculture = text(form, "\(prefix).agriculture")
            if key == nil && title == nil && security == nil && agriculture == nil { continue }
            points.append(.init(key: key, order: points.count + 1, title: title, security: security, agriculture: agriculture))
        }
        return InspectionChecklist.Draft(key: form["key"].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }, title: text(form, "title"),
                                         conveyance: form["conveyance"], criteria: criteria(form["criteria"]), note: form["note"], points: points)
    }
}
