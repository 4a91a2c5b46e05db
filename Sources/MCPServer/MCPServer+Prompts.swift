import MCP
import TesseraCore

extension MCPServer {
    func registerPrompts(on server: Server) async {
        let listing = prompts.prompts.map { prompt in
            Prompt(
                name: prompt.name, title: prompt.title, description: prompt.description,
                arguments: prompt.arguments.map { Prompt.Argument(name: $0.name, description: $0.description, required: $0.required) })
        }
        let pageSize = configuration.listPageSize
        await server.withMethodHandler(ListPromptsMethod.self) { params in
            try await shielded(ListPrompts.name) {
                let reader = try ParameterReader(params, method: ListPrompts.name)
                let page = try PageCursor(seal: services.cursors).page(
                    listing, cursor: try reader.optionalString("cursor"), size: pageSize, method: ListPrompts.name)
                return ListPrompts.Result(prompts: page.items, nextCursor: page.next)
            }
        }
        await server.withMethodHandler(GetPromptMethod.self) { params in
            try await shielded(GetPrompt.name) {
                let reader = try ParameterReader(params, method: GetPrompt.name)
                return try await getPrompt(try reader.string("name"), arguments: try reader.strings("arguments"))
            }
        }
    }

    func getPrompt(_ name: String, arguments: [String: String]) async throws -> GetPrompt.Result {
        guard let prompt = prompts.prompt(named: name) else {
            throw MCPError.invalidParams("Unknown prompt \"\(name)\"; prompts/list shows the prompts")
        }
        for argument in prompt.arguments where argument.required && (arguments[argument.name] ?? "").isEmpty {
            throw MCPError.invalidParams("Prompt \(name) needs the argument \"\(argument.name)\"")
        }
        if let unknown = arguments.keys.sorted().first(where: { key in !prompt.arguments.contains { $0.name == key } }) {
            throw MCPError.invalidParams("Prompt \(name) has no argument \"\(unknown)\"; it takes \(prompt.arguments.map(\.name).joined(separator: ", "))")
        }
        var context: [String: Any] = arguments
        if let baseID = arguments["baseId"], let tableName = arguments["table"], !baseID.isEmpty, !tableName.isEmpty {
            // Prompts about a table carry its schema, so the model starts with the real field names.
            let principal = try await token.current()
            let table: Table
            do {
                table = try await services.tables.table(TableRef(baseID: baseID, table: tableName, by: principal), scope: .schemaRead, level: .read)
            } catch let error as TesseraError {
                throw MCPError.invalidParams("Prompt \(name): \(error.message)")
            }
            context["tableName"] = table.name
            context["tableId"] = table.id
            context["schema"] = SchemaPresenter.table(table).jsonString()
            context["fields"] = table.fields.map { ["name": $0.name, "type": $0.type.rawValue] }
        }
        return GetPrompt.Result(description: prompt.description, messages: [.user(.text(text: prompt.render(context)))])
    }
}
