/// One search over a table's records.
public struct SearchRequest: Sendable {
    public var query: String
    public var k: Int
    public var mode: SearchMode
    /// Only records in this view (its filter) are returned; results keep the search's order.
    public var view: String?
    /// Only records matching this Airtable formula are returned.
    public var filterByFormula: String?
    /// Only these fields (names or ids) are returned for each record.
    public var fields: [String]?

    public init(query: String, k: Int = 10, mode: SearchMode = .hybrid, filterByFormula: String? = nil, fields: [String]? = nil) {
        self.query = query
        self.k = k
        self.mode = mode
        self.filterByFormula = filterByFormula
        self.fields = fields
    }
}
