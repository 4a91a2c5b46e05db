import TesseraCore

/// The fields an upsert merges on, as one key: the fields' ids in a fixed order, and for each
/// record the text of its values in that order. Equal values give equal text (numbers are read
/// as numbers, so 1 and 1.0 agree); a blank or non-scalar value gives no key and matches nothing,
/// as a NULL matches nothing in SQL.
struct MergeKeySet: Hashable, Sendable {
    let fieldIDs: [String]

    /// Refuses ids that are not field ids: they reach SQL as values, but also name the set.
    init(_ fieldIDs: [String]) throws(TesseraError) {
        guard !fieldIDs.isEmpty, fieldIDs.allSatisfy({ TesseraID.isValid($0, .field) }) else {
            throw TesseraError.invalidRequest("Invalid merge fields \(fieldIDs.joined(separator: ", "))")
        }
        self.fieldIDs = Array(Set(fieldIDs)).sorted()
    }

    init(stored name: String) {
        fieldIDs = name.split(separator: ",").map(String.init)
    }

    /// How the set is stored: its ids joined by commas.
    var name: String { fieldIDs.joined(separator: ",") }

    func key(of cells: [String: JSONValue]) -> String? {
        var values: [JSONValue] = []
        for fieldID in fieldIDs {
            switch cells[fieldID] {
            case .string(let text)?: values.append(.string(text))
            case .number(let number)?: values.append(.number(number == 0 ? 0 : number)) // -0 is 0
            case .bool(let flag)?: values.append(.bool(flag))
            default: return nil
            }
        }
        return JSONValue.array(values).jsonString()
    }
}
