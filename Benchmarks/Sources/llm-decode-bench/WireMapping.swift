@testable import LLM

/// The wire types read from a parsed `JSONValue`: the alternative to a fast reader that the
/// benchmark weighs it against. It takes the members the fast readers take and declines what
/// they decline.
struct Declined: Error {}

private func string(_ value: JSONValue?) throws(Declined) -> String? {
    switch value {
    case nil, .null?: return nil
    case .string(let text)?: return text
    default: throw Declined()
    }
}

private func int(_ value: JSONValue?) throws(Declined) -> Int? {
    switch value {
    case nil, .null?: return nil
    case .number(let number)? where number >= 0 && number < 1e18 && number.rounded() == number: return Int(number)
    default: throw Declined()
    }
}

private func bool(_ value: JSONValue?) throws(Declined) -> Bool? {
    switch value {
    case nil, .null?: return nil
    case .bool(let flag)?: return flag
    default: throw Declined()
    }
}

private func object(_ value: JSONValue?) throws(Declined) -> [String: JSONValue]? {
    switch value {
    case nil, .null?: return nil
    case .object(let members)?: return members
    default: throw Declined()
    }
}

private func array(_ value: JSONValue?) throws(Declined) -> [JSONValue]? {
    switch value {
    case nil, .null?: return nil
    case .array(let items)?: return items
    default: throw Declined()
    }
}

private func membersOf(_ value: JSONValue) throws(Declined) -> [String: JSONValue] {
    guard case .object(let members) = value else { throw Declined() }
    return members
}

extension OpenAIWire.Chunk {
    init(mapping json: JSONValue) throws(Declined) {
        let json = try membersOf(json)
        guard try object(json["error"]) == nil else { throw Declined() }
        self.init(
            model: try string(json["model"]),
            choices: try array(json["choices"])?.map { item throws(Declined) in try OpenAIWire.Choice(mapping: item) },
            usage: try object(json["usage"]).map { usage throws(Declined) in try OpenAIWire.UsageBody(mapping: usage) }
        )
    }
}

extension OpenAIWire.Choice {
    init(mapping json: JSONValue) throws(Declined) {
        let json = try membersOf(json)
        self.init(
            index: try int(json["index"]),
            delta: try object(json["delta"]).map { delta throws(Declined) in try OpenAIWire.Message(mapping: delta) },
            message: try object(json["message"]).map { message throws(Declined) in try OpenAIWire.Message(mapping: message) },
            finishReason: try string(json["finish_reason"])
        )
    }
}

extension OpenAIWire.Message {
    init(mapping json: [String: JSONValue]) throws(Declined) {
        self.init(
            content: try string(json["content"]),
            toolCalls: try array(json["tool_calls"])?.map { call throws(Declined) in
                let call = try membersOf(call)
                let function = try object(call["function"])
                return OpenAIWire.ToolCallBody(
                    index: try int(call["index"]), id: try string(call["id"]),
                    function: try function.map { function throws(Declined) in
                        OpenAIWire.ToolCallBody.Function(name: try string(function["name"]), arguments: try string(function["arguments"]))
                    }
                )
            }
        )
    }
}

extension OpenAIWire.UsageBody {
    init(mapping json: [String: JSONValue]) throws(Declined) {
        self.init(
            promptTokens: try int(json["prompt_tokens"]),
            completionTokens: try int(json["completion_tokens"]),
            promptTokensDetails: try object(json["prompt_tokens_details"]).map { details throws(Declined) in
                OpenAIWire.UsageBody.PromptDetails(cachedTokens: try int(details["cached_tokens"]))
            }
        )
    }
}

extension AnthropicWire.StreamEvent {
    init(mapping json: JSONValue) throws(Declined) {
        let json = try membersOf(json)
        for once in ["message", "content_block", "error"] where try object(json[once]) != nil {
            throw Declined()
        }
        guard let type = try string(json["type"]) else { throw Declined() }
        self.init(
            type: type,
            index: try int(json["index"]),
            delta: try object(json["delta"]).map { delta throws(Declined) in
                AnthropicWire.Delta(
                    type: try string(delta["type"]), text: try string(delta["text"]),
                    partialJSON: try string(delta["partial_json"]), stopReason: try string(delta["stop_reason"])
                )
            },
            usage: try object(json["usage"]).map { usage throws(Declined) in
                AnthropicWire.UsageBody(
                    inputTokens: try int(usage["input_tokens"]), outputTokens: try int(usage["output_tokens"]),
                    cacheReadInputTokens: try int(usage["cache_read_input_tokens"]),
                    cacheCreationInputTokens: try int(usage["cache_creation_input_tokens"])
                )
            }
        )
    }
}

extension OllamaWire.Response {
    init(mapping json: JSONValue) throws(Declined) {
        let json = try membersOf(json)
        self.init(
            model: try string(json["model"]),
            message: try object(json["message"]).map { message throws(Declined) in
                guard try array(message["tool_calls"]) == nil else { throw Declined() }
                return OllamaWire.Message(content: try string(message["content"]))
            },
            done: try bool(json["done"]),
            doneReason: try string(json["done_reason"]),
            promptEvalCount: try int(json["prompt_eval_count"]),
            evalCount: try int(json["eval_count"]),
            error: try string(json["error"])
        )
    }
}
