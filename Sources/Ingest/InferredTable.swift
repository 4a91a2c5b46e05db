import Foundation
import TesseraCore

/// A link column as `ingest --link COLUMN=TABLE[.FIELD]` names it: the column's cells name
/// records of TABLE by FIELD (its primary field when left out).
public struct LinkColumn: Sendable, Equatable {
    public let column: String
    /// `TABLE` or `TABLE.FIELD`, told apart against the base's tables (names may hold dots).
    public let target: String

    public init(parsing text: String) throws(TesseraError) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .invalidRequest("--link wants COLUMN=TABLE or COLUMN=TABLE.FIELD, got \"\(text)\"")
        }
        column = parts[0]
        target = parts[1]
    }

    /// The linked table and the field whose values name its records.
    public func resolve(in tables: [Table]) throws(TesseraError) -> (table: Table, key: Field) {
        func named(_ name: String) -> Table? { tables.first { $0.id == name } ?? tables.first { $0.name == name } }
        if let table = named(target), let primary = table.field(named: table.primaryFieldID) {
            return (table, primary)
        }
        if let dot = target.lastIndex(of: "."), let table = named(String(target[..<dot])) {
            let fieldName = String(target[target.index(after: dot)...])
            guard let field = table.field(named: fieldName) else {
                throw .invalidRequest("--link \(column): table \(table.name) has no field \"\(fieldName)\"")
            }
            return (table, field)
        }
        throw .invalidRequest("--link \(column): no table \"\(target)\" in the base")
    }
}

/// The table `ingest --create-table` makes from a file's first rows: a field per column, typed
/// by ``ColumnTypeInference``, link columns as links, and first the primary field: the key
/// column when there is one, else the column that best names a row.
public struct InferredTable: Sendable {
    /// Fields named as the table will have them (after `--map`), the primary field first.
    public let fields: [FieldDefinition]
    /// The column the primary field comes from.
    public let primaryColumn: String
    public let sampledRows: Int

    /// `links` maps a link column to its linked table's id or name.
    public init(columns: [String], samples: [IngestRow], key: String?, links: [String: String], columnMap: [String: String]) {
        var fields = ColumnTypeInference.fields(columns: columns, samples: samples)
        for (index, column) in columns.enumerated() {
            if let linkedTable = links[column] {
                fields[index] = FieldDefinition(name: column, type: FieldType.multipleRecordLinks.rawValue, options: ["linkedTableId": .string(linkedTable)])
            }
        }
        let primary =
            key.flatMap { key in columns.firstIndex { (columnMap[$0] ?? $0) == key } }
            ?? ColumnTypeInference.primaryIndex(of: fields, samples: samples)
        if primary < fields.count { fields.insert(fields.remove(at: primary), at: 0) }
        primaryColumn = primary < columns.count ? columns[primary] : columns.first ?? ""
        for index in fields.indices { fields[index].name = columnMap[fields[index].name] ?? fields[index].name }
        self.fields = fields
        sampledRows = samples.count
    }

    /// One line per field: name, type, and what a person checks (precision, choices, link).
    public var summaryLines: [String] {
        let width = min(40, fields.map(\.name.count).max() ?? 0)
        return fields.enumerated().map { index, field in
            var line = field.name.padding(toLength: max(width, field.name.count), withPad: " ", startingAt: 0) + "  " + field.type
            if let precision = field.options?["precision"]?.numberValue { line += " (precision \(Int(precision)))" }
            if let choices = field.options?["choices"]?.arrayValue {
                let names = choices.compactMap { $0["name"]?.stringValue }
                line +=
                    " (\(names.count) \(names.count == 1 ? "choice" : "choices"): " + names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "")
                    + ")"
            }
            if let linked = field.options?["linkedTableId"]?.stringValue { line += " → \(linked)" }
            if index == 0 { line += "  [primary]" }
            return line
        }
    }

    public var json: JSONValue {
        [
            "sampledRows": .number(Double(sampledRows)), "primaryField": .string(fields.first?.name ?? ""),
            "fields": .array(
                fields.map { field in
                    var object: [String: JSONValue] = ["name": .string(field.name), "type": .string(field.type)]
                    if let options = field.options { object["options"] = options }
                    return .object(object)
                }),
        ]
    }
}
