import Foundation
import TrustlaneApp
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// Where the bench process's memory goes, stage by stage: the resident peak of each stage (the
/// kernel's high-water mark is reset before it starts, by writing 5 to /proc/self/clear_refs),
/// what is still resident after it (glibc keeps much of what a stage freed in its threads'
/// arenas rather than give it back), and the live heap then.
///
/// Once a stage's figures are taken, the free pages it left in the arenas are handed back
/// (`MemoryAllocator.trim`), so that the next stage's peak is its own work on top of what is
/// live, not every earlier stage's leftovers: without it, resident memory crept up stage after
/// stage (seeders, catalog loads, screening, risk scoring) while the live heap stayed at
/// 7-15 MB. This is the harness's own memory; the server, a process of its own, is measured
/// without any such help.
/// The process's overall peak is the largest of the stages' and the time between them.
enum BenchMemory {
    struct Stage: Codable, Sendable {
        let name: String
        let peakMB: Double
        let residentAfterMB: Double
        /// The live heap after it (`liveHeapMB`): nil where `malloc_info` is not there to ask.
        let liveHeapAfterMB: Double?
    }

    /// Runs `body` as a named stage and records its memory.
    static func stage<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        foldPeak(ProcFile.statusMB("VmHWM"))
        resetPeak()
        let value = try await body()
        let peak = ProcFile.statusMB("VmHWM")
        foldPeak(peak)
        let stage = Stage(name: name, peakMB: peak ?? 0, residentAfterMB: ProcFile.statusMB("VmRSS") ?? 0, liveHeapAfterMB: liveHeapMB())
        box.withLockedValue { $0.stages.append(stage) }
        MemoryAllocator.trim()
        return value
    }

    static var stages: [Stage] { box.withLockedValue { $0.stages } }

    /// The peak over the whole run so far: the stages' peaks and the high-water mark since the
    /// last reset.
    static func processPeakMB() -> Double? {
        foldPeak(ProcFile.statusMB("VmHWM"))
        return box.withLockedValue { $0.peak }
    }

    private static func resetPeak() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    /// The bytes in blocks the program holds from glibc's allocator (the live heap), in MB, from
    /// `malloc_info`'s XML report written to a stream in memory. Resident memory beyond it is the
    /// binary, stacks, and what the allocator keeps without handing it back.
    static func liveHeapMB() -> Double? {
        #if canImport(Glibc)
        typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_info") else { return nil }
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return nil }
        let status = unsafeBitCast(symbol, to: MallocInfo.self)(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard status == 0, let buffer else { return nil }
        return liveBytes(inMallocInfo: String(cString: buffer)).map { Double($0) / 1_048_576 }
        #else
        return nil
        #endif
    }

    /// The live heap from a `malloc_info` report. Its lines after the last `</heap>` total every
    /// arena: the arenas' memory (`<system type="current">`) less their free blocks (`<total
    /// type="fast">` and `type="rest"`), plus the blocks given their own mapping (`type="mmap"`).
    static func liveBytes(inMallocInfo xml: String) -> Int? {
        guard let tail = xml.range(of: "</heap>", options: .backwards).map({ xml[$0.upperBound...] }) else { return nil }
        func size(_ tag: String) -> Int? {
            guard let line = tail.split(separator: "\n").first(where: { $0.contains(tag) }),
                  let range = line.range(of: "size=\""), let end = line[range.upperBound...].firstIndex(of: "\"") else { return nil }
            return Int(line[range.upperBound..<end])
        }
        guard let current = size("<system type=\"current\""), let fast = size("<total type=\"fast\""),
              let rest = size("<total type=\"rest\""), let mapped = size("<total type=\"mmap\"") else { return nil }
        return current - fast - rest + mapped
    }

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
