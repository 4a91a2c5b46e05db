import ArgumentParser
import HTTPServer
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// `--metrics-port`: Prometheus metrics at `/metrics` on a listener of their own.
struct MetricsOptions: ParsableArguments {
    @Option(help: "Serve Prometheus metrics at /metrics on this port (env TESSERA_METRICS_PORT; default: off).")
    var metricsPort: Int?

    /// The metrics listener when a port is set, with the metrics system reporting to it;
    /// without one, swift-metrics stays a no-op. Read before anything opens, so a bad setting
    /// fails fast with its name.
    func service(_ settings: Settings, host: String, logger: Logger) throws -> (any Service)? {
        guard let port: Int = try settings.value(metricsPort, .metricsPort) else { return nil }
        guard (0...65535).contains(port) else { throw CLIError("The metrics port must be between 0 and 65535, not \(port)") }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        factory.nameAndLabelSanitizer = { name, labels in (Self.prometheusNames[name] ?? name, labels) }
        MetricsSystem.bootstrap(factory)
        return buildMetricsApplication(registry: registry, host: host, port: port, logger: logger)
    }

    /// Hummingbird's metric names in Prometheus' conventions (counters end in `_total`, units
    /// are suffixes); dots in labels become underscores in the registry.
    private static let prometheusNames = [
        "hb.requests": "http_server_requests_total", "hb.request.errors": "http_server_request_errors_total",
        "http.server.request.duration": "http_server_request_duration_seconds", "http.server.active_requests": "http_server_active_requests",
    ]

    /// From 100 µs (a database lookup) to 30 s (a long model answer).
    private static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]
}
