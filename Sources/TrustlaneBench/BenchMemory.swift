import Foundation
import NIOConcurrencyHelpers

/// Where the bench process's memory goes, stage by stage: the resident peak of each stage (the
/// kernel's high-water mark is reset before it starts, by writing 5 to /proc/self/clear_refs),
/// and what is still resident after it (glibc keeps much of what a stage freed in its threads'
/// arenas rather than give it back).
/// The process's overall peak is the largest of the stages' and the time between them.
enum BenchMemory {
    struct Stage: Codable, Sendable {
        let name: String
        let peakMB: Double
        let residentAfterMB: Double
    }

    /// Runs `body` as a named stage and records its memory.
    static func stage<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        foldPeak(status("VmHWM"))
        resetPeak()
        let value = try await body()
        let peak = status("VmHWM")
        foldPeak(peak)
        let stage = Stage(name: name, peakMB: peak ?? 0, residentAfterMB: status("VmRSS") ?? 0)
        box.withLockedValue { $0.stages.append(stage) }
        return value
    }

    static var stages: [Stage] { box.withLockedValue { $0.stages } }

    /// The peak over the whole run so far: the stages' peaks and the high-water mark since the
    /// last reset.
    static func processPeakMB() -> Double? {
        foldPeak(status("VmHWM"))
        return box.withLockedValue { $0.peak }
    }

    private static func resetPeak() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    private static func status(_ key: String) -> Double? { ProcFile.statusMB(key) }

    private struct Recorded {
        var stages: [Stage] = []
        var peak: Double?
    }

    private static let box = NIOLockedValueBox(Recorded())

    private static func foldPeak(_ value: Double?) {
        guard let value else { return }
        box.withLockedValue { $0.peak = max($0.peak ?? value, value) }
    }
}
