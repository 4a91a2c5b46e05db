import Foundation
import Testing

@testable import LLM

/// OpenAI chunks and completions read by their fast path; `FastPathAgreementTests` checks it
/// against `JSONDecoder` on these documents and on variants of them.
@Suite struct OpenAIWireReadingTests {
    /// Chunks as OpenAI and compatible servers (vLLM, llama.cpp, OpenRouter, Groq, Python
    /// servers that escape all non-ASCII) send them.
    static let realistic: [String] = [
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":" Zürich, 東京 😀\n\n```swift\nlet s = \"x\\y\"\n```"},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1731000000,"model":"qwen","choices":[{"index":0,"delta":{"content":"Z\u00fcrich \u6771\u4eac \ud83d\ude00 \u0026 \u003cb\u003e"},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_weather","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"loc"}}]},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ation\": \"Par"}}]},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4.1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_time","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"Europe/Pa"}},{"index":2,"id":"call_x","function":{"name":"noop","arguments":"{}"}}]},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4.1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":5,"total_tokens":1205,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1731000000,"model":"gpt-4.1","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":40,"total_tokens":120,"prompt_tokens_details":null}}"#,
        #"{"id":"cmpl-7","object":"chat.completion.chunk","created":1731000000,"model":"meta-llama/Llama-3.1-8B-Instruct","choices":[{"index":0,"delta":{"content":" world"},"logprobs":null,"finish_reason":null,"stop_reason":null}]}"#,
        #"{"choices":[{"finish_reason":"length","index":0,"delta":{}}],"created":1731000000,"id":"chatcmpl-x","model":"gpt-3.5-turbo","system_fingerprint":"b4000-abc","object":"chat.completion.chunk","usage":{"completion_tokens":16,"prompt_tokens":10,"total_tokens":26},"timings":{"prompt_n":10,"prompt_ms":12.5,"predicted_per_second":4.56E+1,"cache_n":0}}"#,
        #"{"id":"gen-1","provider":"OpenAI","model":"openai/gpt-4o","object":"chat.completion.chunk","created":1731000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":"stop","native_finish_reason":"stop","logprobs":{"content":[{"token":"Hi","logprob":-1.2e-05,"bytes":[72,105],"top_logprobs":[]}]}}],"error":null}"#,
        #"{"id":"chatcmpl-g","object":"chat.completion.chunk","created":1731000000,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_g","choices":[],"x_groq":{"id":"req_1","usage":{"queue_time":0.05,"prompt_tokens":18,"prompt_time":0.0018,"completion_tokens":9,"total_tokens":27}}}"#,
        #"{"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":1,"delta":{"content":"second choice"},"finish_reason":null},{"index":0,"delta":{"content":"first"},"finish_reason":"content_filter"}]}"#,
        #"{"id":"c","choices":null,"usage":{"prompt_tokens":3,"completion_tokens":null}}"#,
        "{\n  \"id\": \"c\",\r\n\t\"choices\": [ { \"index\" : 0 , \"delta\" : { \"content\" : \"spaced\" } } ] ,\n \"usage\" : null\n}\n",
        #"{"choices":[{"delta":{"content":"no index"}}]}"#,
        #"{}"#,
    ]

    /// Chunks the fast path leaves to JSONDecoder: some it decodes leniently, some are errors.
    static let leftToDecoder: [String] = [
        #"{"error":{"message":"The server had an error.","type":"server_error","param":null,"code":null}}"#,
        #"{"error":{"message":"Rate limit","type":"requests","code":429}}"#,
        #"{"choices":[{"index":0,"delta":{"content":"a"}},],}"#,
        #"{"choices":[{"index":0,"delta":{"content":"first","content":"second"}}]}"#,
        #"{"choices":[{"index":0.0,"delta":{"content":"fractional index"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"cont\u0065nt":"escaped key"}}]}"#,
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"raw\ttab\"}}]}",
        "\u{FEFF}{\"choices\":[]}",
        #"{"choices":[{"index":0,"delta":{"content":"lone \ud83d"}}]}"#,
        #"{"choices":[{"index":-1,"delta":{"content":"x"}}]}"#,
        #"{"choices":[{"index":"0","delta":{"content":"x"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":5}}]}"#,
        #"{"choices":[null]}"#,
        #"{"choices":{"index":0}}"#,
        #"{"usage":{"prompt_tokens":1e2}}"#,
        #"{"usage":{"prompt_tokens":99999999999999999999}}"#,
        #"{"choices": ["#,
        #"{"choices":[]} trailing"#,
        #"[{"choices":[]}]"#,
        #""#,
        #"not json"#,
    ]

    private static func fast(_ text: String) -> OpenAIWire.Chunk? {
        WireJSON.read(OpenAIWire.Chunk.self, from: Array(text.utf8))
    }

    static let completions = [
        WireFixtures.openAICompletion,
        #"{"id":"chatcmpl-5","object":"chat.completion","created":1700000000,"model":"gpt-4.1-nano","system_fingerprint":null,"choices":[{"index":0,"message":{"role":"assistant","content":"From the tools: {\"count\":2} ünï","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":481,"completion_tokens":18,"total_tokens":499,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},"service_tier":"default"}"#,
    ]

    /// Completions the fast path leaves to JSONDecoder, which rejects them.
    static let completionsLeftToDecoder = [#"{"id":"x","choices":null}"#, #"{"id":"x"}"#]

    @Test func hotFieldsAreRead() throws {
        let call = try #require(Self.fast(Self.realistic[7]))
        let calls = try #require(call.choices?.first?.delta?.toolCalls)
        #expect(calls.map(\.index) == [1, 2])
        #expect(calls.map(\.id) == ["call_time", "call_x"])
        #expect(calls.map(\.function?.name) == ["get_time", "noop"])
        #expect(calls.map(\.function?.arguments) == [#"{"tz":"Europe/Pa"#, "{}"])

        let usage = try #require(Self.fast(Self.realistic[9])?.usage)
        #expect(usage.usage == Usage(inputTokens: 1200, cachedInputTokens: 1024, outputTokens: 5))

        let text = try #require(Self.fast(Self.realistic[3])?.choices?.first?.delta?.content)
        #expect(text == "Zürich 東京 😀 & <b>")
    }

    @Test func lenientChunksStillDecodeThroughTheStreamDecoder() throws {
        let body = """
            data: {"choices":[{"index":0,"delta":{"content":"trailing comma"}},],}

            data: {"choices":[{"index":0,"delta":{"cont\\u0065nt":" escaped key"},"finish_reason":"stop"}]}

            data: [DONE]


            """
        let events = try decodeAll(OpenAIStreamDecoder(), pieces: [Array(body.utf8)])
        #expect(events == [.textDelta("trailing comma"), .textDelta(" escaped key"), .finish(.stop)])
    }

    @Test func malformedChunkGivesTheTypedError() {
        for data in [#"{"choices": ["#, #"{"choices":[{"index":0,"delta":{"content":5}}]}"#, #"{"choices":[]} x"#] {
            #expect(throws: LLMError(.malformedResponse, "stream chunk is not valid JSON of the expected shape")) {
                try decodeAll(OpenAIStreamDecoder(), pieces: [Array("data: \(data)\n\n".utf8)])
            }
        }
    }
}
