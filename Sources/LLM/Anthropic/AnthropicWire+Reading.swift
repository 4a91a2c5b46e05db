// The frequent stream events (deltas, stops, pings) read straight from their text into the
// values `JSONDecoder` gives. The `message`, `content_block` and `error` objects, once per
// message or block, are left to it.

extension AnthropicWire.StreamEvent: JSONTextReadable {
    private static let members = JSONMembers(CodingKeys.self)

    init(reading reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        var type: String?
        var index: Int?
        var delta: AnthropicWire.Delta?
        var usage: AnthropicWire.UsageBody?
        try reader.readObject(Self.members) { member, reader throws(JSONTextReader.Unhandled) in
            switch member {
            case .type: type = try reader.readString()
            case .index: index = try reader.readOptionalInt()
            case .delta: delta = try reader.readOptional(AnthropicWire.Delta.self)
            case .usage: usage = try reader.readOptional(AnthropicWire.UsageBody.self)
            case .message, .contentBlock, .error: guard reader.readNull() else { throw JSONTextReader.Unhandled() }
            }
        }
        // `type` is required: without it JSONDecoder reports the error.
        guard let type else { throw JSONTextReader.Unhandled() }
        self.init(type: type, index: index, delta: delta, usage: usage)
    }
}

extension AnthropicWire.Delta: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .type: type = try reader.readOptionalString()
        case .text: text = try reader.readOptionalString()
        case .partialJSON: partialJSON = try reader.readOptionalString()
        case .stopReason: stopReason = try reader.readOptionalString()
        }
    }
}

extension AnthropicWire.UsageBody: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .inputTokens: inputTokens = try reader.readOptionalInt()
        case .outputTokens: outputTokens = try reader.readOptionalInt()
        case .cacheReadInputTokens: cacheReadInputTokens = try reader.readOptionalInt()
        case .cacheCreationInputTokens: cacheCreationInputTokens = try reader.readOptionalInt()
        }
    }
}
