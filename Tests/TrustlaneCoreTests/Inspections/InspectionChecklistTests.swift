import Foundation
import Testing
@testable import TrustlaneCore

/// The bundled checklists (CBP's lists as versioned data) and the validator every checklist,
/// bundled or a company's own, goes through.
@Suite("Inspection checklists")
struct InspectionChecklistTests {
    let bundled = InspectionChecklists.bundled

    @Test func theBundledListsHaveCBPsPointsInCBPsOrder() throws {
        #expect(bundled.checklists.map(\.key) == ["container-7-point", "highway-tractor", "highway-trailer", "refrigerated-8-point",
                                                   "truck-trailer-17-point"])
        let container = try #require(bundled.checklist("container-7-point"))
        #expect(container.points.map(\.key) == ["front_wall", "left_side", "right_side", "floor", "ceiling_roof", "doors",
                                                "outside_undercarriage"])
        let reefer = try #require(bundled.checklist("refrigerated-8-point"))
        #expect(reefer.points.count == 8 && reefer.points.last?.key == "fan_housing")
        #expect(Array(reefer.points.prefix(7).map(\.key)) == container.points.map(\.key))
        #expect(bundled.checklist("highway-tractor")?.points.count == 7)
        #expect(bundled.checklist("highway-trailer")?.points.count == 10)
        let legacy = try #require(bundled.checklist("truck-trailer-17-point"))
        #expect(legacy.points.count == 17)
        #expect(legacy.points.first?.key == "bumper" && legacy.points.last?.key == "exhaust")
        #expect(legacy.conveyance == .truckAndTrailer)
        #expect(bundled.checklists(for: .refrigeratedContainer).map(\.key) == ["refrigerated-8-point"])
        #expect(bundled.checklists(for: .rail).isEmpty, "no public rail list could be sourced")
    }

    @Test func everyBundledListIsSourcedAndTheUnconfirmedSplitIsFlagged() {
        for checklist in bundled.checklists {
            #expect(!checklist.sources.isEmpty && checklist.checkedOn != nil, "\(checklist.key)")
            #expect(checklist.criteria.contains("5.3") && checklist.criteria.contains("8.1"), "\(checklist.key) serves 5.3 and 8.1")
            #expect(checklist.points.enumerated().allSatisfy { $0.element.order == $0.offset + 1 })
            // A list is confirmed only by CBP material or a copy of it.
            let confirmed = checklist.sources.contains { $0.kind == .cbp || $0.kind == .cbpCopy }
            if !checklist.unverified { #expect(confirmed, "\(checklist.key) claims to be verified without a CBP source") }
        }
        #expect(bundled.checklists.filter(\.unverified).map(\.key) == ["highway-tractor", "highway-trailer"])
    }

    @Test func everyPointSpeaksAllThreeLanguagesInItsOwnWords() {
        for checklist in bundled.checklists {
            for point in checklist.points {
                for text in [point.title, point.security, point.agriculture] {
                    #expect(!text.english.isEmpty && !text.spanish.isEmpty && !text.indonesian.isEmpty)
                }
                // Titles may share a loan word ("Bumper"); instructions are always translated.
                for text in [point.security, point.agriculture] {
                    #expect(text.spanish != text.english && text.indonesian != text.english, "\(checklist.key).\(point.key) untranslated")
                }
            }
        }
        let floor = bundled.checklist("container-7-point")?.point("floor")
        #expect(floor?.title.text(in: .indonesian) == "Lantai")
        #expect(floor?.agriculture.text(in: .spanish).contains("semillas") == true)
    }

    @Test func aValidCompanyChecklistIsBuilt() throws {
        let company = CompanyID()
        let built = try CompanyChecklist.validate(InspectionFixtures.draft(), companyID: company, knownCriteria: InspectionFixtures.criteria,
                                                  reservedKeys: ["container-7-point"]).get()
        #expect(built.companyID == company)
        #expect(built.checklist.points.map(\.order) == [1, 2, 3])
        #expect(built.checklist.criteria == ["5.3", "8.1"])
        #expect(built.checklist.reference == "yard-3-point@1")
        // A bundled list copied as a draft reads back unchanged.
        let copy = InspectionFixtures.container7.draft
        let again = try InspectionChecklistValidator.validate(copy, knownCriteria: InspectionChecklists.currentCriteria(), provenance: .bundled).get()
        #expect(again == InspectionFixtures.container7)
    }

    @Test func aChecklistWithProblemsIsRefusedWithEachFieldNamed() {
        var draft = InspectionFixtures.draft(key: "Yard List", conveyance: "boat")
        draft.criteria = ["5.3", "99.1", "5.3"]
        draft.points![1].key = "doors"
        draft.points![2].order = 5
        draft.points![0].security = .init(en: " ", es: nil, id: "  ")
        draft.title = nil
        let result = CompanyChecklist.validate(draft, companyID: CompanyID(), knownCriteria: InspectionFixtures.criteria, reservedKeys: [])
        guard case .failure(let failure) = result else { Issue.record("accepted a bad checklist"); return }
        let byField = Dictionary(failure.errors.map { ($0.field, $0.messageKey) }, uniquingKeysWith: { first, _ in first })
        #expect(byField["key"] == "inspections.error.checklist_key")
        #expect(byField["conveyance"] == "inspections.error.conveyance")
        #expect(byField["criteria[1]"] == "inspections.error.criterion_unknown")
        #expect(byField["criteria[2]"] == "inspections.error.criterion_repeated")
        #expect(byField["points[1].key"] == "inspections.error.point_key_repeated")
        #expect(byField["points[2].order"] == "inspections.error.point_order")
        #expect(byField["points[0].security"] == "inspections.error.text_missing")
        #expect(byField["title"] == "inspections.error.text_missing")
        #expect(failure.message(for: "points[2].order")?.arguments["expected"] == "3")
    }

    @Test func aCompanyListMayBeWrittenInOneLanguageAndShowsItInTheOthers() throws {
        var draft = InspectionFixtures.draft()
        draft.title = .init(en: nil, es: "Revisión de patio", id: nil)
        draft.points![0].security = .init(en: "Look under the floor", es: nil, id: "Periksa lantai")
        let built = try CompanyChecklist.validate(draft, companyID: CompanyID(), knownCriteria: InspectionFixtures.criteria, reservedKeys: []).get()
        #expect(built.checklist.title.text(in: .english) == "Revisión de patio" && built.checklist.title.text(in: .indonesian) == "Revisión de patio")
        #expect(built.checklist.points[0].security.text(in: .spanish) == "Look under the floor", "the first written stands in")
        #expect(built.checklist.points[0].security.text(in: .indonesian) == "Periksa lantai")
        // A CBP list keeps needing all three.
        let bundled = InspectionChecklistValidator.validate(draft, knownCriteria: InspectionFixtures.criteria, provenance: .bundled)
        guard case .failure(let failure) = bundled else { Issue.record("a bundled list in one language"); return }
        #expect(failure.errors.contains { $0.field == "title.en" && $0.messageKey == "inspections.error.language_missing" })
    }

    @Test func blankKeysAreMadeFromTheTitlesAndAStoredVersionReadsBack() throws {
        var draft = InspectionFixtures.draft()
        draft.key = nil
        draft.title = .init(en: "Rail car — 9 points (Vagón)")
        draft.points = [.init(title: .init(es: "Puertas y cerrojos")), .init(title: .init(en: "Doors")), .init(key: "roof", title: .init(en: "Roof")),
                        .init(title: .init(en: "Puertas y cerrojos"))]
        let completed = CompanyChecklist.completingKeys(draft)
        #expect(completed.key == "rail-car-9-points-vagon")
        #expect(completed.points?.map(\.key) == ["puertas_y_cerrojos", "doors", "roof", "puertas_y_cerrojos_2"])
        #expect(completed.points?.map(\.order) == [1, 2, 3, 4])
        #expect(CompanyChecklist.suggestedKey(from: "  42 — ¿?") == nil, "nothing but digits and signs: no key")
        // A stored version is read back against the criteria it names, whatever the catalog says now.
        var stored = InspectionFixtures.draft()
        stored.criteria = ["5.3", "9.99"]
        #expect(CompanyChecklist.stored(stored, companyID: CompanyID())?.checklist.criteria.map(\.rawValue) == ["5.3", "9.99"])
    }

    @Test func aCompanyCannotTakeABundledKey() {
        let result = CompanyChecklist.validate(InspectionFixtures.draft(key: "container-7-point"), companyID: CompanyID(),
                                               knownCriteria: InspectionFixtures.criteria, reservedKeys: ["container-7-point"])
        guard case .failure(let failure) = result else { Issue.record("took a bundled key"); return }
        #expect(failure.errors.map(\.messageKey) == ["inspections.error.checklist_key_taken"])
    }

    @Test func aBundledFileNeedsSourcesAndACheckDay() {
        let result = InspectionChecklistValidator.validate(InspectionFixtures.draft(), knownCriteria: InspectionFixtures.criteria, provenance: .bundled)
        guard case .failure(let failure) = result else { Issue.record("accepted an unsourced bundled list"); return }
        #expect(Set(failure.errors.map(\.field)) == ["checked_on", "sources"])
    }

    @Test func aYAMLFileWithProblemsNamesTheFileAndTheField() {
        let wrongType = """
        key: rail-6
        version: one
        """
        #expect(throws: InspectionChecklistLoader.LoadError.self) {
            try InspectionChecklistLoader.load(Data(wrongType.utf8), file: "rail.yaml", knownCriteria: InspectionFixtures.criteria)
        }
        do {
            _ = try InspectionChecklistLoader.load(Data(wrongType.utf8), file: "rail.yaml", knownCriteria: InspectionFixtures.criteria)
        } catch {
            #expect(error.file == "rail.yaml")
            #expect(error.errors.first?.field == "version")
            #expect(error.description.hasPrefix("rail.yaml: version: "))
        }
        let missing = """
        key: rail-6
        version: 1
        title: {en: Rail car, es: Vagón, id: Gerbong}
        conveyance: rail
        criteria: ["5.3"]
        points:
          - {key: doors, order: 1, title: {en: Doors, es: Puertas}}
        """
        do {
            _ = try InspectionChecklistLoader.load(Data(missing.utf8), file: "rail.yaml", knownCriteria: InspectionFixtures.criteria)
            Issue.record("accepted an incomplete point")
        } catch {
            // A company's file may leave a language out (the title has two), not a whole text.
            #expect(!error.errors.map(\.field).contains { $0.hasPrefix("points[0].title") })
            #expect(error.errors.map(\.field).contains("points[0].security"))
            #expect(error.description.contains("rail.yaml: points[0].agriculture: "))
        }
    }
}
