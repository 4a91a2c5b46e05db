import Foundation

/// The URIs of Tessera's MCP resources.
enum TesseraResourceURI: Equatable {
    case schema(baseID: String, tableID: String)
    case records(baseID: String, tableID: String, formula: String?)

    static let schemaTemplate = "tessera://bases/{baseId}/tables/{tableId}/schema"
    static let recordsTemplate = "tessera://bases/{baseId}/tables/{tableId}/records{?formula}"

    init?(_ text: String) {
        guard let components = URLComponents(string: text), components.scheme == "tessera", components.host == "bases" else { return nil }
        let parts = components.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard parts.count == 4, parts[1] == "tables", !parts[0].isEmpty, !parts[2].isEmpty else { return nil }
        switch parts[3] {
        case "schema" where components.query == nil:
            self = .schema(baseID: parts[0], tableID: parts[2])
        case "records":
            let items = components.queryItems ?? []
            guard items.allSatisfy({ $0.name == "formula" }), items.count <= 1 else { return nil }
            self = .records(baseID: parts[0], tableID: parts[2], formula: items.first?.value.flatMap { $0.isEmpty ? nil : $0 })
        default:
            return nil
        }
    }

    var text: String {
        switch self {
        case .schema(let baseID, let tableID):
            return "tessera://bases/\(baseID)/tables/\(tableID)/schema"
        case .records(let baseID, let tableID, let formula):
            var components = URLComponents()
            components.scheme = "tessera"
            components.host = "bases"
            components.path = "/\(baseID)/tables/\(tableID)/records"
            if let formula { components.queryItems = [URLQueryItem(name: "formula", value: formula)] }
            return components.string ?? ""
        }
    }
}
