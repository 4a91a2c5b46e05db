import Foundation
import TesseraCore
import TesseraTesting
import Testing

@Suite("MCP server whose token is revoked")
struct TokenRevocationTests {
    @Test("a revoked token is noticed at the first request after the re-check interval; from then on requests answer an error")
    func revokedTokenIsRefused() async throws {
        let clock = ManualClock()
        let session = try await PipeSession(tokenRecheckInterval: .seconds(3), clock: clock)
        _ = try await session.initialize()
        let listBases: JSONValue = ["name": "list_bases", "arguments": [:]]
        let before = try await session.request(1, "tools/call", listBases)
        #expect(before["result"]?["structuredContent"]?["bases"]?.arrayValue?.count == 1)

        try await session.world.services.auth.revokeAccessToken(id: session.tokenID, by: session.world.ownerPrincipal)
        // The token is checked at most once per interval: until it has passed, the last check stands.
        clock.advance(by: .seconds(2))
        #expect(try await session.request(2, "tools/call", listBases)["result"] != nil)

        clock.advance(by: .seconds(1))
        for (id, method, params) in [(3, "tools/call", listBases), (4, "resources/list", [:]), (5, "tools/call", listBases)] as [(Int, String, JSONValue)] {
            let refused = try await session.request(id, method, params)
            #expect(refused["result"] == nil)
            #expect(refused["error"]?["code"] == -32001)
            #expect(refused["error"]?["message"]?.stringValue?.contains("revoked") == true)
        }
        // Requests that do not act as the user still work, so the client can show the error.
        #expect(try await session.request(6, "tools/list")["result"]?["tools"] != nil)
        _ = try await session.finish()
    }

    @Test("a token that still works is re-checked and goes on working")
    func workingTokenIsRechecked() async throws {
        let clock = ManualClock()
        let session = try await PipeSession(tokenRecheckInterval: .seconds(3), clock: clock)
        _ = try await session.initialize()
        for id in 1...3 {
            clock.advance(by: .seconds(10))
            let answer = try await session.request(id, "tools/call", ["name": "list_bases", "arguments": [:]])
            #expect(answer["result"]?["structuredContent"]?["bases"]?.arrayValue?.count == 1)
        }
        _ = try await session.finish()
    }
}
