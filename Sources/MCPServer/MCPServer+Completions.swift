import MCP
import TesseraCore

extension MCPServer {
    /// Completion values an answer holds at most (MCP's limit).
    static let maxCompletions = 100

    func registerCompletions(on server: Server) async {
        await server.withMethodHandler(CompleteMethod.self) { params in
            try await shielded(Complete.name) { try await complete(params) }
        }
    }

    private func complete(_ params: Value) async throws -> Complete.Result {
        let reader = try ParameterReader(params, method: Complete.name)
        guard let reference = try reader.object("ref"), let argument = try reader.object("argument"),
            let argumentName = argument["name"]?.stringValue, let typed = argument["value"]?.stringValue
        else { throw MCPError.invalidParams("completion/complete needs ref and argument {name, value}") }
        let context = try ParameterReader(.object(try reader.object("context") ?? [:]), method: Complete.name).strings("arguments")
        try Self.checkReference(reference, prompts: prompts)
        let candidates = try await completions(for: argumentName, context: context)
        let matching = candidates.filter { $0.lowercased().hasPrefix(typed.lowercased()) }
        return Complete.Result(
            completion: .init(
                values: Array(matching.prefix(Self.maxCompletions)), total: matching.count, hasMore: matching.count > Self.maxCompletions))
    }

    /// Completions apply to the prompts and resource templates this server has.
    private static func checkReference(_ reference: [String: Value], prompts: PromptLibrary) throws {
        switch reference["type"]?.stringValue {
        case "ref/prompt":
            guard let name = reference["name"]?.stringValue, prompts.prompt(named: name) != nil else {
                throw MCPError.invalidParams("completion/complete: unknown prompt \(reference["name"]?.stringValue ?? "")")
            }
        case "ref/resource":
            guard let uri = reference["uri"]?.stringValue, resourceTemplates.contains(where: { $0.uriTemplate == uri }) else {
                throw MCPError.invalidParams("completion/complete: unknown resource template \(reference["uri"]?.stringValue ?? "")")
            }
        default:
            throw MCPError.invalidParams("completion/complete: ref.type must be ref/prompt or ref/resource")
        }
    }

    /// Base ids for `baseId`; table names for `table` and table ids for `tableId`, in the base the
    /// other arguments name. Other arguments have no completions.
    private func completions(for argument: String, context: [String: String]) async throws -> [String] {
        let principal = try await token.current()
        do {
            switch argument {
            case "baseId":
                return try await services.workspaces.bases(for: principal).map(\.base.id)
            case "table", "tableId":
                guard let baseID = context["baseId"] else { return [] }
                let tables = try await services.tables.tables(baseID: baseID, for: principal)
                return argument == "table" ? tables.map(\.name) : tables.map(\.id)
            default:
                return []
            }
        } catch is TesseraError {
            return [] // Nothing to suggest from a base this token cannot see.
        }
    }
}
