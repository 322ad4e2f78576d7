import Foundation

/// One plain-text email.
struct MailMessage: Sendable, Equatable {
    var from: String
    var to: String
    var subject: String
    var body: String
    /// Lets a receiving system drop a second copy after an uncertain hand-over.
    var messageID: String

    /// The RFC 5322 text: headers, a blank line, the body; every line ends in CRLF. Header values
    /// lose any CR/LF so nothing can be injected.
    var rendered: String {
        func clean(_ text: String) -> String {
            text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        }
        let date = Self.dateFormatter.string(from: Date())
        let headers = [
            "From: \(clean(from))",
            "To: \(clean(to))",
            "Subject: \(Self.encodedHeader(clean(subject)))",
            "Date: \(date)",
            "Message-ID: <\(clean(messageID))>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        let normalized = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + normalized.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    }

    /// Non-ASCII subjects as an RFC 2047 encoded word.
    static func encodedHeader(_ text: String) -> String {
        guard !text.allSatisfy(\.isASCII) else { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    private static var dateFormatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter
    }
}

/// Hands email to a mail server. The outbox talks to this, so tests use a fake.
protocol MailTransport: Sendable {
    func send(_ message: MailMessage) async throws
}

/// A delivery that failed with a message worth showing on the admin page.
struct DeliveryError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}
