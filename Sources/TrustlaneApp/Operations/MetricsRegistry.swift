import CoreMetrics
import Foundation
import Prometheus

/// The process's one Prometheus registry. swift-metrics can be bootstrapped once per process,
/// so every application (and every test) shares it.
enum MetricsRegistry {
    static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
