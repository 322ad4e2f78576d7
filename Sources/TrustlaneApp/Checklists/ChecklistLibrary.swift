import Foundation
import TrustlaneCore

/// The checklists one company's inspections use: CBP's bundled lists, then the company's own,
/// every version of them. New inspections are offered the bundled lists and the latest version
/// of each company list not retired; an inspection already recorded finds the exact version it
/// used, retired or not. A company key never takes a bundled key (`CompanyChecklist.validate`),
/// so a key names one list.
struct ChecklistLibrary: Sendable {
    /// A company checklist's latest version and its state.
    struct Entry: Sendable {
        let checklist: InspectionChecklist
        let retired: Bool
        let versions: [CompanyChecklistQueries.Row]
    }

    private let versions: [String: [Int: InspectionChecklist]]
    /// The company's checklists by key, latest version first in each entry's `checklist`.
    let entries: [Entry]

    /// Only CBP's bundled lists (a company with none of its own, or a page that needs no more).
    static let bundledOnly = ChecklistLibrary(company: CompanyID(), rows: [])

    init(company: CompanyID, rows: [CompanyChecklistQueries.Row]) {
        var versions: [String: [Int: InspectionChecklist]] = [:]
        var entries: [Entry] = []
        for (key, group) in Dictionary(grouping: rows, by: \.checklist_key).sorted(by: { $0.key < $1.key }) {
            let sorted = group.sorted { $0.version < $1.version }
            for row in sorted {
                if let draft = row.storedDraft, let stored = CompanyChecklist.stored(draft, companyID: company) {
                    versions[key, default: [:]][row.version] = stored.checklist
                }
            }
            if let latest = sorted.last, let checklist = versions[key]?[latest.version] {
                entries.append(Entry(checklist: checklist, retired: latest.retired_at != nil, versions: sorted))
            }
        }
        self.versions = versions
        self.entries = entries
    }

    /// The checklist an inspection names: bundled by key, or the company's at that version
    /// (its latest when no version is given).
    func checklist(_ key: String, version: Int? = nil) -> InspectionChecklist? {
        if let bundled = InspectionChecklists.bundled.checklist(key) { return bundled }
        guard let byVersion = versions[key] else { return nil }
        if let version { return byVersion[version] }
        return byVersion.max { $0.key < $1.key }?.value
    }

    /// The checklist a new inspection may use: bundled, or the company's latest version when
    /// the checklist is not retired.
    func current(_ key: String) -> InspectionChecklist? {
        if let bundled = InspectionChecklists.bundled.checklist(key) { return bundled }
        return entries.first { $0.checklist.key == key && !$0.retired }?.checklist
    }

    /// The company's own checklist (latest version) with its history, retired or not.
    func entry(_ key: String) -> Entry? { entries.first { $0.checklist.key == key } }

    /// What a new inspection is offered: CBP's lists, then the company's own not retired.
    var offered: [InspectionChecklist] { InspectionChecklists.bundled.checklists + entries.filter { !$0.retired }.map(\.checklist) }

    /// Whether a key is one of the company's own (not a bundled list).
    func isCompanyList(_ key: String) -> Bool { versions[key] != nil && InspectionChecklists.bundled.checklist(key) == nil }
}
