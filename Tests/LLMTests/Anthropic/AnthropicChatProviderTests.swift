import Foundation
import LLM
import Testing

@Suite(.timeLimit(.minutes(1))) struct AnthropicChatProviderTests {
    static let key = "sk-ant-api03-test-SECRET-0123456789"

    private func provider(_ server: FakeServer, _ transport: LLMTransport) -> AnthropicChatProvider {
        AnthropicChatProvider(baseURL: server.baseURL, apiKey: APIKey(Self.key), transport: transport, defaultMaxTokens: 1024)
    }

    @Test func streamsTextAndSendsTheExactRequest() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream(WireFixtures.anthropicText.replacingOccurrences(of: "\n", with: "\r\n"), pieceSize: 5)
        }) { server in
            try await withTransport { transport in
                let request = ChatRequest(
                    model: "claude-sonnet-4-6",
                    messages: [
                        .system("You answer about tables."), .user("Count the tasks."),
                        .assistant("Checking.", toolCalls: [ToolCall(id: "toolu_1", name: "count_records", arguments: #"{"table":"Tasks"}"#)]),
                        .toolResult(ToolResult(callID: "toolu_1", content: "42")),
                        .toolResult(ToolResult(callID: "toolu_2", content: "no such table", isError: true)),
                        .user("Thanks"),
                    ],
                    tools: [ToolDefinition(name: "count_records", description: "Counts records", parameters: ["type": "object"])],
                    toolChoice: .required,
                    options: SamplingOptions(temperature: 0.5, stopSequences: ["###"])
                )
                let collected = await collect(provider(server, transport).stream(request))
                #expect(collected.thrown == nil)
                #expect(collected.text == "Hello wörld")
                #expect(collected.usage == Usage(inputTokens: 2125, cachedInputTokens: 2000, cacheWriteInputTokens: 100, outputTokens: 15))

                let sent = try #require(server.requests.first)
                #expect(sent.path == "/v1/messages")
                #expect(sent.header("x-api-key") == Self.key)
                #expect(sent.header("anthropic-version") == "2023-06-01")
                #expect(sent.header("authorization") == nil)
                #expect(
                    try sent.json() == [
                        "model": "claude-sonnet-4-6",
                        "max_tokens": 1024,
                        "system": "You answer about tables.",
                        "messages": [
                            ["role": "user", "content": [["type": "text", "text": "Count the tasks."]]],
                            [
                                "role": "assistant",
                                "content": [
                                    ["type": "text", "text": "Checking."],
                                    ["type": "tool_use", "id": "toolu_1", "name": "count_records", "input": ["table": "Tasks"]],
                                ],
                            ],
                            [
                                "role": "user",
                                "content": [
                                    ["type": "tool_result", "tool_use_id": "toolu_1", "content": "42"],
                                    ["type": "tool_result", "tool_use_id": "toolu_2", "content": "no such table", "is_error": true],
                                    ["type": "text", "text": "Thanks"],
                                ],
                            ],
                        ],
                        "tools": [["name": "count_records", "description": "Counts records", "input_schema": ["type": "object"]]],
                        "tool_choice": ["type": "any"],
                        "temperature": 0.5,
                        "stop_sequences": ["###"],
                        "stream": true,
                    ])
            }
        }
    }

    @Test func streamsToolUse() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream(WireFixtures.anthropicToolUse, pieceSize: 11)
        }) { server in
            try await withTransport { transport in
                let response = try await collect(provider(server, transport).stream(ChatRequest(model: "claude-haiku-4-5", messages: [.user("weather")])))
                    .response()
                #expect(response.finishReason == .toolCalls)
                #expect(try response.message.toolCalls.first?.parsedArguments() == ["location": "San Francisco, CA", "unit": "fahrenheit"])
            }
        }
    }

    @Test func completesWithoutStreaming() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 200, body: WireFixtures.anthropicMessage)
        }) { server in
            try await withTransport { transport in
                let response = try await provider(server, transport).complete(ChatRequest(model: "claude-haiku-4-5", messages: [.user("tasks")]))
                #expect(response.message.text == "I'll look.")
                #expect(response.message.toolCalls == [ToolCall(id: "toolu_2", name: "list_records", arguments: #"{"limit":5,"table":"Tasks"}"#)])
                #expect(response.usage == Usage(inputTokens: 1050, cachedInputTokens: 1000, outputTokens: 30))
                #expect(try server.requests.first?.json()["stream"] == nil)
            }
        }
    }

    @Test func errorEventMidStreamEndsWithAnErrorEvent() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream(WireFixtures.anthropicErrorMidStream)
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "claude-opus-4-7", messages: [.user("hi")])))
                #expect(collected.text == "Partial")
                #expect(collected.streamError?.code == .overloaded)
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test func connectionClosedAfterMessageStopCompletesTheStream() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.head()
            try await writer.chunk(WireFixtures.anthropicText)
            // Returning closes the connection before the chunked body's terminator.
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "claude-haiku-4-5", messages: [.user("hi")])))
                #expect(collected.thrown == nil)
                #expect(collected.streamError == nil)
                #expect(collected.text == "Hello wörld")
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test func overloaded529IsRetriedWithBackoff() async throws {
        let delays = DelayRecorder()
        try await withFakeServer({ _, number, writer in
            if number < 2 {
                try await writer.respond(
                    status: 529, body: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#)
            } else {
                try await writer.stream(WireFixtures.anthropicText)
            }
        }) { server in
            try await withTransport(.testing(retry: delays.policy(attempts: 4))) { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "claude-sonnet-4-6", messages: [.user("hi")])))
                #expect(collected.thrown == nil)
                #expect(collected.text == "Hello wörld")
                #expect(server.requests.count == 3)
                #expect(delays.recorded.count == 2)
            }
        }
    }

    @Test func overloadedErrorCarriesItsCode() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 529, body: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        }) { server in
            try await withTransport(.testing(retry: .disabled)) { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "claude-sonnet-4-6", messages: [.user("hi")])))
                #expect(collected.thrown?.code == .overloaded)
                #expect(collected.thrown?.providerCode == "overloaded_error")
            }
        }
    }

    /// Anthropic's spend limit is a 429 `rate_limit_error` whose `error.details.error_code` is
    /// `enforced_spend_limit_reached`; retrying cannot succeed before the limit resets.
    @Test func spendLimit429IsNeverRetried() async throws {
        let delays = DelayRecorder()
        try await withFakeServer({ _, _, writer in
            try await writer.respond(
                status: 429,
                body:
                    #"{"type":"error","error":{"type":"rate_limit_error","message":"You have reached your API usage limits. Access resumes on 2026-12-01.","details":{"error_code":"enforced_spend_limit_reached"}},"request_id":"req_2"}"#
            )
        }) { server in
            try await withTransport(.testing(retry: delays.policy(attempts: 5))) { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "claude-sonnet-4-6", messages: [.user("hi")])))
                #expect(collected.thrown?.code == .spendLimitReached)
                #expect(collected.thrown?.providerCode == "enforced_spend_limit_reached")
                #expect(server.requests.count == 1)
                #expect(delays.recorded.isEmpty)
            }
        }
    }

    @Test func plainRateLimitIsRetried() async throws {
        let delays = DelayRecorder()
        try await withFakeServer({ _, number, writer in
            if number == 0 {
                try await writer.respond(
                    status: 429, headers: [("retry-after", "2")],
                    body: #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"#
                )
            } else {
                try await writer.stream(WireFixtures.anthropicText)
            }
        }) { server in
            try await withTransport(.testing(retry: delays.policy())) { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "claude-sonnet-4-6", messages: [.user("hi")])))
                #expect(collected.thrown == nil)
                #expect(delays.recorded == [.seconds(2)])
            }
        }
    }

    @Test func unauthorizedNeverShowsTheKey() async throws {
        try await withFakeServer({ request, _, writer in
            try await writer.respond(
                status: 401,
                body: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key \#(request.header("x-api-key") ?? "")"}}"#
            )
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "claude-sonnet-4-6", messages: [.user("hi")])))
                let error = try #require(collected.thrown)
                #expect(error.code == .authentication)
                #expect(!"\(error)".contains(Self.key))
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test func invalidToolArgumentsInHistoryAreRefusedBeforeSending() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream(WireFixtures.anthropicText)
        }) { server in
            try await withTransport { transport in
                let request = ChatRequest(
                    model: "claude-sonnet-4-6",
                    messages: [
                        .user("x"), .assistant(nil, toolCalls: [ToolCall(id: "t", name: "f", arguments: "{broken")]),
                    ])
                let collected = await collect(provider(server, transport).stream(request))
                #expect(collected.thrown?.code == .invalidRequest)
                #expect(server.requests.isEmpty)
            }
        }
    }
}
