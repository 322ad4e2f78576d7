import Foundation
import TrustlaneApp
import Vapor

/// Closed-loop load from concurrent clients: each is a task that sends its next request when its
/// previous one has answered, over its own keep-alive connection (a `BenchClient` each). Warm-up
/// first, at least one request per client so every connection is open before the clock starts;
/// then the measured requests, at least one per client, dealt out evenly. Latency is taken at the client; throughput is all measured requests over the wall time
/// of the measured phase. A status of 400 or more, or no answer at all (a transport error or a
/// timeout), counts as an error and the run goes on; an unanswered request has no latency sample.
struct LoadRunner: Sendable {
    let clients: [BenchClient]
    let requests: Int
    let warmup: Int
    /// `--only`: operations whose name contains none of these words are skipped (the floor is
    /// always measured). Empty runs everything.
    var only: [String] = []

    var concurrency: Int { clients.count }

    /// One request's place: the client that sends it and its number, the request's number in the
    /// operation (unique across warm-up and measured requests, for operations that use each thing
    /// once), and the client's own count so far.
    struct Turn: Sendable {
        let client: BenchClient
        let number: Int
        let index: Int
        let round: Int
    }

    private struct Sample: Sendable {
        let row: Int
        let milliseconds: Double?
        /// The status code of an error answer, or "no answer".
        let error: String?
        let split: ServerSplit?
    }

    /// True when `--only` leaves out every one of `rows` (a skipped row has no requests, and the
    /// report leaves it out).
    func skips(_ rows: [String]) -> Bool { Self.skips(rows, only: only) }

    /// The same, for `--only`'s words before any runner exists (what the seed must prepare).
    static func skips(_ rows: [String], only: [String]) -> Bool {
        guard !only.isEmpty else { return false }
        return !rows.contains { row in row.hasPrefix("floor:") || only.contains { row.localizedCaseInsensitiveContains($0) } }
    }

    func requestCount(_ asked: Int? = nil) -> Int { max(asked ?? requests, concurrency) }
    func warmupCount(_ asked: Int? = nil) -> Int { max(asked ?? warmup, concurrency) }

    /// One operation, one row.
    func measure(_ name: String, requests asked: Int? = nil, warmup warm: Int? = nil,
                 _ op: @escaping @Sendable (Turn) async throws -> HTTPStatus) async -> BenchResult {
        let (results, _) = await run(rows: [name], states: Array(repeating: (), count: concurrency),
                                     requests: requestCount(asked), warmup: warmupCount(warm), row: { _ in 0 }) { _, turn in
            try await op(turn)
        }
        return results[0]
    }

    /// Requests sorted into `rows` by `row` (a mixed run reports its reads and its writes apart),
    /// each client carrying a `State` of its own from request to request; the states come back
    /// updated, for the next run. Client k uses `states[k]`.
    func run<State: Sendable>(rows: [String], states: [State], requests: Int, warmup: Int,
                              row: @escaping @Sendable (Turn) -> Int,
                              _ op: @escaping @Sendable (inout State, Turn) async throws -> HTTPStatus) async -> ([BenchResult], [State]) {
        precondition(states.count >= concurrency, "one state per client")
        if skips(rows) {
            return (rows.map { BenchResult(operation: $0, clients: concurrency, requests: 0, errors: [:], samples: [], seconds: 0) }, states)
        }
        let (warmed, _) = await phase(states: states, range: 0..<warmup, row: row, op: op)
        let start = ContinuousClock.now
        let (final, samples) = await phase(states: warmed, range: warmup..<(warmup + requests), row: row, op: op)
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        let results = rows.enumerated().map { number, name in
            let mine = samples.filter { $0.row == number }
            var errors: [String: Int] = [:]
            for sample in mine { if let error = sample.error { errors[error, default: 0] += 1 } }
            var result = BenchResult(operation: name, clients: concurrency, requests: mine.count, errors: errors,
                                     samples: mine.compactMap(\.milliseconds), seconds: seconds)
            result.server = ServerSplit.mean(mine.compactMap(\.split))
            return result
        }
        return (results, final)
    }

    private func phase<State: Sendable>(states: [State], range: Range<Int>, row: @escaping @Sendable (Turn) -> Int,
                                        op: @escaping @Sendable (inout State, Turn) async throws -> HTTPStatus) async -> ([State], [Sample]) {
        let clients = clients
        return await withTaskGroup(of: (Int, State, [Sample]).self) { group in
            for (number, client) in clients.enumerated() {
                let initial = states[number]
                group.addTask {
                    var state = initial
                    var samples: [Sample] = []
                    for (round, index) in stride(from: range.lowerBound + number, to: range.upperBound, by: clients.count).enumerated() {
                        let turn = Turn(client: client, number: number, index: index, round: round)
                        let began = ContinuousClock.now
                        do {
                            let status = try await op(&state, turn)
                            samples.append(Sample(row: row(turn), milliseconds: (ContinuousClock.now - began).milliseconds,
                                                  error: status.code >= 400 ? String(status.code) : nil, split: client.takeServerSplit()))
                        } catch {
                            samples.append(Sample(row: row(turn), milliseconds: nil, error: "no answer", split: client.takeServerSplit()))
                        }
                    }
                    return (number, state, samples)
                }
            }
            var states = states
            var all: [Sample] = []
            for await (number, state, samples) in group {
                states[number] = state
                all += samples
            }
            return (states, all)
        }
    }
}
