import Foundation
@testable import TrustlaneCore

/// Small checklists and drafts built in code for the inspection tests.
enum InspectionFixtures {
    static let criteria: Set<CriterionID> = ["5.2", "5.3", "5.4", "5.5", "8.1"]

    static func text(_ english: String) -> InspectionChecklist.Draft.Text {
        .init(en: english, es: "\(english) (es)", id: "\(english) (id)")
    }

    static func point(_ key: String, _ order: Int) -> InspectionChecklist.Draft.Point {
        .init(key: key, order: order, title: text(key), security: text("look at \(key)"), agriculture: text("pests at \(key)"))
    }

    /// A valid three-point company checklist draft.
    static func draft(key: String = "yard-3-point", conveyance: String = "container") -> InspectionChecklist.Draft {
        .init(key: key, version: 1, title: text("Yard check"), conveyance: conveyance, criteria: ["5.3", "8.1"],
              points: [point("doors", 1), point("floor", 2), point("roof", 3)])
    }

    static var container7: InspectionChecklist { InspectionChecklists.bundled.checklist("container-7-point")! }

    static let inspector = UserID()
    static let supervisor = UserID()
    static let moment = Date(timeIntervalSince1970: 1_790_000_000)

    /// Answers for every point of `checklist`: pass, except the keys given as failing.
    static func answers(_ checklist: InspectionChecklist, failing: [String: String] = [:]) -> [InspectionDraft.Answer] {
        checklist.points.map { point in
            if let note = failing[point.key] { return .init(pointKey: point.key, outcome: "fail", note: note) }
            return .init(pointKey: point.key, outcome: "pass")
        }
    }

    static func containerDraft(_ number: String = "CSQU3054383", failing: [String: String] = [:]) -> InspectionDraft {
        InspectionDraft(containerNumber: number, site: "Cikarang DC", yardLocation: "Door 4", answers: answers(container7, failing: failing))
    }

    static func inspection(failing: [String: String] = [:], id: InspectionID = InspectionID()) throws -> ConveyanceInspection {
        try InspectionValidator.validate(containerDraft(failing: failing), checklist: container7, id: id, inspector: inspector,
                                         inspectedAt: moment).get()
    }
}
