import HTTPServer
import Hummingbird
import HummingbirdTesting
import TesseraCore
import TesseraTesting
import Testing

@Suite struct ReadinessTests {
    private func ready(_ checks: ReadinessChecks) async throws -> (status: HTTPResponse.Status, body: JSONValue) {
        let (harness, _) = try await APITestHarness.make()
        defer { harness.world.remove() }
        let router = buildRouter(services: harness.world.services, search: harness.search, configuration: .unlimited, readiness: checks)
        return try await Application(router: router).test(.router) { client in
            let response = try await client.execute(uri: "/ready", method: .get)
            return (response.status, response.json)
        }
    }

    @Test func everyCheckPassingIsReady() async throws {
        let (status, body) = try await ready(ReadinessChecks([("database", { nil }), ("search", { nil })]))
        #expect(status == .ok)
        #expect(body == ["status": "ready", "checks": ["database": "ok", "search": "ok"]])
    }

    @Test func oneFailingCheckIsNotReadyAndSaysWhy() async throws {
        let (status, body) = try await ready(ReadinessChecks([("database", { nil }), ("search", { "5000 events behind the log" })]))
        #expect(status == .serviceUnavailable)
        #expect(body == ["status": "not ready", "checks": ["database": "ok", "search": "5000 events behind the log"]])
    }
}
