// Stream lines read straight from their text into the values `JSONDecoder` gives.

extension OllamaWire.Response: JSONObjectReadable {
    static let fields = JSONFields<Self, CodingKeys>([
        .model: .string(\.model), .message: .object(\.message), .done: .bool(\.done), .doneReason: .string(\.doneReason),
        .promptEvalCount: .int(\.promptEvalCount), .evalCount: .int(\.evalCount), .error: .string(\.error),
    ])
}

extension OllamaWire.Message: JSONObjectReadable {
    /// Lines with tool calls are left to `JSONDecoder`: their arguments are any JSON object.
    static let fields = JSONFields<Self, CodingKeys>([.content: .string(\.content), .toolCalls: .onlyNull])
}
