import Foundation

/// The opaque `offset` handed out between pages: where the next page starts and how many records
/// were already returned (for `maxRecords`), bound to the table and the query's shape so that
/// an offset cannot be replayed against another listing.
struct ListCursor: Codable, Equatable {
    var tableID: String
    var afterAutoNumber: Int?
    var skip: Int?
    var returned: Int
    var queryHash: String

    private static let prefix = "itr"

    func encoded() -> String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return Self.prefix + data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String, tableID: String, queryHash: String) throws(TesseraError) -> ListCursor {
        var body = String(text.dropFirst(prefix.count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        body += String(repeating: "=", count: (4 - body.count % 4) % 4)
        guard text.hasPrefix(prefix), let data = Data(base64Encoded: body),
              let cursor = try? JSONDecoder().decode(ListCursor.self, from: data),
              cursor.tableID == tableID, cursor.queryHash == queryHash
        else {
            throw TesseraError(.invalidRequest, type: "LIST_RECORDS_ITERATOR_NOT_AVAILABLE",
                "The offset \(text.prefix(40)) is not valid for this listing; restart from the first page")
        }
        return cursor
    }

    /// Identifies the listing an offset belongs to: its filter, sort and view.
    static func queryHash(_ query: ListRecordsQuery) -> String {
        let shape = [query.filterByFormula ?? "", query.view ?? "", query.sort.map { "\($0.field)\($0.ascending)" }.joined(separator: "|")]
        return AuthService.sha256(shape.joined(separator: "\u{1F}")).prefix(16).description
    }
}
