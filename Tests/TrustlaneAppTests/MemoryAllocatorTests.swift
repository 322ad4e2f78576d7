import Foundation
import Testing
@testable import TrustlaneApp

/// The allocator settings made at start-up, and who wins: glibc's own variable, or
/// `TRUSTLANE_MALLOC=glibc`, leaves glibc's defaults as they are.
@Suite("Memory allocator")
struct MemoryAllocatorTests {
    @Test func theThresholdIsSetUnlessTheOperatorSaidOtherwise() {
        #expect(MemoryAllocator.tune(environment: ["TRUSTLANE_MALLOC": "glibc"]).isEmpty)
        #expect(MemoryAllocator.tune(environment: ["MALLOC_MMAP_THRESHOLD_": "131072"]).isEmpty)
        #if os(Linux)
        #expect(MemoryAllocator.tune(environment: [:]) == ["mmap threshold \(4 << 20)"])
        #else
        #expect(MemoryAllocator.tune(environment: [:]).isEmpty)
        #endif
        // Handing free pages back leaves live memory as it was.
        let kept = Array(repeating: UInt8(7), count: 8 << 20)
        MemoryAllocator.trim()
        #expect(kept.allSatisfy { $0 == 7 })
    }
}
