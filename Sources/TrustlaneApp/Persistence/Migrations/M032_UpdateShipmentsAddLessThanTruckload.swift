import Fluent
import SQLKit

/// Less-than-truckload shipments (issue 16, MSC 6.3; what is unverified is in Core's
/// `LessThanTruckloadLock`): whether the shipment is an LTL move, and the high-security lock
/// that closes the unit while it makes its pickups, before the seal goes on at the last loading
/// point. Nullable columns, so existing shipments read as full loads with no lock.
struct UpdateShipmentsAddLessThanTruckload: AsyncMigration {
    var name: String { "032_UpdateShipmentsAddLessThanTruckload" }

    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("less_than_truckload", .bool),
        // The lock's number as marked on it (upper case), when and by whom it was recorded.
        ("lock_id", .string),
        ("lock_recorded_at", .datetime),
        ("lock_recorded_by", .uuid),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        for (column, type) in Self.columns {
            try await database.schema("shipments").field(FieldKey(stringLiteral: column), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (column, _) in Self.columns.reversed() {
            try await database.schema("shipments").deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
