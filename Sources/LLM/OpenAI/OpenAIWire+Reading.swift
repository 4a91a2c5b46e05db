// Chunks and completions read straight from their text into the values `JSONDecoder` gives.
// An `error` object is left to it: it decodes error bodies leniently (`code` as string or number).

extension OpenAIWire.Chunk: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([
        .model: .string(\.model), .choices: .array(\.choices), .usage: .object(\.usage), .error: .onlyNull,
    ])
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
    static let fields = JSONFields<Self, CodingKeys>([
        .index: .int(\.index), .delta: .object(\.delta), .message: .object(\.message), .finishReason: .string(\.finishReason),
    ])
}

extension OpenAIWire.Message: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([.content: .string(\.content), .toolCalls: .array(\.toolCalls)])
}

extension OpenAIWire.ToolCallBody: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([.index: .int(\.index), .id: .string(\.id), .function: .object(\.function)])
}

extension OpenAIWire.ToolCallBody.Function: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([.name: .string(\.name), .arguments: .string(\.arguments)])
}

extension OpenAIWire.UsageBody: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([
        .promptTokens: .int(\.promptTokens), .completionTokens: .int(\.completionTokens), .promptTokensDetails: .object(\.promptTokensDetails),
    ])
}

extension OpenAIWire.UsageBody.PromptDetails: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([.cachedTokens: .int(\.cachedTokens)])
}
