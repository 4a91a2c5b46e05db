/// The parts of Ollama `/api/chat` responses this client reads; a stream is one such object
/// per line, the last with `done: true` and the token counts.
enum OllamaWire {
    struct Response: Decodable, Equatable {
        var model: String?
        var message: Message?
        var done: Bool?
        var doneReason: String?
        var promptEvalCount, evalCount: Int?
        var error: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case model, message, done, error, doneReason = "done_reason", promptEvalCount = "prompt_eval_count", evalCount = "eval_count"
        }

        var usage: Usage {
            Usage(inputTokens: promptEvalCount ?? 0, outputTokens: evalCount ?? 0)
        }
    }

    /// Ollama sends arguments as a JSON object and, in most versions, no call id.
    struct ToolCallBody: Decodable, Equatable {
        var id: String?
        var function: Function

        struct Function: Decodable, Equatable {
            var name: String
            var arguments: JSONValue?
        }

        func toolCall() -> ToolCall {
            ToolCall(id: id ?? ToolCallID.make(), name: function.name, arguments: (function.arguments ?? [:]).jsonString())
        }
    }

    struct Message: Decodable, Equatable {
        var content: String?
        var toolCalls: [ToolCallBody]?

        enum CodingKeys: String, CodingKey, CaseIterable { case content, toolCalls = "tool_calls" }
    }

    static func finishReason(_ wire: String?, sawToolCalls: Bool) -> FinishReason {
        if sawToolCalls { return .toolCalls }
        switch wire {
        case nil, "stop": return .stop
        case "length": return .length
        case let other?: return .other(other)
        }
    }
}
