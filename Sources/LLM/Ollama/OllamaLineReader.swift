/// Reads one line of an Ollama `/api/chat` stream with `JSONCursor` into the same
/// `OllamaWire.Response` that `JSONDecoder` produces. Lines with tool calls (arguments are
/// arbitrary JSON objects) throw `Unhandled` and are left to `JSONDecoder`.
enum OllamaLineReader {
    typealias Unhandled = JSONCursor.Unhandled

    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(Unhandled) -> OllamaWire.Response {
        var cursor = JSONCursor(bytes)
        var response = OllamaWire.Response()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "model":
                try seen.insert(0)
                response.model = try cursor.readOptionalString()
            case "message":
                try seen.insert(1)
                response.message = cursor.readNull() ? nil : try readMessage(&cursor)
            case "done":
                try seen.insert(2)
                response.done = try cursor.readOptionalBool()
            case "done_reason":
                try seen.insert(3)
                response.doneReason = try cursor.readOptionalString()
            case "prompt_eval_count":
                try seen.insert(4)
                response.promptEvalCount = try cursor.readOptionalInt()
            case "eval_count":
                try seen.insert(5)
                response.evalCount = try cursor.readOptionalInt()
            case "error":
                try seen.insert(6)
                response.error = try cursor.readOptionalString()
            default:
                try cursor.skipValue()
            }
        }
        try cursor.finish()
        return response
    }

    private static func readMessage(_ cursor: inout JSONCursor) throws(Unhandled) -> OllamaWire.Message {
        var message = OllamaWire.Message()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "content":
                try seen.insert(0)
                message.content = try cursor.readOptionalString()
            case "tool_calls":
                guard cursor.readNull() else { throw Unhandled() }
                try seen.insert(1)
            default:
                try cursor.skipValue()
            }
        }
        return message
    }
}
