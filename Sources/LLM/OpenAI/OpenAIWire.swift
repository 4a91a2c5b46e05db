/// The parts of OpenAI Chat Completions responses this client reads (stream chunks and
/// whole responses share them).
enum OpenAIWire {
    struct Chunk: Decodable, Equatable {
        var model: String?
        var choices: [Choice]?
        var usage: UsageBody?
        var error: ProviderErrorBody.Detail?

        enum CodingKeys: String, CodingKey, CaseIterable { case model, choices, usage, error }
    }

    struct Response: Decodable, Equatable {
        var model: String?
        var choices: [Choice]
        var usage: UsageBody?
    }

    struct Choice: Decodable, Equatable {
        var index: Int?
        var delta, message: Message?
        var finishReason: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case index, delta, message, finishReason = "finish_reason" }
    }

    struct Message: Decodable, Equatable {
        var content: String?
        var toolCalls: [ToolCallBody]?

        enum CodingKeys: String, CodingKey, CaseIterable { case content, toolCalls = "tool_calls" }
    }

    struct ToolCallBody: Decodable, Equatable {
        var index: Int?
        var id: String?
        var function: Function?

        enum CodingKeys: String, CodingKey, CaseIterable { case index, id, function }

        struct Function: Decodable, Equatable {
            var name, arguments: String?

            enum CodingKeys: String, CodingKey, CaseIterable { case name, arguments }
        }
    }

    struct UsageBody: Decodable, Equatable {
        var promptTokens, completionTokens: Int?
        var promptTokensDetails: PromptDetails?

        struct PromptDetails: Decodable, Equatable {
            var cachedTokens: Int?
            enum CodingKeys: String, CodingKey, CaseIterable { case cachedTokens = "cached_tokens" }
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", promptTokensDetails = "prompt_tokens_details"
        }

        var usage: Usage {
            Usage(
                inputTokens: promptTokens ?? 0,
                cachedInputTokens: promptTokensDetails?.cachedTokens ?? 0,
                outputTokens: completionTokens ?? 0
            )
        }
    }

    static func finishReason(_ wire: String) -> FinishReason {
        switch wire {
        case "stop": .stop
        case "length": .length
        case "tool_calls", "function_call": .toolCalls
        case "content_filter": .contentFilter
        default: .other(wire)
        }
    }
}
