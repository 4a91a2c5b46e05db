import Foundation
import Hummingbird
import TesseraCore

/// `/v0/{baseId}/{tableIdOrName}/{recordId}/comments`.
struct CommentsController {
    let records: RecordService

    func addRoutes(to group: RouterGroup<TesseraRequestContext>) {
        group.get("{baseId}/{table}/{record}/comments", use: list)
        group.post("{baseId}/{table}/{record}/comments", use: create)
        group.patch("{baseId}/{table}/{record}/comments/{comment}", use: update)
        group.delete("{baseId}/{table}/{record}/comments/{comment}", use: delete)
    }

    @Sendable func list(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var pageSize = 100
        var offset: String?
        for (key, value) in QueryString.pairs(request.uri.query) {
            switch key {
            case "pageSize":
                guard let size = Int(value) else { throw TesseraError.invalidRequest("pageSize must be an integer") }
                pageSize = size
            case "offset": offset = value
            default: throw TesseraError.invalidRequest("Unknown query parameter \"\(key)\"")
            }
        }
        let page = try await records.comments(
            recordID: context.parameters.decoded("record"), in: context.tableRef(), pageSize: pageSize, offset: offset)
        var body: [String: JSONValue] = ["comments": .array(page.comments.map { Self.json($0.comment, author: $0.author) })]
        body["offset"] = page.offset.map(JSONValue.string) ?? .null
        return .json(.object(body))
    }

    @Sendable func create(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let (comment, author) = try await records.createComment(
            text: Self.text(request, context), recordID: context.parameters.decoded("record"),
            in: context.tableRef())
        return .json(Self.json(comment, author: author))
    }

    @Sendable func update(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let (comment, author) = try await records.updateComment(
            id: context.parameters.decoded("comment"), text: Self.text(request, context), recordID: context.parameters.decoded("record"),
            in: context.tableRef())
        return .json(Self.json(comment, author: author))
    }

    @Sendable func delete(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        let id = try context.parameters.decoded("comment")
        try await records.deleteComment(
            id: id, recordID: context.parameters.decoded("record"), in: context.tableRef())
        return .json(["id": .string(id), "deleted": true])
    }

    private static func text(_ request: Request, _ context: TesseraRequestContext) async throws -> String {
        var request = request
        let body = try await request.jsonObject(context: context)
        try body.requireOnly(["text"])
        guard let text = body["text"]?.stringValue else { throw TesseraError.invalidRequest("A comment needs a \"text\" string") }
        return text
    }

    private static func json(_ comment: Comment, author: User?) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(comment.id),
            "text": .string(comment.text),
            "createdTime": .string(comment.createdTime.apiTimestamp),
            "lastUpdatedTime": comment.lastUpdatedTime.map { .string($0.apiTimestamp) } ?? .null,
        ]
        if let author {
            object["author"] = ["id": .string(author.id), "email": .string(author.email), "name": .string(author.name)]
        }
        return .object(object)
    }
}
