import Foundation
import Testing
@testable import TrustlaneCore

@Suite("Evidence file names")
struct EvidenceFileNameTests {
    func clean(_ raw: String) -> String? { EvidenceFileName(sanitizing: raw)?.value }

    @Test func plainNamesAreKept() {
        let name = EvidenceFileName(sanitizing: "Security Policy 2025.PDF")
        #expect(name?.value == "Security Policy 2025.PDF")
        #expect(name?.fileExtension == "pdf")
        #expect(name?.wasChanged == false)
    }

    @Test func pathsAreStripped() {
        #expect(clean("../../etc/passwd") == "passwd")
        #expect(clean("C:\\Users\\dewi\\Desktop\\policy.pdf") == "policy.pdf")
        #expect(clean("/var/www/../x.pdf") == "x.pdf")
    }

    @Test func controlAndInvisibleCharactersAreRemoved() {
        #expect(clean("a\u{0000}b.pdf") == "ab.pdf")
        #expect(clean("line\nbreak\t.pdf") == "linebreak.pdf")
        // A right-to-left override would show "invoice_fdp.exe" as "invoice_exe.pdf".
        #expect(clean("invoice_\u{202E}fdp.exe") == "invoice_fdp.exe")
        #expect(clean("zero\u{200B}width.pdf") == "zerowidth.pdf")
    }

    @Test func windowsForbiddenCharactersBecomeUnderscores() {
        #expect(clean("what?<now>:\"|*.pdf") == "what__now_____.pdf")
    }

    @Test(arguments: ["CON.pdf", "con.pdf", "NUL.txt", "COM1.docx", "lpt9.csv", "aux.tar.pdf"])
    func reservedDeviceNamesArePrefixed(raw: String) {
        #expect(clean(raw) == "_" + raw)
    }

    @Test func namesThatOnlyResembleDeviceNamesAreKept() {
        #expect(clean("CONTRACT.pdf") == "CONTRACT.pdf")
        #expect(clean("console.pdf") == "console.pdf")
    }

    @Test func leadingAndTrailingDotsAndSpacesGo() {
        #expect(clean("  .hidden.pdf. ") == "hidden.pdf")
        #expect(clean(".pdf") == "pdf")
        #expect(EvidenceFileName(sanitizing: ".pdf")?.fileExtension == "")
    }

    @Test(arguments: ["", " ", ".", "..", "...", "a/", "\u{0000}", "\u{202E}"])
    func nothingUsableGivesNil(raw: String) {
        #expect(clean(raw) == nil)
    }

    @Test func longNamesAreCutKeepingTheExtension() throws {
        let name = try #require(clean(String(repeating: "é", count: 300) + ".pdf"))
        #expect(name.utf8.count <= EvidenceFileName.maxBytes)
        #expect(name.hasSuffix(".pdf"))
    }

    @Test func decomposedUnicodeIsComposed() {
        #expect(clean("Cafe\u{0301}.pdf") == "Café.pdf")
    }
}
