// Chunks and completions read straight from their text into the values `JSONDecoder` gives;
// what these readers do not vouch for (an `error` object included) is left to it.

extension OpenAIWire.Chunk: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .model: model = try reader.readOptionalString()
        case .choices: choices = try reader.readOptionalArray(of: OpenAIWire.Choice.self)
        case .usage: usage = try reader.readOptional(OpenAIWire.UsageBody.self)
        case .error:
            // Error bodies are decoded leniently (`code` as string or number); JSONDecoder does that.
            guard reader.readNull() else { throw JSONTextReader.Unhandled() }
        }
    }
}

extension OpenAIWire.Response: JSONTextReadable {
    /// A whole `chat.completion`: a chunk whose `choices` must be there.
    init(reading reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        let chunk = try OpenAIWire.Chunk(reading: &reader)
        guard let choices = chunk.choices else { throw JSONTextReader.Unhandled() }
        self.init(model: chunk.model, choices: choices, usage: chunk.usage)
    }
}

extension OpenAIWire.Choice: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .index: index = try reader.readOptionalInt()
        case .delta: delta = try reader.readOptional(OpenAIWire.Message.self)
        case .message: message = try reader.readOptional(OpenAIWire.Message.self)
        case .finishReason: finishReason = try reader.readOptionalString()
        }
    }
}

extension OpenAIWire.Message: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .content: content = try reader.readOptionalString()
        case .toolCalls: toolCalls = try reader.readOptionalArray(of: OpenAIWire.ToolCallBody.self)
        }
    }
}

extension OpenAIWire.ToolCallBody: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .index: index = try reader.readOptionalInt()
        case .id: id = try reader.readOptionalString()
        case .function: function = try reader.readOptional(Function.self)
        }
    }
}

extension OpenAIWire.ToolCallBody.Function: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .name: name = try reader.readOptionalString()
        case .arguments: arguments = try reader.readOptionalString()
        }
    }
}

extension OpenAIWire.UsageBody: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .promptTokens: promptTokens = try reader.readOptionalInt()
        case .completionTokens: completionTokens = try reader.readOptionalInt()
        case .promptTokensDetails: promptTokensDetails = try reader.readOptional(PromptDetails.self)
        }
    }
}

extension OpenAIWire.UsageBody.PromptDetails: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        if case .cachedTokens = member { cachedTokens = try reader.readOptionalInt() }
    }
}
