/// Builds Ollama `/api/chat` request bodies from the neutral model.
enum OllamaRequestBody {
    static func make(_ request: ChatRequest, stream: Bool) throws(LLMError) -> RequestBody {
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(try messages(request.messages)),
            "stream": .bool(stream),
        ]
        // Ollama has no tool_choice: `none` is honoured by not offering tools; `required` and a
        // named tool cannot be enforced and fall back to letting the model choose.
        var tools: [UInt8]?
        if !request.tools.isEmpty, request.toolChoice != .none {
            tools = RequestBody.functionTools(request.tools)
        }
        let options = request.options.requestMembers(maxTokens: "num_predict", stop: "stop", seed: "seed")
        if !options.isEmpty { body["options"] = .object(options) }
        return RequestBody(body, tools: tools)
    }

    private static func messages(_ messages: [ChatMessage]) throws(LLMError) -> [JSONValue] {
        // Ollama identifies a tool result by the tool's name, not by a call id.
        var toolNames: [String: String] = [:]
        var wire: [JSONValue] = []
        for message in messages {
            switch message.role {
            case .system, .user:
                wire.append(["role": .string(message.role.rawValue), "content": .string(message.text ?? "")])
            case .assistant:
                var turn: [String: JSONValue] = ["role": "assistant", "content": .string(message.text ?? "")]
                let calls = message.toolCalls
                if !calls.isEmpty {
                    var wireCalls: [JSONValue] = []
                    for call in calls {
                        toolNames[call.id] = call.name
                        wireCalls.append(["function": ["name": .string(call.name), "arguments": try call.parsedArguments()]])
                    }
                    turn["tool_calls"] = .array(wireCalls)
                }
                wire.append(.object(turn))
            case .tool:
                for result in message.toolResults {
                    var turn: [String: JSONValue] = ["role": "tool", "content": .string(result.content)]
                    if let name = toolNames[result.callID] { turn["tool_name"] = .string(name) }
                    wire.append(.object(turn))
                }
            }
        }
        return wire
    }
}
