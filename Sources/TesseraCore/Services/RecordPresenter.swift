import Foundation

/// Renders records the way the Airtable API returns them: `{id, createdTime, fields}` with
/// fields keyed by name (or id), empty cells omitted, optionally projected and with comment counts.
public struct RecordPresenter: Sendable {
    public let table: Table
    public let renderer: CellRenderer
    public let fieldsByID: Bool
    /// nil: all fields.
    public let projection: [Field]?
    /// The shown fields in the order of their keys, each key already written as `"key":`.
    private let fieldsInKeyOrder: [(field: Field, key: [UInt8])]

    public init(table: Table, renderer: CellRenderer = CellRenderer(), fieldsByID: Bool = false, projection: [Field]? = nil) {
        self.table = table
        self.renderer = renderer
        self.fieldsByID = fieldsByID
        self.projection = projection
        var seen = Set<String>()
        fieldsInKeyOrder = (projection ?? table.fields)
            .map { field in (field, fieldsByID ? field.id : field.name) }
            .filter { seen.insert($0.1).inserted }
            .sorted { $0.1 < $1.1 } // the order `JSONTextWriter` gives object keys
            .map { field, key in
                var writer = JSONTextWriter(capacity: key.utf8.count + 3)
                writer.write(key)
                writer.append(":")
                return (field, writer.bytes)
            }
    }

    public func present(_ record: Record, commentCount: Int? = nil) -> JSONValue {
        var fields = [String: JSONValue](minimumCapacity: fieldsInKeyOrder.count)
        for (field, _) in fieldsInKeyOrder {
            if let value = renderer.render(field, of: record) {
                fields[fieldsByID ? field.id : field.name] = value
            }
        }
        var object: [String: JSONValue] = [
            "id": .string(record.id),
            "createdTime": .string(CellDates.formatInstant(record.createdTime)),
            "fields": .object(fields),
        ]
        if let commentCount { object["commentCount"] = .number(Double(commentCount)) }
        return .object(object)
    }

    /// Writes `present(record, commentCount:)` as JSON, the bytes `jsonBytes()` of it gives,
    /// without building its dictionaries: lists of records are most of what the API and the
    /// tools answer.
    public func write(_ record: Record, commentCount: Int? = nil, to writer: inout JSONTextWriter) {
        if let commentCount {
            writer.append(#"{"commentCount":"#)
            writer.write(.number(Double(commentCount)))
            writer.append(#","createdTime":"#)
        } else {
            writer.append(#"{"createdTime":"#)
        }
        writer.write(CellDates.formatInstant(record.createdTime))
        writer.append(#","fields":{"#)
        var separator = false
        for (field, key) in fieldsInKeyOrder {
            guard let value = renderer.render(field, of: record) else { continue }
            if separator { writer.append(",") }
            separator = true
            writer.append(key)
            writer.write(value)
        }
        writer.append(#"},"id":"#)
        writer.write(record.id)
        writer.append("}")
    }
}
