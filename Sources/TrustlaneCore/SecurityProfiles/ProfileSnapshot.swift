import Crypto
import Foundation

/// An immutable record of one submission of a security profile: what was answered for every
/// applicable criterion, with evidence hashes, and a SHA-256 digest over a canonical encoding of
/// all of it. Reviewers read snapshots, never drafts. Store it whole (`encoded()`, JSON) in one
/// row with its digest in a column; `isIntact` re-checks the digest after loading.
public struct ProfileSnapshot: Hashable, Sendable, Codable, Identifiable {
    /// Version of the canonical encoding; bump it (and keep the old branch) if it ever changes.
    public static let formatVersion = 1

    public let id: SnapshotID
    public let profileID: SecurityProfileID
    public let companyID: CompanyID
    /// The catalog version answered (`ctpat-msc-2020`).
    public let catalogID: String
    /// The profile's entity types, in program order.
    public let entityTypes: [EntityType]
    /// The condition answers at submission, which decided the scope.
    public let conditions: ConditionAnswers
    /// The officer who submitted.
    public let submittedBy: UserID
    /// When, in whole seconds (sub-second parts are dropped so any storage keeps the digest).
    public let submittedAt: Date
    /// The declaration text the officer confirmed.
    public let declaration: String
    /// One entry per applicable criterion, sorted by criterion id.
    public let entries: [SnapshotEntry]
    /// SHA-256 of the canonical encoding, lowercase hex.
    public private(set) var digest: String

    public init(id: SnapshotID = SnapshotID(), profileID: SecurityProfileID, companyID: CompanyID, catalogID: String,
                entityTypes: some Sequence<EntityType>, conditions: ConditionAnswers, submittedBy: UserID,
                submittedAt: Date, declaration: String = "", entries: [SnapshotEntry]) {
        self.id = id
        self.profileID = profileID
        self.companyID = companyID
        self.catalogID = catalogID
        self.entityTypes = Set(entityTypes).sorted()
        self.conditions = conditions
        self.submittedBy = submittedBy
        self.submittedAt = Date(timeIntervalSince1970: submittedAt.timeIntervalSince1970.rounded(.down))
        self.declaration = declaration
        self.entries = entries.sorted { $0.criterionID < $1.criterionID }
        self.digest = ""
        self.digest = computeDigest()
    }

    /// Freezes the current draft: one entry per criterion of the scope, unanswered ones
    /// included, with the evidence references of the company's files.
    public static func capture(id: SnapshotID = SnapshotID(), profileID: SecurityProfileID, companyID: CompanyID,
                               scope: ProfileScope, answers: [CriterionID: CriterionAnswer], evidence: [EvidenceID: EvidenceReference],
                               submittedBy: UserID, submittedAt: Date, declaration: String = "") -> ProfileSnapshot {
        ProfileSnapshot(id: id, profileID: profileID, companyID: companyID, catalogID: scope.catalog.id,
                        entityTypes: scope.entityTypes, conditions: scope.conditions, submittedBy: submittedBy,
                        submittedAt: submittedAt, declaration: declaration,
                        entries: entries(scope: scope, answers: answers, evidence: evidence))
    }

    /// The entries the current draft would freeze into, for comparing a draft with a snapshot.
    public static func entries(scope: ProfileScope, answers: [CriterionID: CriterionAnswer],
                               evidence: [EvidenceID: EvidenceReference]) -> [SnapshotEntry] {
        scope.criteria.map { item in
            SnapshotEntry(answer: answers[item.id] ?? .unanswered(item.id), evidence: evidence)
        }
    }

    /// The entry for a criterion (binary search; entries are sorted).
    public func entry(for criterionID: CriterionID) -> SnapshotEntry? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].criterionID < criterionID { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].criterionID == criterionID ? entries[low] : nil
    }

    /// Whether the stored digest still matches the content.
    public var isIntact: Bool { digest == computeDigest() }

    /// SHA-256 over the canonical encoding: every field as `name:<byte count>:<UTF-8 bytes>\n`
    /// in a fixed order, lists prefixed by their length, so no two different snapshots share
    /// an encoding and the digest never depends on JSON key order or date formats.
    public func computeDigest() -> String {
        var out = CanonicalWriter()
        out.field("format", "trustlane-profile-snapshot/\(Self.formatVersion)")
        out.field("id", id.description)
        out.field("profile", profileID.description)
        out.field("company", companyID.description)
        out.field("catalog", catalogID)
        out.field("entity_types", entityTypes.map(\.code).joined(separator: ","))
        let conditionIDs = conditions.values.keys.sorted()
        out.field("conditions", String(conditionIDs.count))
        for conditionID in conditionIDs {
            out.field("condition", conditionID + "=" + (conditions.values[conditionID] == true ? "yes" : "no"))
        }
        out.field("submitted_by", submittedBy.description)
        out.field("submitted_at", String(Int64(submittedAt.timeIntervalSince1970)))
        out.field("declaration", declaration)
        out.field("entries", String(entries.count))
        for entry in entries {
            out.field("criterion", entry.criterionID.rawValue)
            out.field("status", entry.status.rawValue)
            out.field("narrative", entry.narrative)
            out.field("not_applicable_reason", entry.notApplicableReason)
            out.field("responsible", entry.responsible)
            out.field("evidence", String(entry.evidence.count))
            for file in entry.evidence {
                out.field("evidence_id", file.id.description)
                out.field("evidence_title", file.title)
                out.field("evidence_sha256", file.sha256)
            }
        }
        return Hex.lowercase(SHA256.hash(data: out.bytes))
    }

    /// The snapshot as JSON for storage and the API (sorted keys, ISO 8601 dates).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Reads a snapshot written by `encoded()`; throws when the content no longer matches its digest.
    public static func decode(_ data: Data) throws -> ProfileSnapshot {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let snapshot = try decoder.decode(ProfileSnapshot.self, from: data)
        guard snapshot.isIntact else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                "snapshot \(snapshot.id) does not match its digest"))
        }
        return snapshot
    }

    private enum CodingKeys: String, CodingKey {
        case id, profileID = "profile_id", companyID = "company_id", catalogID = "catalog_id"
        case entityTypes = "entity_types", conditions, submittedBy = "submitted_by", submittedAt = "submitted_at"
        case declaration, entries, digest
    }
}

/// Builds the canonical byte string a snapshot digest is computed over.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []

    mutating func field(_ name: String, _ value: String) {
        let utf8 = Array(value.utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: String(utf8.count).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: utf8)
        bytes.append(UInt8(ascii: "\n"))
    }
}
