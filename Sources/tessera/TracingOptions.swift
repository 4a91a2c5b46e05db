import ArgumentParser
import Foundation
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// `--otlp-endpoint`: traces exported over OTLP/HTTP to a collector.
struct TracingOptions: ParsableArguments {
    @Option(
        help: """
            Export traces over OTLP/HTTP (protobuf) to the collector at this base URL, e.g. http://127.0.0.1:4318; \
            spans go to its /v1/traces (env TESSERA_OTLP_ENDPOINT; default: off). The OTEL_* variables tune the exporter.
            """)
    var otlpEndpoint: String?

    /// The span exporter when an endpoint is set, with the tracer bootstrapped to feed it;
    /// without one the tracer stays the no-op one. Traces only: metrics keep their Prometheus
    /// backend and logs stay on stderr. Read before anything opens, so a bad setting fails fast.
    func service(_ settings: Settings, logger: Logger) throws -> (any Service)? {
        guard let endpoint = settings.text(otlpEndpoint, .otlpEndpoint) else { return nil }
        guard let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw CLIError("The OTLP endpoint must be an http or https URL, not \(endpoint)")
        }
        var configuration = OTel.Configuration.default
        configuration.serviceName = "tessera"
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.traces.otlpExporter.endpoint = endpoint.hasSuffix("/v1/traces") ? endpoint : Self.trimmingSlash(endpoint) + "/v1/traces"
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        return backend.service
    }

    private static func trimmingSlash(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
