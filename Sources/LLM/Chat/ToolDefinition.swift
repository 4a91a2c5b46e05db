/// A tool the model may call, with its parameters as a JSON Schema.
public struct ToolDefinition: Sendable, Hashable {
    public var name: String
    public var description: String
    public var parameters: JSONValue {
        didSet { parametersJSON = parameters.jsonBytes() }
    }
    /// `parameters` as JSON text, written once: the same tools go out in every round of every
    /// turn, and their schemas are most of a request body.
    private(set) var parametersJSON: [UInt8]

    public init(name: String, description: String, parameters: JSONValue = ["type": "object", "properties": [:]]) {
        self.name = name
        self.description = description
        self.parameters = parameters
        parametersJSON = parameters.jsonBytes()
    }
}
