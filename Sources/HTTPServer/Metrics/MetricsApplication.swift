import Foundation
import Hummingbird
import Logging
import Prometheus

/// `GET /metrics` in Prometheus' text format, on a listener of its own (`--metrics-port`), so
/// the operator decides who reaches it, apart from the API's port and its tokens.
public func buildMetricsApplication(registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
    let residentMemory = registry.makeGauge(
        descriptor: MetricNameDescriptor(namespace: "process", metricName: "resident_memory", unitName: "bytes", helpText: "Resident memory size in bytes."))
    let router = Router()
    router.get("metrics") { _, _ -> Response in
        if let bytes = ProcessMemory.residentBytes() { residentMemory.set(Double(bytes)) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
    return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Tessera"), logger: logger)
}

enum ProcessMemory {
    /// The resident set from `/proc/self/statm` (Linux), in bytes.
    static func residentBytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: Int(sysconf(Int32(_SC_PAGESIZE))))
        return overflow ? nil : bytes
    }
}
