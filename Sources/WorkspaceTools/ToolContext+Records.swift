import TesseraCore

private typealias S = JSONSchemaBuilder

extension ToolContext {
    static let recordIDArgument = S.string("Id of the record (starts with \"rec\").")
    static let formulaArgument = S.string(
        "Only records for which this Airtable formula is true, e.g. AND({Status} = \"Done\", {Points} > 3). Field names go in braces.")
    static let fieldsArgument = S.array("Only return these fields (names or ids); all fields when left out.", of: S.string("Field name or id."), minItems: 1)
    static let recordOutput = S.output(["id": S.anyString, "createdTime": S.anyString, "fields": S.anyObject], required: ["id", "fields"])
    static let recordsOutput = S.output(["records": S.list(of: S.anyObject)], required: ["records"])

    func recordTools() -> [WorkspaceTool] {
        [listRecords(), getRecord(), listLinkedRecords(), countRecords(), createRecords(), updateRecords(), deleteRecords()]
    }

    private func listRecords() -> WorkspaceTool {
        WorkspaceTool(
            name: "list_records", title: "List records",
            description:
                "Lists records of a table, \(WorkspaceTools.defaultRecordLimit) at a time unless limit says otherwise (at most \(WorkspaceTools.maxRecordLimit)). Filter with an Airtable formula, sort by fields, pick fields. Link fields hold record ids; linkedRecordNames gives each linked record's primary value. The result has total (how many records match) and, when more remain, nextCursor: pass it back as cursor, with the same filter, sort and view, for the next page.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "table": Self.tableArgument,
                    "filterByFormula": Self.formulaArgument,
                    "sort": S.array(
                        "Sort order, first key first.",
                        of: S.object(
                            "A sort key.",
                            [
                                "field": S.string("Field name or id."),
                                "direction": S.string("asc (default) or desc.", oneOf: ["asc", "desc"]),
                            ], required: ["field"]), minItems: 1),
                    "fields": Self.fieldsArgument,
                    "view": S.string("Name or id of a view of the table."),
                    "limit": S.integer("Records per page.", minimum: 1, maximum: WorkspaceTools.maxRecordLimit, default: WorkspaceTools.defaultRecordLimit),
                    "cursor": S.string("nextCursor of the previous page."),
                ], required: ["baseId", "table"]),
            output: S.output(
                ["records": S.list(of: S.anyObject), "total": S.anyInteger, "nextCursor": S.anyString, "linkedRecordNames": S.anyObject],
                required: ["records", "total"]),
            annotations: .reading,
            writing: { arguments, principal in
                let baseID = try arguments.string("baseId")
                let table = try arguments.string("table")
                var query = ListRecordsQuery()
                query.pageSize = try arguments.optionalInt("limit") ?? WorkspaceTools.defaultRecordLimit
                query.offset = arguments.optionalString("cursor")
                query.filterByFormula = arguments.optionalString("filterByFormula")
                query.fields = arguments.optionalStrings("fields")
                query.view = arguments.optionalString("view")
                query.expandLinks = true
                query.sort = (arguments.values["sort"]?.arrayValue ?? []).map { key in
                    ListRecordsQuery.Sort(field: key["field"]?.stringValue ?? "", ascending: key["direction"]?.stringValue != "desc")
                }
                let page = try await services.records.list(query, in: TableRef(baseID: baseID, table: table, by: principal))
                // A first page with nothing after it holds every match: no need to count them again.
                let total =
                    query.offset == nil && page.offset == nil
                    ? page.records.count
                    : try await countMatching(table: table, baseID: baseID, formula: query.filterByFormula, principal)
                // The records are written straight to JSON text, not built as values first.
                var records = JSONTextWriter(capacity: 2 + page.records.count * 256)
                records.append("[")
                for (index, record) in page.records.enumerated() {
                    if index > 0 { records.append(",") }
                    page.presenter.write(record, to: &records)
                }
                records.append("]")
                var result: [String: JSONValue] = ["total": .number(Double(total))]
                if let offset = page.offset { result["nextCursor"] = .string(offset) }
                if !page.presenter.renderer.related.linkNames.isEmpty {
                    result["linkedRecordNames"] = .object(page.presenter.renderer.related.linkNames.mapValues(JSONValue.string))
                }
                var writer = JSONTextWriter(capacity: records.bytes.count + 64)
                writer.writeObject(result, written: ["records": records.bytes])
                return .text(writer.bytes)
            })
    }

    private func getRecord() -> WorkspaceTool {
        WorkspaceTool(
            name: "get_record", title: "Get a record",
            description:
                "Reads one record by id, with all its non-empty fields keyed by field name. Link fields hold record ids; linkedRecordNames gives each linked record's primary value (list_linked_records reads them whole).",
            input: S.input(
                ["baseId": Self.baseIDArgument, "table": Self.tableArgument, "recordId": Self.recordIDArgument], required: ["baseId", "table", "recordId"]),
            output: S.output(
                ["id": S.anyString, "createdTime": S.anyString, "fields": S.anyObject, "linkedRecordNames": S.anyObject], required: ["id", "fields"]),
            annotations: .reading
        ) { arguments, principal in
            let (record, table) = try await services.records.get(recordID: try arguments.string("recordId"), in: try arguments.tableRef(principal))
            let presenter = try await services.records.presenter(for: [record], in: table, linkNames: true)
            var result = presenter.present(record)
            if !presenter.renderer.related.linkNames.isEmpty, case .object(var members) = result {
                members["linkedRecordNames"] = .object(presenter.renderer.related.linkNames.mapValues(JSONValue.string))
                result = .object(members)
            }
            return result
        }
    }

    private func listLinkedRecords() -> WorkspaceTool {
        WorkspaceTool(
            name: "list_linked_records", title: "List linked records",
            description: "Reads the records a link field of one record points at, whole, from the linked table (at most \(WorkspaceTools.maxRecordLimit)).",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument, "table": Self.tableArgument, "recordId": Self.recordIDArgument,
                    "field": S.string("Name or id of the link field (type multipleRecordLinks)."),
                ], required: ["baseId", "table", "recordId", "field"]),
            output: S.output(["table": S.anyString, "records": S.list(of: S.anyObject)], required: ["table", "records"]),
            annotations: .reading
        ) { arguments, principal in
            let (records, table) = try await services.records.linked(
                from: try arguments.string("recordId"), field: try arguments.string("field"),
                in: try arguments.tableRef(principal), limit: WorkspaceTools.maxRecordLimit)
            let presenter = try await services.records.presenter(for: records, in: table)
            return ["table": .string(table.name), "records": .array(records.map { presenter.present($0) })]
        }
    }

    private func countRecords() -> WorkspaceTool {
        WorkspaceTool(
            name: "count_records", title: "Count records",
            description: "Counts the records of a table, optionally only those matching an Airtable formula.",
            input: S.input(
                ["baseId": Self.baseIDArgument, "table": Self.tableArgument, "filterByFormula": Self.formulaArgument], required: ["baseId", "table"]),
            output: S.output(["count": S.anyInteger], required: ["count"]),
            annotations: .reading
        ) { arguments, principal in
            let count = try await countMatching(
                table: try arguments.string("table"), baseID: try arguments.string("baseId"), formula: arguments.optionalString("filterByFormula"), principal)
            return ["count": .number(Double(count))]
        }
    }

    private func createRecords() -> WorkspaceTool {
        WorkspaceTool(
            name: "create_records", title: "Create records",
            description:
                "Creates 1 to \(RecordService.maxBatchSize) records. Each record's fields are keyed by field name (or id); leave out fields to keep them empty. Values must fit the field type (describe_table shows the types); with typecast: true text is converted and missing select choices are added.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "table": Self.tableArgument,
                    "records": S.array(
                        "The records to create.",
                        of: S.object(
                            "A new record.",
                            [
                                "fields": S.freeObject("Cell values keyed by field name, e.g. {\"Name\": \"Write report\", \"Points\": 3}.")
                            ], required: ["fields"]), minItems: 1, maxItems: RecordService.maxBatchSize),
                    "typecast": S.boolean("Convert values to the field types and add missing select choices.", default: false),
                ], required: ["baseId", "table", "records"]),
            output: Self.recordsOutput,
            annotations: .adding
        ) { arguments, principal in
            let fields = try arguments.array("records").map { $0["fields"] ?? [:] }
            let (records, table) = try await services.records.create(fields, typecast: arguments.bool("typecast"), in: try arguments.tableRef(principal))
            let presenter = try await services.records.presenter(for: records, in: table)
            return ["records": .array(records.map { presenter.present($0) })]
        }
    }

    private func updateRecords() -> WorkspaceTool {
        WorkspaceTool(
            name: "update_records", title: "Update records",
            description:
                "Changes fields of 1 to \(RecordService.maxBatchSize) existing records; fields left out keep their values. Setting a field to null, \"\" or [] clears it, which loses data: such a call is refused unless confirm is true, and the refusal says what would be cleared.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "table": Self.tableArgument,
                    "records": S.array(
                        "The changes.",
                        of: S.object(
                            "A change to one record.",
                            [
                                "id": Self.recordIDArgument,
                                "fields": S.freeObject("New cell values keyed by field name."),
                            ], required: ["id", "fields"]), minItems: 1, maxItems: RecordService.maxBatchSize),
                    "typecast": S.boolean("Convert values to the field types and add missing select choices.", default: false),
                    "confirm": S.boolean("Set to true to allow clearing fields.", default: false),
                ], required: ["baseId", "table", "records"]),
            output: Self.recordsOutput,
            annotations: .overwriting
        ) { arguments, principal in
            let baseID = try arguments.string("baseId")
            let tableName = try arguments.string("table")
            let updates = try arguments.array("records").map { (id: $0["id"]?.stringValue ?? "", fields: $0["fields"] ?? [:]) }
            let typecast = arguments.bool("typecast")
            if !arguments.bool("confirm") {
                let table = try await services.tables.table(TableRef(baseID: baseID, table: tableName, by: principal), scope: .recordsWrite, level: .edit)
                let clears = try Self.clearedCells(updates, table: table, typecast: typecast)
                if !clears.isEmpty {
                    throw ToolCallError.failed(
                        "Not changed: this would clear \(clears.joined(separator: ", ")). If that is intended, call update_records again with the same arguments and confirm: true; otherwise leave those fields out."
                    )
                }
            }
            let (records, table) = try await services.records.update(
                updates, replace: false, typecast: typecast, in: TableRef(baseID: baseID, table: tableName, by: principal))
            let presenter = try await services.records.presenter(for: records, in: table)
            return ["records": .array(records.map { presenter.present($0) })]
        }
    }

    private func deleteRecords() -> WorkspaceTool {
        WorkspaceTool(
            name: "delete_records", title: "Delete records",
            description:
                "Deletes 1 to \(RecordService.maxBatchSize) records for good. Without confirm: true nothing is deleted and the answer lists the records that would be; show that to the user before confirming.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "table": Self.tableArgument,
                    "recordIds": S.array("Ids of the records to delete.", of: Self.recordIDArgument, minItems: 1, maxItems: RecordService.maxBatchSize),
                    "confirm": S.boolean("Set to true to delete.", default: false),
                ], required: ["baseId", "table", "recordIds"]),
            output: S.output(["deletedRecordIds": S.list(of: S.anyString)], required: ["deletedRecordIds"]),
            annotations: .overwriting
        ) { arguments, principal in
            let baseID = try arguments.string("baseId")
            let tableName = try arguments.string("table")
            let ids = arguments.optionalStrings("recordIds") ?? []
            guard arguments.bool("confirm") else {
                var described: [String] = []
                for id in ids {
                    let (record, table) = try await services.records.get(recordID: id, in: TableRef(baseID: baseID, table: tableName, by: principal))
                    let primary = table.field(id: table.primaryFieldID).flatMap {
                        RecordPresenter(table: table, projection: [$0]).present(record)["fields"]?[$0.name]
                    }
                    described.append(primary.map { "\(id) (\($0.jsonString()))" } ?? id)
                }
                throw ToolCallError.failed(
                    "Not deleted: this would delete \(ids.count) record\(ids.count == 1 ? "" : "s") from \(tableName) for good: \(described.joined(separator: ", ")). Confirm with the user, then call delete_records again with confirm: true."
                )
            }
            let deleted = try await services.records.delete(recordIDs: ids, in: TableRef(baseID: baseID, table: tableName, by: principal))
            return ["deletedRecordIds": .array(deleted.map(JSONValue.string))]
        }
    }

    // MARK: - Helpers

    /// "recX.Field" for each cell an update would empty.
    private static func clearedCells(_ updates: [(id: String, fields: JSONValue)], table: Table, typecast: Bool) throws -> [String] {
        let codec = CellCodec(typecast: typecast)
        var cleared: [String] = []
        for update in updates {
            for (name, value) in (update.fields.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard var field = table.field(named: name) else { throw TesseraError.unknownField(name) }
                if try codec.store(value, in: &field) == nil { cleared.append("\(update.id).\(field.name)") }
            }
        }
        return cleared
    }

    /// Counts matching records. Without a formula the store counts; with one, the listing pages
    /// through the matches (the services have no filtered count).
    func countMatching(table: String, baseID: String, formula: String?, _ principal: Principal) async throws -> Int {
        guard let formula, !formula.isEmpty else {
            return try await services.records.count(in: TableRef(baseID: baseID, table: table, by: principal))
        }
        var query = ListRecordsQuery()
        query.filterByFormula = formula
        query.pageSize = ListRecordsQuery.maxPageSize
        query.fields = []
        var count = 0
        repeat {
            let page = try await services.records.list(query, in: TableRef(baseID: baseID, table: table, by: principal))
            count += page.records.count
            query.offset = page.offset
        } while query.offset != nil
        return count
    }
}
