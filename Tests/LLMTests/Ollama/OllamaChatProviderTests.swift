import LLM
import Testing

@Suite(.timeLimit(.minutes(1))) struct OllamaChatProviderTests {
    private func provider(_ server: FakeServer, _ transport: LLMTransport) -> OllamaChatProvider {
        OllamaChatProvider(baseURL: server.baseURL, transport: transport)
    }

    @Test func streamsNDJSONAndSendsTheExactRequest() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream(WireFixtures.ollamaStream, pieceSize: 9, contentType: "application/x-ndjson")
        }) { server in
            try await withTransport { transport in
                let request = ChatRequest(
                    model: "llama3.2",
                    messages: [
                        .system("Short answers."), .user("Weather in Tokyo?"),
                        .assistant(nil, toolCalls: [ToolCall(id: "call_x", name: "get_weather", arguments: #"{"city":"Tokyo"}"#)]),
                        .toolResult(ToolResult(callID: "call_x", content: "sunny")),
                    ],
                    tools: [ToolDefinition(name: "get_weather", description: "Weather", parameters: ["type": "object"])],
                    options: SamplingOptions(temperature: 0, maxOutputTokens: 64, seed: 7)
                )
                let collected = await collect(provider(server, transport).stream(request))
                let response = try collected.response()
                #expect(response.message.text == "The sky")
                #expect(response.message.toolCalls.count == 1)
                #expect(response.usage == Usage(inputTokens: 26, outputTokens: 282))

                let sent = try #require(server.requests.first)
                #expect(sent.path == "/api/chat")
                #expect(
                    try sent.json() == [
                        "model": "llama3.2",
                        "messages": [
                            ["role": "system", "content": "Short answers."],
                            ["role": "user", "content": "Weather in Tokyo?"],
                            ["role": "assistant", "content": "", "tool_calls": [["function": ["name": "get_weather", "arguments": ["city": "Tokyo"]]]]],
                            ["role": "tool", "content": "sunny", "tool_name": "get_weather"],
                        ],
                        "tools": [["type": "function", "function": ["name": "get_weather", "description": "Weather", "parameters": ["type": "object"]]]],
                        "stream": true,
                        "options": ["temperature": 0, "num_predict": 64, "seed": 7],
                    ])
            }
        }
    }

    @Test func completesWithoutStreaming() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(
                status: 200,
                body:
                    #"{"model":"llama3.2","created_at":"2026-11-26T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"list_bases","arguments":{}}}]},"done":true,"done_reason":"stop","prompt_eval_count":12,"eval_count":7}"#
            )
        }) { server in
            try await withTransport { transport in
                let response = try await provider(server, transport).complete(ChatRequest(model: "llama3.2", messages: [.user("bases")]))
                #expect(response.finishReason == .toolCalls)
                #expect(response.message.text == nil)
                let call = try #require(response.message.toolCalls.first)
                #expect(call.name == "list_bases" && call.arguments == "{}" && call.id.hasPrefix("call_"))
                #expect(try server.requests.first?.json()["stream"] == false)
            }
        }
    }

    @Test func errorLineMidStreamEndsWithAnErrorEvent() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream(WireFixtures.ollamaErrorMidStream, contentType: "application/x-ndjson")
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "llama3.2", messages: [.user("hi")])))
                #expect(collected.text == "Partial")
                #expect(collected.streamError?.code == .streamError)
            }
        }
    }

    @Test func unknownModelIsANotFoundError() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 404, body: #"{"error":"model \"nope\" not found, try pulling it first"}"#)
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "nope", messages: [.user("hi")])))
                #expect(collected.thrown?.code == .notFound)
                #expect(collected.thrown?.message.contains("try pulling it first") == true)
            }
        }
    }
}
