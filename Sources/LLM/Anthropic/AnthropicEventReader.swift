/// Reads an Anthropic stream event with `JSONCursor` into the same `AnthropicWire.StreamEvent`
/// that `JSONDecoder` produces. Only the frequent events are its business (deltas, stops,
/// pings); `message`, `content_block` and `error` objects, once per message or block, throw
/// `Unhandled` and are left to `JSONDecoder`.
enum AnthropicEventReader {
    typealias Unhandled = JSONCursor.Unhandled

    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(Unhandled) -> AnthropicWire.StreamEvent {
        var cursor = JSONCursor(bytes)
        var type: String?
        var index: Int?
        var delta: AnthropicWire.Delta?
        var usage: AnthropicWire.UsageBody?
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "type":
                try seen.insert(0)
                type = try cursor.readString()
            case "index":
                try seen.insert(1)
                index = try cursor.readOptionalInt()
            case "delta":
                try seen.insert(2)
                delta = cursor.readNull() ? nil : try readDelta(&cursor)
            case "usage":
                try seen.insert(3)
                usage = cursor.readNull() ? nil : try readUsage(&cursor)
            case "message", "content_block", "error":
                guard cursor.readNull() else { throw Unhandled() }
            default:
                try cursor.skipValue()
            }
        }
        try cursor.finish()
        // `type` is required: without it JSONDecoder reports the error.
        guard let type else { throw Unhandled() }
        return AnthropicWire.StreamEvent(type: type, index: index, delta: delta, usage: usage)
    }

    private static func readDelta(_ cursor: inout JSONCursor) throws(Unhandled) -> AnthropicWire.Delta {
        var delta = AnthropicWire.Delta()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "type":
                try seen.insert(0)
                delta.type = try cursor.readOptionalString()
            case "text":
                try seen.insert(1)
                delta.text = try cursor.readOptionalString()
            case "partial_json":
                try seen.insert(2)
                delta.partialJSON = try cursor.readOptionalString()
            case "stop_reason":
                try seen.insert(3)
                delta.stopReason = try cursor.readOptionalString()
            default:
                try cursor.skipValue()
            }
        }
        return delta
    }

    private static func readUsage(_ cursor: inout JSONCursor) throws(Unhandled) -> AnthropicWire.UsageBody {
        var usage = AnthropicWire.UsageBody()
        var seen = JSONCursor.SeenMembers()
        try cursor.readObject { key, cursor throws(Unhandled) in
            switch key {
            case "input_tokens":
                try seen.insert(0)
                usage.inputTokens = try cursor.readOptionalInt()
            case "output_tokens":
                try seen.insert(1)
                usage.outputTokens = try cursor.readOptionalInt()
            case "cache_read_input_tokens":
                try seen.insert(2)
                usage.cacheReadInputTokens = try cursor.readOptionalInt()
            case "cache_creation_input_tokens":
                try seen.insert(3)
                usage.cacheCreationInputTokens = try cursor.readOptionalInt()
            default:
                try cursor.skipValue()
            }
        }
        return usage
    }
}
