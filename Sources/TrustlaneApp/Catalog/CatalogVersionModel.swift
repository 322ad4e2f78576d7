import Fluent
import Foundation

/// A catalog version imported after installation, kept as the file it came from so it is
/// loaded again, unchanged, at every start.
final class CatalogVersionModel: Model, @unchecked Sendable {
    static let schema = "catalog_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "catalog_id") var catalogID: String
    @Field(key: "program") var program: String
    @Field(key: "version") var version: String
    @Field(key: "format") var format: String
    @Field(key: "content") var content: String
    @Field(key: "digest") var digest: String
    @Field(key: "imported_at") var importedAt: Date

    init() {}

    init(catalogID: String, program: String, version: String, format: String, content: String, digest: String, importedAt: Date) {
        self.catalogID = catalogID
        self.program = program
        self.version = version
        self.format = format
        self.content = content
        self.digest = digest
        self.importedAt = importedAt
    }
}
