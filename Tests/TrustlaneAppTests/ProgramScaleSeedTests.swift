import ConsoleKit
import Fluent
import Foundation
import Testing
import Vapor
@testable import TrustlaneApp

extension AppTests {
    @Suite struct ProgramScaleDemo {
        /// `trustlane demo --scale program --password P`: every account it makes signs in with P,
        /// the administrator included (it used to get the benchmark's password).
        @Test func thePasswordGivenOpensEveryAccountTheProgramSeedMakes() async throws {
            try await withTrustlane { client in
                let password = "harbor lantern quietly 2031"
                try await ProgramScaleSeed(app: client.app).load(companies: 12, password: password, console: Terminal())
                for email in ["admin@bench.example", "officer6@bench.example", "reviewer00@program.trustlane.example"] {
                    let browser = client.browser()
                    try await client.get("/sign-in", as: browser)
                    let response = try await client.post("/sign-in", as: browser, form: [("email", email), ("password", password)])
                    #expect(response.status == .seeOther, "\(email) → \(response.status.code)")
                }
            }
        }
    }
}
