import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Program days")
struct ProgramDayTests {
    @Test func theArithmeticDayAgreesWithTheCalendarAcrossCenturiesAndLeapDays() {
        var instants: [Double] = [0, -1, 86_399, 86_400, 951_782_400, 951_868_799, 4_107_542_400, -2_208_988_800, 1_767_225_599]
        var seed: UInt64 = 42
        for _ in 0..<5_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            instants.append(Double(Int64(bitPattern: seed >> 1) % 10_000_000_000) - 3_000_000_000 + 0.5)
        }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ProgramDay(date) == ProgramDay(date, calendar: .programUTC), "\(seconds)")
        }
    }

    @Test func parsesOnlyRealDays() {
        #expect(ProgramDay("2024-02-29")?.description == "2024-02-29")
        #expect(ProgramDay("2025-02-29") == nil)
        #expect(ProgramDay("2025-2-1") == nil)
        #expect(ProgramDay("+025-02-01") == nil)
        #expect(ProgramDay(year: 2025, month: 13, day: 1) == nil)
    }

    @Test func arithmeticAndOrder() {
        let day = ProgramDay(year: 2024, month: 2, day: 29)!
        #expect(day.adding(days: 1).description == "2024-03-01")
        #expect(day.adding(years: 1).description == "2025-02-28")
        #expect(day.adding(years: 4).description == "2028-02-29")
        #expect(day.days(until: ProgramDay(year: 2025, month: 2, day: 28)!) == 365)
        #expect(day.days(until: ProgramDay(year: 2024, month: 2, day: 1)!) == -28)
        #expect(day < day.adding(days: 1))
    }

    @Test func takesTheUTCDayOfAnInstant() {
        let lateUTC = LifecycleFixtures.at(2025, 1, 1, 23, 59, 59)
        #expect(ProgramDay(lateUTC).description == "2025-01-01")
        var tokyo = Calendar(identifier: .gregorian)
        tokyo.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        #expect(ProgramDay(lateUTC, calendar: tokyo).description == "2025-01-02")
    }

    @Test func codesAsText() throws {
        let data = try JSONEncoder().encode([ProgramDay(year: 2025, month: 7, day: 15)!])
        #expect(String(decoding: data, as: UTF8.self) == #"["2025-07-15"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ProgramDay].self, from: Data(#"["2025-02-30"]"#.utf8)) }
    }
}
