@testable import LLM
import Testing

@Suite struct OllamaLineReaderTests {
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
        FastPathAgreement.fast(text, OllamaLineReader.read)
    }

    private static func foundation(_ text: String) -> OllamaWire.Response? {
        FastPathAgreement.foundation(OllamaWire.Response.self, text)
    }

    @Test(arguments: realistic)
    func realisticLinesTakeTheFastPathAndMatchJSONDecoder(_ text: String) throws {
        let reference = try #require(Self.foundation(text))
        #expect(Self.fast(text) == reference)
    }

    @Test(arguments: leftToDecoder)
    func unusualLinesAreLeftToJSONDecoder(_ text: String) {
        #expect(Self.fast(text) == nil)
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

    @Test(arguments: [0, 2])
    func damagedLinesNeverDisagreeWithJSONDecoder(_ corpusIndex: Int) {
        var fastAccepted = 0
        for text in FastPathAgreement.damagedVariants(of: Self.realistic[corpusIndex]) {
            guard let fast = Self.fast(text) else { continue }
            fastAccepted += 1
            #expect(Self.foundation(text) == fast, "\(text)")
        }
        #expect(fastAccepted > 0)
    }

    /// Lines that are not valid UTF-8 bypass the fast reader; JSONDecoder judges them as before.
    @Test func invalidUTF8LinesDecodeAsBefore() throws {
        var line = Array(#"{"model":"llama3.2","created_at":"2026-11-26T10:00:00Z","message":{"role":"assistant","content":"ok"},"done":true}"#.utf8)
        let badByte = try #require(line.firstIndex(of: UInt8(ascii: "Z")))
        line[badByte] = 0xFF
        let viaDecoder: Result<[ChatStreamEvent], LLMError>
        do {
            viaDecoder = .success(try decodeAll(OllamaStreamDecoder(), pieces: [line + [UInt8(ascii: "\n")]]))
        } catch let error as LLMError {
            viaDecoder = .failure(error)
        }
        let reference = FastPathAgreement.foundationBytes(OllamaWire.Response.self, line)
        switch viaDecoder {
        case .success(let events): #expect(reference != nil && events.first == .textDelta("ok"))
        case .failure(let error): #expect(reference == nil && error.code == .malformedResponse)
        }
    }
}
