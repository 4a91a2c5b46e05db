import Testing

@testable import LLM

/// Every fast path through the one harness: on documents as providers send them, on documents
/// meant for `JSONDecoder`, and on tricky and damaged variants of the former, each either
/// declines or agrees with `JSONDecoder` exactly.
@Suite struct FastPathAgreementTests {
    /// A document and the fast path it is checked on.
    struct Document: Sendable, CustomTestStringConvertible {
        let agreement: FoundationAgreement
        let text: String

        var testDescription: String { "\(agreement.testDescription): \(text.prefix(60))" }
    }

    private static func documents(_ agreement: FoundationAgreement, _ texts: some Sequence<String>) -> [Document] {
        texts.map { Document(agreement: agreement, text: $0) }
    }

    private static let openAIChunk = FoundationAgreement(OpenAIWire.Chunk.self)
    private static let openAIResponse = FoundationAgreement(OpenAIWire.Response.self)
    private static let anthropicEvent = FoundationAgreement(AnthropicWire.StreamEvent.self)
    private static let ollamaLine = FoundationAgreement(OllamaWire.Response.self)
    /// The shared reader's own fast path, behind `JSONValue.parse`.
    private static let jsonValue = FoundationAgreement(JSONValue.self)

    /// Documents each fast path must take.
    static let realistic: [Document] =
        documents(openAIChunk, OpenAIWireReadingTests.realistic)
        + documents(openAIResponse, OpenAIWireReadingTests.completions)
        + documents(anthropicEvent, AnthropicWireReadingTests.realistic)
        + documents(ollamaLine, OllamaWireReadingTests.realistic)
        + documents(
            jsonValue,
            OpenAIWireReadingTests.realistic.prefix(8) + OpenAIWireReadingTests.completions
                + AnthropicWireReadingTests.realistic.prefix(4) + AnthropicWireReadingTests.leftToDecoder.prefix(3)
                + OllamaWireReadingTests.realistic.prefix(3)
        )

    /// Documents each fast path must leave to `JSONDecoder`.
    static let declined: [Document] =
        documents(openAIChunk, OpenAIWireReadingTests.leftToDecoder)
        + documents(openAIResponse, OpenAIWireReadingTests.completionsLeftToDecoder)
        + documents(anthropicEvent, AnthropicWireReadingTests.leftToDecoder)
        + documents(ollamaLine, OllamaWireReadingTests.leftToDecoder)
        + documents(
            jsonValue,
            [
                #"{"a":1,"a":2}"#, #"["\ud83d"]"#, "[1e400]", "[1e-400]", "[0e1]", "[1,]", "\u{FEFF}{}",
                String(repeating: "[", count: 80) + String(repeating: "]", count: 80),
            ])

    @Test(arguments: realistic)
    func realisticDocumentsTakeTheFastPathAndAgree(_ document: Document) {
        #expect(document.agreement.outcome(Array(document.text.utf8)) == .agreed)
    }

    @Test(arguments: declined)
    func documentsForJSONDecoderAreDeclined(_ document: Document) {
        #expect(document.agreement.outcome(Array(document.text.utf8)) == .declined)
    }

    /// Awkward values at every place, repeated and escaped keys, invalid UTF-8, whitespace.
    @Test(arguments: realistic)
    func trickyVariantsAgreeOrDecline(_ document: Document) {
        document.agreement.check(JSONVariants.tricky(document.text))
    }

    /// Cut short, and a byte deleted, replaced or inserted at every position; of every third
    /// document, which keeps a debug build's run short.
    @Test(arguments: realistic.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
    func damagedVariantsAgreeOrDecline(_ document: Document) {
        document.agreement.check(JSONVariants.damaged(document.text))
    }
}
