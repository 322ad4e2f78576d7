import Foundation
import TrustlaneApp
import TrustlaneCore

/// In-process figures for the catalog: loading and indexing every bundled version from disk,
/// and the browser's filtered list and text search (server time, no HTTP).
enum CatalogBench {
    static func run(iterations: Int) -> [BenchResult] {
        var results: [BenchResult] = []
        func time(_ name: String, count: Int, _ body: () throws -> Void) rethrows {
            var samples: [Double] = []
            let start = ContinuousClock.now
            for _ in 0..<count {
                let began = ContinuousClock.now
                try body()
                samples.append((ContinuousClock.now - began).milliseconds)
            }
            results.append(BenchResult(operation: name, requests: count, samples: samples,
                                       seconds: (ContinuousClock.now - start).milliseconds / 1000))
        }
        try? time("catalog: load + check + index all bundled (in-process)", count: 10) { _ = try BundledCatalogs.load() }
        guard let bundled = try? BundledCatalogs.load(), let index = bundled.catalogs.last.flatMap({ bundled.index(id: $0.id) }) else {
            return results
        }
        time("catalog: filtered list HC+MLH Must (in-process)", count: iterations) {
            _ = index.search(CatalogQuery(entityTypes: [.highwayCarrier, .mexicanLongHaulCarrier], level: .must))
        }
        time("catalog: text search 'container inspection' (in-process)", count: iterations) {
            _ = index.search(CatalogQuery(text: "container inspection"))
        }
        return results
    }
}
