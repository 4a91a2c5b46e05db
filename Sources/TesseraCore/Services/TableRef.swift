/// The table a call acts on, as the caller named it, and the caller: what every record, comment,
/// schema and search call takes, as one value.
public struct TableRef: Sendable, Equatable {
    public let baseID: String
    /// The table's id, or its exact name (Airtable resolves ids first).
    public let table: String
    public let principal: Principal

    public init(baseID: String, table: String, by principal: Principal) {
        self.baseID = baseID
        self.table = table
        self.principal = principal
    }
}
