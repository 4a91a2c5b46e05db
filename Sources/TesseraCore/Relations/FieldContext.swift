/// Where a new or changed field lives: its table (with the fields it has so far) and the base's
/// other tables. Links, lookups, rollups, counts and formulas resolve their references here.
public struct FieldContext: Sendable {
    public let schema: BaseSchema
    public let table: Table

    public init(schema: BaseSchema, table: Table) {
        self.schema = schema
        self.table = table
    }

    /// A table of the base, or the one being made.
    func table(_ idOrName: String) -> Table? {
        if idOrName == table.id || idOrName == table.name { return table }
        return schema.table(id: idOrName) ?? schema.tables.first { $0.name == idOrName }
    }

    /// Options as the schema API returns them (Airtable's, plus the rollup's `formula`), names
    /// accepted wherever an id is expected.
    func relationalOptions(_ given: JSONValue?, for type: FieldType, fieldName: String) throws(TesseraError) -> JSONValue {
        let options = given?.objectValue ?? [:]
        func invalid(_ reason: String) -> TesseraError {
            .invalidRequest("Field \"\(fieldName)\" (\(type.rawValue)): \(reason)")
        }
        func string(_ key: String) throws(TesseraError) -> String {
            guard let value = options[key]?.stringValue, !value.isEmpty else { throw invalid("options.\(key) is required") }
            return value
        }
        switch type {
        case .multipleRecordLinks:
            let linkedName = try string("linkedTableId")
            guard let linked = self.table(linkedName) else { throw invalid("no table \"\(linkedName)\" in this base; links stay within a base") }
            let prefersSingle = options["prefersSingleRecordLink"]?.boolValue ?? false
            // The inverse field is made beside this one; it names this field back.
            return LinkOptions(linkedTableID: linked.id, inverseFieldID: TesseraID.make(.field), prefersSingleRecordLink: prefersSingle).json
        case .multipleLookupValues, .rollup, .count:
            let link = try linkField(try string("recordLinkFieldId"), invalid)
            var result: [String: JSONValue] = ["isValid": true, "recordLinkFieldId": .string(link.field.id)]
            guard type != .count else { return .object(result) }
            let targetName = try string("fieldIdInLinkedTable")
            guard let target = link.linked.field(named: targetName) else {
                throw invalid("table \"\(link.linked.name)\" has no field \"\(targetName)\"")
            }
            result["fieldIdInLinkedTable"] = .string(target.id)
            if type == .multipleLookupValues {
                result["result"] = ResultType.of(target, schema: schema, in: link.linked).json
                return .object(result)
            }
            let aggregation = options["formula"]?.stringValue ?? "ARRAYJOIN(values)"
            let formula: Formula
            do {
                formula = try Formula(aggregation)
                try formula.validateFieldNames(["values"])
            } catch {
                throw invalid("the rollup formula \(aggregation) is not valid: \(error.message)")
            }
            result["formula"] = .string(aggregation)
            result["referencedFieldIds"] = [.string(target.id)]
            result["result"] = ResultType.infer(formula.expression, values: ResultType.of(target, schema: schema, in: link.linked)) { _ in nil }.json
            return .object(result)
        case .formula:
            let source = try string("formula")
            let rewritten: String
            let formula: Formula
            do {
                rewritten = try FormulaReferences.rewrite(source) { name in table.field(named: name)?.id }
                formula = try Formula(rewritten)
                try formula.validateFieldNames(Set(table.fields.map(\.id)))
            } catch {
                throw TesseraError(.invalidRequest, "Field \"\(fieldName)\": the formula is not valid: \(error.message)")
            }
            let referenced = table.fields.filter { formula.referencedFieldNames.contains($0.id) }
            return [
                "isValid": true, "formula": .string(rewritten),
                "referencedFieldIds": .array(referenced.map { .string($0.id) }),
                "result": ResultType.infer(formula.expression, values: nil) { id in
                    table.field(id: id).map { ResultType.of($0, schema: schema, in: table) }
                }.json,
            ]
        default:
            throw invalid("is not a relational field type")
        }
    }

    private func linkField(_ name: String, _ invalid: (String) -> TesseraError) throws(TesseraError) -> (field: Field, linked: Table) {
        guard let field = table.field(named: name) else { throw invalid("table \"\(table.name)\" has no field \"\(name)\"") }
        guard let options = LinkOptions(field), let linked = self.table(options.linkedTableID) else {
            throw invalid("\"\(field.name)\" is not a link to another record (multipleRecordLinks)")
        }
        return (field, linked)
    }
}
