import Foundation
import NIOCore
import Vapor

/// A `multipart/form-data` body as a browser sends it: the text fields (and the CSRF field),
/// then each file under its input's name. The one builder every upload test uses.
enum Multipart {
    static func form(_ fields: [(String, String)], files: [(field: String, name: String, contentType: String, data: Data)],
                     csrf: String?) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "----trustlane\(UUID().uuidString)"
        var body = Data()
        func add(_ text: String) { body.append(Data(text.utf8)) }
        var all = fields
        if let csrf { all.append(("_csrf", csrf)) }
        for (name, value) in all { add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n") }
        for file in files {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.contentType)\r\n\r\n")
            body.append(file.data)
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, ByteBuffer(data: body))
    }
}
