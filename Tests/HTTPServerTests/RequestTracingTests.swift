import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
import TesseraCore
import TesseraTesting
import Testing
import Tracing

@Suite struct RequestTracingTests {
    @Test func aRequestContinuesTheCallersTraceWithTheRouteAndStatusButNotThePathOrQuery() async throws {
        let (harness, _) = try await APITestHarness.make()
        defer { harness.world.remove() }
        var configuration = HTTPServerConfiguration.unlimited
        configuration.tracesRequests = true
        let router = buildRouter(services: harness.world.services, search: harness.search, configuration: configuration)
        let tracer = InMemoryTracer()
        try await withTracer(tracer) {
            try await Application(router: router).test(.router) { client in
                let baseID = try await client.createBase(harness, tableName: "Payroll")
                var headers = harness.headers()
                headers[HTTPField.Name(InMemoryTracer.traceIDKey)!] = "caller-trace"
                headers[HTTPField.Name(InMemoryTracer.spanIDKey)!] = "caller-span"
                let response = try await client.execute(
                    uri: "/v0/\(baseID)/Payroll?filterByFormula=%7BName%7D%3D%27Ada%27", method: .get, headers: headers)
                #expect(response.status == .ok)
            }
        }

        let spans = tracer.finishedSpans.filter { $0.traceID == "caller-trace" }
        let requests = spans.filter { $0.kind == .server }
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.parentSpanID == "caller-span")
        #expect(request.operationName == "GET /v0/{baseId}/{table}")
        // Only these: no path, query or user agent.
        #expect(request.attributes.count == 3)
        #expect(request.attributes["http.request.method"]?.toSpanAttribute() == .string("GET"))
        #expect(request.attributes["http.route"]?.toSpanAttribute() == .string("/v0/{baseId}/{table}"))
        #expect(request.attributes["http.response.status_code"]?.toSpanAttribute() == .int64(200))
        // The store calls the request made (the base's schema, the records) are its children.
        #expect(spans.contains { $0.parentSpanID == request.spanID && $0.attributes["db.system"] != nil })
    }

    @Test func withoutTracingARequestMakesNoSpan() async throws {
        let (harness, _) = try await APITestHarness.make()
        defer { harness.world.remove() }
        let router = buildRouter(services: harness.world.services, search: harness.search, configuration: .unlimited)
        let tracer = InMemoryTracer()
        try await withTracer(tracer) {
            try await Application(router: router).test(.router) { client in
                let response = try await client.execute(uri: "/health", method: .get)
                #expect(response.status == .ok)
            }
        }
        #expect(tracer.finishedSpans.isEmpty)
    }
}
