import TesseraCore

private typealias S = JSONSchemaBuilder

extension ToolContext {
    static let baseIDArgument = S.string("Id of the base (starts with \"app\"); list_bases shows them.")
    static let tableArgument = S.string("Name or id (starts with \"tbl\") of the table; list_tables shows them.")
    static let fieldDefinition = S.object(
        "A field: its name, type and, for some types, options.",
        [
            "name": S.string("Field name, unique in the table."),
            "type": S.string("Field type.", oneOf: FieldType.allCases.map(\.rawValue)),
            "description": S.string("What the field holds.", minLength: nil),
            "options": S.freeObject("Type options, e.g. {\"choices\": [{\"name\": \"Todo\"}]} for selects, {\"precision\": 2} for numbers."),
        ], required: ["name", "type"])
    static let tableSchemaOutput = S.output(["id": S.anyString, "name": S.anyString, "fields": S.list(of: S.anyObject)], required: ["id", "name"])

    func schemaTools() -> [WorkspaceTool] {
        [listWorkspaces(), listBases(), listTables(), describeTable(), createTable(), createField(), updateField()]
    }

    private func listWorkspaces() -> WorkspaceTool {
        WorkspaceTool(
            name: "list_workspaces", title: "List workspaces",
            description:
                "Lists the workspaces the user belongs to, with the user's permission level in each (read, comment, edit, create, owner). Workspaces hold bases; call list_bases next.",
            input: S.input([:]),
            output: S.output(["workspaces": S.list(of: S.anyObject)], required: ["workspaces"]),
            annotations: .reading
        ) { _, principal in
            let workspaces = try await services.workspaces.workspaces(for: principal)
            return [
                "workspaces": .array(
                    workspaces.map { entry in
                        ["id": .string(entry.workspace.id), "name": .string(entry.workspace.name), "permissionLevel": .string(entry.permissionLevel.rawValue)]
                    })
            ]
        }
    }

    private func listBases() -> WorkspaceTool {
        WorkspaceTool(
            name: "list_bases", title: "List bases",
            description:
                "Lists the bases (databases of related tables) this token can reach, oldest first, with their workspace and the user's permission level. Optionally only those of one workspace.",
            input: S.input(["workspaceId": S.string("Only bases of this workspace (id starts with \"wsp\").")]),
            output: S.output(["bases": S.list(of: S.anyObject)], required: ["bases"]),
            annotations: .reading
        ) { arguments, principal in
            let workspaceID = arguments.optionalString("workspaceId")
            let bases = try await services.workspaces.bases(for: principal).filter { workspaceID == nil || $0.base.workspaceID == workspaceID }
            return [
                "bases": .array(
                    bases.map { entry in
                        [
                            "id": .string(entry.base.id), "name": .string(entry.base.name), "workspaceId": .string(entry.base.workspaceID),
                            "permissionLevel": .string(entry.permissionLevel.rawValue),
                        ]
                    })
            ]
        }
    }

    private func listTables() -> WorkspaceTool {
        WorkspaceTool(
            name: "list_tables", title: "List tables",
            description:
                "Lists the tables of a base. detail \"ids\" gives only ids, \"names\" (the default) ids, names and descriptions, \"full\" also every field with its type and options and the views.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "detail": S.string("How much to return per table.", oneOf: ["ids", "names", "full"]),
                ], required: ["baseId"]),
            output: S.output(["baseId": S.anyString, "tables": S.list(of: S.anyObject)], required: ["tables"]),
            annotations: .reading
        ) { arguments, principal in
            let baseID = try arguments.string("baseId")
            let tables = try await services.tables.tables(baseID: baseID, for: principal)
            let detail = arguments.optionalString("detail") ?? "names"
            return [
                "baseId": .string(baseID),
                "tables": .array(
                    tables.map { table in
                        switch detail {
                        case "ids":
                            return ["id": .string(table.id)]
                        case "full":
                            return SchemaPresenter.table(table)
                        default:
                            var object: [String: JSONValue] = ["id": .string(table.id), "name": .string(table.name)]
                            if let description = table.description { object["description"] = .string(description) }
                            return .object(object)
                        }
                    }),
            ]
        }
    }

    private func describeTable() -> WorkspaceTool {
        WorkspaceTool(
            name: "describe_table", title: "Describe a table",
            description:
                "Shows a table's schema: its fields (name, id, type, options such as select choices), which field is primary, and its views. Read it before filtering, sorting or writing records so you use the exact field names.",
            input: S.input(["baseId": Self.baseIDArgument, "table": Self.tableArgument], required: ["baseId", "table"]),
            output: Self.tableSchemaOutput,
            annotations: .reading
        ) { arguments, principal in
            let table = try await services.tables.table(try arguments.tableRef(principal), scope: .schemaRead, level: .read)
            return SchemaPresenter.table(table)
        }
    }

    private func createTable() -> WorkspaceTool {
        WorkspaceTool(
            name: "create_table", title: "Create a table",
            description:
                "Creates a table in a base. The first field becomes the primary field (it names each record), so make it a text field such as \"Name\". Needs create permission on the base.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "name": S.string("Table name, unique in the base."),
                    "description": S.string("What the table holds.", minLength: nil),
                    "fields": S.array("The fields, primary field first.", of: Self.fieldDefinition, minItems: 1),
                ], required: ["baseId", "name", "fields"]),
            output: Self.tableSchemaOutput,
            annotations: .adding
        ) { arguments, principal in
            var definition: [String: JSONValue] = ["name": .string(try arguments.string("name")), "fields": .array(try arguments.array("fields"))]
            definition["description"] = arguments.values["description"]
            let table = try await services.tables.createTable(
                try TableDefinition(json: .object(definition)), baseID: try arguments.string("baseId"), by: principal)
            return SchemaPresenter.table(table)
        }
    }

    private func createField() -> WorkspaceTool {
        WorkspaceTool(
            name: "create_field", title: "Add a field",
            description: "Adds a field (column) to a table. Existing records start with the field empty. Needs create permission on the base.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "table": Self.tableArgument,
                    "name": S.string("Field name, unique in the table."),
                    "type": S.string("Field type.", oneOf: FieldType.allCases.map(\.rawValue)),
                    "description": S.string("What the field holds.", minLength: nil),
                    "options": S.freeObject("Type options, e.g. {\"choices\": [{\"name\": \"Todo\"}]} for selects, {\"precision\": 2} for numbers."),
                ], required: ["baseId", "table", "name", "type"]),
            output: S.output(["id": S.anyString, "name": S.anyString, "type": S.anyString], required: ["id", "name", "type"]),
            annotations: .adding
        ) { arguments, principal in
            let definition = FieldDefinition(
                name: try arguments.string("name"), type: try arguments.string("type"),
                description: arguments.optionalString("description"), options: arguments.values["options"])
            let field = try await services.tables.createField(definition, in: try arguments.tableRef(principal))
            return SchemaPresenter.field(field)
        }
    }

    private func updateField() -> WorkspaceTool {
        WorkspaceTool(
            name: "update_field", title: "Change a field",
            description:
                "Renames a field, changes its description, or replaces the choices of a select field. Replacing choices drops the ones left out, and records holding them lose that value, so that needs confirm: true. Needs create permission on the base.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "table": Self.tableArgument,
                    "field": S.string("Current name or id (starts with \"fld\") of the field."),
                    "name": S.string("New name."),
                    "description": S.string("New description.", minLength: nil),
                    "options": S.freeObject("For select fields only: {\"choices\": [{\"name\": …}, …]}, the complete new list; keep a choice's id to keep it."),
                    "confirm": S.boolean("Set to true to drop select choices that records may hold."),
                ], required: ["baseId", "table", "field"]),
            output: S.output(["id": S.anyString, "name": S.anyString, "type": S.anyString], required: ["id", "name", "type"]),
            annotations: .overwriting
        ) { arguments, principal in
            let baseID = try arguments.string("baseId")
            let tableName = try arguments.string("table")
            let fieldName = try arguments.string("field")
            if let options = arguments.values["options"], !arguments.bool("confirm") {
                let table = try await services.tables.table(TableRef(baseID: baseID, table: tableName, by: principal), scope: .schemaRead, level: .read)
                if let field = table.field(named: fieldName) {
                    let kept = Set((options["choices"]?.arrayValue ?? []).flatMap { [$0["id"]?.stringValue, $0["name"]?.stringValue].compactMap { $0 } })
                    let dropped = field.choices.filter { !kept.contains($0.id) && !kept.contains($0.name) }
                    if !dropped.isEmpty {
                        throw ToolCallError.failed(
                            "Not changed: the new choices leave out \(dropped.map { "\"\($0.name)\"" }.joined(separator: ", ")) of field \"\(field.name)\", and records holding them would lose that value. Include them (with their ids) to keep them, or call again with confirm: true to drop them."
                        )
                    }
                }
            }
            let field = try await services.tables.updateField(
                fieldName, in: TableRef(baseID: baseID, table: tableName, by: principal),
                name: arguments.optionalString("name"), description: arguments.optionalString("description"), options: arguments.values["options"])
            return SchemaPresenter.field(field)
        }
    }
}
