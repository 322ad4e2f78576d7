import Foundation

/// A less-than-truckload (LTL) move (MSC 6.3): the carrier picks freight up at several places,
/// so the unit cannot carry its ISO 17712 seal from the first pickup. While it makes its
/// pickups it is closed with a high-security padlock or a similar locking device, recorded here
/// by its number; the high-security seal goes on at the last loading point.
///
/// UNVERIFIED against CBP's MSC booklet: 6.3 is not in the criteria file this project keeps
/// (`msc-criteria.csv` lists it among the known gaps), and the two secondary readings at hand
/// differ. The research notes (`daily-operations.md` section 3, from CBP's seal training
/// slides) read it as LTL *without* a consolidation centre: a lock on pickup, the seal at the
/// last loading point before the border, strict control of keys and combinations. The brief for
/// this work read it as LTL carriers *using* a consolidation hub, the seal at the last pickup
/// before the hub. Both agree on what is encoded: a lock during the pickups, then the seal at
/// the last loading point; neither the hub condition nor key control is encoded.
public struct LessThanTruckloadLock: Hashable, Sendable {
    /// The lock's number or serial as marked on it, upper case, single spaces.
    public let lockID: String
    public let recordedAt: Date

    public init(lockID: String, recordedAt: Date) {
        self.lockID = lockID
        self.recordedAt = recordedAt
    }

    public static let maxLength = 40

    /// A lock's number as typed: letters, digits, spaces, hyphens and slashes, at most 40;
    /// kept upper case with single spaces. Blank is nil (an error only when `required`).
    public static func parseID(_ text: String?, field: String = "lock_id", required: Bool = false, into errors: inout [FieldError]) -> String? {
        guard let trimmed = Check.text(text, field: field, max: maxLength, required: required, into: &errors) else { return nil }
        let value = trimmed.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard value.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == " " || $0 == "-" || $0 == "/" }) else {
            errors.append(FieldError(field: field, messageKey: "shipments.error.lock_id",
                                     message: "\(field) must be the lock's number as marked on it: letters, digits, spaces, hyphens and slashes, at most \(maxLength)",
                                     arguments: ["max": String(maxLength)]))
            return nil
        }
        return value
    }
}
