// What lives in this folder.
//
// Operations: probes for load balancers (/healthz, /readyz) and the Prometheus metrics (/metrics,
// token or loopback only).
