import Foundation
import LLM
import Search
import TesseraCore
import WorkspaceTools

/// What a turn that names a base adds to the conversation: a system prompt describing the
/// base, retrieval context for the last user message, and the workspace tools the caller may use.
struct WorkspaceContext: Sendable {
    /// The caller narrowed to this base, and to reading unless writes are allowed: every tool
    /// call runs as this principal, so the services refuse anything beyond it.
    let principal: Principal
    let systemPrompt: String
    /// Offered to the model and run by the orchestrator.
    let tools: [WorkspaceTool]

    static let writeScopes: Set<TokenScope> = [.recordsWrite, .commentsWrite, .schemaWrite]

    /// What making a context reads besides the turn.
    struct Dependencies: Sendable {
        let services: TesseraServices
        let search: SearchService?
        let registry: WorkspaceTools
        let prompts: ChatPrompts
        let configuration: OrchestratorConfiguration
    }

    static func make(
        base: AccessibleBase, turn: ChatTurn, caller: Principal, clientToolNames: Set<String>, using dependencies: Dependencies
    ) async throws -> WorkspaceContext {
        let (services, search, registry, prompts, configuration) = (
            dependencies.services, dependencies.search, dependencies.registry, dependencies.prompts, dependencies.configuration
        )
        let writable = turn.allowWrites && base.permissionLevel >= .edit && !caller.scopes.isDisjoint(with: writeScopes)
        let principal = Principal(
            userID: caller.userID, email: caller.email, tokenID: caller.tokenID,
            scopes: writable ? caller.scopes : caller.scopes.subtracting(writeScopes),
            baseIDs: [base.base.id])
        let tables = try await services.tables.tables(baseID: base.base.id, for: principal)
        let retrieval = try await retrievalLines(
            question: turn.retrieval ? turn.chat.messages.last(where: { $0.role == .user })?.text : nil, tables: tables,
            baseID: base.base.id, principal: principal, search: search, configuration: configuration)
        let inputs = SystemPromptInputs(baseName: base.base.name, tables: tables, writable: writable, retrieval: retrieval)
        let systemPrompt = try prompts.render("system", reusingFor: base.base.id, inputs: inputs) {
            [
                "base": ["id": base.base.id, "name": base.base.name],
                "schema": schemaLines(base: base.base, tables: tables, schema: BaseSchema(tables: tables)),
                "tables": tables.map { table in
                    [
                        "id": table.id, "name": table.name, "description": table.description ?? "",
                        "fields": table.fields.enumerated().map { index, field in
                            ["name": field.name, "type": field.type.rawValue, "last": index == table.fields.count - 1] as [String: Any]
                        },
                    ] as [String: Any]
                },
                "writable": writable,
                "retrieval": ["count": retrieval.count, "lines": retrieval],
            ]
        }
        let tools = registry.tools.filter { tool in
            !clientToolNames.contains(tool.name) && (tool.annotations.readOnly || writable)
        }
        return WorkspaceContext(principal: principal, systemPrompt: systemPrompt, tools: tools)
    }

    /// The base and each table with its fields, as data lines: names and descriptions are the
    /// tenant's text and reach the model quoted, never as prompt text.
    private static func schemaLines(base: Base, tables: [Table], schema: BaseSchema) -> [String] {
        let baseLine: JSONValue = ["base": ["id": .string(base.id), "name": .string(base.name)]]
        return [DataLine.encode(baseLine)]
            + tables.map { table in
                var object: [String: JSONValue] = [
                    "table": .string(table.name), "id": .string(table.id),
                    "fields": .array(
                        table.fields.map { field in
                            var entry = relation(of: field, in: table, schema: schema)
                            entry["name"] = .string(field.name)
                            entry["type"] = .string(field.type.rawValue)
                            if let description = field.description, !description.isEmpty { entry["description"] = .string(description) }
                            return .object(entry)
                        }),
                ]
                if let description = table.description, !description.isEmpty { object["description"] = .string(description) }
                return DataLine.encode(.object(object))
            }
    }

    /// What a link or derived field connects, by name, so the model can follow relations.
    private static func relation(of field: Field, in table: Table, schema: BaseSchema) -> [String: JSONValue] {
        if let (linked, _) = schema.target(of: field) { return ["linksTo": .string(linked.name)] }
        if let (link, linked, target) = schema.lookupTarget(of: field, in: table) {
            var entry: [String: JSONValue] = ["through": .string(link.name), "reads": .string("\(linked.name).\(target.name)")]
            if case .rollup(_, _, let aggregation)? = Derivation(field) { entry["aggregation"] = .string(aggregation) }
            return entry
        }
        switch Derivation(field) {
        case .count(let link)?:
            return ["counts": .string(table.field(id: link)?.name ?? link)]
        case .formula(let source)?:
            let named = (try? FormulaReferences.rewrite(source) { table.field(id: $0)?.name }) ?? source
            return ["formula": .string(named)]
        default:
            return [:]
        }
    }

    /// Everything the system prompt is made from besides the base's id.
    private struct SystemPromptInputs: Equatable, Sendable {
        let baseName: String
        let tables: [Table]
        let writable: Bool
        let retrieval: [String]
    }

    /// The best semantic matches for the question across the base's first tables, one JSON
    /// object per line, so record text reaches the model only as quoted JSON strings.
    private static func retrievalLines(
        question: String?, tables: [Table], baseID: String, principal: Principal,
        search: SearchService?, configuration: OrchestratorConfiguration
    ) async throws -> [String] {
        guard let search, let question, !question.allSatisfy(\.isWhitespace), configuration.retrievalRecords > 0,
            principal.scopes.contains(.recordsRead)
        else { return [] }
        let request = SearchRequest(query: question, k: configuration.retrievalRecords, mode: .semantic)
        var scored: [(score: Double, line: String)] = []
        for table in tables.prefix(configuration.retrievalTables) {
            let results = try await search.search(request, in: TableRef(baseID: baseID, table: table.id, by: principal))
            for hit in results.hits {
                let line: JSONValue = [
                    "table": .string(table.name), "id": .string(hit.record.id),
                    "fields": results.presenter.present(hit.record)["fields"] ?? [:],
                ]
                scored.append((hit.score, DataLine.encode(line)))
            }
        }
        return scored.sorted { $0.score > $1.score }.prefix(configuration.retrievalRecords).map(\.line)
    }
}
