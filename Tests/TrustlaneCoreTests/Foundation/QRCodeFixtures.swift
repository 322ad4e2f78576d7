import Foundation

/// Reference QR matrices, byte mode, level M: `#` dark, `.` light, no quiet zone. Made by
/// python-qrcode 8.2 with segno 1.6.6's mask scores, each decoded by zbarimg, and written by
/// `scripts/qr_fixtures.py` to `Fixtures/qr-vectors.jsonl`, one vector a line (read from the
/// source tree, as the localization tests read theirs).
enum QRCodeFixtures {
    struct Vector: Decodable {
        let name: String
        /// The bytes, in hex.
        let hex: String
        let version: Int
        let mask: Int
        /// Whether the mask was given (else the one of lowest penalty).
        let maskGiven: Bool
        /// The reference's penalty for masks 0...7 (empty when the mask was given).
        let penalties: [Int]
        let rows: [String]
    }

    static let vectors: [Vector] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/qr-vectors.jsonl")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { fatalError("cannot read \(file.path)") }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").map { line in
            do { return try decoder.decode(Vector.self, from: Data(line.utf8)) } catch { fatalError("\(file.path): \(error)") }
        }
    }()
}
