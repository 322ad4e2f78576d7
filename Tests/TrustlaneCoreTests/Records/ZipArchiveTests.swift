import Foundation
import Testing
@testable import TrustlaneCore

/// The ZIP writer behind the combined validation pack: stored entries with their CRC-32, sizes,
/// UTF-8 names and DOS times, and a central directory that points at each local header.
@Suite struct ZipArchiveTests {
    /// The standard check value of CRC-32/ISO-HDLC.
    @Test func theChecksumIsZipsCRC32() {
        #expect(ZipArchive.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipArchive.crc32(Data()) == 0)
    }

    struct Read: Equatable { let name: String; let data: Data; let crc: UInt32; let time: UInt16; let date: UInt16 }

    /// Reads an archive back through its central directory, checking each local header against it.
    static func read(_ zip: Data) throws -> [Read] {
        let bytes = [UInt8](zip)
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
        let end = bytes.count - 22
        #expect(u32(end) == 0x0605_4B50)
        let count = u16(end + 10), centralSize = Int(u32(end + 12)), centralOffset = Int(u32(end + 16))
        #expect(centralOffset + centralSize == end)
        var entries: [Read] = []
        var at = centralOffset
        for _ in 0..<count {
            #expect(u32(at) == 0x0201_4B50)
            #expect(u16(at + 8) == 0x0800 && u16(at + 10) == 0, "UTF-8 names, stored")
            let crc = u32(at + 16), size = Int(u32(at + 20)), nameLength = u16(at + 28), local = Int(u32(at + 42))
            #expect(Int(u32(at + 24)) == size)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            #expect(u32(local) == 0x0403_4B50 && u32(local + 14) == crc && u16(local + 26) == nameLength)
            let start = local + 30 + nameLength
            let data = Data(bytes[start..<(start + size)])
            #expect(ZipArchive.crc32(data) == crc)
            entries.append(Read(name: name, data: data, crc: crc, time: UInt16(u16(at + 12)), date: UInt16(u16(at + 14))))
            at += 46 + nameLength
        }
        #expect(at == end)
        return entries
    }

    @Test func entriesReadBackWithTheirNamesBytesAndTimes() throws {
        let when = ProgramDay("2027-03-10")!.startDate().addingTimeInterval(14 * 3600 + 30 * 60 + 7)
        let csv = Data("id,reference\n1,INC-1\n".utf8)
        let zip = try ZipArchive.write([
            .init(name: "incidents-sample-since-2026-03-10.csv", data: csv, modified: when),
            .init(name: "LÉAME bahasa.txt", data: Data("Paket validasi".utf8), modified: when),
            .init(name: "empty.csv", data: Data(), modified: when),
        ])
        let read = try Self.read(zip)
        #expect(read.map(\.name) == ["incidents-sample-since-2026-03-10.csv", "LÉAME bahasa.txt", "empty.csv"])
        #expect(read[0].data == csv && read[2].data.isEmpty)
        // 14:30:06 (two-second steps) on 2027-03-10.
        #expect(read[0].time == UInt16(14 << 11 | 30 << 5 | 3) && read[0].date == UInt16((2027 - 1980) << 9 | 3 << 5 | 10))
    }

    @Test func namesThatClimbOutOrAreEmptyAreRefused() {
        let now = Date()
        #expect(throws: ZipArchive.Problem.badName("../x.csv")) { try ZipArchive.write([.init(name: "../x.csv", data: Data(), modified: now)]) }
        #expect(throws: ZipArchive.Problem.badName("/etc/x")) { try ZipArchive.write([.init(name: "/etc/x", data: Data(), modified: now)]) }
        #expect(throws: ZipArchive.Problem.badName("")) { try ZipArchive.write([.init(name: "", data: Data(), modified: now)]) }
        #expect((try? ZipArchive.write([]))?.count == 22, "an empty archive is its end record")
    }
}
