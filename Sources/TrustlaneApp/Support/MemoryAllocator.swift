import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator, told how this server uses memory.
///
/// By default glibc gives a block of 128 KB or more its own mapping, handed back to the system
/// when freed, but raises that threshold to the size of every such block freed (up to 32 MB).
/// After a 100,000-row partner import had freed its 6-18 MB tables, blocks of that size came
/// from the arenas instead, and what the arenas free stays with the process: the bench process
/// held 200-250 MB after one import. So:
///
/// - `tune()` fixes the threshold at `mmapThreshold`: the few blocks that large (a file's bytes,
///   an import's tables) always get their own mapping and go back when freed, and the blocks of
///   everyday work (a page's HTML, a chunk of rows) stay in the arenas, reused.
/// - `trim()` hands back the free pages inside the arenas after a large piece of work.
///
/// Capping the number of arenas (`MALLOC_ARENA_MAX=2`) saved as much again but cost 5-8% of the
/// pages and saves served at 16 clients and a tenth of an import's speed: left at glibc's default.
///
/// A setting given to glibc itself (`MALLOC_MMAP_THRESHOLD_`) wins, and `TRUSTLANE_MALLOC=glibc`
/// leaves glibc's defaults as they are. Other C libraries (musl, macOS) are left alone: the
/// functions are looked up, not linked.
public enum MemoryAllocator {
    public static let mmapThreshold: Int32 = 4 << 20

    /// What was set, for the start-up log: e.g. ["mmap threshold 4194304"].
    @discardableResult
    public static func tune(environment: [String: String] = AppConfig.allocatorEnvironment()) -> [String] {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard environment["TRUSTLANE_MALLOC"] != "glibc", environment["MALLOC_MMAP_THRESHOLD_"] == nil,
              let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return [] }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        // M_MMAP_THRESHOLD, from glibc's malloc.h.
        return mallopt(-3, mmapThreshold) == 1 ? ["mmap threshold \(mmapThreshold)"] : []
        #else
        return []
        #endif
    }

    /// Hands the free pages inside glibc's arenas back to the system (`malloc_trim(0)`): after a
    /// large piece of work whose memory was freed on threads that may not reuse it soon. It takes
    /// well under a millisecond when little is free.
    public static func trim() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = trimSymbol else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }

    #if canImport(Glibc)
    private nonisolated(unsafe) static let trimSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
    #endif
}
