import TesseraCore

private typealias S = JSONSchemaBuilder

extension ToolContext {
    func commentTools() -> [WorkspaceTool] {
        [listComments(), createComment()]
    }

    private static func present(_ comment: Comment, author: User?) -> JSONValue {
        var object: [String: JSONValue] = ["id": .string(comment.id), "text": .string(comment.text), "createdTime": .string(comment.createdTime.apiTimestamp)]
        if let author { object["author"] = ["id": .string(author.id), "email": .string(author.email), "name": .string(author.name)] }
        return .object(object)
    }

    private func listComments() -> WorkspaceTool {
        WorkspaceTool(
            name: "list_comments", title: "List comments",
            description: "Lists the comments on a record, newest first, with their authors. When more remain, pass nextCursor back as cursor.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "table": Self.tableArgument,
                    "recordId": Self.recordIDArgument,
                    "limit": S.integer("Comments per page.", minimum: 1, maximum: 100, default: 20),
                    "cursor": S.string("nextCursor of the previous page."),
                ], required: ["baseId", "table", "recordId"]),
            output: S.output(["comments": S.list(of: S.anyObject), "nextCursor": S.anyString], required: ["comments"]),
            annotations: .reading
        ) { arguments, principal in
            let page = try await services.records.comments(
                recordID: try arguments.string("recordId"), in: try arguments.tableRef(principal),
                pageSize: try arguments.optionalInt("limit") ?? 20, offset: arguments.optionalString("cursor"))
            var result: [String: JSONValue] = ["comments": .array(page.comments.map { Self.present($0.comment, author: $0.author) })]
            if let offset = page.offset { result["nextCursor"] = .string(offset) }
            return .object(result)
        }
    }

    private func createComment() -> WorkspaceTool {
        WorkspaceTool(
            name: "create_comment", title: "Comment on a record",
            description: "Adds a comment to a record, written as the user this token belongs to.",
            input: S.input(
                [
                    "baseId": Self.baseIDArgument,
                    "table": Self.tableArgument,
                    "recordId": Self.recordIDArgument,
                    "text": S.string("The comment."),
                ], required: ["baseId", "table", "recordId", "text"]),
            output: S.output(["id": S.anyString, "text": S.anyString, "createdTime": S.anyString, "author": S.anyObject], required: ["id", "text"]),
            annotations: .adding
        ) { arguments, principal in
            let (comment, author) = try await services.records.createComment(
                text: try arguments.string("text"), recordID: try arguments.string("recordId"),
                in: try arguments.tableRef(principal))
            return Self.present(comment, author: author)
        }
    }
}
