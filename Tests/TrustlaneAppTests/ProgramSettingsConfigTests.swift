import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

extension AppTests {
    /// Issue 10: the program's numbers come from `AppConfig` (a settings file), are checked at
    /// start-up, and every clock, queue key and form reads them from there.
    @Suite struct ProgramSettingsConfig {
        static func file(_ text: String) throws -> String {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("program-settings-\(UUID()).yaml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        @Test func startUpRefusesASettingsFileWithABadValueNamingTheSetting() throws {
            let bad = try Self.file("certification_target_days: 0\ndue_soon_days: 10\n")
            #expect(throws: ConfigError.self) { try AppConfig.readProgramSettings(path: bad) }
            do { _ = try AppConfig.readProgramSettings(path: bad) } catch {
                #expect("\(error)".contains("certification_target_days must be between 1 and 3650"))
            }
            let notANumber = try Self.file("due_soon_days: soon\n")
            do { _ = try AppConfig.readProgramSettings(path: notANumber); Issue.record("accepted due_soon_days: soon") } catch {
                #expect("\(error)".contains("due_soon_days"))
            }
            do { _ = try AppConfig.readProgramSettings(path: "/no/such/settings.yaml"); Issue.record("accepted a missing file") } catch {
                #expect("\(error)".contains("cannot be read"))
            }
            let misspelt = try Self.file("certification_target_dayz: 60\n")
            do { _ = try AppConfig.readProgramSettings(path: misspelt); Issue.record("accepted a misspelt key") } catch {
                #expect("\(error)".contains("unknown setting certification_target_dayz"))
            }
            let good = try Self.file(#"{"certification_target_days": 60, "due_soon_days": 10}"#)
            let settings = try AppConfig.readProgramSettings(path: good)
            #expect(settings.certificationTargetDays == 60 && settings.dueSoonDays == 10 && settings.validationDueDays == 365)
        }

        @Test func theConfiguredCertificationTargetDrivesTheClockTheQueueAndThePage() async throws {
            try await withTrustlane(configure: { $0.programSettings = ProgramSettings(certificationTargetDays: 60, certificationClockStart: .application) }) { client in
                let start = ProgramDay("2026-01-05")!
                client.app.clock = .fixed(.day(start.description))
                let f = try await LifecycleFixture.make(client)
                try await f.api(#"{"kind":"apply","agreementAccepted":true}"#, as: f.officerToken)
                let clock = try #require(try await MembershipClockEdges.clock(client, f, .certificationDecision))
                #expect(clock.dueOn == start.adding(days: 60).description)
                let queue = try await client.api(.GET, "/api/v1/review/queue", token: f.reviewerToken)
                #expect(queue.text.contains(#""nextDueOn":"\#(start.adding(days: 60))""#))
            }
        }
    }
}
