import Foundation

extension Array where Element: Sendable {
    /// `transform` of every element, in order. A large array is cut into one slice per core and
    /// the slices are done at once (a 100,000-row import's checks and name tokens), so
    /// `transform` may run on any thread and must only read what it shares. Below
    /// `minimumSlice` elements a slice, it runs on the caller's thread alone.
    public func concurrentMap<R>(minimumSlice: Int = 5_000, _ transform: (Int, Element) -> R) -> [R] {
        let slices = Swift.min(ProcessInfo.processInfo.activeProcessorCount, Swift.max(1, count / minimumSlice))
        guard slices > 1 else { return indices.map { transform($0, self[$0]) } }
        let size = (count + slices - 1) / slices
        // Each slice initialises its own elements in place: no optionals, no copy at the end.
        return [R](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let out = buffer
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    for index in (slice * size)..<Swift.min(count, (slice + 1) * size) {
                        (out.baseAddress! + index).initialize(to: transform(index, self[index]))
                    }
                }
            }
            initialized = count
        }
    }
}
