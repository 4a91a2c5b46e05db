import Testing

@testable import LLM

/// Anthropic stream events read by their fast path; `FastPathAgreementTests` checks it against
/// `JSONDecoder` on these documents and on variants of them.
@Suite struct AnthropicWireReadingTests {
    /// The frequent events of a Messages stream, as the streaming reference shows them.
    static let realistic: [String] = [
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" wörld 😀 \"quoted\"\n\u00e9\ud83d\ude00"}}"#,
        #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"San Fra"}}"#,
        #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"}}"#,
        #"{"type":"content_block_stop","index":1}"#,
        #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}"#,
        #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":2000,"output_tokens":89,"server_tool_use":{"web_search_requests":1}}}"#,
        #"{"type":"message_stop"}"#,
        #"{"type": "ping"}"#,
    ]

    /// Events the fast path leaves to JSONDecoder: the once-per-message and once-per-block
    /// objects, errors, and malformed or unusual text.
    static let leftToDecoder: [String] = [
        #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-6","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#,
        #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}"#,
        #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        #"{"index":0,"delta":{"type":"text_delta","text":"no type"}}"#,
        #"{"type":null}"#,
        #"{"type":"content_block_delta","type":"content_block_delta","index":0}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"},}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"text":7}}"#,
        #"{"type":"message_delta","usage":{"output_tokens":1.5}}"#,
        #"{"type":"content_block_delta""#,
    ]

    private static func fast(_ text: String) -> AnthropicWire.StreamEvent? {
        WireJSON.read(AnthropicWire.StreamEvent.self, from: Array(text.utf8))
    }

    @Test func hotFieldsAreRead() throws {
        let text = try #require(Self.fast(Self.realistic[1]))
        #expect(text.type == "content_block_delta")
        #expect(text.index == 0)
        #expect(text.delta?.text == " wörld 😀 \"quoted\"\né😀")
        let usage = try #require(Self.fast(Self.realistic[8])?.usage)
        #expect(usage.cacheReadInputTokens == 2000)
        #expect(usage.outputTokens == 89)
    }
}
