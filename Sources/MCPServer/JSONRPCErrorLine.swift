import Foundation
import MCP
import TesseraCore

/// A JSON-RPC error response written by the transport itself. Without an id when the request's
/// id could not be read: MCP 2025-11-25 makes `id` optional on errors for exactly this case.
struct JSONRPCErrorLine {
    static let parseError = -32700
    static let invalidRequest = -32600
    static let methodNotFound = -32601
    static let invalidParams = -32602

    let id: ID?
    let code: Int
    let message: String
    var data: JSONValue?

    func encoded() -> Data {
        var error: [String: JSONValue] = ["code": .number(Double(code)), "message": .string(message)]
        if let data { error["data"] = data }
        var object: [String: JSONValue] = ["jsonrpc": "2.0", "error": .object(error)]
        switch id {
        case .string(let text)?: object["id"] = .string(text)
        case .number(let number)?: object["id"] = .number(Double(number))
        case nil: break
        }
        return Data(JSONValue.object(object).jsonString().utf8)
    }
}
