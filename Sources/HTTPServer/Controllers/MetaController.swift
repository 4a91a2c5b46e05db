import Hummingbird
import TesseraCore

/// `/v0/meta`: who am I, bases, schemas, and schema changes.
struct MetaController {
    let services: TesseraServices
    static let basesPageSize = 1000

    func addRoutes(to group: RouterGroup<TesseraRequestContext>) {
        group.get("whoami", use: whoami)
        group.get("workspaces", use: workspaces)
        group.get("bases", use: bases)
        group.post("bases", use: createBase)
        group.get("bases/{baseId}/tables", use: tables)
        group.post("bases/{baseId}/tables", use: createTable)
        group.patch("bases/{baseId}/tables/{table}", use: updateTable)
        group.post("bases/{baseId}/tables/{table}/fields", use: createField)
        group.patch("bases/{baseId}/tables/{table}/fields/{field}", use: updateField)
        group.get("bases/{baseId}/tables/{table}/views", use: views)
        group.post("bases/{baseId}/tables/{table}/views", use: createView)
        group.patch("bases/{baseId}/tables/{table}/views/{view}", use: updateView)
        group.delete("bases/{baseId}/tables/{table}/views/{view}", use: deleteView)
    }

    // MARK: - Views (Tessera's extension: Airtable's API lists views but cannot change them)

    @Sendable func views(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let table = try await services.tables.table(context.tableRef(), scope: .schemaRead, level: .read)
        return .json(["views": .array(table.views.map(\.json))])
    }

    @Sendable func createView(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let definition = try ViewDefinition(json: try await request.jsonObject(context: context))
        return .json(try await services.tables.createView(definition, in: context.tableRef()).json)
    }

    @Sendable func updateView(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let definition = try ViewDefinition(json: try await request.jsonObject(context: context))
        return .json(try await services.tables.updateView(context.parameters.decoded("view"), definition, in: context.tableRef()).json)
    }

    @Sendable func deleteView(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let view = try await services.tables.deleteView(context.parameters.decoded("view"), in: context.tableRef())
        return .json(["id": .string(view.id), "deleted": true])
    }

    @Sendable func whoami(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var body: [String: JSONValue] = ["id": .string(principal.userID)]
        if principal.tokenID != nil {
            body["scopes"] = .array(principal.scopes.map(\.rawValue).sorted().map(JSONValue.string))
        }
        if principal.scopes.contains(.emailRead) { body["email"] = .string(principal.email) }
        return .json(.object(body))
    }

    @Sendable func workspaces(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let list = try await services.workspaces.workspaces(for: principal)
        return .json([
            "workspaces": .array(
                list.map { entry in
                    ["id": .string(entry.workspace.id), "name": .string(entry.workspace.name), "permissionLevel": .string(entry.permissionLevel.rawValue)]
                })
        ])
    }

    @Sendable func bases(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let all = try await services.workspaces.bases(for: principal)
        var start = 0
        for (key, value) in QueryString.pairs(request.uri.query) where key == "offset" {
            guard let index = all.firstIndex(where: { $0.base.id == value }) else {
                throw TesseraError(.invalidOffset, "The offset \(value) is not valid")
            }
            start = index
        }
        let page = all[start...].prefix(Self.basesPageSize)
        var body: [String: JSONValue] = [
            "bases": .array(
                page.map { entry in
                    ["id": .string(entry.base.id), "name": .string(entry.base.name), "permissionLevel": .string(entry.permissionLevel.rawValue)]
                })
        ]
        if start + page.count < all.count { body["offset"] = .string(all[start + page.count].base.id) }
        return .json(.object(body))
    }

    @Sendable func createBase(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.jsonObject(context: context)
        guard let name = body["name"]?.stringValue else { throw TesseraError.invalidRequest("A base needs a \"name\"") }
        guard let workspaceID = body["workspaceId"]?.stringValue else { throw TesseraError.invalidRequest("A base needs a \"workspaceId\"") }
        guard let tables = body["tables"]?.arrayValue else { throw TesseraError.invalidRequest("A base needs a \"tables\" array") }
        var definitions: [TableDefinition] = []
        for table in tables { definitions.append(try TableDefinition(json: table)) }
        let (base, made) = try await services.workspaces.createBase(name: name, workspaceID: workspaceID, tables: definitions, by: principal)
        return .json(["id": .string(base.id), "tables": .array(made.map(SchemaPresenter.table))])
    }

    @Sendable func tables(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let tables = try await services.tables.tables(baseID: context.parameters.decoded("baseId"), for: principal)
        return .json(["tables": .array(tables.map(SchemaPresenter.table))])
    }

    @Sendable func createTable(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let definition = try TableDefinition(json: try await request.jsonObject(context: context))
        let table = try await services.tables.createTable(definition, baseID: context.parameters.decoded("baseId"), by: principal)
        return .json(SchemaPresenter.table(table))
    }

    @Sendable func updateTable(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(context: context)
        try body.requireOnly(["name", "description", "searchableFields"])
        let table = try await services.tables.updateTable(
            context.tableRef(), name: body.optionalString("name"), description: body.optionalString("description"),
            searchFields: try Self.searchFieldsChange(body["searchableFields"]))
        return .json(SchemaPresenter.table(table))
    }

    @Sendable func createField(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let definition = try FieldDefinition(json: try await request.jsonObject(context: context))
        let field = try await services.tables.createField(definition, in: context.tableRef())
        return .json(SchemaPresenter.field(field))
    }

    @Sendable func updateField(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(context: context)
        try body.requireOnly(["name", "description", "options"])
        let field = try await services.tables.updateField(
            context.parameters.decoded("field"), in: context.tableRef(), name: body.optionalString("name"),
            description: body.optionalString("description"), options: body["options"])
        return .json(SchemaPresenter.field(field))
    }

    /// `searchableFields`: a list of field names or ids, or null for every text-like field.
    private static func searchFieldsChange(_ value: JSONValue?) throws(TesseraError) -> TableService.SearchFieldsChange? {
        guard let value else { return nil }
        if value.isNull { return .textFields }
        guard let items = value.arrayValue, let names = Optional(items.compactMap(\.stringValue)), names.count == items.count else {
            throw TesseraError.invalidRequest("searchableFields must be a list of field names or ids, or null for every text field")
        }
        return .fields(names)
    }
}
