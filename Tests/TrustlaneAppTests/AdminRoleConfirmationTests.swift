import Fluent
import Foundation
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Issue 13: the administrator role is never granted or taken away with one click; the other
/// platform roles still toggle at once.
extension AppTests {
    @Suite struct AdminRoleConfirmation {
        @Test func grantingAdministratorAsksFirstAndOnlyTheConfirmationGrantsIt() async throws {
            try await withTrustlane { client in
                _ = try await client.makeUser("root@example.com", admin: true)
                let person = try await client.makeUser("person@example.com", name: "Dewi Lestari")
                let admin = try await client.signIn("root@example.com")
                let path = "/admin/users/\(person.id!.uuidString.lowercased())/roles"

                let asked = try await client.post(path, as: admin, form: [("role", "administrator"), ("granted", "true")])
                #expect(asked.status == .ok)
                #expect(asked.text.contains("Make Dewi Lestari an administrator?") && asked.text.contains("id=\"confirm-form\""))
                #expect(asked.text.contains("name=\"confirm\" value=\"yes\""))
                #expect(try await UserModel.find(person.id, on: client.db)?.isAdministrator == false, "asking grants nothing")

                let confirmed = try await client.post(path, as: admin, form: [("role", "administrator"), ("granted", "true"), ("confirm", "yes")])
                #expect(confirmed.status == .seeOther)
                #expect(try await UserModel.find(person.id, on: client.db)?.isAdministrator == true)

                // Taking it away is asked too.
                let removing = try await client.post(path, as: admin, form: [("role", "administrator"), ("granted", "false")])
                #expect(removing.status == .ok && removing.text.contains("Remove Dewi Lestari as an administrator?"))
                #expect(try await UserModel.find(person.id, on: client.db)?.isAdministrator == true)

                // A reviewer's role is one click, as before.
                let reviewer = try await client.post(path, as: admin, form: [("role", "reviewer"), ("granted", "true")])
                #expect(reviewer.status == .seeOther)
                #expect(try await UserModel.find(person.id, on: client.db)?.isReviewer == true)
            }
        }
    }
}
