import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TesseraCore
import TesseraTesting
import Testing

/// `/openapi.json` is served, is OpenAPI 3.1, and lists exactly the routes the router has.
@Suite struct OpenAPIDocumentTests {
    /// The router's parameter names as the document spells them.
    static let documentedParameterNames = [
        "table": "tableIdOrName", "record": "recordId", "comment": "commentId", "field": "fieldIdOrName", "id": "model",
    ]
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    @Test func isServedWithoutAuthenticationAsOpenAPI31() async throws {
        let (harness, app) = try await APITestHarness.make()
        defer { harness.world.remove() }
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let document = try JSONValue.parse(Data(response.body.readableBytesView))
            #expect(document["openapi"]?.stringValue?.hasPrefix("3.1.") == true)
            #expect(document["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"]?.stringValue == "bearer")
        }
    }

    @Test func documentsEveryRouteAndNoOther() async throws {
        let (harness, router) = try await APITestHarness.makeFullRouter()
        defer { harness.world.remove() }
        let routed = Set(router.routes.map { "\($0.method.rawValue) \(Self.documentedPath($0.path))" })
        let document = try await Self.servedDocument(harness)
        let documented = Set(Self.operations(document).map { "\($0.method.uppercased()) \($0.path)" })
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from openapi.json")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations the router does not have")
        #expect(routed.count > 30)
    }

    @Test func everyPathTemplateParameterIsDeclared() async throws {
        let (harness, _) = try await APITestHarness.make()
        defer { harness.world.remove() }
        let document = try await Self.servedDocument(harness)
        for (path, method, operation, pathItem) in Self.operations(document) {
            let declared = Set(
                ((pathItem["parameters"]?.arrayValue ?? []) + (operation["parameters"]?.arrayValue ?? []))
                    .map { Self.resolve($0, in: document) }
                    .filter { $0["in"]?.stringValue == "path" && $0["required"]?.boolValue == true }
                    .compactMap { $0["name"]?.stringValue })
            let templated = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            #expect(declared == templated, "\(method.uppercased()) \(path)")
        }
    }

    // MARK: - Helpers

    static func servedDocument(_ harness: APITestHarness) async throws -> JSONValue {
        let app = buildApplication(services: harness.world.services, search: harness.search, configuration: .unlimited, logger: .init(label: "test"))
        return try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { try JSONValue.parse(Data($0.body.readableBytesView)) }
        }
    }

    static func documentedPath(_ path: RouterPath) -> String {
        "/"
            + path.map { element in
                let text = element.description
                guard text.hasPrefix("{"), text.hasSuffix("}") else { return text }
                let name = String(text.dropFirst().dropLast())
                return "{\(documentedParameterNames[name] ?? name)}"
            }.joined(separator: "/")
    }

    static func operations(_ document: JSONValue) -> [(path: String, method: String, operation: JSONValue, pathItem: JSONValue)] {
        (document["paths"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.flatMap { path, item in
            (item.objectValue ?? [:]).filter { methods.contains($0.key) }.map { (path, $0.key, $0.value, item) }
        }
    }

    /// A `$ref` to `#/components/…` replaced by what it names.
    static func resolve(_ value: JSONValue, in document: JSONValue) -> JSONValue {
        guard let reference = value["$ref"]?.stringValue, reference.hasPrefix("#/") else { return value }
        return reference.dropFirst(2).split(separator: "/").reduce(document) { node, key in node[String(key)] ?? .null }
    }
}
