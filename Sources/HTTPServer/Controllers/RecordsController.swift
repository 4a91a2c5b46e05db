import Foundation
import Hummingbird
import TesseraCore

/// `/v0/{baseId}/{tableIdOrName}`: Airtable's records API.
struct RecordsController {
    let records: RecordService

    func addRoutes(to group: RouterGroup<TesseraRequestContext>) {
        group.get("{baseId}/{table}", use: list)
        group.post("{baseId}/{table}/listRecords", use: listFromBody)
        group.get("{baseId}/{table}/{record}", use: get)
        group.post("{baseId}/{table}", use: create)
        group.patch("{baseId}/{table}", use: { try await updateMany($0, $1, replace: false) })
        group.put("{baseId}/{table}", use: { try await updateMany($0, $1, replace: true) })
        group.patch("{baseId}/{table}/{record}", use: { try await updateOne($0, $1, replace: false) })
        group.put("{baseId}/{table}/{record}", use: { try await updateOne($0, $1, replace: true) })
        group.delete("{baseId}/{table}", use: deleteMany)
        group.delete("{baseId}/{table}/{record}", use: deleteOne)
    }

    // MARK: - Reading

    @Sendable func list(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        try await page(ListRecordsQueryDecoder.decode(queryString: request.uri.query), context)
    }

    @Sendable func listFromBody(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        return try await page(ListRecordsQueryDecoder.decode(body: request.jsonObject(context: context)), context)
    }

    private func page(_ query: ListRecordsQuery, _ context: TesseraRequestContext) async throws -> Response {
        let page = try await records.list(query, in: context.tableRef())
        var body: [String: JSONValue] = [
            "records": .array(page.records.map { page.presenter.present($0, commentCount: page.commentCounts?[$0.id]) })
        ]
        if let offset = page.offset { body["offset"] = .string(offset) }
        return .json(.object(body))
    }

    /// One record; like listing it takes `returnFieldsByFieldId`, `cellFormat`, `timeZone` and
    /// `userLocale` (the pyairtable ORM always sends `cellFormat=json`).
    @Sendable func get(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let options = try ListRecordsQueryDecoder.decodeRecordOptions(queryString: request.uri.query)
        let (record, table) = try await records.get(
            recordID: context.parameters.decoded("record"), in: context.tableRef())
        return .json(
            try await records.presenter(for: [record], in: table, renderer: options.renderer, fieldsByID: options.returnFieldsByFieldID)
                .present(record))
    }

    // MARK: - Writing

    @Sendable func create(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(context: context)
        try body.requireOnly(["records", "fields", "typecast", "returnFieldsByFieldId"])
        let single = body["records"] == nil
        if !single, body["fields"] != nil {
            throw TesseraError(.invalidRecords, "Send either \"fields\" (one record) or \"records\", not both")
        }
        let fieldsList: [JSONValue]
        if single {
            guard let fields = body["fields"] else { throw TesseraError.invalidRequest("Send {\"fields\": {…}} or {\"records\": [{\"fields\": {…}}]}") }
            fieldsList = [fields]
        } else {
            fieldsList = try Self.recordObjects(body).map { $0["fields"] ?? [:] }
        }
        let (created, table) = try await records.create(
            fieldsList, typecast: try Self.flag("typecast", body), in: context.tableRef())
        let presenter = try await records.presenter(for: created, in: table, fieldsByID: try Self.flag("returnFieldsByFieldId", body))
        return single ? .json(presenter.present(created[0])) : .json(["records": .array(created.map { presenter.present($0) })])
    }

    private func updateMany(_ request: Request, _ context: TesseraRequestContext, replace: Bool) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(context: context)
        try body.requireOnly(["records", "typecast", "performUpsert", "returnFieldsByFieldId"])
        let items = try Self.recordObjects(body)
        let typecast = try Self.flag("typecast", body)
        let tableName = try context.parameters.decoded("table")
        let baseID = try context.parameters.decoded("baseId")
        let principal = try context.requirePrincipal()
        if let upsert = body["performUpsert"], !upsert.isNull {
            guard let names = upsert["fieldsToMergeOn"]?.arrayValue, !names.isEmpty, names.allSatisfy({ $0.stringValue != nil }) else {
                throw TesseraError.invalidRequest("performUpsert needs fieldsToMergeOn: an array of field names or ids")
            }
            let mergeOn = names.compactMap(\.stringValue)
            let (outcome, table) = try await records.upsert(
                items.map { $0["fields"] ?? [:] }, mergeOn: mergeOn, replace: replace, typecast: typecast,
                in: TableRef(baseID: baseID, table: tableName, by: principal))
            let presenter = try await records.presenter(for: outcome.records, in: table, fieldsByID: try Self.flag("returnFieldsByFieldId", body))
            return .json([
                "records": .array(outcome.records.map { presenter.present($0) }),
                "createdRecords": .array(outcome.createdRecordIDs.map(JSONValue.string)),
                "updatedRecords": .array(outcome.updatedRecordIDs.map(JSONValue.string)),
            ])
        }
        var updates: [(id: String, fields: JSONValue)] = []
        for item in items {
            guard let id = item["id"]?.stringValue else {
                throw TesseraError(.invalidRecords, "Every record to update needs an \"id\" (or use performUpsert)")
            }
            updates.append((id, item["fields"] ?? [:]))
        }
        let (updated, table) = try await records.update(
            updates, replace: replace, typecast: typecast, in: TableRef(baseID: baseID, table: tableName, by: principal))
        let presenter = try await records.presenter(for: updated, in: table, fieldsByID: try Self.flag("returnFieldsByFieldId", body))
        return .json(["records": .array(updated.map { presenter.present($0) })])
    }

    private func updateOne(_ request: Request, _ context: TesseraRequestContext, replace: Bool) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(context: context)
        try body.requireOnly(["fields", "typecast", "returnFieldsByFieldId"])
        let (updated, table) = try await records.update(
            [(try context.parameters.decoded("record"), body["fields"] ?? [:])], replace: replace, typecast: try Self.flag("typecast", body),
            in: context.tableRef())
        return .json(try await records.presenter(for: updated, in: table, fieldsByID: try Self.flag("returnFieldsByFieldId", body)).present(updated[0]))
    }

    @Sendable func deleteMany(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var ids: [String] = []
        for (key, value) in QueryString.pairs(request.uri.query) {
            guard key == "records[]" || key == "records" || (key.hasPrefix("records[") && key.hasSuffix("]")) else {
                throw TesseraError.invalidRequest("Unknown query parameter \"\(key)\"; name records to delete with records[]=recXXX")
            }
            ids.append(value)
        }
        let deleted = try await records.delete(
            recordIDs: ids, in: context.tableRef())
        return .json(["records": .array(deleted.map { ["id": .string($0), "deleted": true] })])
    }

    @Sendable func deleteOne(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let id = try context.parameters.decoded("record")
        _ = try await records.delete(
            recordIDs: [id], in: context.tableRef())
        return .json(["id": .string(id), "deleted": true])
    }

    // MARK: - Body helpers

    private static func recordObjects(_ body: JSONValue) throws -> [JSONValue] {
        guard let items = body["records"]?.arrayValue else {
            throw TesseraError(.invalidRecords, "\"records\" must be an array of record objects")
        }
        for item in items {
            guard case .object(let members) = item else {
                throw TesseraError(.invalidRecords, "Every entry of \"records\" must be an object")
            }
            if let unknown = members.keys.first(where: { $0 != "id" && $0 != "fields" }) {
                throw TesseraError(.invalidRecords, "Unknown record property \"\(unknown)\"")
            }
        }
        return items
    }

    static func flag(_ name: String, _ body: JSONValue) throws -> Bool {
        switch body[name] {
        case nil, .null?: return false
        case .bool(let flag)?: return flag
        default: throw TesseraError.invalidRequest("\(name) must be a boolean")
        }
    }
}
