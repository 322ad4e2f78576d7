import Foundation

/// A ZIP archive of a few files, written whole in memory with every entry stored (not
/// compressed): what a validation pack download needs (a few CSV files and a note), readable by
/// every unzip tool and by Windows' and macOS's built-in ones. Names are UTF-8 (flag bit 11);
/// times are UTC in the format's two-second resolution. No ZIP64: each entry and the whole archive
/// stay under 4 GB, which `write` checks.
public enum ZipArchive {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let data: Data
        public let modified: Date

        public init(name: String, data: Data, modified: Date) {
            self.name = name
            self.data = data
            self.modified = modified
        }
    }

    public enum Problem: Error, Equatable {
        /// An entry or the archive would pass 4 GB, or there are more than 65,535 entries.
        case tooLarge
        /// An empty name, a name longer than 65,535 bytes, or one that climbs out of the archive.
        case badName(String)
    }

    /// The archive's bytes, entries in the order given.
    public static func write(_ entries: [Entry]) throws(Problem) -> Data {
        guard entries.count <= 0xFFFF else { throw .tooLarge }
        var archive = Data()
        var central = Data()
        for entry in entries {
            let name = Data(entry.name.utf8)
            guard !name.isEmpty, name.count <= 0xFFFF, !entry.name.hasPrefix("/"), !entry.name.split(separator: "/").contains("..") else {
                throw .badName(entry.name)
            }
            guard entry.data.count < 0xFFFF_FFFF, archive.count < 0xFFFF_FFFF else { throw .tooLarge }
            let offset = UInt32(archive.count)
            let crc = crc32(entry.data)
            let size = UInt32(entry.data.count)
            let (time, date) = dosTime(entry.modified)
            // Local file header.
            archive.append(le32: 0x0403_4B50)
            archive.append(le16: 20)          // version needed to extract (2.0)
            archive.append(le16: 0x0800)      // flags: names in UTF-8
            archive.append(le16: 0)           // method: stored
            archive.append(le16: time)
            archive.append(le16: date)
            archive.append(le32: crc)
            archive.append(le32: size)        // compressed size
            archive.append(le32: size)        // uncompressed size
            archive.append(le16: UInt16(name.count))
            archive.append(le16: 0)           // extra field length
            archive.append(name)
            archive.append(entry.data)
            // Its central directory record.
            central.append(le32: 0x0201_4B50)
            central.append(le16: 20)          // version made by
            central.append(le16: 20)
            central.append(le16: 0x0800)
            central.append(le16: 0)
            central.append(le16: time)
            central.append(le16: date)
            central.append(le32: crc)
            central.append(le32: size)
            central.append(le32: size)
            central.append(le16: UInt16(name.count))
            central.append(le16: 0)           // extra field length
            central.append(le16: 0)           // comment length
            central.append(le16: 0)           // disk number start
            central.append(le16: 0)           // internal attributes
            central.append(le32: 0)           // external attributes
            central.append(le32: offset)
            central.append(name)
        }
        guard archive.count + central.count < 0xFFFF_FFFF else { throw .tooLarge }
        let centralOffset = UInt32(archive.count)
        archive.append(central)
        // End of central directory.
        archive.append(le32: 0x0605_4B50)
        archive.append(le16: 0)
        archive.append(le16: 0)
        archive.append(le16: UInt16(entries.count))
        archive.append(le16: UInt16(entries.count))
        archive.append(le32: UInt32(central.count))
        archive.append(le32: centralOffset)
        archive.append(le16: 0)               // comment length
        return archive
    }

    /// CRC-32 (IEEE 802.3, reflected, as ZIP and gzip use it).
    public static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// MS-DOS time and date in UTC (1980 to 2107; outside, clamped to the nearest end).
    static func dosTime(_ date: Date) -> (time: UInt16, date: UInt16) {
        let parts = Calendar.programUTC.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = min(max(parts.year ?? 1980, 1980), 2107)
        let time = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        let day = UInt16((year - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        return (time, day)
    }
}

extension Data {
    fileprivate mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xFF)); append(UInt8(value >> 8))
    }

    fileprivate mutating func append(le32 value: UInt32) {
        append(le16: UInt16(value & 0xFFFF)); append(le16: UInt16(value >> 16))
    }
}
