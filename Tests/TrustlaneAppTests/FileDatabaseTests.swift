import Fluent
import Foundation
import SQLKit
import Testing
import TrustlaneCore
import Vapor
import VaporTesting
@testable import TrustlaneApp

/// Issue 12: on a SQLite file (the default deployment) writes go through their own connections
/// and reads through the event loops' ones, in WAL mode. Everything written is read back at
/// once, also while other requests read and write concurrently.
extension AppTests {
    @Suite struct FileDatabase {
        @Test func concurrentReadsAndWritesOnAFileAllSucceedAndReadTheirWrites() async throws {
            guard !usingPostgres else { return }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustlane-file-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await withTrustlane(configure: { $0.database = .sqliteFile(path: folder.appendingPathComponent("t.sqlite").path) }) { client in
                let sql = client.db as! any SQLDatabase
                struct Mode: Decodable { let journal_mode: String }
                #expect(try await sql.raw("PRAGMA journal_mode").first(decoding: Mode.self)?.journal_mode == "wal")

                let f = try await AppTests.SecurityProfile.fixture(client, types: [.highwayCarrier])
                let service = ProfileService(app: client.app)
                let context = try await service.open(company: f.company.companyID, entityTypes: ["HC"], catalogID: nil, by: nil)
                let path = "/companies/\(f.company.companyID)/profile"
                let criteria = Array(context.scope.criteria.prefix(12))
                let token = try await client.token(for: f.officer)
                try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for (index, scoped) in criteria.enumerated() {
                        group.addTask {
                            let body = #"{"status":"meets","narrative":"Written while others read (\#(index))","baseVersion":0}"#
                            return try await client.api(.PUT, "/api/v1/companies/\(f.company.companyID)/profile/answers/\(scoped.id.rawValue)",
                                                        token: token, json: body).status
                        }
                        group.addTask { try await client.get(path, as: f.browser).status }
                    }
                    for try await status in group { #expect(status == .ok, "a request failed: \(status)") }
                }
                let answers = try await service.answers(context).answers
                for (index, scoped) in criteria.enumerated() {
                    #expect(answers[scoped.id]?.narrative == "Written while others read (\(index))")
                }
                let page = try await client.get(path, as: f.browser)
                #expect(page.status == .ok)
            }
        }
    }
}
