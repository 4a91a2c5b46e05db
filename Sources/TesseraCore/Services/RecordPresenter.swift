import Foundation

/// Renders records the way the Airtable API returns them: `{id, createdTime, fields}` with
/// fields keyed by name (or id), empty cells omitted, optionally projected and with comment counts.
public struct RecordPresenter: Sendable {
    public let table: Table
    public let renderer: CellRenderer
    public let fieldsByID: Bool
    /// nil: all fields.
    public let projection: [Field]?

    public init(table: Table, renderer: CellRenderer = CellRenderer(), fieldsByID: Bool = false, projection: [Field]? = nil) {
        self.table = table
        self.renderer = renderer
        self.fieldsByID = fieldsByID
        self.projection = projection
    }

    public func present(_ record: Record, commentCount: Int? = nil) -> JSONValue {
        let shown = projection ?? table.fields
        var fields = [String: JSONValue](minimumCapacity: shown.count)
        for field in shown {
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
}
