/// A provider request body: its members as JSON values, and under `tools` the tools already
/// written as a JSON array from each definition's parameters encoded once.
struct RequestBody {
    let members: [String: JSONValue]
    /// The JSON text of the `tools` member; nil without tools.
    let tools: [UInt8]?

    init(_ members: [String: JSONValue], tools: [UInt8]? = nil) {
        self.members = members
        self.tools = tools
    }

    func jsonBytes() -> [UInt8] {
        var writer = JSONTextWriter(capacity: 1024 + (tools?.count ?? 0))
        writer.writeObject(members, written: tools.map { ["tools": $0] } ?? [:])
        return writer.bytes
    }

    /// `[{"function": {"description", "name", "parameters"}, "type": "function"}, …]`: OpenAI's
    /// shape, which Ollama shares.
    static func functionTools(_ tools: [ToolDefinition]) -> [UInt8] {
        toolArray(tools) { writer, tool in
            writer.append(#"{"function":{"description":"#)
            writer.write(tool.description)
            writer.append(#","name":"#)
            writer.write(tool.name)
            writer.append(#","parameters":"#)
            writer.append(tool.parametersJSON)
            writer.append(#"},"type":"function"}"#)
        }
    }

    /// A JSON array of one object per tool, each written by `writeTool`.
    static func toolArray(_ tools: [ToolDefinition], _ writeTool: (inout JSONTextWriter, ToolDefinition) -> Void) -> [UInt8] {
        var writer = JSONTextWriter(capacity: tools.reduce(2) { $0 + $1.parametersJSON.count + $1.description.utf8.count + 64 })
        writer.append("[")
        for (index, tool) in tools.enumerated() {
            if index > 0 { writer.append(",") }
            writeTool(&writer, tool)
        }
        writer.append("]")
        return writer.bytes
    }
}
