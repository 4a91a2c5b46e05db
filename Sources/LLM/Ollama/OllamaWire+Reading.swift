// Stream lines read straight from their text into the values `JSONDecoder` gives. Lines with
// tool calls (arguments are arbitrary JSON objects) are left to it.

extension OllamaWire.Response: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .model: model = try reader.readOptionalString()
        case .message: message = try reader.readOptional(OllamaWire.Message.self)
        case .done: done = try reader.readOptionalBool()
        case .doneReason: doneReason = try reader.readOptionalString()
        case .promptEvalCount: promptEvalCount = try reader.readOptionalInt()
        case .evalCount: evalCount = try reader.readOptionalInt()
        case .error: error = try reader.readOptionalString()
        }
    }
}

extension OllamaWire.Message: JSONObjectReadable {
    static let members = JSONMembers(CodingKeys.self)

    mutating func read(_ member: CodingKeys, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        switch member {
        case .content: content = try reader.readOptionalString()
        case .toolCalls: guard reader.readNull() else { throw JSONTextReader.Unhandled() }
        }
    }
}
