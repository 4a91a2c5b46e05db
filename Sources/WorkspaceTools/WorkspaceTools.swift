import Foundation
import Logging
import Search
import TesseraCore
import Tracing

/// The one registry of tools over a user's data, shared by the MCP server and the orchestrator.
/// Every tool goes through the services with the caller's principal, so a token sees and changes
/// exactly what it could through the REST API.
public struct WorkspaceTools: Sendable {
    /// Records a list call returns when the model gives no limit, and the most it may ask for.
    public static let defaultRecordLimit = 20
    public static let maxRecordLimit = ListRecordsQuery.maxPageSize

    public let tools: [WorkspaceTool]
    private let byName: [String: WorkspaceTool]
    private let audit: AuditLog
    private let logger: Logger

    public init(services: TesseraServices, search: SearchService, logger: Logger = Logger(label: "tessera.tools")) {
        self.logger = logger
        audit = services.audit
        let context = ToolContext(services: services, search: search)
        tools = context.schemaTools() + context.recordTools() + [context.searchRecords()] + context.commentTools()
        byName = Dictionary(uniqueKeysWithValues: tools.map { ($0.name, $0) })
    }

    public func tool(named name: String) -> WorkspaceTool? {
        byName[name]
    }

    /// Runs a tool: checks the arguments against its input schema, then calls the services.
    /// Service errors come back as `.failed` with advice on fixing the call.
    public func call(_ name: String, arguments: JSONValue, as principal: Principal) async throws(ToolCallError) -> ToolOutput {
        guard let tool = byName[name] else {
            throw .unknownTool(name)
        }
        let span = startSpan("execute_tool \(name)")
        defer { span.end() }
        span.attributes["gen_ai.operation.name"] = "execute_tool"
        span.attributes["gen_ai.tool.name"] = name
        do {
            try ArgumentValidator(schema: tool.inputSchema).validate(arguments)
            return try await InstrumentationContext.withValue(span.context) {
                let output = try await tool.handler(ToolArguments(arguments.objectValue ?? [:]), principal)
                if !tool.annotations.readOnly {
                    try await audit.recordToolWrite(tool: name, baseID: arguments["baseId"]?.stringValue, by: principal)
                }
                return output
            }
        } catch let error as ToolCallError {
            span.recordFailure(error)
            throw error
        } catch let error as TesseraError {
            span.recordFailure(error)
            throw .failed(ToolErrorAdvice.message(for: error))
        } catch {
            span.recordFailure(error)
            // The model (and whoever reads its answer) gets no internals; the log gets them.
            let incident = TesseraID.make(.incident)
            logger.error("tool call failed", metadata: ["tool": "\(name)", "incident": "\(incident)", "error": "\(String(reflecting: error))"])
            throw .failed("Tessera could not complete \(name) because of an internal error (logged as \(incident)); try again later.")
        }
    }
}

/// What the tool handlers share: the services and search.
struct ToolContext: Sendable {
    let services: TesseraServices
    let search: SearchService
}
