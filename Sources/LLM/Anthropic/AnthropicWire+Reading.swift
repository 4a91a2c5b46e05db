// The frequent stream events (deltas, stops, pings) read straight from their text into the
// values `JSONDecoder` gives. The `message`, `content_block` and `error` objects, once per
// message or block, are left to it.

extension AnthropicWire.StreamEvent: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([
        .type: .requiredString(\.type), .index: .int(\.index), .delta: .object(\.delta), .usage: .object(\.usage),
        .message: .onlyNull, .contentBlock: .onlyNull, .error: .onlyNull,
    ])
}

extension AnthropicWire.Delta: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([
        .type: .string(\.type), .text: .string(\.text), .partialJSON: .string(\.partialJSON), .stopReason: .string(\.stopReason),
    ])
}

extension AnthropicWire.UsageBody: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([
        .inputTokens: .int(\.inputTokens), .outputTokens: .int(\.outputTokens),
        .cacheReadInputTokens: .int(\.cacheReadInputTokens), .cacheCreationInputTokens: .int(\.cacheCreationInputTokens),
    ])
}
