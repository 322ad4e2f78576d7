import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 11: revision 2 of the CTPAT catalog carries a CBP number only where public material
/// shows it, names its sources, and places every criterion of the first version.
@Suite("CTPAT catalog, revision 2")
struct CatalogRevisionTwoTests {
    static func catalogs() throws -> (old: Catalog, new: Catalog) {
        let all = try CatalogFixtures.bundledCatalogs.get()
        return (try #require(all.catalog(id: "ctpat-msc-2020")), try #require(all.catalog(id: "ctpat-msc-2020-r2")))
    }

    /// The 92 numbers of Trustlane's research list (shared/domain/msc-criteria.csv).
    static let researchList: Set<CriterionID> = Set((
        "1.1 1.2 1.3 1.4 2.1 2.2 2.3 2.4 3.1 3.4 3.5 3.6 3.7 3.8 3.9 4.1 4.2 4.3 4.4 4.5 4.6 4.7 4.8 4.9 4.10 4.11 4.12 4.13 "
        + "5.1 5.2 5.3 5.4 5.5 5.6 5.7 5.8 5.14 5.15 5.16 5.24 5.29 6.1 6.2 6.5 6.6 6.7 7.1 7.2 7.4 7.5 7.6 7.7 7.8 7.23 7.24 "
        + "7.25 7.27 7.28 7.29 7.30 7.37 8.1 9.1 9.4 9.5 9.6 9.7 9.8 9.9 9.10 9.11 9.12 9.13 9.14 9.15 9.16 10.1 10.2 10.3 10.4 "
        + "10.7 10.8 10.10 11.1 11.2 11.5 12.1 12.2 12.4 12.8 12.9 12.10").split(separator: " ").map { CriterionID(String($0))! })

    @Test func replacesTheFirstVersionAndPlacesEveryOneOfItsCriteria() throws {
        let (old, new) = try Self.catalogs()
        let upgrade = CatalogUpgrade(from: old, to: new)

        #expect(Self.researchList.count == 92)
        #expect(upgrade.isDeclared)
        #expect(upgrade.unplaced.isEmpty, "no place for \(upgrade.unplaced)")
        #expect(upgrade.folded.count == 16 && upgrade.renumbered.count == 35)
        #expect(new.criteria.count == old.criteria.count - 16)
        #expect(upgrade.added.isEmpty, "nothing new: \(upgrade.added)")
    }

    @Test func aCBPNumberOnlyWherePublicMaterialShowsIt() throws {
        let (old, new) = try Self.catalogs()
        let reconstructed = old.criteria.filter { $0.note.contains("reconstructed") }.map(\.id)

        #expect(reconstructed.count == 51)
        for criterion in new.criteria {
            if criterion.id.isLocal {
                #expect(criterion.verifiedEntityTypes.isEmpty, "\(criterion.id) is local yet verified")
                #expect(criterion.sources.first == "trustlane-knowledge")
                #expect(criterion.note.contains("Trustlane-local id"))
            } else {
                #expect(Self.researchList.contains(criterion.id), "\(criterion.id) has a CBP-looking number no source shows")
                #expect(criterion.sources.contains("research-list"))
            }
        }
        for id in reconstructed { #expect(new.criterion(id: id) == nil, "\(id) still carries its reconstructed number") }
        #expect(new.criteria.filter { !$0.id.isLocal }.count == 92)
    }

    @Test func collisionsAndDuplicatesFoundByTheReviewAreResolved() throws {
        let (old, new) = try Self.catalogs()
        let upgrade = CatalogUpgrade(from: old, to: new)
        // Numbers that belong to different real criteria: gone from this version.
        for id: CriterionID in ["6.3", "6.4", "7.10", "9.3", "10.5", "10.9", "12.5", "12.6", "12.7"] {
            #expect(new.criterion(id: id) == nil, "\(id)")
        }
        // Parts of real criteria: folded into them, their text carried in the host's guidance.
        let hosts: [CriterionID: CriterionID] = ["4.14": "4.13", "5.9": "5.3", "5.10": "5.3", "7.26": "7.23", "8.2": "8.1",
                                                 "11.3": "11.1", "11.4": "4.7", "9.3": "TL-9-A", "10.5": "10.2", "12.5": "12.2"]
        for (from, into) in hosts {
            #expect(upgrade.fate(of: from) == .folded(into: into), "\(from)")
            let host = try #require(new.criterion(id: into))
            #expect(host.guidance.contains("separately as \(from)"), "\(into) does not carry \(from)")
        }
        // A renumbered criterion keeps its text under a local id.
        #expect(upgrade.fate(of: "3.2") == .renumbered(to: "TL-3-A"))
        #expect(new.criterion(id: "TL-3-A")?.summary == old.criterion(id: "3.2")?.summary)
    }

    @Test func summariesCarryTheMustElementsTheyLeftOut() throws {
        let (old, new) = try Self.catalogs()
        let expected: [(CriterionID, String)] = [("4.2", "social engineering"), ("4.7", "leaves the company"), ("4.13", "disposed of"),
                                                ("5.3", "storage yard"), ("6.1", "once a year"), ("6.2", "ISO 17712"),
                                                ("7.8", "first foreign place"), ("7.23", "before the conveyance reaches the border"),
                                                ("9.8", "outside monitoring station")]
        for (id, words) in expected {
            #expect(new.criterion(id: id)?.summary.contains(words) == true, "\(id) lacks \(words)")
            #expect(old.criterion(id: id)?.summary.contains(words) == false, "\(id) had it already")
        }
        let sealing = try #require(new.criterion(id: "6.1")).entityTypes
        #expect(new.criterion(id: "6.2")?.entityTypes == sealing)
    }

    @Test func everyItemNamesSourcesTheCatalogLists() throws {
        let (_, new) = try Self.catalogs()
        let known = Set(new.sources.map(\.id))

        for criterion in new.criteria {
            #expect(!criterion.sources.isEmpty && Set(criterion.sources).isSubset(of: known), "\(criterion.id)")
            // A confirmation needs a CBP source beside it.
            if !criterion.verifiedEntityTypes.isEmpty {
                #expect(criterion.sources.contains { new.source($0)?.kind == .cbp }, "\(criterion.id) verified without a CBP source")
            }
        }
        for question in new.eligibilityQuestions {
            #expect(!question.sources.isEmpty && Set(question.sources).isSubset(of: known), "\(question.id)")
            if !question.verifiedEntityTypes.isEmpty {
                #expect(question.sources.contains { new.source($0)?.kind == .cbp }, "\(question.id) verified without a CBP source")
            }
        }
        #expect(new.criterion(id: "8.1")?.verifiedEntityTypes == [.foreignManufacturer])
    }

    @Test func coverageTellsConfirmedFromPublicFromLocal() throws {
        let (_, new) = try Self.catalogs()
        let coverage = CatalogCoverage(new)
        let importer = try #require(coverage.row(for: .importer))

        #expect(importer.verified + importer.publicNumber + importer.local == importer.listed)
        #expect(importer.verified == 4) // 1.1, 1.2, 7.37, 11.5
        #expect(importer.local == new.criteria(for: .importer).filter(\.id.isLocal).count && importer.local > 0)
        #expect(coverage.row(for: .foreignManufacturer)?.verified == 5) // and 8.1
        #expect(coverage.table.contains("local: a Trustlane-local id"))
    }

    @Test func theBrowserFiltersByNumbering() throws {
        let (_, new) = try Self.catalogs()
        let index = CatalogIndex(new)

        let local = index.search(CatalogQuery(entityTypes: [.highwayCarrier], numbering: .local))
        let confirmed = index.search(CatalogQuery(entityTypes: [.highwayCarrier], numbering: .confirmed))
        let all = index.search(CatalogQuery(entityTypes: [.highwayCarrier]))

        #expect(!local.isEmpty && local.allSatisfy { $0.criterion.id.isLocal })
        #expect(confirmed.map(\.criterion.id.rawValue) == ["1.1", "1.2", "7.37", "11.5"])
        #expect(local.count + confirmed.count + index.search(CatalogQuery(entityTypes: [.highwayCarrier], numbering: .publicMaterial)).count == all.count)
    }
}

/// Issue 11: eligibility questions as CBP's pages ask them.
@Suite("CTPAT eligibility, revision 2")
struct EligibilityRevisionTwoTests {
    static func rules(_ type: EntityType) throws -> EligibilityRuleSet {
        try CatalogRevisionTwoTests.catalogs().new.eligibilityRules(for: type)
    }

    static func passing(_ rules: EligibilityRuleSet) -> EligibilityAnswers {
        var answers = EligibilityAnswers()
        for question in rules.questions { answers[question.id] = question.effect == .required }
        return answers
    }

    @Test func aRailroadBasedInMexicoOrCanadaWithACommonCarrierBondIsEligible() throws {
        let rules = try Self.rules(.railCarrier)
        let office = try #require(rules.questions.first { $0.id == "rc_office_north_america" })
        let bond = try #require(rules.questions.first { $0.id == "rc_carrier_bond" })

        #expect(office.text.contains("Canada or Mexico") && office.isVerified(for: .railCarrier))
        #expect(bond.text.contains("common carrier bond"))
        #expect(!rules.questions.contains { $0.id == "rc_office_us" })
        #expect(EligibilityEvaluator.evaluate(entityType: .railCarrier, answers: Self.passing(rules), rules: rules) == .eligible)
    }

    @Test func consolidatorsMayHoldATypeTwoCustodialBond() throws {
        let bond = try #require(try Self.rules(.consolidator).questions.first { $0.id == "cons_bond" })
        #expect(bond.text.contains("type 2 custodial bond") && !bond.text.contains("IBEC"))
    }

    @Test func exportersAreAskedForAnExportSecurityProgramAndReportingCompliance() throws {
        let rules = try Self.rules(.exporter)
        let ids = Set(rules.questions.map(\.id.rawValue))

        #expect(ids.isSuperset(of: ["exp_export_security_program", "exp_export_reporting_compliance"]))
        #expect(rules.questions.first { $0.id == "exp_principal_party" }?.text.contains("U.S. principal party") == false)
        var answers = Self.passing(rules)
        answers["exp_export_security_program"] = false
        guard case .notEligible(let reasons) = EligibilityEvaluator.evaluate(entityType: .exporter, answers: answers, rules: rules) else {
            Issue.record("an exporter without a security program was not refused")
            return
        }
        #expect(reasons.count == 1 && reasons[0].contains("export security program"))
    }

    @Test func onlyMexicanBasedCarriersAndManufacturersAreAskedForRFCAndActa() throws {
        for type in [EntityType.highwayCarrier, .foreignManufacturer] {
            let rules = try Self.rules(type)
            var answers = Self.passing(rules)
            answers["mx_based"] = false
            answers["mx_rfc_and_acta"] = nil
            // Not in Mexico: never asked, and the branching answer rules nothing out.
            #expect(EligibilityEvaluator.evaluate(entityType: type, answers: answers, rules: rules) == .eligible, "\(type)")
            answers["mx_based"] = true
            #expect(EligibilityEvaluator.evaluate(entityType: type, answers: answers, rules: rules) == .incomplete(missing: ["mx_rfc_and_acta"]))
            answers["mx_rfc_and_acta"] = false
            guard case .notEligible(let reasons) = EligibilityEvaluator.evaluate(entityType: type, answers: answers, rules: rules) else {
                Issue.record("\(type) without an RFC was not refused")
                continue
            }
            #expect(reasons.contains { $0.contains("RFC") })
        }
        #expect(try Self.rules(.mexicanLongHaulCarrier).questions.contains { $0.id == "mlh_rfc_and_acta" })
    }

    @Test func brokersMustHaveBeenActiveWithinThePastYearAndSeaCarriersAnswerForISPS() throws {
        #expect(try Self.rules(.customsBroker).questions.first { $0.id == "cb_licensed_broker" }?.text.contains("within the past year") == true)
        let isps = try #require(try Self.rules(.seaCarrier).questions.first { $0.id == "sc_isps_mtsa" })
        #expect(isps.effect == .required && !isps.verified) // only a secondary source says so
    }
}
