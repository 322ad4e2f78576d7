import Foundation
import Vapor

extension Request {
    /// A newest-first list's cursor: `before`, the previous page's last time in milliseconds.
    func pageCursor() -> Date? {
        (try? query.get(String.self, at: "before")).flatMap(Int64.init).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
