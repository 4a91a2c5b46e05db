/// Builds Anthropic Messages request bodies from the neutral model.
enum AnthropicRequestBody {
    static func make(_ request: ChatRequest, stream: Bool, defaultMaxTokens: Int) throws(LLMError) -> RequestBody {
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "max_tokens": .number(Double(request.options.maxOutputTokens ?? defaultMaxTokens)),
            "messages": .array(try messages(request.messages)),
        ]
        let system = request.messages.filter { $0.role == .system }.compactMap(\.text)
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        var tools: [UInt8]?
        if !request.tools.isEmpty {
            tools = Self.tools(request.tools)
            body["tool_choice"] = toolChoice(request.toolChoice)
        }
        // `max_tokens` is set above, and Anthropic takes no seed.
        body.merge(request.options.requestMembers(maxTokens: nil, stop: "stop_sequences", seed: nil)) { _, option in option }
        if stream { body["stream"] = true }
        return RequestBody(body, tools: tools)
    }

    /// `[{"description", "input_schema", "name"}, …]`: Anthropic's shape.
    static func tools(_ tools: [ToolDefinition]) -> [UInt8] {
        RequestBody.toolArray(tools) { writer, tool in
            writer.append(#"{"description":"#)
            writer.write(tool.description)
            writer.append(#","input_schema":"#)
            writer.append(tool.parametersJSON)
            writer.append(#","name":"#)
            writer.write(tool.name)
            writer.append("}")
        }
    }

    private static func toolChoice(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: ["type": "auto"]
        case .none: ["type": "none"]
        case .required: ["type": "any"]
        case .tool(let name): ["type": "tool", "name": .string(name)]
        }
    }

    /// Anthropic takes content blocks, tool results inside user turns, and no system turns;
    /// consecutive turns of one role are merged into one.
    private static func messages(_ messages: [ChatMessage]) throws(LLMError) -> [JSONValue] {
        var turns: [(role: String, blocks: [JSONValue])] = []
        for message in messages where message.role != .system {
            let role = message.role == .assistant ? "assistant" : "user"
            var blocks: [JSONValue] = []
            for part in message.parts {
                switch part {
                case .text(let text) where !text.isEmpty:
                    blocks.append(["type": "text", "text": .string(text)])
                case .text:
                    break // Anthropic rejects empty text blocks
                case .toolCall(let call):
                    blocks.append([
                        "type": "tool_use", "id": .string(call.id), "name": .string(call.name),
                        "input": try call.parsedArguments(),
                    ])
                case .toolResult(let result):
                    var block: [String: JSONValue] = [
                        "type": "tool_result", "tool_use_id": .string(result.callID), "content": .string(result.content),
                    ]
                    if result.isError { block["is_error"] = true }
                    blocks.append(.object(block))
                }
            }
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].blocks += blocks
            } else {
                turns.append((role, blocks))
            }
        }
        return turns.map { ["role": .string($0.role), "content": .array($0.blocks)] }
    }
}
