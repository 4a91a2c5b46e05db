import MCP
import TesseraCore

extension MCPServer {
    /// Records a records resource holds at most; list_records pages further.
    static let recordsPerResource = ListRecordsQuery.maxPageSize
    static let resourceNotFound = -32002

    func registerResources(on server: Server) async {
        let pageSize = configuration.listPageSize
        await server.withMethodHandler(ListResourcesMethod.self) { params in
            try await shielded(ListResources.name) {
                let reader = try ParameterReader(params, method: ListResources.name)
                let page = try PageCursor(seal: services.cursors).page(
                    try await schemaResources(), cursor: try reader.optionalString("cursor"), size: pageSize, method: ListResources.name)
                return ListResources.Result(resources: page.items, nextCursor: page.next)
            }
        }
        let templates = Self.resourceTemplates
        await server.withMethodHandler(ListResourceTemplatesMethod.self) { params in
            try await shielded(ListResourceTemplates.name) {
                let reader = try ParameterReader(params, method: ListResourceTemplates.name)
                let page = try PageCursor(seal: services.cursors).page(
                    templates, cursor: try reader.optionalString("cursor"), size: pageSize, method: ListResourceTemplates.name)
                return ListResourceTemplates.Result(templates: page.items, nextCursor: page.next)
            }
        }
        await server.withMethodHandler(ReadResourceMethod.self) { params in
            try await shielded(ReadResource.name) {
                let reader = try ParameterReader(params, method: ReadResource.name)
                return try await readResource(try reader.string("uri"))
            }
        }
    }

    static let resourceTemplates = [
        Resource.Template(
            uriTemplate: TesseraResourceURI.schemaTemplate, name: "table-schema", title: "Table schema",
            description: "A table's fields (names, ids, types, options) and views, as JSON.", mimeType: "application/json"),
        Resource.Template(
            uriTemplate: TesseraResourceURI.recordsTemplate, name: "table-records", title: "Table records",
            description: "Up to \(recordsPerResource) records of a table as JSON, optionally only those matching an Airtable formula.",
            mimeType: "application/json"),
    ]

    /// One schema resource per table of every base the principal reaches, bases oldest first.
    func schemaResources() async throws -> [Resource] {
        let principal = try await token.current()
        let bases: [AccessibleBase]
        do {
            bases = try await services.workspaces.bases(for: principal)
        } catch let error as TesseraError where error.kind == .forbidden {
            return [] // A token without schema.bases:read has no schemas to list.
        }
        var resources: [Resource] = []
        for entry in bases {
            for table in try await services.tables.tables(baseID: entry.base.id, for: principal) {
                resources.append(
                    Resource(
                        name: "\(entry.base.name) / \(table.name)", uri: TesseraResourceURI.schema(baseID: entry.base.id, tableID: table.id).text,
                        title: "\(table.name) schema (\(entry.base.name))", description: table.description ?? "Fields and views of table \(table.name).",
                        mimeType: "application/json"))
            }
        }
        return resources
    }

    func readResource(_ uri: String) async throws -> ReadResource.Result {
        guard let resource = TesseraResourceURI(uri) else {
            throw MCPError.serverError(
                code: Self.resourceNotFound,
                message: "Resource not found: \(uri.prefix(200)) is not a Tessera resource URI; resources/templates/list shows their form")
        }
        let principal = try await token.current()
        let json: JSONValue
        do {
            switch resource {
            case .schema(let baseID, let tableID):
                json = SchemaPresenter.table(
                    try await services.tables.table(TableRef(baseID: baseID, table: tableID, by: principal), scope: .schemaRead, level: .read))
            case .records(let baseID, let tableID, let formula):
                var query = ListRecordsQuery()
                query.pageSize = Self.recordsPerResource
                query.filterByFormula = formula
                let page = try await services.records.list(query, in: TableRef(baseID: baseID, table: tableID, by: principal))
                var object: [String: JSONValue] = ["records": .array(page.records.map { page.presenter.present($0) })]
                if let offset = page.offset { object["nextCursor"] = .string(offset) }
                json = .object(object)
            }
        } catch let error as TesseraError {
            if error.kind == .notFound {
                throw MCPError.serverError(code: Self.resourceNotFound, message: "Resource not found: \(uri.prefix(200))")
            }
            throw MCPError.invalidParams("\(uri.prefix(200)): \(error.message)")
        }
        return ReadResource.Result(contents: [.text(json.jsonString(), uri: uri, mimeType: "application/json")])
    }
}
