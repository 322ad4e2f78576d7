import Fluent
import Prometheus
import SQLKit
import Vapor

/// Probes for load balancers and the metrics endpoint.
struct OperationsController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "healthz", action: .probeHealth, use: health)
        routes.on(.GET, "readyz", action: .probeHealth, use: ready)
        routes.on(.GET, "metrics", action: .probeHealth, use: metrics)
    }

    struct Status: Content {
        let status: String
        var detail: String?
    }

    /// The process is up.
    @Sendable func health(req: Request) async throws -> Status { Status(status: "ok") }

    /// The database answers and every migration has run.
    @Sendable func ready(req: Request) async throws -> Response {
        do {
            let sql = req.db as! any SQLDatabase
            _ = try await sql.raw("SELECT 1 AS one").first()
            let pending = try await req.application.migrator.previewPrepareBatch().get()
            guard pending.isEmpty else {
                let response = Response(status: .serviceUnavailable)
                try response.content.encode(Status(status: "unavailable", detail: "\(pending.count) migration(s) not yet run"))
                return response
            }
            return try await Status(status: "ok").encodeResponse(for: req)
        } catch {
            req.logger.warning("readiness check failed: \(String(reflecting: error))")
            let response = Response(status: .serviceUnavailable)
            try response.content.encode(Status(status: "unavailable", detail: "database unreachable"))
            return response
        }
    }

    /// Prometheus text format: request counts and latencies recorded by Vapor through swift-metrics.
    @Sendable func metrics(req: Request) async throws -> Response {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        MetricsRegistry.shared.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: buffer)))
    }
}
