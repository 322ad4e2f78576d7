import Foundation
import TrustlaneApp
import Vapor

/// Where the server says a request's time went, from its `Server-Timing` header (ms): resolving
/// the caller, reads, gated writes (their queries included), the rest of the handler, and the whole.
struct ServerSplit: Codable, Sendable {
    var auth = 0.0, db = 0.0, write = 0.0, app = 0.0, total = 0.0

    init() {}

    /// `auth;dur=0.05, db;dur=1.20;desc="4 queries", app;dur=0.30, total;dur=1.55`
    init(header: String) {
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = fields.first,
                  let duration = fields.dropFirst().first(where: { $0.hasPrefix("dur=") }).flatMap({ Double($0.dropFirst(4)) }) else { continue }
            switch name {
            case "auth": auth = duration
            case "db": db = duration
            case "write": write = duration
            case "app": app = duration
            case "total": total = duration
            default: continue
            }
        }
    }

    /// The mean of each phase; nil for none.
    static func mean(_ splits: [ServerSplit]) -> ServerSplit? {
        guard !splits.isEmpty else { return nil }
        let n = Double(splits.count)
        var sum = ServerSplit()
        for s in splits { sum.auth += s.auth; sum.db += s.db; sum.write += s.write; sum.app += s.app; sum.total += s.total }
        sum.auth /= n; sum.db /= n; sum.write /= n; sum.app /= n; sum.total /= n
        return sum
    }
}

struct BenchResult: Codable {
    let operation: String
    /// Concurrent clients the figure was taken at (1 for in-process rows).
    let clients: Int
    let requests: Int
    /// Status 400 or more, or no answer at all.
    let failures: Int
    /// The failures by status code ("409": 3) or "no answer"; empty when there were none.
    let errors: [String: Int]
    let p50: Double
    let p95: Double
    let p99: Double
    let throughput: Double
    /// The mean of the server's `Server-Timing` over the row's answers (HTTP rows only).
    var server: ServerSplit?

    /// An in-process row: one caller, and a failure there throws instead of counting.
    init(operation: String, requests: Int, samples: [Double], seconds: Double) {
        self.init(operation: operation, clients: 1, requests: requests, errors: [:], samples: samples, seconds: seconds)
    }

    init(operation: String, clients: Int, requests: Int, errors: [String: Int], samples: [Double], seconds: Double) {
        let sorted = samples.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        self.operation = operation
        self.clients = clients
        self.requests = requests
        self.errors = errors
        failures = errors.values.reduce(0, +)
        p50 = percentile(0.50)
        p95 = percentile(0.95)
        p99 = percentile(0.99)
        throughput = seconds > 0 ? Double(requests) / seconds : 0
    }

    /// Peak resident memory (VmHWM) of this process or of `pid`, in MB; nil where /proc is absent.
    static func peakMemoryMB(pid: Int32? = nil) -> Double? { ProcFile.statusMB("VmHWM", pid: pid) }
}

/// Files under /proc report a size of 0 and are made as they are read: Foundation's
/// `String(contentsOfFile:)` stops after the first 4 KB of them, so a long /proc/net/tcp lost
/// most of its connections. A file handle reads to the end.
enum ProcFile {
    /// A `kB` line of /proc/self/status (or of `pid`'s), in MB; nil where /proc is absent.
    static func statusMB(_ key: String, pid: Int32? = nil) -> Double? {
        guard let status = read("/proc/\(pid.map(String.init) ?? "self")/status"),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }

    static func read(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// What a run was: printed above the table (as soon as the seeding is done) and in the JSON.
struct BenchSummary: Codable {
    let database: String
    /// "own process" (the default) or "in-process" (`--in-process`).
    let server: String
    let concurrency: [Int]
    let companies: Int
    let seedSeconds: Double
    let profiles: Int
    let answers: Int

    var headerLines: [String] {
        let levels = concurrency.map(String.init).joined(separator: ", ")
        return ["Trustlane bench: database \(database); server \(server == "in-process" ? "in the bench process" : "in its own process")",
                "companies \(companies) (seeded in \(String(format: "%.2f", seedSeconds))s), answers \(answers) in \(profiles) profiles; "
                + "concurrency \(levels) keep-alive client\(concurrency == [1] ? "" : "s"); latency at the client (ms)"]
    }
}

enum BenchReport {
    /// Connections seen open at the server at the end of a level (before its clients close
    /// them), to show that N clients were N connections.
    struct Level: Codable {
        let clients: Int
        let connectionsOpen: Int?
    }

    struct Memory: Codable {
        /// The bench process: seeding, the in-process rows and the clients (and the server too
        /// with `--in-process`).
        let benchPeakMB: Double?
        /// The server's own process; nil with `--in-process`.
        let serverPeakMB: Double?
        /// The bench process's seeding and in-process rows, stage by stage.
        let benchStages: [BenchMemory.Stage]
    }

    static func print(_ results: [BenchResult], summary: BenchSummary, levels: [Level], memory: Memory, console: any Console) {
        func fixed(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        let width = max(52, results.map(\.operation.count).max() ?? 0)
        var lines = ["operation".padding(toLength: width, withPad: " ", startingAt: 0) + " clients      n     p50     p95     p99    req/s errors"]
        for r in results {
            lines.append(r.operation.padding(toLength: width, withPad: " ", startingAt: 0)
                         + String(format: " %7d %6d %7.2f %7.2f %7.2f %8.1f %6d", r.clients, r.requests, r.p50, r.p95, r.p99, r.throughput, r.failures))
        }
        lines.append("errors: status 400 or more, or no answer (not in the latency figures)")
        for r in results where r.failures > 0 {
            let kinds = r.errors.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")
            lines.append("  \(r.operation), \(r.clients) client\(r.clients == 1 ? "" : "s"): \(kinds)")
        }
        let split = results.filter { $0.server != nil }
        if !split.isEmpty {
            lines.append("")
            lines.append("where the server's time went (mean ms per request, from its Server-Timing header; the rest of the latency is queueing and the network)")
            lines.append("operation".padding(toLength: width, withPad: " ", startingAt: 0) + " clients    auth      db   write     app   total")
            for r in split {
                guard let s = r.server else { continue }
                lines.append(r.operation.padding(toLength: width, withPad: " ", startingAt: 0)
                             + String(format: " %7d %7.2f %7.2f %7.2f %7.2f %7.2f", r.clients, s.auth, s.db, s.write, s.app, s.total))
            }
        }
        for level in levels {
            lines.append("\(level.clients) client\(level.clients == 1 ? "" : "s"): \(level.connectionsOpen.map(String.init) ?? "?") connections open at the server at the end of the level")
        }
        if let server = memory.serverPeakMB {
            lines.append("peak memory, server process: \(fixed(server, 1)) MB")
            if let bench = memory.benchPeakMB { lines.append("peak memory, bench process (seeding, in-process rows, clients): \(fixed(bench, 1)) MB") }
        } else if let bench = memory.benchPeakMB {
            lines.append("peak memory (server and client in one process): \(fixed(bench, 1)) MB")
        }
        if !memory.benchStages.isEmpty {
            lines.append("")
            lines.append("memory of the bench process by stage (MB; each stage's own peak, what is still resident after it, and the live heap then: the blocks held from the allocator)")
            let stageWidth = max(40, memory.benchStages.map(\.name.count).max() ?? 0)
            lines.append("stage".padding(toLength: stageWidth, withPad: " ", startingAt: 0) + "    peak  resident after  live heap")
            for stage in memory.benchStages {
                lines.append(stage.name.padding(toLength: stageWidth, withPad: " ", startingAt: 0) + String(format: " %7.1f %15.1f", stage.peakMB, stage.residentAfterMB)
                             + (stage.liveHeapAfterMB.map { String(format: " %10.1f", $0) } ?? "          -"))
            }
        }
        console.print(lines.joined(separator: "\n"))
        struct Output: Codable {
            let companies: Int
            let seedSeconds: Double
            /// The bench process's peak, as before; `memory` says which is which.
            let peakMemoryMB: Double?
            let summary: BenchSummary
            let levels: [Level]
            let memory: Memory
            let results: [BenchResult]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let output = Output(companies: summary.companies, seedSeconds: summary.seedSeconds, peakMemoryMB: memory.benchPeakMB,
                            summary: summary, levels: levels, memory: memory, results: results)
        if let data = try? encoder.encode(output) {
            console.print(String(decoding: data, as: UTF8.self))
        }
    }
}
