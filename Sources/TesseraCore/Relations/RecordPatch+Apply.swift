import Foundation

extension RecordPatch {
    /// The record after this patch: `.null` clears a cell, `replace` clears every cell a person
    /// writes that the patch does not name (derived cells stay: they are recomputed as needed),
    /// and the cells that change are stamped with `now`.
    public func applied(to record: Record, table: Table?, at now: Date, by actorID: String) -> Record {
        var result = record
        if replace {
            result.cells = result.cells.filter { table?.field(id: $0.key)?.type.isDerived == true }
        }
        for (fieldID, value) in set {
            if value.isNull {
                result.cells.removeValue(forKey: fieldID)
            } else {
                result.cells[fieldID] = value
            }
        }
        for fieldID in Set(result.cells.keys).union(record.cells.keys) where result.cells[fieldID] != record.cells[fieldID] {
            result.fieldModifiedTimes[fieldID] = now
        }
        result.lastModifiedTime = now
        result.lastModifiedBy = actorID
        return result
    }
}

/// Link cells a typecast wrote as names (`{"name": …}`): the store finds the linked table's
/// record whose primary field holds each name, or makes one, inside the write's transaction.
public enum LinkNames {
    /// Names to find, by linked table id.
    public static func wanted(in records: [Record], schema: BaseSchema) -> [String: Set<String>] {
        var wanted: [String: Set<String>] = [:]
        for record in records {
            guard let table = schema.table(id: record.tableID) else { continue }
            for field in table.fields where field.type == .multipleRecordLinks {
                guard let linked = LinkOptions(field)?.linkedTableID else { continue }
                for item in record.cells[field.id]?.arrayValue ?? [] {
                    if let name = item["name"]?.stringValue { wanted[linked, default: []].insert(name) }
                }
            }
        }
        return wanted
    }

    /// A record's link cells with each name replaced by the id `ids` gives it (linked table id →
    /// name → record id), duplicates dropped.
    public static func resolving(_ record: Record, schema: BaseSchema, ids: [String: [String: String]]) -> Record {
        guard let table = schema.table(id: record.tableID) else { return record }
        var resolved = record
        for field in table.fields where field.type == .multipleRecordLinks {
            guard let items = record.cells[field.id]?.arrayValue, let linked = LinkOptions(field)?.linkedTableID else { continue }
            var links: [JSONValue] = []
            for item in items {
                let id = item["name"]?.stringValue.flatMap { ids[linked]?[$0] }.map(JSONValue.string) ?? item
                if !links.contains(id) { links.append(id) }
            }
            resolved.cells[field.id] = .array(links)
        }
        return resolved
    }

    /// The new record a name makes in `table`: the name in its primary field.
    public static func newRecord(named name: String, in table: Table, autoNumber: Int, at now: Date, by actorID: String) throws(TesseraError) -> Record {
        guard let primary = table.field(id: table.primaryFieldID), primary.type.isTextLike else {
            throw TesseraError.invalidValue("Cannot link to \"\(name)\": records of \(table.name) are named by a field that is not text; link them by id")
        }
        return Record(
            id: TesseraID.make(.record), tableID: table.id, createdTime: now, lastModifiedTime: nil, autoNumber: autoNumber,
            cells: [primary.id: .string(name)], createdBy: actorID)
    }
}
