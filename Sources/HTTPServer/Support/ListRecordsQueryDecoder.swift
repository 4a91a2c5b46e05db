import Foundation
import TesseraCore

/// Reads list-records options from a query string (`fields[]=…&sort[0][field]=…`) or from the
/// JSON body of `POST …/listRecords`. Unknown options are refused, so typos do not pass silently.
enum ListRecordsQueryDecoder {
    static func decode(queryString: String?) throws -> ListRecordsQuery {
        var query = ListRecordsQuery()
        var sorts: [Int: (field: String?, direction: String?)] = [:]
        for (key, value) in QueryString.pairs(queryString) {
            switch key {
            case "pageSize": query.pageSize = try integer(value, key)
            case "maxRecords": query.maxRecords = try integer(value, key)
            case "offset": query.offset = value
            case "view": query.view = value
            case "filterByFormula": query.filterByFormula = value
            case "cellFormat": query.cellFormat = try cellFormat(value)
            case "timeZone": query.timeZone = try timeZone(value)
            case "userLocale": query.userLocale = Locale(identifier: value)
            case "returnFieldsByFieldId": query.returnFieldsByFieldID = try boolean(value, key)
            case "recordMetadata[]", "recordMetadata": try recordMetadata([value], into: &query)
            case "fields[]", "fields": query.fields = (query.fields ?? []) + [value]
            default:
                if let (index, part) = sortKey(key) {
                    if part == "field" { sorts[index, default: (nil, nil)].field = value } else { sorts[index, default: (nil, nil)].direction = value }
                } else if key.hasPrefix("fields[") {
                    query.fields = (query.fields ?? []) + [value]
                } else {
                    throw TesseraError.invalidRequest("Unknown query parameter \"\(key)\"")
                }
            }
        }
        for index in sorts.keys.sorted() {
            guard let field = sorts[index]!.field else { throw TesseraError.invalidRequest("sort[\(index)] needs a field") }
            query.sort.append(.init(field: field, ascending: try ascending(sorts[index]!.direction)))
        }
        return query
    }

    static func decode(body: JSONValue) throws -> ListRecordsQuery {
        var query = ListRecordsQuery()
        for (key, value) in body.objectValue ?? [:] where !value.isNull {
            switch key {
            case "pageSize": query.pageSize = try integer(value, key)
            case "maxRecords": query.maxRecords = try integer(value, key)
            case "offset": query.offset = try string(value, key)
            case "view": query.view = try string(value, key)
            case "filterByFormula": query.filterByFormula = try string(value, key)
            case "cellFormat": query.cellFormat = try cellFormat(try string(value, key))
            case "timeZone": query.timeZone = try timeZone(try string(value, key))
            case "userLocale": query.userLocale = Locale(identifier: try string(value, key))
            case "returnFieldsByFieldId":
                guard let flag = value.boolValue else { throw TesseraError.invalidRequest("returnFieldsByFieldId must be a boolean") }
                query.returnFieldsByFieldID = flag
            case "recordMetadata": try recordMetadata(try strings(value, key), into: &query)
            case "fields": query.fields = try strings(value, key)
            case "sort":
                guard let items = value.arrayValue else { throw TesseraError.invalidRequest("sort must be an array of {field, direction}") }
                for item in items {
                    guard let field = item["field"]?.stringValue else { throw TesseraError.invalidRequest("Every sort entry needs a field") }
                    query.sort.append(.init(field: field, ascending: try ascending(item.optionalString("direction"))))
                }
            default:
                throw TesseraError.invalidRequest("Unknown parameter \"\(key)\"")
            }
        }
        return query
    }

    /// The options of getting one record: how cells are shown and keyed.
    static func decodeRecordOptions(queryString: String?) throws -> ListRecordsQuery {
        var query = ListRecordsQuery()
        for (key, value) in QueryString.pairs(queryString) {
            switch key {
            case "cellFormat": query.cellFormat = try cellFormat(value)
            case "timeZone": query.timeZone = try timeZone(value)
            case "userLocale": query.userLocale = Locale(identifier: value)
            case "returnFieldsByFieldId": query.returnFieldsByFieldID = try boolean(value, key)
            default: throw TesseraError.invalidRequest("Unknown query parameter \"\(key)\"")
            }
        }
        return try query.validated()
    }

    // MARK: - Values

    private static func sortKey(_ key: String) -> (Int, String)? {
        // sort[0][field] / sort[0][direction]
        let parts = key.split(whereSeparator: { $0 == "[" || $0 == "]" }).map(String.init)
        guard parts.count == 3, parts[0] == "sort", let index = Int(parts[1]), ["field", "direction"].contains(parts[2]) else { return nil }
        return (index, parts[2])
    }

    private static func ascending(_ direction: String?) throws -> Bool {
        switch direction ?? "asc" {
        case "asc": return true
        case "desc": return false
        default: throw TesseraError.invalidRequest("Sort direction must be \"asc\" or \"desc\", got \"\(direction ?? "")\"")
        }
    }

    private static func integer(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text) else { throw TesseraError.invalidRequest("\(name) must be an integer, got \"\(text)\"") }
        return value
    }

    private static func integer(_ value: JSONValue, _ name: String) throws -> Int {
        guard let number = value.numberValue, number == number.rounded(), abs(number) < 1e9 else {
            throw TesseraError.invalidRequest("\(name) must be an integer")
        }
        return Int(number)
    }

    /// A query flag: `true`/`false` in any case, or `1`/`0`.
    private static func boolean(_ text: String, _ name: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw TesseraError.invalidRequest("\(name) must be true or false")
        }
    }

    private static func string(_ value: JSONValue, _ name: String) throws -> String {
        guard let text = value.stringValue else { throw TesseraError.invalidRequest("\(name) must be a string") }
        return text
    }

    private static func strings(_ value: JSONValue, _ name: String) throws -> [String] {
        guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
            throw TesseraError.invalidRequest("\(name) must be an array of strings")
        }
        return items.compactMap(\.stringValue)
    }

    private static func cellFormat(_ text: String) throws -> CellRenderer.Format {
        guard let format = CellRenderer.Format(rawValue: text) else { throw TesseraError.invalidRequest("cellFormat must be \"json\" or \"string\"") }
        return format
    }

    private static func timeZone(_ text: String) throws -> TimeZone {
        guard let zone = TimeZone(identifier: text) else { throw TesseraError.invalidRequest("Unknown timeZone \"\(text)\"") }
        return zone
    }

    private static func recordMetadata(_ values: [String], into query: inout ListRecordsQuery) throws {
        for value in values {
            guard value == "commentCount" else { throw TesseraError.invalidRequest("recordMetadata supports only \"commentCount\"") }
            query.includeCommentCount = true
        }
    }
}

/// Raw query string parsing with percent and `+` decoding, keeping repeated keys in order.
enum QueryString {
    static func pairs(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
