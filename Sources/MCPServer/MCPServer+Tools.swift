import MCP
import TesseraCore
import WorkspaceTools

extension MCPServer {
    func registerTools(on server: Server) async {
        let listing = tools.tools.map(Self.describe)
        let pageSize = configuration.listPageSize
        await server.withMethodHandler(ListToolsMethod.self) { params in
            let reader = try ParameterReader(params, method: ListTools.name)
            let page = try PageCursor.page(listing, cursor: try reader.optionalString("cursor"), size: pageSize, method: ListTools.name)
            return ListTools.Result(tools: page.items, nextCursor: page.next)
        }
        await server.withMethodHandler(CallToolMethod.self) { params in
            let reader = try ParameterReader(params, method: CallTool.name)
            return try await callTool(try reader.string("name"), arguments: try reader.object("arguments") ?? [:])
        }
    }

    /// Business failures become `isError` results the model can read and correct; an unknown
    /// tool or arguments that break the schema are protocol errors.
    func callTool(_ name: String, arguments: [String: Value]) async throws -> CallTool.Result {
        do throws(ToolCallError) {
            let result = try await tools.call(name, arguments: JSONValue(mcp: .object(arguments)), as: principal)
            return CallTool.Result(content: [.text(text: result.jsonString(), annotations: nil, _meta: nil)], structuredContent: Value?.some(Value(json: result)))
        } catch .unknownTool(let name) {
            throw MCPError.invalidParams("Unknown tool \"\(name)\"; tools/list shows the tools")
        } catch .invalidArguments(let message) {
            throw MCPError.invalidParams("Invalid arguments for \(name): \(message)")
        } catch .failed(let message) {
            return CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
        }
    }

    static func describe(_ tool: WorkspaceTool) -> Tool {
        Tool(
            name: tool.name, title: tool.title, description: tool.description, inputSchema: Value(json: tool.inputSchema),
            annotations: Tool.Annotations(
                title: tool.title, readOnlyHint: tool.annotations.readOnly, destructiveHint: tool.annotations.destructive,
                idempotentHint: tool.annotations.idempotent, openWorldHint: tool.annotations.openWorld),
            outputSchema: Value(json: tool.outputSchema))
    }
}
