import Fluent
import Prometheus
import SQLKit
import TrustlaneCore
import Vapor

/// Probes for load balancers and the metrics endpoint.
struct OperationsController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "healthz", action: .probeHealth, use: health)
        routes.on(.GET, "readyz", action: .probeHealth, use: ready)
        routes.on(.GET, "metrics", action: .readMetrics, use: metrics)
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
    /// With `TRUSTLANE_METRICS_TOKEN` set, only for a matching bearer token; otherwise only for a
    /// direct loopback connection (a request a proxy forwarded is refused). Refused as 404, so
    /// the endpoint's existence is not advertised.
    @Sendable func metrics(req: Request) async throws -> Response {
        let forwarded = req.headers.contains(name: .xForwardedFor) || req.headers.contains(name: .forwarded)
        guard MetricsAccess.allows(configuredToken: req.application.config.metricsToken, presentedToken: req.headers.bearerAuthorization?.token,
                                   peer: req.remoteAddress?.ipAddress, forwarded: forwarded) else { throw TrustlaneError.notFound }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        MetricsRegistry.shared.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: buffer)))
    }
}
