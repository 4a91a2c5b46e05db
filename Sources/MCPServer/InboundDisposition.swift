import Foundation
import MCP
import TesseraCore

/// What the transport does with one line a client wrote.
enum InboundDisposition: Equatable {
    /// Hand the message to the SDK. `request` is the id it must answer (nil for notifications
    /// and responses); `batch` marks a batch holding at least one request.
    case forward(Data, request: ID?, batch: Bool)
    /// Answer it directly (a JSON-RPC error), without the SDK seeing it.
    case reply(Data)
    /// A request for one of the transport's own handlers (see `StdioLineTransport.answerDirectly`).
    case direct(method: String, id: ID, params: JSONValue)
    /// A notification that asked for no answer, or an empty line.
    case ignore
}
