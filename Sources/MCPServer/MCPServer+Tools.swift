import MCP
import Metrics
import TesseraCore
import WorkspaceTools

extension MCPServer {
    func registerTools(on server: Server, transport: any Transport) async {
        let listing = tools.tools.map(Self.describe)
        let pageSize = configuration.listPageSize
        await server.withMethodHandler(ListToolsMethod.self) { params in
            try await shielded(ListTools.name) {
                let reader = try ParameterReader(params, method: ListTools.name)
                let page = try PageCursor(seal: services.cursors).page(
                    listing, cursor: try reader.optionalString("cursor"), size: pageSize, method: ListTools.name)
                return ListTools.Result(tools: page.items, nextCursor: page.next)
            }
        }
        await server.withMethodHandler(CallToolMethod.self) { params in
            try await shielded(CallTool.name) { Value(json: try await callTool(JSONValue(mcp: params)).json()) }
        }
        // On stdio, tool results (the large answers) skip the SDK's slow re-decoding.
        if let stdio = transport as? StdioLineTransport {
            await stdio.answerDirectly(CallTool.name) { params in try await shielded(CallTool.name) { try await callTool(params).jsonBytes() } }
        }
    }

    /// Runs a tools/call. Business failures become `isError` results the model can read and
    /// correct; an unknown tool or arguments that break the schema are protocol errors.
    func callTool(_ params: JSONValue) async throws -> ToolCallOutcome {
        guard case .object(let members) = params else { throw MCPError.invalidParams("tools/call: params must be an object") }
        guard let name = members["name"]?.stringValue else { throw MCPError.invalidParams("tools/call: params.name is required") }
        let arguments = members["arguments"] ?? [:]
        guard arguments.isNull || arguments.objectValue != nil else { throw MCPError.invalidParams("tools/call: params.arguments must be an object") }
        let principal = try await token.current()
        do throws(ToolCallError) {
            let output = try await tools.call(name, arguments: arguments.isNull ? [:] : arguments, as: principal)
            Self.count(tool: name, "ok")
            return .result(output)
        } catch .unknownTool(let name) {
            // Named by the client: not a label, or any client could add time series without end.
            Self.count(tool: "unknown", "unknown_tool")
            throw MCPError.invalidParams("Unknown tool \"\(name)\"; tools/list shows the tools")
        } catch .invalidArguments(let message) {
            Self.count(tool: name, "invalid_arguments")
            throw MCPError.invalidParams("Invalid arguments for \(name): \(message)")
        } catch .failed(let message) {
            Self.count(tool: name, "failed")
            return .failure(message)
        }
    }

    /// Tool calls by tool and outcome, for `/metrics` (`tessera mcp --metrics-port`).
    private static func count(tool: String, _ outcome: String) {
        Counter(label: "tessera_mcp_tool_calls_total", dimensions: [("tool", tool), ("outcome", outcome)]).increment()
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
