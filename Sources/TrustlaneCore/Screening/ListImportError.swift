import Foundation

/// A list file that fails a format check: refused whole, every problem named by file and line
/// (or, in a JSON file, by record: its lines say nothing to a reader of a one-line download).
public struct ListImportError: Error, Hashable, Sendable {
    public struct Problem: Hashable, Sendable {
        /// Where in the file a problem is.
        public enum Place: Hashable, Sendable {
            /// A 1-based line of a text file, as an editor counts it.
            case line(Int)
            /// A 1-based record of a JSON file's array of entries.
            case record(Int)
            /// The file as a whole (not JSON at all, no entries).
            case file
        }

        public let file: String
        public let place: Place
        public let message: String

        public init(file: String, line: Int, message: String) {
            self.init(file: file, place: .line(line), message: message)
        }

        public init(file: String, place: Place, message: String) {
            self.file = file
            self.place = place
            self.message = message
        }

        /// The line, or 0 where the problem is not on a line.
        public var line: Int {
            if case .line(let line) = place { return line }
            return 0
        }

        /// "sdn.csv line 3: 11 fields, 12 expected", "consolidated.json record 4: ...".
        public var description: String {
            switch place {
            case .line(let line): "\(file) line \(line): \(message)"
            case .record(let record): "\(file) record \(record): \(message)"
            case .file: "\(file): \(message)"
            }
        }
    }
    public let problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    /// One problem a line, for the page and the command line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
