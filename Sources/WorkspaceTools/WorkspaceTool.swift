import TesseraCore

/// One tool over the user's data, as MCP clients and the orchestrator's models see it: a name,
/// a description written for a model, JSON Schemas for its input and output, hints about its
/// effects, and the handler that runs it for a principal.
public struct WorkspaceTool: Sendable {
    public typealias Handler = @Sendable (ToolArguments, Principal) async throws -> JSONValue

    public let name: String
    public let title: String
    public let description: String
    /// `type: object` with `required` and `additionalProperties: false`; arguments are checked against it.
    public let inputSchema: JSONValue
    /// Loose: names what the result holds without forbidding more.
    public let outputSchema: JSONValue
    public let annotations: ToolAnnotations
    let handler: Handler

    init(name: String, title: String, description: String, input: JSONValue, output: JSONValue, annotations: ToolAnnotations, handler: @escaping Handler) {
        self.name = name
        self.title = title
        self.description = description
        inputSchema = input
        outputSchema = output
        self.annotations = annotations
        self.handler = handler
    }
}
