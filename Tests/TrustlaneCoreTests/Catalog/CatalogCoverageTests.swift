import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Catalog coverage")
struct CatalogCoverageTests {
    @Test func countsListedAndVerifiedPerEntityType() throws {
        let coverage = CatalogCoverage(try CatalogFixtures.small())

        let imp = try #require(coverage.row(for: .importer))
        let hc = try #require(coverage.row(for: .highwayCarrier))
        #expect(coverage.totalCriteria == 3)
        #expect(coverage.fullyVerified == 0) // 1.1 is verified for IMP only
        #expect((imp.listed, imp.verified, imp.must, imp.should) == (2, 1, 1, 1))
        #expect((hc.listed, hc.verified, hc.must, hc.should) == (3, 0, 2, 1))
        #expect((imp.eligibilityQuestions, hc.eligibilityQuestions) == (2, 1))
        #expect(coverage.row(for: .airCarrier) == nil)
    }

    @Test func bundledCatalogIsHonestAboutVerification() throws {
        let catalog = try CatalogFixtures.bundled()

        let coverage = CatalogCoverage(catalog)

        #expect(coverage.rows.count == 12)
        #expect(coverage.fullyVerified == 2) // 7.37 and 11.5
        for row in coverage.rows {
            let confirmedForType = [EntityType.importer, .highwayCarrier, .mexicanLongHaulCarrier, .foreignManufacturer, .thirdPartyLogistics]
                .contains(row.entityType)
            #expect(row.verified == (confirmedForType ? 4 : 2), "\(row.entityType.code)")
            #expect(row.listed == catalog.criteria(for: row.entityType).count)
            #expect(row.must + row.should == row.listed)
            #expect(row.categoriesCovered == 12 && row.categoriesApplicable == 12)
        }
    }

    @Test func tableHasOneLinePerEntityType() throws {
        let table = CatalogCoverage(try CatalogFixtures.bundled()).table

        let lines = table.split(separator: "\n")
        #expect(lines.count == 16) // header, 12 types, totals, a two-line legend
        #expect(lines[1].hasPrefix("IMP "))
        #expect(lines[13].hasPrefix("ctpat-msc-2020: ") == true)
    }
}
