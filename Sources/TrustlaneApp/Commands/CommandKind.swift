import Foundation

/// What a command line needs from the application, decided before anything is opened:
/// only `serve` starts background work (the clock pass, the outbox sender); one-shot commands
/// that read or write data open the database and migrate it; the rest (help, catalog files,
/// the route list) open no database at all, so `trustlane --help` leaves no file behind.
public enum CommandKind: String, Sendable, Equatable {
    /// `--help`, `-h` or `help` anywhere a command is expected: usage only.
    case help
    /// The web server (the default command): database, migrations and background loops.
    case serve
    /// A one-shot command on the data (`audit verify`, `outbox send`, `clocks run`, `demo`,
    /// `migrate`, `catalog import`, `backup`): database and migrations, no background loops.
    case database
    /// A one-shot command that needs no database (`catalog coverage|export|diff`, `routes`,
    /// `bench`, which opens a database of its own and serves it from a child process; `restore`,
    /// which checks a copy before it replaces the database, so it must not open or migrate it
    /// first), or an unknown command that Vapor will refuse.
    case noDatabase

    /// Commands that work on the stored data.
    static let databaseCommands: Set<String> = ["audit", "outbox", "clocks", "demo", "migrate", "backup"]

    /// Classifies `arguments` as the process received them (the executable's path first).
    public init(arguments: [String]) {
        let words = Array(arguments.dropFirst())
        if words.contains(where: { $0 == "--help" || $0 == "-h" }) { self = .help; return }
        // Like Vapor's command group: the first word names the command; a flag there means the
        // default command, serve (`trustlane --hostname 0.0.0.0`).
        guard let command = words.first, !command.hasPrefix("-") else {
            self = .serve
            return
        }
        switch command {
        case "help": self = .help
        case "serve": self = .serve
        case "catalog": self = words.dropFirst().first == "import" ? .database : .noDatabase
        case _ where Self.databaseCommands.contains(command): self = .database
        default: self = .noDatabase
        }
    }

    /// Whether this command opens (and migrates) the database.
    public var opensDatabase: Bool { self == .serve || self == .database }

    /// Whether this command runs the background loops.
    public var startsBackgroundWork: Bool { self == .serve }
}
