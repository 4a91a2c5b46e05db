import TesseraCore
import WorkspaceTools

/// What a tools/call came to: the tool's result, or a failure the model can read and correct.
enum ToolCallOutcome: Sendable {
    case result(ToolOutput)
    case failure(String)

    /// The `CallTool` result: the tool's result as `structuredContent` plus its JSON text as the
    /// text content; a failure as text with `isError`.
    func json() throws -> JSONValue {
        switch self {
        case .result(let output):
            ["content": [["type": "text", "text": .string(output.jsonString())]], "structuredContent": try output.value()]
        case .failure(let message):
            Self.failureJSON(message)
        }
    }

    /// `json()` as JSON text, the very bytes `json().jsonBytes()` gives, with the tool's result
    /// encoded once and used for both of its copies (a list of records is most of the answer).
    func jsonBytes() -> [UInt8] {
        switch self {
        case .failure(let message):
            return Self.failureJSON(message).jsonBytes()
        case .result(let output):
            let encoded = output.jsonBytes()
            var bytes: [UInt8] = []
            bytes.reserveCapacity(encoded.count * 2 + encoded.count / 4 + 64)
            bytes += #"{"content":[{"text":"#.utf8
            bytes += JSONValue.stringLiteral(utf8: encoded)
            bytes += #","type":"text"}],"structuredContent":"#.utf8
            bytes += encoded
            bytes.append(UInt8(ascii: "}"))
            return bytes
        }
    }

    private static func failureJSON(_ message: String) -> JSONValue {
        ["content": [["type": "text", "text": .string(message)]], "isError": true]
    }
}
