import Foundation
import MCP
import TesseraCore
import Testing

@testable import MCPServer

@Suite("Inbound filter")
struct InboundFilterTests {
    let filter = InboundFilter()

    private func reply(_ line: String) throws -> JSONValue {
        guard case .reply(let data) = filter.route(Data(line.utf8)) else {
            Issue.record("expected a direct reply to \(line)")
            return .null
        }
        return try JSONValue.parse(data)
    }

    @Test("invalid JSON gets a parse error without an id", arguments: ["{", "not json", "{\"jsonrpc\":\"2.0\",", "\u{1}\u{2}"])
    func parseError(line: String) throws {
        let answer = try reply(line)
        #expect(answer["error"]?["code"] == -32700)
        #expect(answer["id"] == nil)
        #expect(answer["jsonrpc"] == "2.0")
    }

    @Test(
        "valid JSON that is no JSON-RPC message is an invalid request",
        arguments: [
            ("42", nil), ("\"text\"", nil), ("null", nil),
            ("{\"id\":1,\"method\":\"ping\"}", 1),
            ("{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"ping\"}", "a"),
            ("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", nil),
            ("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", nil),
            ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":5}", 7),
            ("{\"jsonrpc\":\"2.0\",\"id\":7}", 7),
            ("[]", nil),
            ("[1,2]", nil),
        ] as [(String, JSONValue?)])
    func invalidRequest(line: String, id: JSONValue?) throws {
        let answer = try reply(line)
        #expect(answer["error"]?["code"] == -32600, "\(line)")
        #expect(answer["id"] == id, "\(line)")
    }

    @Test("params that are not an object are invalid params")
    func paramsNotObject() throws {
        let answer = try reply(#"{"jsonrpc":"2.0","id":3,"method":"tools/list","params":[1]}"#)
        #expect(answer["error"]?["code"] == -32602)
        #expect(answer["id"] == 3)
    }

    @Test("server/discover is answered with method not found and the supported versions")
    func discover() throws {
        let answer = try reply(#"{"jsonrpc":"2.0","id":0,"method":"server/discover","params":{"_meta":{}}}"#)
        #expect(answer["error"]?["code"] == -32601)
        #expect(answer["error"]?["data"]?["supported"] == ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"])
    }

    @Test("initialize: object-valued experimental capabilities are dropped so the SDK can decode the rest")
    func sanitizesExperimental() throws {
        let line =
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"experimental":{"featureA":{"enabled":true},"label":"x"},"roots":{"listChanged":true}},"clientInfo":{"name":"c","version":"1"}}}"#
        guard case .forward(let data, let request, false) = filter.route(Data(line.utf8)) else {
            Issue.record("initialize should be forwarded")
            return
        }
        #expect(request == .number(1))
        let message = try JSONValue.parse(data)
        #expect(message["params"]?["capabilities"]?["experimental"] == ["label": "x"])
        let params = try JSONDecoder().decode(Initialize.Parameters.self, from: Data(message["params"]!.jsonString().utf8))
        #expect(params.capabilities.roots?.listChanged == true)
    }

    @Test("initialize parameters the SDK cannot decode are invalid params, not an internal error")
    func initializeShape() throws {
        let answer = try reply(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":"me"}}"#)
        #expect(answer["error"]?["code"] == -32602)
        #expect(answer["id"] == 1)
    }

    @Test("requests are forwarded with their id; an id like 1.0 reaches the SDK as the integer 1")
    func forwardsRequests() throws {
        guard case .forward(let data, let request, false) = filter.route(Data(#"{"jsonrpc":"2.0","id":1.0,"method":"ping"}"#.utf8)) else {
            Issue.record("ping should be forwarded")
            return
        }
        #expect(request == .number(1))
        #expect(String(decoding: data, as: UTF8.self).contains("\"id\":1,"))
    }

    @Test("notifications are forwarded or, when malformed, ignored; blank lines are ignored")
    func notifications() {
        if case .forward(_, nil, false) = filter.route(Data(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8)) {
        } else {
            Issue.record("a notification should be forwarded")
        }
        #expect(filter.route(Data(#"{"jsonrpc":"2.0","method":"notifications/x","params":3}"#.utf8)) == .ignore)
        #expect(filter.route(Data("  \t".utf8)) == .ignore)
    }

    @Test("a batch of requests is forwarded as a batch; one bad item refuses it")
    func batches() throws {
        if case .forward(_, nil, true) = filter.route(Data(#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"}]"#.utf8)) {
        } else {
            Issue.record("the batch should be forwarded")
        }
        let answer = try reply(#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"id":2}]"#)
        #expect(answer["error"]?["code"] == -32600)
    }
}
