import TesseraCore

/// One tool over the user's data, as MCP clients and the orchestrator's models see it: a name,
/// a description written for a model, JSON Schemas for its input and output, hints about its
/// effects, and the handler that runs it for a principal.
public struct WorkspaceTool: Sendable {
    public typealias Handler = @Sendable (ToolArguments, Principal) async throws -> ToolOutput

    public let name: String
    public let title: String
    public let description: String
    /// `type: object` with `required` and `additionalProperties: false`; arguments are checked against it.
    public let inputSchema: JSONValue
    /// Loose: names what the result holds without forbidding more.
    public let outputSchema: JSONValue
    public let annotations: ToolAnnotations
    let handler: Handler

    /// A tool whose handler writes its JSON result itself.
    init(
        name: String, title: String, description: String, input: JSONValue, output: JSONValue, annotations: ToolAnnotations, writing handler: @escaping Handler
    ) {
        self.name = name
        self.title = title
        self.description = description
        inputSchema = input
        outputSchema = output
        self.annotations = annotations
        self.handler = handler
    }

    /// A tool whose handler returns its result as a `JSONValue`.
    init(
        name: String, title: String, description: String, input: JSONValue, output: JSONValue, annotations: ToolAnnotations,
        handler: @escaping @Sendable (ToolArguments, Principal) async throws -> JSONValue
    ) {
        self.init(
            name: name, title: title, description: description, input: input, output: output, annotations: annotations,
            writing: { arguments, principal in .value(try await handler(arguments, principal)) })
    }
}

/// What a tool returns: a JSON value, or the JSON text of one that the tool wrote itself
/// (lists of records, which would otherwise be built as dictionaries only to be written out).
public enum ToolOutput: Sendable {
    case value(JSONValue)
    case text([UInt8])

    /// Compact JSON text with sorted keys, what `JSONValue.jsonBytes()` gives.
    public func jsonBytes() -> [UInt8] {
        switch self {
        case .value(let value): value.jsonBytes()
        case .text(let bytes): bytes
        }
    }

    public func jsonString() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }

    public func value() throws -> JSONValue {
        switch self {
        case .value(let value): value
        case .text(let bytes): try bytes.withUnsafeBytes { try JSONValue.parse(utf8: $0) }
        }
    }
}
