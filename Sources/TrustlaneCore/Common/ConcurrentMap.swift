import Foundation

extension Array where Element: Sendable {
    /// `transform` of every element, in order. A large array is cut into one slice per core and
    /// the slices are done at once (a 100,000-row import's checks and name tokens), so
    /// `transform` may run on any thread and must only read what it shares. Below
    /// `minimumSlice` elements a slice, it runs on the caller's thread alone.
    public func concurrentMap<R>(minimumSlice: Int = 5_000, _ transform: (Int, Element) -> R) -> [R] {
        let slices = Swift.min(ProcessInfo.processInfo.activeProcessorCount, Swift.max(1, count / minimumSlice))
        guard slices > 1 else { return indices.map { transform($0, self[$0]) } }
        var results = [R?](repeating: nil, count: count)
        let size = (count + slices - 1) / slices
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    // Each slice writes its own indices only.
                    for index in (slice * size)..<Swift.min(count, (slice + 1) * size) { out[index] = transform(index, self[index]) }
                }
            }
        }
        return results.map { $0! }
    }
}
