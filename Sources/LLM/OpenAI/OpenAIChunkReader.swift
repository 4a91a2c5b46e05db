/// Reads an OpenAI `chat.completion.chunk` (and a whole `chat.completion`) with `JSONCursor`
/// into the same `OpenAIWire` value that `JSONDecoder` produces, at a fraction of the cost. It
/// throws `Unhandled` for anything it cannot vouch for (an `error` object included), and the
/// caller falls back to `JSONDecoder`.
enum OpenAIChunkReader {
    typealias Unhandled = JSONCursor.Unhandled

    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(Unhandled) -> OpenAIWire.Chunk {
        var cursor = JSONCursor(bytes)
        var chunk = OpenAIWire.Chunk()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "model":
                try seen.insert(0)
                chunk.model = try cursor.readOptionalString()
            case "choices":
                try seen.insert(1)
                if !cursor.readNull() {
                    var choices: [OpenAIWire.Choice] = []
                    try cursor.readArray { cursor throws(Unhandled) in choices.append(try readChoice(&cursor)) }
                    chunk.choices = choices
                }
            case "usage":
                try seen.insert(2)
                chunk.usage = cursor.readNull() ? nil : try readUsage(&cursor)
            case "error":
                // Error bodies are decoded leniently (`code` as string or number); JSONDecoder does that.
                guard cursor.readNull() else { throw Unhandled() }
                try seen.insert(3)
            default:
                try cursor.skipValue()
            }
        }
        try cursor.finish()
        return chunk
    }

    /// A whole `chat.completion`: like a chunk, but `choices` is required.
    static func readResponse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Unhandled) -> OpenAIWire.Response {
        let chunk = try read(bytes)
        guard let choices = chunk.choices else { throw Unhandled() }
        return OpenAIWire.Response(model: chunk.model, choices: choices, usage: chunk.usage)
    }

    private static func readChoice(_ cursor: inout JSONCursor) throws(Unhandled) -> OpenAIWire.Choice {
        var choice = OpenAIWire.Choice()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "index":
                try seen.insert(0)
                choice.index = try cursor.readOptionalInt()
            case "delta":
                try seen.insert(1)
                choice.delta = cursor.readNull() ? nil : try readMessage(&cursor)
            case "message":
                try seen.insert(2)
                choice.message = cursor.readNull() ? nil : try readMessage(&cursor)
            case "finish_reason":
                try seen.insert(3)
                choice.finishReason = try cursor.readOptionalString()
            default:
                try cursor.skipValue()
            }
        }
        return choice
    }

    private static func readMessage(_ cursor: inout JSONCursor) throws(Unhandled) -> OpenAIWire.Message {
        var message = OpenAIWire.Message()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "content":
                try seen.insert(0)
                message.content = try cursor.readOptionalString()
            case "tool_calls":
                try seen.insert(1)
                if !cursor.readNull() {
                    var calls: [OpenAIWire.ToolCallBody] = []
                    try cursor.readArray { cursor throws(Unhandled) in calls.append(try readToolCall(&cursor)) }
                    message.toolCalls = calls
                }
            default:
                try cursor.skipValue()
            }
        }
        return message
    }

    private static func readToolCall(_ cursor: inout JSONCursor) throws(Unhandled) -> OpenAIWire.ToolCallBody {
        var call = OpenAIWire.ToolCallBody()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "index":
                try seen.insert(0)
                call.index = try cursor.readOptionalInt()
            case "id":
                try seen.insert(1)
                call.id = try cursor.readOptionalString()
            case "function":
                try seen.insert(2)
                call.function = cursor.readNull() ? nil : try readFunction(&cursor)
            default:
                try cursor.skipValue()
            }
        }
        return call
    }

    private static func readFunction(_ cursor: inout JSONCursor) throws(Unhandled) -> OpenAIWire.ToolCallBody.Function {
        var function = OpenAIWire.ToolCallBody.Function()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "name":
                try seen.insert(0)
                function.name = try cursor.readOptionalString()
            case "arguments":
                try seen.insert(1)
                function.arguments = try cursor.readOptionalString()
            default:
                try cursor.skipValue()
            }
        }
        return function
    }

    private static func readUsage(_ cursor: inout JSONCursor) throws(Unhandled) -> OpenAIWire.UsageBody {
        var usage = OpenAIWire.UsageBody()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "prompt_tokens":
                try seen.insert(0)
                usage.promptTokens = try cursor.readOptionalInt()
            case "completion_tokens":
                try seen.insert(1)
                usage.completionTokens = try cursor.readOptionalInt()
            case "prompt_tokens_details":
                try seen.insert(2)
                if !cursor.readNull() {
                    var details = OpenAIWire.UsageBody.PromptDetails()
                    var seenDetails = JSONCursor.SeenMembers()
                    try cursor.readObject { key, cursor throws(Unhandled) in
                        if case "cached_tokens" = key {
                            try seenDetails.insert(0)
                            details.cachedTokens = try cursor.readOptionalInt()
                        } else {
                            try cursor.skipValue()
                        }
                    }
                    usage.promptTokensDetails = details
                }
            default:
                try cursor.skipValue()
            }
        }
        return usage
    }
}
