import Foundation
import NIOCore
import NIOPosix
import TrustlaneApp

/// The server under test in a process of its own: this very executable run as
/// `serve --env production --port P --hostname 127.0.0.1` on the seeded database, so the figures are a real
/// server's (its own event loops, its own memory), not one that shares a process, a heap and the
/// cores' scheduling with the bench's clients. The bench stops it at the end and on any error.
struct ServerProcess {
    let process: Process
    let port: Int
    let log: URL

    var base: String { "http://127.0.0.1:\(port)" }
    var pid: Int32 { process.processIdentifier }

    /// The environment the server reads its settings from (`AppConfig.fromEnvironment`): the
    /// bench's database and data folder, the bench's bcrypt cost (the seeded hashes' cost), no
    /// sign-in lockout (the sign-in row signs in hundreds of times), and the background loops
    /// off, because a clock pass five seconds after start would land among the measured requests.
    /// Nothing of the calling shell's environment is passed on, so no setting of the shell can
    /// change what is measured (the binary finds its libraries through its rpath).
    static func environment(database: BenchDatabase, dataDirectory: String, bcryptCost: Int) -> [String: String] {
        var env: [String: String] = [:]
        env["DATABASE_URL"] = database.url
        env["TRUSTLANE_DATA_DIR"] = dataDirectory
        env["TRUSTLANE_BCRYPT_COST"] = String(bcryptCost)
        env["TRUSTLANE_SIGNIN_LIMIT"] = "1000000"
        env["TRUSTLANE_CLOCK_INTERVAL"] = "0"
        env["TRUSTLANE_OUTBOX_INTERVAL"] = "0"
        env["LOG_LEVEL"] = "warning"
        env["LOG_FORMAT"] = "text"
        // The allocator's settings the bench was given (`MemoryAllocator`) hold for the server too.
        env.merge(AppConfig.allocatorEnvironment()) { _, given in given }
        return env
    }

    /// Starts the server and waits until `/healthz` answers 200 (or the process dies, or
    /// `timeout` passes: then it is stopped and the error quotes the end of its log).
    static func launch(environment: [String: String], log: URL, timeout: Duration = .seconds(180)) async throws -> ServerProcess {
        let port = try await freePort()
        let process = Process()
        process.executableURL = executable()
        process.arguments = ["serve", "--env", "production", "--port", String(port), "--hostname", "127.0.0.1"]
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let server = ServerProcess(process: process, port: port, log: log)
        let probe = BenchClient(base: server.base)
        let deadline = ContinuousClock.now + timeout
        var healthy = false
        while !healthy, process.isRunning, ContinuousClock.now < deadline {
            healthy = (try? await probe.get("/healthz"))?.status == .ok
            if !healthy { try? await Task.sleep(for: .milliseconds(100)) }
        }
        await probe.shutdown()
        if healthy { return server }
        guard process.isRunning else {
            throw BenchError("the server exited with status \(process.terminationStatus) before answering /healthz; the end of its log:\n\(server.logTail())")
        }
        await server.stop()
        throw BenchError("the server did not answer /healthz within \(timeout); the end of its log:\n\(server.logTail())")
    }

    /// This executable: `/proc/self/exe` where there is one, so a relative or PATH-found name works.
    static func executable() -> URL {
        let proc = URL(fileURLWithPath: "/proc/self/exe")
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: proc.path) { return URL(fileURLWithPath: target) }
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }

    /// A loopback port nothing listens on: bound, read and released (the server takes it a
    /// moment later; another process taking it first would make the launch fail, not mismeasure).
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        try await channel.close()
        guard let port else { throw BenchError("no free loopback port") }
        return port
    }

    /// Peak resident memory of the server so far (VmHWM), in MB.
    func peakMemoryMB() -> Double? { BenchResult.peakMemoryMB(pid: pid) }

    /// CPU seconds the process has used (user + system), from /proc/<pid>/stat.
    func cpuSeconds() -> Double? {
        guard let stat = ProcFile.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, utime 14 and stime 15 (1-based).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / (ticks > 0 ? ticks : 100)
    }

    /// Waits until the server is idle before the first measured request: work it starts in the
    /// background (the screening pass from 5 s after start; the clock pass is off in the bench)
    /// would otherwise be measured with the first rows. Idle means under a tenth of a core for one
    /// second; gives up after `limit` and says so. Returns the seconds waited. At 11,500
    /// companies this waited one second (2026-12-06): nothing was running.
    func settle(limit: Duration = .seconds(120)) async -> (waited: Double, busy: Double?) {
        let start = ContinuousClock.now
        var busy: Double?
        while ContinuousClock.now - start < limit, process.isRunning {
            guard let before = cpuSeconds() else { return (0, nil) }
            try? await Task.sleep(for: .seconds(1))
            guard let after = cpuSeconds() else { return (0, nil) }
            busy = after - before
            if (busy ?? 0) < 0.1 { break }
        }
        let waited = ContinuousClock.now - start
        return (Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18, busy)
    }

    /// SIGTERM (the server finishes what it is doing and closes the database), then SIGKILL
    /// after ten seconds.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(pid, SIGKILL) }
    }

    func logTail(lines: Int = 20) -> String {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Established TCP connections whose local port is `port` (the server's side of each client
    /// connection), from /proc/net/tcp and tcp6; nil where /proc is absent.
    static func openConnections(port: Int) -> Int? {
        var count = 0
        var read = false
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = ProcFile.read(table) else { continue }
            read = true
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 3, let local = fields[1].split(separator: ":").last,
                      Int(local, radix: 16) == port, fields[3] == "01" else { continue }
                count += 1
            }
        }
        return read ? count : nil
    }
}
