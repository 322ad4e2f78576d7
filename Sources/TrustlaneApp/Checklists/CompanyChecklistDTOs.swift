import Foundation
import TrustlaneCore
import Vapor

// The company checklist API's requests and responses (the JSON contract).

/// A text in up to three languages; at least one is written.
struct ChecklistTextBody: Content {
    var en: String?
    var es: String?
    var id: String?

    var draft: InspectionChecklist.Draft.Text { .init(en: en, es: es, id: id) }
    init(en: String?, es: String?, id: String?) { self.en = en; self.es = es; self.id = id }
    init(_ text: LocalizedText) { en = text.english; es = text.spanish; id = text.indonesian }
}

/// A company checklist as the API takes it: to add one (`key` optional, made from the title), or
/// to revise one (the key is the route's; the body is the whole new version).
struct CompanyChecklistRequest: Content {
    struct Point: Content {
        /// Lower-case letters, digits and _; made from the title when left out.
        var key: String?
        var title: ChecklistTextBody?
        var security: ChecklistTextBody?
        var agriculture: ChecklistTextBody?
    }

    var key: String?
    var title: ChecklistTextBody?
    /// The kind of unit: container, refrigerated_container, tractor, trailer, truck_and_trailer, rail or other.
    var conveyance: String?
    /// The MSC criteria the checklist serves (`5.3`, `8.1`).
    var criteria: [String]?
    var note: String?
    /// In the order the inspector walks them.
    var points: [Point]?

    var draft: InspectionChecklist.Draft {
        InspectionChecklist.Draft(key: key, title: title?.draft, conveyance: conveyance, criteria: criteria ?? [], note: note,
                                  points: (points ?? []).enumerated().map { index, point in
                                      .init(key: point.key, order: index + 1, title: point.title?.draft, security: point.security?.draft,
                                            agriculture: point.agriculture?.draft)
                                  })
    }
}

struct CompanyChecklistResponse: Content {
    struct Point: Content {
        var key: String
        var order: Int
        var title: ChecklistTextBody
        var security: ChecklistTextBody
        var agriculture: ChecklistTextBody
    }

    struct Version: Content {
        var version: Int
        var createdAt: Date
        var createdBy: String?
    }

    var key: String
    /// The version shown (the latest unless `?version=` asked for another).
    var version: Int
    var latestVersion: Int
    var title: ChecklistTextBody
    var conveyance: String
    var criteria: [String]
    var note: String?
    var points: [Point]
    var retired: Bool
    var retiredAt: Date?
    var versions: [Version]

    init(_ checklist: InspectionChecklist, entry: ChecklistLibrary.Entry) {
        key = checklist.key; version = checklist.version; latestVersion = entry.checklist.version; title = ChecklistTextBody(checklist.title)
        conveyance = checklist.conveyance.rawValue; criteria = checklist.criteria.map(\.rawValue); note = checklist.note.isEmpty ? nil : checklist.note
        points = checklist.points.map { Point(key: $0.key, order: $0.order, title: ChecklistTextBody($0.title), security: ChecklistTextBody($0.security),
                                              agriculture: ChecklistTextBody($0.agriculture)) }
        retired = entry.retired; retiredAt = entry.versions.last?.retired_at
        versions = entry.versions.map { Version(version: $0.version, createdAt: $0.created_at, createdBy: $0.created_by_name) }
    }
}
