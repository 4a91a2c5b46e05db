/// A model's request to run a tool.
public struct ToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The arguments as the JSON text the model produced; an empty string means no arguments.
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments parsed; a model that sent none gets an empty object.
    public func parsedArguments() throws(LLMError) -> JSONValue {
        if arguments.allSatisfy(\.isWhitespace) { return .object([:]) }
        do {
            return try JSONValue.parse(arguments)
        } catch {
            throw LLMError(.invalidRequest, "arguments of tool call \(id) (\(name)) are not valid JSON")
        }
    }
}
