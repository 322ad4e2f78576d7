import Logging
import NIOCore
import NIOPosix
import TrustlaneApp
import TrustlaneBench
import Vapor

/// Detects the environment, sets up logging, builds the application and runs the command given
/// (`serve` by default). `--database PATH|URL` and `--demo` are read here; the rest is Vapor's.
/// Which command it is decides what is opened (`CommandKind`): `--help` opens no database and
/// only `serve` starts the background loops.
@main
enum Entrypoint {
    static func main() async throws {
        // Before anything is allocated in earnest (see `MemoryAllocator`).
        MemoryAllocator.tune()
        // Async code runs on the event loops instead of a separate thread pool, so a request
        // does not hop between threads at every database await (Vapor's template does the same).
        // Blocking work (bcrypt, file reads) already goes to the NIO thread pool.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var arguments = CommandLine.arguments
        let databaseFlag = Self.take("--database", from: &arguments)
        let demo = Self.takeFlag("--demo", from: &arguments)
        var env = try Environment.detect(arguments: arguments)
        let command = CommandKind(arguments: env.arguments)
        if command == .help, env.arguments.dropFirst().first == "help" {
            // `trustlane help [command]` reads as `trustlane [command] --help`.
            env.arguments = [env.arguments[0]] + env.arguments.dropFirst(2) + ["--help"]
        }
        try LoggingSystem.bootstrap(from: &env) { level in
            let json = AppConfig.logFormatFromEnvironment() == .json
            return { label -> any LogHandler in json ? JSONLogHandler(label: label, level: level) : StreamLogHandler.standardError(label: label).withLevel(level) }
        }
        let app = try await Application.make(env)
        do {
            var config = try AppConfig.fromEnvironment(databaseFlag: databaseFlag, demo: demo)
            config.command = command
            try await configure(app, config: config)
            app.asyncCommands.use(BenchCommand(databaseFlag: databaseFlag), as: "bench")
            try await app.execute()
        } catch {
            app.logger.critical("\(error)")
            FileHandle.standardError.write(Data("trustlane: \(error)\n".utf8))
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }

    static func take(_ name: String, from arguments: inout [String]) -> String? {
        if let index = arguments.firstIndex(of: name), index + 1 < arguments.count {
            let value = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
            return value
        }
        if let index = arguments.firstIndex(where: { $0.hasPrefix(name + "=") }) {
            let value = String(arguments[index].dropFirst(name.count + 1))
            arguments.remove(at: index)
            return value
        }
        return nil
    }

    static func takeFlag(_ name: String, from arguments: inout [String]) -> Bool {
        guard let index = arguments.firstIndex(of: name) else { return false }
        arguments.remove(at: index)
        return true
    }
}

extension StreamLogHandler {
    func withLevel(_ level: Logger.Level) -> StreamLogHandler {
        var handler = self
        handler.logLevel = level
        return handler
    }
}
