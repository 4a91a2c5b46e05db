import Search
import TesseraCore

private typealias S = JSONSchemaBuilder

extension ToolContext {
    static let defaultSearchResults = 10

    func searchRecords() -> WorkspaceTool {
        // The service enforces the configured limit; the schema states the default one.
        let maxResults = SearchConfiguration().maxResults
        return WorkspaceTool(
            name: "search_records", title: "Search records",
            description:
                "Finds the records of a table that best match a query, best first. mode \"semantic\" matches meaning (embeddings), \"keyword\" matches words, \"hybrid\" (the default) fuses both. Combine with filterByFormula to search only matching records. Each record comes with its score and rank.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "table": Self.tableArgument,
                    "query": S.string("What to look for, in natural language or keywords."),
                    "mode": S.string("How to rank.", oneOf: SearchMode.allCases.map(\.rawValue)),
                    "k": S.integer("How many records to return.", minimum: 1, maximum: maxResults, default: Self.defaultSearchResults),
                    "filterByFormula": Self.formulaArgument,
                    "fields": Self.fieldsArgument,
                ], required: ["baseId", "table", "query"]),
            output: S.output(["mode": S.anyString, "records": S.list(of: S.anyObject)], required: ["records"]),
            annotations: .reading
        ) { arguments, principal in
            let request = SearchRequest(
                query: try arguments.string("query"), k: try arguments.optionalInt("k") ?? Self.defaultSearchResults,
                mode: arguments.optionalString("mode").flatMap(SearchMode.init(rawValue:)) ?? .hybrid,
                filterByFormula: arguments.optionalString("filterByFormula"), fields: arguments.optionalStrings("fields"))
            return try await search.search(request, in: try arguments.tableRef(principal)).json()
        }
    }
}
