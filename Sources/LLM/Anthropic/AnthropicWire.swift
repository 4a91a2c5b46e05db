/// The parts of Anthropic Messages responses and stream events this client reads.
enum AnthropicWire {
    /// Every stream event type in one shape; `type` says which fields are set.
    struct StreamEvent: Decodable, Equatable {
        /// Required, as for `JSONDecoder`; the empty default only lets the fast path start empty.
        var type = ""
        var index: Int?
        var message: Response?
        var contentBlock: ContentBlock?
        var delta: Delta?
        var usage: UsageBody?
        var error: ProviderErrorBody.Detail?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case type, index, message, delta, usage, error
            case contentBlock = "content_block"
        }
    }

    struct Response: Decodable, Equatable {
        var model: String?
        var content: [ContentBlock]?
        var stopReason: String?
        var usage: UsageBody?

        enum CodingKeys: String, CodingKey { case model, content, usage, stopReason = "stop_reason" }
    }

    struct ContentBlock: Decodable, Equatable {
        var type: String
        var text, id, name: String?
        var input: JSONValue?
    }

    struct Delta: Decodable, Equatable {
        var type, text, partialJSON, stopReason: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case type, text, partialJSON = "partial_json", stopReason = "stop_reason" }
    }

    struct UsageBody: Decodable, Equatable {
        var inputTokens, outputTokens, cacheReadInputTokens, cacheCreationInputTokens: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case inputTokens = "input_tokens", outputTokens = "output_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens", cacheCreationInputTokens = "cache_creation_input_tokens"
        }

        /// Anthropic counts cache reads and writes apart from `input_tokens`; the neutral
        /// `inputTokens` includes them.
        func merged(into usage: inout Usage) {
            let cacheRead = cacheReadInputTokens ?? usage.cachedInputTokens
            let cacheWrite = cacheCreationInputTokens ?? usage.cacheWriteInputTokens
            let uncached = inputTokens ?? usage.uncachedInputTokens
            usage = Usage(
                inputTokens: uncached + cacheRead + cacheWrite,
                cachedInputTokens: cacheRead,
                cacheWriteInputTokens: cacheWrite,
                outputTokens: outputTokens ?? usage.outputTokens
            )
        }
    }

    static func finishReason(_ wire: String) -> FinishReason {
        switch wire {
        case "end_turn", "stop_sequence": .stop
        case "max_tokens", "model_context_window_exceeded": .length
        case "tool_use": .toolCalls
        case "refusal": .contentFilter
        default: .other(wire)
        }
    }
}
