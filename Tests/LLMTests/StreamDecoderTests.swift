import Foundation
import LLM
import Testing

@Suite struct StreamDecoderTests {
    private func whole<Decoder: ChatStreamDecoder>(_ decoder: Decoder, _ body: String) throws -> [ChatStreamEvent] {
        try decodeAll(decoder, pieces: [Array(body.utf8)])
    }

    @Test func openAITextWithUsageOnlyFinalChunk() throws {
        let events = try whole(OpenAIStreamDecoder(), WireFixtures.openAIText)
        #expect(
            events == [
                .textDelta("Hello"),
                .textDelta(", Zürich!"),
                .usage(Usage(inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 5)),
                .finish(.stop),
            ])
    }

    @Test func openAIKeepAlivesAndCRLFChangeNothing() throws {
        #expect(
            try whole(OpenAIStreamDecoder(), WireFixtures.openAITextCRLFWithKeepAlives)
                == whole(OpenAIStreamDecoder(), WireFixtures.openAIText))
    }

    @Test func openAIToolCallFragmentsAssembleByIndex() throws {
        let events = try whole(OpenAIStreamDecoder(), WireFixtures.openAIToolCalls)
        #expect(events.first == .toolCallStart(index: 0, id: "call_weather", name: "get_weather"))
        #expect(events.contains(.toolCallStart(index: 1, id: "call_time", name: "get_time")))
        #expect(
            events.suffix(4) == [
                .toolCallEnd(index: 0), .toolCallEnd(index: 1),
                .usage(Usage(inputTokens: 80, outputTokens: 40)), .finish(.toolCalls),
            ])
        var accumulator = ChatStreamAccumulator()
        for event in events { try accumulator.add(event) }
        let calls = try accumulator.response(model: "gpt-4.1").message.toolCalls
        #expect(
            calls == [
                ToolCall(id: "call_weather", name: "get_weather", arguments: #"{"location": "Paris"}"#),
                ToolCall(id: "call_time", name: "get_time", arguments: #"{"tz":"Europe/Paris"}"#),
            ])
        #expect(try calls[0].parsedArguments() == ["location": "Paris"])
    }

    @Test func openAIErrorObjectMidStreamIsAnErrorEvent() throws {
        let events = try whole(OpenAIStreamDecoder(), WireFixtures.openAIErrorMidStream)
        #expect(events.count == 2)
        #expect(events[0] == .textDelta("Partial"))
        guard case .error(let error) = events[1] else {
            Issue.record("expected an error event, got \(events[1])")
            return
        }
        #expect(error.code == .streamError)
        #expect(error.providerCode == "server_error")
    }

    @Test func openAIBodyEndingEarlyIsAnError() {
        let cut = String(WireFixtures.openAIText.prefix(400))
        #expect(throws: LLMError.self) { try whole(OpenAIStreamDecoder(), cut) }
    }

    @Test func openAIMalformedJSONIsAnError() {
        #expect(throws: LLMError.self) { try whole(OpenAIStreamDecoder(), "data: {\"choices\": [\n\n") }
    }

    @Test func anthropicTextTakesUsageFromStartAndDelta() throws {
        let events = try whole(AnthropicStreamDecoder(), WireFixtures.anthropicText)
        #expect(
            events == [
                .textDelta("Hello"),
                .textDelta(" wörld"),
                .usage(Usage(inputTokens: 2125, cachedInputTokens: 2000, cacheWriteInputTokens: 100, outputTokens: 15)),
                .finish(.stop),
            ])
    }

    @Test func anthropicToolUseInputArrivesAsFragments() throws {
        let events = try whole(AnthropicStreamDecoder(), WireFixtures.anthropicToolUse)
        var accumulator = ChatStreamAccumulator()
        for event in events { try accumulator.add(event) }
        let response = try accumulator.response(model: "claude-haiku-4-5")
        #expect(response.message.text == "Let me check.")
        #expect(
            response.message.toolCalls == [
                ToolCall(
                    id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather",
                    arguments: #"{"location": "San Francisco, CA", "unit": "fahrenheit"}"#
                )
            ])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(inputTokens: 472, outputTokens: 89))
        #expect(events.contains(.toolCallEnd(index: 0)))
    }

    @Test func anthropicErrorEventMidStream() throws {
        let events = try whole(AnthropicStreamDecoder(), WireFixtures.anthropicErrorMidStream)
        #expect(events.first == .textDelta("Partial"))
        guard case .error(let error) = events.last else {
            Issue.record("expected an error event last")
            return
        }
        #expect(error.code == .overloaded)
        #expect(error.providerCode == "overloaded_error")
    }

    @Test func anthropicBodyWithoutMessageStopIsAnError() {
        let cut = WireFixtures.anthropicText.components(separatedBy: "event: message_stop")[0]
        #expect(throws: LLMError.self) { try whole(AnthropicStreamDecoder(), cut) }
    }

    @Test func ollamaToolCallsGetGeneratedIDs() throws {
        let events = try whole(OllamaStreamDecoder(), WireFixtures.ollamaStream)
        var accumulator = ChatStreamAccumulator()
        for event in events { try accumulator.add(event) }
        let response = try accumulator.response(model: "llama3.2")
        #expect(response.message.text == "The sky")
        let call = try #require(response.message.toolCalls.first)
        #expect(call.id.hasPrefix("call_") && call.id.count > 10)
        #expect(call.name == "get_weather")
        #expect(try call.parsedArguments() == ["city": "Tokyo", "days": 3])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == Usage(inputTokens: 26, outputTokens: 282))
    }

    @Test func ollamaErrorLineMidStream() throws {
        let events = try whole(OllamaStreamDecoder(), WireFixtures.ollamaErrorMidStream)
        #expect(events.first == .textDelta("Partial"))
        guard case .error(let error) = events.last else {
            Issue.record("expected an error event last")
            return
        }
        #expect(error.message.contains("unexpected EOF"))
    }

    /// Every decoder gives the same events whatever the byte split, including splits inside
    /// CRLF pairs, inside JSON tokens and inside multi-byte UTF-8 characters.
    @Test(arguments: [
        ("openai-text", WireFixtures.openAIText),
        ("openai-crlf", WireFixtures.openAITextCRLFWithKeepAlives),
        ("openai-tools", WireFixtures.openAIToolCalls),
        ("anthropic-text", WireFixtures.anthropicText),
        ("anthropic-tools", WireFixtures.anthropicToolUse),
        ("ollama", WireFixtures.ollamaStream),
    ])
    func everyByteSplitGivesTheSameEvents(_ name: String, _ body: String) throws {
        let bytes = Array(body.utf8)
        func events(_ pieces: [[UInt8]]) throws -> [ChatStreamEvent] {
            let raw: [ChatStreamEvent] =
                switch name.split(separator: "-")[0] {
                case "openai": try decodeAll(OpenAIStreamDecoder(), pieces: pieces)
                case "anthropic": try decodeAll(AnthropicStreamDecoder(), pieces: pieces)
                default: try decodeAll(OllamaStreamDecoder(), pieces: pieces)
                }
            // Ollama's call ids are random; compare everything else.
            return raw.map { event in
                if case .toolCallStart(let index, _, let name) = event, name == "get_weather", body == WireFixtures.ollamaStream {
                    return .toolCallStart(index: index, id: "generated", name: name)
                }
                return event
            }
        }
        let expected = try events([bytes])
        #expect(expected.count >= 4)
        for split in 0...bytes.count {
            #expect(try events([Array(bytes[..<split]), Array(bytes[split...])]) == expected, "\(name) split at \(split)")
        }
        #expect(try events(bytes.map { [$0] }) == expected, "\(name) byte by byte")
    }
}
