import Hummingbird
import Search
import TesseraCore

/// `/v0/{baseId}/{tableIdOrName}/search`: semantic, keyword and hybrid search (a Tessera
/// extension of the Airtable API), and the state of the table's index.
struct SearchController {
    let search: SearchService

    func addRoutes(to group: RouterGroup<TesseraRequestContext>) {
        group.post("{baseId}/{table}/search", use: run)
        group.get("{baseId}/{table}/search/status", use: status)
    }

    @Sendable func run(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(context: context)
        try body.requireOnly(["query", "k", "mode", "filterByFormula", "fields", "view"])
        guard let query = body["query"]?.stringValue else { throw TesseraError.invalidRequest("\"query\" must be a string") }
        var searchRequest = SearchRequest(query: query)
        if let k = body["k"], !k.isNull {
            guard let number = k.numberValue, number == number.rounded(), let whole = Int(exactly: number) else {
                throw TesseraError.invalidRequest("\"k\" must be a whole number")
            }
            searchRequest.k = whole
        }
        if let mode = body["mode"], !mode.isNull {
            guard let name = mode.stringValue, let parsed = SearchMode(rawValue: name) else {
                throw TesseraError.invalidRequest("\"mode\" must be one of: semantic, keyword, hybrid")
            }
            searchRequest.mode = parsed
        }
        if let formula = body["filterByFormula"], !formula.isNull {
            guard let text = formula.stringValue else { throw TesseraError.invalidRequest("\"filterByFormula\" must be a string") }
            searchRequest.filterByFormula = text
        }
        if let view = body["view"], !view.isNull {
            guard let name = view.stringValue else { throw TesseraError.invalidRequest("\"view\" must be a view's name or id") }
            searchRequest.view = name
        }
        if let fields = body["fields"], !fields.isNull {
            guard let items = fields.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw TesseraError.invalidRequest("\"fields\" must be a list of field names or ids")
            }
            searchRequest.fields = items.compactMap(\.stringValue)
        }
        let results = try await search.search(
            searchRequest, in: context.tableRef())
        return .json(results.json())
    }

    @Sendable func status(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let status = try await search.status(
            in: context.tableRef())
        return .json(status.json())
    }
}
