import Foundation
import LLM
import Testing

@Suite(.timeLimit(.minutes(1))) struct OpenAIChatProviderTests {
    static let key = "sk-test-0123456789abcdefSECRET"

    private func provider(_ server: FakeServer, _ transport: LLMTransport) -> OpenAIChatProvider {
        OpenAIChatProvider(baseURL: server.baseURL + "/v1", apiKey: APIKey(Self.key), transport: transport)
    }

    private let weatherTool = ToolDefinition(
        name: "get_weather", description: "Weather for a city",
        parameters: ["type": "object", "properties": ["location": ["type": "string"]], "required": ["location"]]
    )

    @Test func streamsTextAndSendsTheExactRequest() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream(WireFixtures.openAITextCRLFWithKeepAlives, pieceSize: 7)
        }) { server in
            try await withTransport { transport in
                let request = ChatRequest(
                    model: "gpt-4o-mini",
                    messages: [
                        .system("Be brief."), .user("Weather?"),
                        .assistant(nil, toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"location":"Paris"}"#)]),
                        .toolResult(ToolResult(callID: "call_1", content: "18°C")),
                    ],
                    tools: [weatherTool], toolChoice: .tool("get_weather"),
                    options: SamplingOptions(temperature: 0.2, maxOutputTokens: 100, stopSequences: ["END"])
                )
                let collected = await collect(provider(server, transport).stream(request))
                #expect(collected.thrown == nil)
                #expect(collected.text == "Hello, Zürich!")
                #expect(collected.usage == Usage(inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 5))
                #expect(collected.events.last == .finish(.stop))

                let sent = try #require(server.requests.first)
                #expect(sent.method == "POST")
                #expect(sent.path == "/v1/chat/completions")
                #expect(sent.header("authorization") == "Bearer \(Self.key)")
                #expect(
                    try sent.json() == [
                        "model": "gpt-4o-mini",
                        "messages": [
                            ["role": "system", "content": "Be brief."],
                            ["role": "user", "content": "Weather?"],
                            [
                                "role": "assistant", "content": .null,
                                "tool_calls": [
                                    ["id": "call_1", "type": "function", "function": ["name": "get_weather", "arguments": #"{"location":"Paris"}"#]]
                                ],
                            ],
                            ["role": "tool", "tool_call_id": "call_1", "content": "18°C"],
                        ],
                        "tools": [
                            [
                                "type": "function",
                                "function": [
                                    "name": "get_weather", "description": "Weather for a city", "parameters": weatherTool.parameters,
                                ],
                            ]
                        ],
                        "tool_choice": ["type": "function", "function": ["name": "get_weather"]],
                        "temperature": 0.2,
                        "max_tokens": 100,
                        "stop": ["END"],
                        "stream": true,
                        "stream_options": ["include_usage": true],
                    ])
            }
        }
    }

    @Test func streamsToolCallsSplitAtOddBoundaries() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream(WireFixtures.openAIToolCalls, pieceSize: 13)
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4.1", messages: [.user("hi")])))
                let response = try collected.response()
                #expect(response.finishReason == .toolCalls)
                #expect(response.message.toolCalls.map(\.arguments) == [#"{"location": "Paris"}"#, #"{"tz":"Europe/Paris"}"#])
            }
        }
    }

    @Test func completesWithoutStreaming() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 200, body: WireFixtures.openAICompletion)
        }) { server in
            try await withTransport { transport in
                let response = try await provider(server, transport).complete(ChatRequest(model: "gpt-4o", messages: [.user("bases?")]))
                #expect(response.model == "gpt-4o-2024-08-06")
                #expect(response.message.toolCalls == [ToolCall(id: "call_1", name: "list_bases", arguments: "{}")])
                #expect(response.finishReason == .toolCalls)
                #expect(response.usage == Usage(inputTokens: 100, outputTokens: 12))
                let body = try #require(server.requests.first).json()
                #expect(body["stream"] == nil)
                #expect(body["stream_options"] == nil)
            }
        }
    }

    @Test func errorObjectMidStreamEndsWithAnErrorEvent() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream(WireFixtures.openAIErrorMidStream)
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.thrown == nil)
                #expect(collected.text == "Partial")
                #expect(collected.streamError?.code == .streamError)
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test func rateLimitWithRetryAfterIsRetriedAfterTheAskedDelay() async throws {
        let delays = DelayRecorder()
        try await withFakeServer({ _, number, writer in
            if number == 0 {
                try await writer.respond(
                    status: 429, headers: [("retry-after", "7")],
                    body: #"{"error":{"message":"Rate limit reached for gpt-4o","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#
                )
            } else {
                try await writer.stream(WireFixtures.openAIText)
            }
        }) { server in
            try await withTransport(.testing(retry: delays.policy())) { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.thrown == nil)
                #expect(collected.text == "Hello, Zürich!")
                #expect(server.requests.count == 2)
                #expect(delays.recorded == [.seconds(7)])
            }
        }
    }

    @Test func retryAfterMillisecondsWinsOverRetryAfter() async throws {
        let delays = DelayRecorder()
        try await withFakeServer({ _, number, writer in
            if number == 0 {
                try await writer.respond(status: 503, headers: [("retry-after-ms", "250"), ("retry-after", "3")], body: "{}")
            } else {
                try await writer.respond(status: 200, body: WireFixtures.openAICompletion)
            }
        }) { server in
            try await withTransport(.testing(retry: delays.policy())) { transport in
                _ = try await provider(server, transport).complete(ChatRequest(model: "gpt-4o", messages: [.user("hi")]))
                #expect(delays.recorded == [.milliseconds(250)])
            }
        }
    }

    @Test func unauthorizedIsNotRetriedAndNeverShowsTheKey() async throws {
        let logs = LogLines()
        let delays = DelayRecorder()
        try await withFakeServer({ request, _, writer in
            // OpenAI echoes (part of) a rejected key; this fake echoes all of it.
            let sentKey = request.header("authorization")?.replacingOccurrences(of: "Bearer ", with: "") ?? ""
            try await writer.respond(
                status: 401,
                body:
                    #"{"error":{"message":"Incorrect API key provided: \#(sentKey). You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#
            )
        }) { server in
            try await withTransport(.testing(retry: delays.policy()), logger: logs.logger()) { transport in
                let client = provider(server, transport)
                let collected = await collect(client.stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                let error = try #require(collected.thrown)
                #expect(error.code == .authentication)
                #expect(error.status == 401)
                #expect(error.providerCode == "invalid_api_key")
                #expect(error.message.contains("[redacted]"))
                #expect(!"\(error)".contains(Self.key))
                #expect(!String(reflecting: error).contains(Self.key))
                #expect(server.requests.count == 1)
                #expect(delays.recorded.isEmpty)

                do {
                    _ = try await client.complete(ChatRequest(model: "gpt-4o", messages: [.user("hi")]))
                    Issue.record("expected an authentication error")
                } catch {
                    #expect(!"\(error)".contains(Self.key))
                }
            }
        }
        #expect(!logs.all.isEmpty)
        #expect(logs.all.allSatisfy { !$0.contains(Self.key) })
    }

    @Test func quotaExhaustedIsNeverRetried() async throws {
        let delays = DelayRecorder()
        try await withFakeServer({ _, _, writer in
            try await writer.respond(
                status: 429, headers: [("retry-after", "1")],
                body:
                    #"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#
            )
        }) { server in
            try await withTransport(.testing(retry: delays.policy())) { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.thrown?.code == .spendLimitReached)
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test func shouldRetryHeaderOverridesTheStatus() async throws {
        try await withFakeServer({ _, number, writer in
            if number == 0 {
                try await writer.respond(status: 500, headers: [("x-should-retry", "false")], body: #"{"error":{"message":"boom"}}"#)
            } else {
                try await writer.respond(status: 200, body: WireFixtures.openAICompletion)
            }
        }) { server in
            try await withTransport { transport in
                await #expect(throws: LLMError.self) {
                    _ = try await provider(server, transport).complete(ChatRequest(model: "gpt-4o", messages: [.user("hi")]))
                }
                #expect(server.requests.count == 1)
            }
        }
        try await withFakeServer({ _, number, writer in
            if number == 0 {
                try await writer.respond(status: 400, headers: [("x-should-retry", "true")], body: "{}")
            } else {
                try await writer.respond(status: 200, body: WireFixtures.openAICompletion)
            }
        }) { server in
            try await withTransport { transport in
                _ = try await provider(server, transport).complete(ChatRequest(model: "gpt-4o", messages: [.user("hi")]))
                #expect(server.requests.count == 2)
            }
        }
    }

    @Test func retriesStopAtTheAttemptLimit() async throws {
        let delays = DelayRecorder()
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 502, contentType: "text/html", body: "<html>Bad Gateway</html>")
        }) { server in
            try await withTransport(.testing(retry: delays.policy(attempts: 3))) { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.thrown?.code == .serverError)
                #expect(collected.thrown?.message == "<html>Bad Gateway</html>")
                #expect(server.requests.count == 3)
                #expect(delays.recorded.count == 2)
            }
        }
    }

    @Test func malformedJSONInAResponseIsAnError() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.respond(status: 200, body: #"{"choices": [{"message": "#)
        }) { server in
            try await withTransport { transport in
                do {
                    _ = try await provider(server, transport).complete(ChatRequest(model: "gpt-4o", messages: [.user("hi")]))
                    Issue.record("expected an error")
                } catch let error as LLMError {
                    #expect(error.code == .malformedResponse)
                }
            }
        }
    }

    @Test func malformedJSONInAStreamBeforeAnyEventIsThrown() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.stream("data: {not json}\n\n")
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.thrown?.code == .malformedResponse)
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test func connectionResetMidStreamEndsWithAnErrorEventAndNoRetry() async throws {
        let body = WireFixtures.openAIText
        let cut = body.index(body.startIndex, offsetBy: 700)
        try await withFakeServer({ _, _, writer in
            try await writer.head()
            try await writer.chunk(String(body[..<cut]))
            // Returning closes the connection with the chunked body unfinished.
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.thrown == nil)
                #expect(collected.text.hasPrefix("Hello"))
                #expect(collected.streamError?.code == .connection)
                #expect(server.requests.count == 1)
            }
        }
    }

    /// Seen with AsyncHTTPClient when a body ends by the connection closing: the request then
    /// fails although every byte arrived.
    @Test func connectionClosedAfterDoneCompletesTheStream() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.head()
            try await writer.chunk(WireFixtures.openAIText)
            // Returning closes the connection before the chunked body's terminator.
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.thrown == nil)
                #expect(collected.streamError == nil)
                #expect(collected.text == "Hello, Zürich!")
                #expect(collected.usage != nil)
                #expect(server.requests.count == 1)
            }
        }
    }

    /// Nothing listening: each attempt fails at once and the retry policy alone decides how
    /// often to try, instead of the HTTP client re-dialling until its connect timeout each time.
    @Test func aRefusedConnectionFailsFastAfterThePolicysAttempts() async throws {
        let port = try unusedLocalPort()
        let delays = DelayRecorder()
        try await withTransport(.testing(retry: delays.policy(attempts: 3))) { transport in
            let client = OpenAIChatProvider(baseURL: "http://127.0.0.1:\(port)/v1", apiKey: APIKey(Self.key), transport: transport)
            let collected = await collect(client.stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
            #expect(collected.thrown?.code == .connection)
            #expect(collected.thrown?.message.contains("refused") == true, "\(String(describing: collected.thrown))")
            #expect(delays.recorded.count == 2)
            let thrown = await #expect(throws: LLMError.self) {
                try await client.complete(ChatRequest(model: "gpt-4o", messages: [.user("hi")]))
            }
            #expect(thrown?.code == .connection)
            #expect(delays.recorded.count == 4)
        }
    }

    @Test func connectionResetBeforeAnyEventIsRetried() async throws {
        try await withFakeServer({ _, number, writer in
            if number == 0 {
                try await writer.head()
                try await writer.chunk(": keep-alive\n\n")
            } else {
                try await writer.stream(WireFixtures.openAIText)
            }
        }) { server in
            try await withTransport { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.thrown == nil)
                #expect(collected.text == "Hello, Zürich!")
                #expect(server.requests.count == 2)
            }
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        try await withFakeServer({ _, _, _ in
            try await Task.sleep(for: .seconds(3600))
        }) { server in
            try await withTransport(.testing(retry: .disabled, readTimeout: .milliseconds(200))) { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.thrown?.code == .timeout)
                do {
                    _ = try await provider(server, transport).complete(ChatRequest(model: "gpt-4o", messages: [.user("hi")]))
                    Issue.record("expected a timeout")
                } catch let error as LLMError {
                    #expect(error.code == .timeout)
                }
            }
        }
    }

    @Test func aStreamOfOnlyKeepAlivesHitsTheTotalDeadline() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.head()
            while true {
                try await writer.chunk(": keep-alive\n\n")
                try await Task.sleep(for: .milliseconds(20))
            }
        }) { server in
            let configuration = TransportConfiguration(
                connectTimeout: .seconds(5), readTimeout: .seconds(30), totalTimeout: .milliseconds(300), retry: .disabled
            )
            try await withTransport(configuration) { transport in
                let collected = await collect(provider(server, transport).stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])))
                #expect(collected.events.isEmpty)
                #expect(collected.thrown?.code == .timeout)
            }
        }
    }

    @Test func cancellingTheConsumerClosesTheConnection() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.head()
            try await writer.chunk(WireFixtures.openAIText.components(separatedBy: "\n\n")[1] + "\n\n")
            // Keep-alives until a write fails, which is how this side learns the client left.
            while true {
                try await writer.chunk(": keep-alive\n\n")
                try await Task.sleep(for: .milliseconds(20))
            }
        }) { server in
            try await withTransport { transport in
                let client = provider(server, transport)
                let (firstEvents, firstEvent) = AsyncStream.makeStream(of: ChatStreamEvent.self)
                let consumer = Task {
                    for try await event in client.stream(ChatRequest(model: "gpt-4o", messages: [.user("hi")])) {
                        firstEvent.yield(event)
                    }
                }
                var iterator = firstEvents.makeAsyncIterator()
                #expect(await iterator.next() == .textDelta("Hello"))
                consumer.cancel()
                // Cancelling the consumer cancels the request; wait until the server sees the close.
                while server.closedConnectionCount == 0 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(server.closedConnectionCount == 1)
            }
        }
    }

    /// An error body past the 64 KiB limit is dropped and its connection closed, without waiting
    /// for the rest: the status alone decides the error.
    @Test func anEndlessErrorBodyIsCutAndTheStatusDecides() async throws {
        try await withFakeServer({ _, _, writer in
            try await writer.head(status: 500, contentType: "text/html")
            while true {
                try await writer.chunk(String(repeating: "<p>overloaded</p>", count: 1000))
                try await Task.sleep(for: .milliseconds(5))
            }
        }) { server in
            let configuration = TransportConfiguration(
                connectTimeout: .seconds(5), readTimeout: .seconds(30), totalTimeout: .seconds(20), retry: .disabled
            )
            try await withTransport(configuration) { transport in
                let request = ChatRequest(model: "gpt-4o", messages: [.user("hi")])
                let collected = await collect(provider(server, transport).stream(request))
                #expect(collected.events.isEmpty)
                #expect(collected.thrown?.code == .serverError)
                #expect(collected.thrown?.status == 500)
                #expect(collected.thrown?.message == "Internal Server Error")
                do {
                    _ = try await provider(server, transport).complete(request)
                    Issue.record("expected a server error")
                } catch let error as LLMError {
                    #expect(error.code == .serverError)
                    #expect(error.message == "Internal Server Error")
                }
            }
        }
    }
}
