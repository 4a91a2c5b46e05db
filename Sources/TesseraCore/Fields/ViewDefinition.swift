import Foundation

/// A view as a client describes it through the views API (Tessera's extension): field names
/// accepted wherever ids are stored. Members left out keep their value on a change.
public struct ViewDefinition: Sendable {
    public var name: String?
    public var type: String?
    /// `.some(nil)` removes the filter.
    public var filterByFormula: String??
    public var sort: [(field: String, ascending: Bool)]?
    public var hiddenFields: [String]?
    public var fieldOrder: [String]?

    public init(json: JSONValue) throws(TesseraError) {
        guard let members = json.objectValue else { throw .invalidRequest("A view must be an object") }
        let known: Set<String> = ["name", "type", "filterByFormula", "sort", "hiddenFields", "fieldOrder"]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalidRequest("Unknown view property \"\(unknown)\"; a view has \(known.sorted().joined(separator: ", "))")
        }
        func strings(_ key: String) throws(TesseraError) -> [String]? {
            guard let value = members[key], !value.isNull else { return nil }
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidRequest("\(key) must be an array of field names or ids")
            }
            return items.compactMap(\.stringValue)
        }
        for key in ["name", "type"] where members[key].map({ !$0.isNull && $0.stringValue == nil }) == true {
            throw .invalidRequest("\(key) must be a string")
        }
        name = members["name"]?.stringValue
        type = members["type"]?.stringValue
        switch members["filterByFormula"] {
        case nil: filterByFormula = nil
        case .null?: filterByFormula = .some(nil)
        case .string(let formula)?: filterByFormula = .some(formula.isEmpty ? nil : formula)
        default: throw .invalidRequest("filterByFormula must be a string or null")
        }
        if let value = members["sort"], !value.isNull {
            guard let items = value.arrayValue else { throw .invalidRequest("sort must be an array of {field, direction}") }
            var sort: [(String, Bool)] = []
            for item in items {
                guard let field = item["field"]?.stringValue else { throw .invalidRequest("Every sort entry needs a field") }
                let direction = item["direction"]?.stringValue ?? "asc"
                guard direction == "asc" || direction == "desc" else { throw .invalidRequest("A sort direction is \"asc\" or \"desc\"") }
                sort.append((field, direction == "asc"))
            }
            self.sort = sort
        }
        hiddenFields = try strings("hiddenFields")
        fieldOrder = try strings("fieldOrder")
    }

    /// `view` changed as described, checked against `table`: names become ids, the filter must
    /// be a valid formula over the table's fields.
    func applied(to view: View, in table: Table) throws(TesseraError) -> View {
        var view = view
        if let name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .invalidRequest("View names must not be empty") }
            view.name = trimmed
        }
        if let type {
            guard View.Kind(rawValue: type) != nil else {
                throw .invalidRequest("Unknown view type \"\(type)\"; views are \(View.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            view.type = type
        }
        if let filterByFormula {
            view.filterFormula = try filterByFormula.map { source throws(TesseraError) in
                let rewritten: String
                do throws(FormulaError) {
                    rewritten = try FormulaReferences.rewrite(source) { table.field(named: $0)?.id }
                } catch {
                    throw TesseraError(.invalidFilter, "The view's filter formula is invalid: \(error.message)")
                }
                _ = try RecordFilter(rewritten, table: table, timeZone: CellRenderer.utc)
                return rewritten
            }
        }
        func ids(_ names: [String]) throws(TesseraError) -> [String] {
            var ids: [String] = []
            for name in names {
                guard let field = table.field(named: name) else { throw TesseraError.unknownField(name) }
                if !ids.contains(field.id) { ids.append(field.id) }
            }
            return ids
        }
        if let sort {
            var sorts: [View.Sort] = []
            for entry in sort { sorts.append(View.Sort(fieldID: try ids([entry.field])[0], ascending: entry.ascending)) }
            view.sorts = sorts
        }
        if let hiddenFields {
            let hidden = try ids(hiddenFields)
            guard !hidden.contains(table.primaryFieldID) else { throw .invalidRequest("The primary field cannot be hidden") }
            view.hiddenFieldIDs = hidden
        }
        if let fieldOrder { view.fieldOrder = try ids(fieldOrder) }
        return view
    }
}
