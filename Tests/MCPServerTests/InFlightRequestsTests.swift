import Foundation
import MCP
import Testing

@testable import MCPServer

@Suite("Requests in flight")
struct InFlightRequestsTests {
    @Test("answers settle their requests, whichever way the id is written")
    func settles() {
        var inFlight = InFlightRequests()
        for id: ID in [.number(1), .string("a,b"), .string("q\"x"), .number(7)] { inFlight.accepted(id) }
        inFlight.sent(Data(#"{"id":1,"jsonrpc":"2.0","result":{"big":[1,2,3]}}"#.utf8))
        inFlight.sent(Data(#"{"id":"a,b","jsonrpc":"2.0","result":{}}"#.utf8))
        inFlight.sent(Data(#"{"id":"q\"x","jsonrpc":"2.0","result":{}}"#.utf8))
        #expect(!inFlight.isEmpty)
        inFlight.sent(Data(#"{"error":{"code":-32601,"message":"no"},"id":7,"jsonrpc":"2.0"}"#.utf8))
        #expect(inFlight.isEmpty)
    }

    @Test("notifications settle nothing; a cancelled request stops counting")
    func cancellation() {
        var inFlight = InFlightRequests()
        inFlight.accepted(.number(3))
        inFlight.sent(Data(#"{"jsonrpc":"2.0","method":"notifications/message","params":{"id":3}}"#.utf8))
        #expect(!inFlight.isEmpty)
        inFlight.cancelled(.number(3))
        #expect(inFlight.isEmpty)
    }

    @Test("a batch is settled by the array that answers it")
    func batches() {
        var inFlight = InFlightRequests()
        inFlight.acceptedBatch()
        #expect(!inFlight.isEmpty)
        inFlight.sent(Data(#"[{"id":1,"jsonrpc":"2.0","result":{}}]"#.utf8))
        #expect(inFlight.isEmpty)
    }

    @Test("the id is read from the front of a result without decoding it")
    func leadingID() {
        #expect(InFlightRequests.leadingID(Data(#"{"id":42,"jsonrpc":"2.0","result":{}}"#.utf8)) == .number(42))
        #expect(InFlightRequests.leadingID(Data(#"{"id":"x","jsonrpc":"2.0","result":{}}"#.utf8)) == .string("x"))
        #expect(InFlightRequests.leadingID(Data(#"{"error":{},"id":1}"#.utf8)) == nil)
    }
}
