import Crypto
import Foundation

/// Management's random re-inspections (MSC 5.8): a configurable share of inspections is picked
/// for a second look by someone else. The pick is a hash of the inspection's id and a company
/// salt, so it is random across inspections, yet the same every time it is asked (testable, and
/// a page reload cannot re-roll it), and an inspector who does not know the salt cannot predict it.
public struct ReinspectionSampling: Hashable, Sendable {
    /// 0 ... 100.
    public let percent: Int
    /// A company-wide secret text; changing it changes which inspections are picked.
    public let salt: String

    public init(percent: Int, salt: String) {
        self.percent = min(100, max(0, percent))
        self.salt = salt
    }

    public init(settings: InspectionSettings, salt: String) {
        self.init(percent: settings.reinspectionPercent, salt: salt)
    }

    /// Whether the inspection is picked for a re-inspection.
    public func isSelected(_ id: InspectionID) -> Bool {
        guard percent > 0 else { return false }
        guard percent < 100 else { return true }
        return Self.bucket(of: id, salt: salt) < percent * 100
    }

    /// The inspection's place in 0 ..< 10,000: the first eight bytes of SHA-256(salt, id) modulo 10,000.
    static func bucket(of id: InspectionID, salt: String) -> Int {
        var bytes = Array(salt.utf8)
        bytes.append(0)
        withUnsafeBytes(of: id.rawValue.uuid) { bytes.append(contentsOf: $0) }
        let digest = SHA256.hash(data: bytes)
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        return Int(value % 10_000)
    }
}
