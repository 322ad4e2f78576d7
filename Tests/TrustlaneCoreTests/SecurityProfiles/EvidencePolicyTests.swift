import Foundation
import Testing
@testable import TrustlaneCore

/// Minimal files with the right magic bytes.
enum SampleFiles {
    static let pdf = Data("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data("IHDR".utf8)
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + Data("JFIF".utf8)
    static let gif = Data("GIF89a".utf8) + Data([1, 0, 1, 0])
    static let webp = Data("RIFF".utf8) + Data([0x24, 0, 0, 0]) + Data("WEBPVP8 ".utf8)
    static func office(_ parts: [String]) -> Data {
        var data = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0])
        for part in ["[Content_Types].xml"] + parts { data += Data(part.utf8) + Data([0, 0, 0x50, 0x4B]) }
        return data
    }
    static let docx = office(["word/document.xml"])
    static let xlsx = office(["xl/workbook.xml"])
    static let pptx = office(["ppt/presentation.xml"])
    static let docm = office(["word/document.xml", "word/vbaProject.bin"])
    static let plainZip = Data([0x50, 0x4B, 0x03, 0x04]) + Data("photos/a.jpg".utf8)
    static let csv = Data("site,guard\nDock 1,\"Yes, nightly\"\n".utf8)
    static let text = Data("Café visitor log – UTF-8\n".utf8)
    static let exe = Data([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00])
}

@Suite("Evidence upload policy")
struct EvidencePolicyTests {
    let policy = EvidencePolicy.default
    let details = EvidenceDetailsDraft(title: "Security policy", effectiveDate: "2025-01-01", expiryDate: "2026-01-01")

    func check(_ name: String, _ content: Data, policy: EvidencePolicy? = nil,
               details: EvidenceDetailsDraft? = nil) -> Result<AcceptedEvidence, ValidationFailure> {
        Result { () throws(ValidationFailure) in
            try (policy ?? self.policy).check(EvidenceUpload(fileName: name, content: content, details: details ?? self.details),
                                              today: ProfileFixtures.now)
        }
    }

    func error(_ name: String, _ content: Data, policy: EvidencePolicy? = nil) -> FieldError? {
        guard case .failure(let failure) = check(name, content, policy: policy) else { return nil }
        return failure.errors.first
    }

    @Test(arguments: [
        ("policy.pdf", SampleFiles.pdf, EvidenceFileType.pdf), ("gate.PNG", SampleFiles.png, .png),
        ("fence.jpg", SampleFiles.jpeg, .jpeg), ("fence.jpeg", SampleFiles.jpeg, .jpeg), ("cam.gif", SampleFiles.gif, .gif),
        ("yard.webp", SampleFiles.webp, .webp), ("plan.docx", SampleFiles.docx, .docx), ("log.xlsx", SampleFiles.xlsx, .xlsx),
        ("training.pptx", SampleFiles.pptx, .pptx), ("guards.csv", SampleFiles.csv, .csv), ("notes.txt", SampleFiles.text, .text),
    ])
    func acceptedTypesAreDetectedByContent(name: String, content: Data, type: EvidenceFileType) throws {
        let accepted = try check(name, content).get()
        #expect(accepted.fileType == type)
        #expect(accepted.byteCount == content.count)
        #expect(accepted.details.title == "Security policy")
        #expect(accepted.fileName.value == name)
    }

    @Test func acceptedFileCarriesItsSHA256() throws {
        let accepted = try check("a.txt", Data("abc".utf8)).get()
        #expect(accepted.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(accepted.mimeType == "text/plain; charset=utf-8")
    }

    @Test func oversizedFileIsRefusedWithBothSizes() {
        let small = EvidencePolicy(maxBytes: 1024 * 1024)
        let found = error("big.pdf", SampleFiles.pdf + Data(count: 1024 * 1024), policy: small)
        #expect(found?.messageKey == "profile.error.file_too_large")
        #expect(found?.field == "file")
        #expect(found?.message == "The file is 1.1 MB; files may be at most 1 MB.")
        #expect(EvidencePolicy.default.checkSize(20 * 1024 * 1024) == nil)
        #expect(EvidencePolicy.default.checkSize(20 * 1024 * 1024 + 1)?.arguments["max"] == "20 MB")
    }

    @Test func emptyFileIsRefused() {
        #expect(error("empty.pdf", Data())?.messageKey == "profile.error.file_empty")
    }

    @Test func disallowedExtensionNamesWhatIsAllowed() {
        let found = error("setup.exe", SampleFiles.exe)
        #expect(found?.messageKey == "profile.error.file_type_not_allowed")
        #expect(found?.arguments["extension"] == "exe")
        #expect(found?.message.contains("Accepted: pdf, png, jpg, jpeg, gif, webp, docx, xlsx, pptx, txt, csv.") == true)
    }

    @Test func unrecognizedContentUnderAnAllowedNameIsRefused() {
        #expect(error("policy.pdf", SampleFiles.exe)?.messageKey == "profile.error.file_content_not_allowed")
        #expect(error("photo.png", Data([0x00, 0x01, 0x02]))?.messageKey == "profile.error.file_content_not_allowed")
        #expect(error("archive.docx", SampleFiles.plainZip)?.messageKey == "profile.error.file_content_not_allowed")
    }

    @Test(arguments: [
        ("invoice.pdf", SampleFiles.png, "pdf", "png"), ("photo.jpg", SampleFiles.pdf, "jpg", "pdf"),
        ("sheet.xlsx", SampleFiles.docx, "xlsx", "docx"), ("notes.txt", SampleFiles.pdf, "txt", "pdf"),
        ("report.pdf", SampleFiles.text, "pdf", "txt"),
    ])
    func extensionNotMatchingTheContentIsRefused(name: String, content: Data, ext: String, detected: String) {
        let found = error(name, content)
        #expect(found?.messageKey == "profile.error.file_extension_mismatch")
        #expect(found?.arguments == ["extension": ext, "detected": detected])
    }

    @Test func textMustBeUTF8WithoutNUL() {
        #expect(error("log.txt", Data([0x61, 0x00, 0x62]))?.messageKey == "profile.error.file_invalid_text")
        #expect(error("log.csv", Data([0xC3, 0x28]))?.messageKey == "profile.error.file_invalid_text")
    }

    @Test func officeFilesWithMacrosAreRefused() {
        #expect(error("plan.docx", SampleFiles.docm)?.messageKey == "profile.error.file_has_macros")
    }

    @Test func configuredTypesLimitWhatIsAccepted() throws {
        let pdfOnly = EvidencePolicy(allowedTypes: [.pdf])
        #expect(pdfOnly.allowedExtensions == ["pdf"])
        #expect(throws: Never.self) { try check("a.pdf", SampleFiles.pdf, policy: pdfOnly).get() }
        let found = error("a.png", SampleFiles.png, policy: pdfOnly)
        #expect(found?.messageKey == "profile.error.file_type_not_allowed")
        #expect(found?.arguments["allowed"] == "pdf")
        #expect(EvidenceFileType.parseList("pdf, JPG;docx") == [.pdf, .jpeg, .docx])
        #expect(EvidenceFileType.parseList("pdf, exe") == nil)
    }

    @Test(arguments: ["", "   ", "..", "/", "C:\\Users\\"])
    func nameWithNothingUsableIsRefused(name: String) {
        #expect(error(name, SampleFiles.pdf)?.messageKey == "profile.error.file_name_missing")
    }

    @Test func pathTraversalIsStrippedToTheLastComponent() {
        // "../../etc/passwd" becomes "passwd", which has no extension and is refused.
        let found = error("../../etc/passwd", SampleFiles.text)
        #expect(found?.messageKey == "profile.error.file_extension_missing")
        #expect(found?.arguments["allowed"]?.contains("pdf") == true)
    }

    @Test func nulInTheNameIsRemoved() throws {
        let accepted = try check("a\u{0000}b.pdf", SampleFiles.pdf).get()
        #expect(accepted.fileName.value == "ab.pdf")
        #expect(accepted.fileName.wasChanged)
    }

    @Test func reservedDeviceNameIsDefused() throws {
        #expect(try check("CON.pdf", SampleFiles.pdf).get().fileName.value == "_CON.pdf")
    }

    @Test func titleIsRequiredAlongsideFileProblems() {
        guard case .failure(let failure) = check("x.exe", SampleFiles.exe, details: EvidenceDetailsDraft(title: " ")) else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.fields == ["file", "title"])
        #expect(failure.keys == ["profile.error.file_type_not_allowed", "profile.error.evidence_title_required"])
    }
}
