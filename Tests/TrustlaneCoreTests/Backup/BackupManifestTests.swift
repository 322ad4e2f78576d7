import Foundation
import Testing
@testable import TrustlaneCore

/// Issue 18: a backup's manifest lists every file with its size and SHA-256, and a copy that
/// does not match it is refused, naming the file.
@Suite struct BackupManifestTests {
    /// A folder with a "database" and two evidence files, and its manifest.
    static func folder() throws -> (URL, BackupManifest) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-manifest-\(UUID())")
        let files = ["trustlane.sqlite": "SQLite format 3\u{0} pretend pages", "evidence/ab/cd/one": "first evidence", "evidence/ef/01/two": "second"]
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let described = try BackupManifest.describe(directory: folder, paths: files.keys.sorted())
        let manifest = BackupManifest(createdAt: Date(timeIntervalSince1970: 1_796_000_000), database: .sqlite, databaseFile: "trustlane.sqlite",
                                      migrations: ["001_CreateUsers", "035_CreateBackupRuns"], auditHead: .init(count: 42, lastHash: "abc"),
                                      files: described)
        try manifest.encoded().write(to: folder.appendingPathComponent(BackupManifest.fileName))
        return (folder, manifest)
    }

    @Test func aManifestReadsBackAsWrittenAndMatchesItsFiles() throws {
        let (folder, manifest) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let read = try BackupManifest.decode(try Data(contentsOf: folder.appendingPathComponent(BackupManifest.fileName)))
        #expect(read == manifest)
        #expect(read.trustlaneVersion == TrustlaneVersion.current)
        #expect(read.files.map(\.path) == ["evidence/ab/cd/one", "evidence/ef/01/two", "trustlane.sqlite"])
        #expect(read.files.allSatisfy { $0.sha256.count == 64 })
        #expect(read.totalBytes == Int64(read.files.map(\.bytes).reduce(0, +)))
        #expect(read.problems(in: folder).isEmpty)
    }

    @Test func theDigestIsTheFilesSHA256() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID())")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("abc".utf8).write(to: url)
        // FIPS 180-2's example, read in chunks smaller than the file.
        #expect(try FileDigest.sha256(of: url, chunkSize: 2) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func oneChangedByteIsRefusedNamingTheFile() throws {
        let (folder, manifest) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("evidence/ab/cd/one")
        var bytes = try Data(contentsOf: url)
        bytes[3] ^= 0x01
        try bytes.write(to: url)
        let problems = manifest.problems(in: folder)
        #expect(problems.count == 1)
        guard case .digestDiffers(let path, _, _) = problems.first else { Issue.record("expected a digest problem, got \(problems)"); return }
        #expect(path == "evidence/ab/cd/one")
        #expect(problems[0].description.contains("evidence/ab/cd/one") && problems[0].description.contains("SHA-256 check failed"))
    }

    @Test func aRemovedOrShortenedOrAddedFileIsRefused() throws {
        let (folder, manifest) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("evidence/ef/01/two"))
        try Data("short".utf8).write(to: folder.appendingPathComponent("trustlane.sqlite"))
        try Data("slipped in".utf8).write(to: folder.appendingPathComponent("extra.txt"))
        let problems = manifest.problems(in: folder)
        #expect(problems.contains(.missing("evidence/ef/01/two")))
        #expect(problems.contains { if case .sizeDiffers("trustlane.sqlite", _, 5) = $0 { return true }; return false })
        #expect(problems.contains(.unlisted("extra.txt")))
        #expect(problems.count == 3)
    }

    @Test func pathsOutsideTheBackupAreRefused() throws {
        let (folder, original) = try Self.folder()
        var manifest = original
        defer { try? FileManager.default.removeItem(at: folder) }
        for bad in ["../outside", "/etc/passwd", "evidence/./x", "", "a//b"] {
            manifest.files = [.init(path: bad, bytes: 1, sha256: String(repeating: "0", count: 64))]
            #expect(manifest.problems(in: folder).contains(.unsafePath(bad)), "\(bad)")
        }
    }

    @Test func aManifestThatIsNotOneSaysWhy() throws {
        #expect(throws: BackupManifest.ReadError.self) { try BackupManifest.decode(Data("{}".utf8)) }
        let (folder, original) = try Self.folder()
        var manifest = original
        defer { try? FileManager.default.removeItem(at: folder) }
        manifest.format = 99
        do {
            _ = try BackupManifest.decode(try manifest.encoded())
            Issue.record("a format from the future was read")
        } catch let error as BackupManifest.ReadError {
            #expect(error.message.contains("format 99"))
        }
        manifest.format = BackupManifest.currentFormat
        manifest.databaseFile = "missing.sqlite"
        #expect(throws: BackupManifest.ReadError.self) { try BackupManifest.decode(try manifest.encoded()) }
    }
}

/// Issue 18: the scheduled backup keeps the newest N and deletes only its own older folders.
@Suite struct BackupRetentionTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func namesCarryTheTimeAndReadBack() {
        let date = Self.date("2026-12-06T01:02:03Z")
        #expect(BackupRetention.name(for: date) == "trustlane-backup-20261206T010203Z")
        #expect(BackupRetention.name(for: date, sequence: 2) == "trustlane-backup-20261206T010203Z-2")
        #expect(BackupRetention.parse("trustlane-backup-20261206T010203Z")?.date == date)
        #expect(BackupRetention.parse("trustlane-backup-20261206T010203Z-3")?.sequence == 3)
        for other in ["notes.txt", "trustlane-backup-20261306T010203Z", "trustlane-backup-20261206T010203Z-1", "trustlane-backup-20261206T010203Z-x",
                      ".trustlane-backup-20261206T010203Z.partial-1", "trustlane-backup-2026120T6010203Z", "trustlane-backup-20261206T010203Zextra"] {
            #expect(BackupRetention.parse(other) == nil, "\(other)")
        }
    }

    @Test func retentionDeletesTheOldestPastTheCountAndNothingElse() {
        let names = ["trustlane-backup-20261201T000000Z", "trustlane-backup-20261203T000000Z", "trustlane-backup-20261202T000000Z",
                     "trustlane-backup-20261203T000000Z-2", "trustlane-backup-20261130T235959Z", "keep-me", ".trustlane-backup-20261101T000000Z.partial-x",
                     "trustlane-backup-20261101T000000Z.tmp"]
        #expect(BackupRetention.toDelete(names, keep: 3) == ["trustlane-backup-20261130T235959Z", "trustlane-backup-20261201T000000Z"])
        #expect(BackupRetention.toDelete(names, keep: 10).isEmpty)
        #expect(BackupRetention.toDelete(names, keep: 1) == ["trustlane-backup-20261130T235959Z", "trustlane-backup-20261201T000000Z",
                                                             "trustlane-backup-20261202T000000Z", "trustlane-backup-20261203T000000Z"])
        #expect(BackupRetention.toDelete(names, keep: 0) == BackupRetention.toDelete(names, keep: 1), "the newest is always kept")
    }
}
