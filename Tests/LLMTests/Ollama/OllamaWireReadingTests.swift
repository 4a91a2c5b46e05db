import Foundation
import Testing

@testable import LLM

/// Ollama stream lines read by their fast path; `FastPathAgreementTests` checks it against
/// `JSONDecoder` on these documents and on variants of them.
@Suite struct OllamaWireReadingTests {
    static let realistic: [String] = [
        #"{"model":"llama3.2","created_at":"2026-11-26T10:00:00.000000Z","message":{"role":"assistant","content":"The"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2026-11-26T10:00:00.100000Z","message":{"role":"assistant","content":" Zürich \"sky\"\n\u00e9\ud83d\ude00","thinking":null},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2026-11-26T10:00:00.300000Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"#,
        #"{"model":"qwen3","message":{"role":"assistant","content":"","tool_calls":null},"done":true,"done_reason":"length","eval_count":null}"#,
        #"{"error":"an error was encountered while running the model: unexpected EOF"}"#,
    ]

    static let leftToDecoder: [String] = [
        #"{"model":"llama3.2","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false}"#,
        #"{"error":{"message":"not a string"}}"#,
        #"{"model":"llama3.2","done":1}"#,
        #"{"model":"llama3.2","done":false,"done":true}"#,
        #"{"model":"llama3.2","eval_count":-1,"done":true}"#,
        #"{"model":"llama3.2","message":{"content":"x"}"#,
    ]

    private static func fast(_ text: String) -> OllamaWire.Response? {
        WireJSON.read(OllamaWire.Response.self, from: Array(text.utf8))
    }

    @Test func hotFieldsAreRead() throws {
        let text = try #require(Self.fast(Self.realistic[1]))
        #expect(text.message?.content == " Zürich \"sky\"\né😀")
        #expect(text.done == false)
        let last = try #require(Self.fast(Self.realistic[2]))
        #expect(last.done == true)
        #expect(last.doneReason == "stop")
        #expect(last.usage == Usage(inputTokens: 26, outputTokens: 282))
    }

    /// The fast path declines a line that is not valid UTF-8, even where the bad byte is in a
    /// string it skips; JSONDecoder judges such lines as before.
    @Test func invalidUTF8LinesDecodeAsBefore() throws {
        var line = Array(#"{"model":"llama3.2","created_at":"2026-11-26T10:00:00Z","message":{"role":"assistant","content":"ok"},"done":true}"#.utf8)
        let badByte = try #require(line.firstIndex(of: UInt8(ascii: "Z")))
        line[badByte] = 0xFF
        #expect(WireJSON.read(OllamaWire.Response.self, from: line) == nil)
        let viaDecoder: Result<[ChatStreamEvent], LLMError>
        do {
            viaDecoder = .success(try decodeAll(OllamaStreamDecoder(), pieces: [line + [UInt8(ascii: "\n")]]))
        } catch let error as LLMError {
            viaDecoder = .failure(error)
        }
        let reference = try? JSONDecoder().decode(OllamaWire.Response.self, from: Data(line))
        switch viaDecoder {
        case .success(let events): #expect(reference != nil && events.first == .textDelta("ok"))
        case .failure(let error): #expect(reference == nil && error.code == .malformedResponse)
        }
    }
}
