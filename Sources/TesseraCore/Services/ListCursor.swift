import Foundation

/// The opaque `offset` handed out between pages: where the next page starts and how many records
/// were already returned (for `maxRecords`), bound to the table and the query's shape, signed so
/// that it cannot be forged, and good for `lifetime` as Airtable's iterators are.
struct ListCursor: Codable, Equatable {
    var tableID: String
    var afterAutoNumber: Int?
    var skip: Int?
    var returned: Int
    var queryHash: String
    /// Seconds since 1970 when the cursor was made.
    var issued: Int

    static let purpose = "records.list"
    /// Long enough to page through any table at Airtable's 5 requests per second.
    static let lifetime: TimeInterval = 3600

    init(tableID: String, afterAutoNumber: Int?, skip: Int?, returned: Int, queryHash: String, issued: Date = Date()) {
        self.tableID = tableID
        self.afterAutoNumber = afterAutoNumber
        self.skip = skip
        self.returned = returned
        self.queryHash = queryHash
        self.issued = Int(issued.timeIntervalSince1970)
    }

    func encoded(with seal: CursorSeal) -> String {
        seal.seal((try? JSONEncoder().encode(self)) ?? Data(), purpose: Self.purpose)
    }

    /// The cursor in `text`, if this server signed it for this listing within its lifetime and
    /// every count in it is sane; anything else is Airtable's 422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE.
    static func decode(_ text: String, tableID: String, queryHash: String, seal: CursorSeal, now: Date = Date()) throws(TesseraError) -> ListCursor {
        guard let payload = seal.open(text, purpose: purpose),
            let cursor = try? JSONDecoder().decode(ListCursor.self, from: payload),
            cursor.tableID == tableID, cursor.queryHash == queryHash,
            cursor.returned >= 0, (cursor.skip ?? 0) >= 0, (cursor.afterAutoNumber ?? 0) >= 0
        else {
            throw notAvailable("The offset \(text.prefix(40)) is not valid for this listing; restart from the first page")
        }
        let age = now.timeIntervalSince1970 - Double(cursor.issued)
        guard age >= -60, age <= lifetime else {
            throw notAvailable("The offset has expired; restart from the first page")
        }
        return cursor
    }

    /// Identifies the listing an offset belongs to: its filter, sort and view.
    static func queryHash(_ query: ListRecordsQuery) -> String {
        let shape = [query.filterByFormula ?? "", query.view ?? "", query.sort.map { "\($0.field)\($0.ascending)" }.joined(separator: "|")]
        return AuthService.sha256(shape.joined(separator: "\u{1F}")).prefix(16).description
    }

    private static func notAvailable(_ message: String) -> TesseraError {
        TesseraError(.iteratorNotAvailable, message)
    }
}
