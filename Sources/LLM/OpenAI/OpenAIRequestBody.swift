/// Builds OpenAI Chat Completions request bodies from the neutral model.
enum OpenAIRequestBody {
    static func make(_ request: ChatRequest, stream: Bool, maxTokensField: String) -> RequestBody {
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(request.messages.flatMap(messages)),
        ]
        var tools: [UInt8]?
        if !request.tools.isEmpty {
            tools = RequestBody.functionTools(request.tools)
            body["tool_choice"] = toolChoice(request.toolChoice)
        }
        body.merge(request.options.requestMembers(maxTokens: maxTokensField, stop: "stop", seed: "seed")) { _, option in option }
        if stream {
            body["stream"] = true
            // Without this OpenAI sends no usage at all in a stream.
            body["stream_options"] = ["include_usage": true]
        }
        return RequestBody(body, tools: tools)
    }

    private static func toolChoice(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: "auto"
        case .none: "none"
        case .required: "required"
        case .tool(let name): ["type": "function", "function": ["name": .string(name)]]
        }
    }

    /// One neutral message may become several wire messages: each tool result is its own
    /// `tool` message.
    private static func messages(_ message: ChatMessage) -> [JSONValue] {
        switch message.role {
        case .system:
            return [["role": "system", "content": .string(message.text ?? "")]]
        case .user:
            return [["role": "user", "content": .string(message.text ?? "")]]
        case .assistant:
            var wire: [String: JSONValue] = ["role": "assistant", "content": message.text.map(JSONValue.string) ?? .null]
            let calls = message.toolCalls
            if !calls.isEmpty {
                wire["tool_calls"] = .array(
                    calls.map { call in
                        [
                            "id": .string(call.id),
                            "type": "function",
                            "function": ["name": .string(call.name), "arguments": .string(call.arguments.isEmpty ? "{}" : call.arguments)],
                        ]
                    })
            }
            return [.object(wire)]
        case .tool:
            return message.toolResults.map { result in
                ["role": "tool", "tool_call_id": .string(result.callID), "content": .string(result.content)]
            }
        }
    }
}
