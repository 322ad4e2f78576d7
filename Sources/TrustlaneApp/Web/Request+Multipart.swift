import Foundation
import NIOCore
import Vapor

/// One part of a `multipart/form-data` body: a field's text, or a file with the name the client
/// gave it (possibly empty, as a browser sends a file input left blank).
struct FormPart: Sendable {
    let name: String
    let fileName: String?
    let data: Data

    var text: String { String(decoding: data, as: UTF8.self) }
}

extension Request {
    /// The parts of a collected multipart body in order, repeated names kept (several files under
    /// one input); nil when the body is not multipart. Forms with files read them here rather than
    /// through `formFields()`, which only reads text.
    func multipartParts() -> [FormPart]? {
        guard let type = headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"], let body = body.data else { return nil }
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var data = ByteBuffer()
        var parts: [FormPart] = []
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if let disposition = headers["content-disposition"], let name = Self.dispositionParameter("name", in: disposition) {
                parts.append(FormPart(name: name, fileName: Self.dispositionParameter("filename", in: disposition), data: Data(buffer: data)))
            }
            headers = [:]
            data = ByteBuffer()
        }
        try? parser.execute(body)
        return parts
    }

    /// The text fields of a form: from its multipart parts when it has them (files left out),
    /// else as `formFields()` reads a URL-encoded body.
    func textFields(_ parts: [FormPart]?) -> [String: String] {
        guard let parts else { return formFields() }
        return Dictionary(parts.filter { $0.fileName == nil }.map { ($0.name, $0.text) }, uniquingKeysWith: { first, _ in first })
    }

    /// `name="x"` from a Content-Disposition header.
    static func dispositionParameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(pair.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
