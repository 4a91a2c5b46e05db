import Foundation
import HTTPTypes
import Hummingbird
import LLM
import Logging
import NIOCore
import Orchestrator
import TesseraCore

/// `/v1`: the OpenAI-compatible API. Chat completions (streamed or not) through the
/// orchestrator, embeddings, and the model list.
struct OpenAIController {
    let orchestrator: Orchestrator

    static let modelHeader = HTTPField.Name("X-Tessera-Model")!
    static let costHeader = HTTPField.Name("X-Tessera-Cost-USD")!
    static let cacheHeader = HTTPField.Name("X-Tessera-Cache")!

    func addRoutes(to group: RouterGroup<TesseraRequestContext>) {
        group.post("chat/completions", use: chatCompletions)
        group.post("embeddings", use: embeddings)
        group.get("models", use: models)
        group.get("models/{id}", use: model)
    }

    @Sendable func chatCompletions(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let chat = try OpenAIChatRequest(body: try await request.jsonObject(context: context), headers: request.headers)
        let principal = try context.requirePrincipal()
        guard chat.stream else {
            let result = try await orchestrator.complete(chat.turn, as: principal)
            let encoder = OpenAIChatEncoder(model: result.receipt.model)
            var headers = Self.headers(model: result.receipt.model, cache: result.receipt.cache)
            headers[Self.costHeader] = String(format: "%.8f", result.receipt.usage.costUSD ?? 0)
            return .json(encoder.completion(result), headers: headers)
        }
        let stream = try await orchestrator.stream(chat.turn, as: principal)
        var headers = Self.headers(model: stream.model, cache: nil)
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        let includeUsage = chat.includeUsage
        let logger = context.logger
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let encoder = OpenAIChatEncoder(model: stream.model)
                try await writer.write(Self.event(encoder.roleChunk(includeUsage: includeUsage)))
                do {
                    for try await event in stream.events {
                        switch event {
                        case .chat(let chatEvent):
                            if let chunk = encoder.chunk(for: chatEvent, includeUsage: includeUsage) {
                                try await writer.write(Self.event(chunk))
                            }
                        case .finished(let reason, let receipt):
                            try await writer.write(Self.event(encoder.finishChunk(reason, includeUsage: includeUsage)))
                            if includeUsage { try await writer.write(Self.event(encoder.usageChunk(receipt))) }
                        }
                    }
                    try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                } catch {
                    // Headers are sent: the failure goes into the stream as OpenAI reports it there.
                    logger.warning("chat stream failed", metadata: ["error": "\(error)"])
                    try await writer.write(Self.event(OpenAIFailure(error).envelope))
                }
                try await writer.finish(nil)
            })
    }

    @Sendable func embeddings(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        var request = request
        let body = try await request.jsonObject(context: context)
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw OpenAIRequestError("you must provide a model parameter", param: "model")
        }
        let texts: [String]
        switch body["input"] {
        case .string(let text): texts = [text]
        case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.stringValue != nil }): texts = items.compactMap(\.stringValue)
        default: throw OpenAIRequestError("input must be a string or a non-empty array of strings (token arrays are not supported)", param: "input")
        }
        guard texts.count <= 2048 else { throw OpenAIRequestError("input may hold at most 2048 texts", param: "input") }
        let format = body["encoding_format"]?.stringValue ?? "float"
        guard format == "float" || format == "base64" else {
            throw OpenAIRequestError("encoding_format must be float or base64", param: "encoding_format")
        }
        var dimensions: Int?
        if let value = body["dimensions"], !value.isNull {
            guard let number = value.numberValue, let whole = Int(exactly: number), whole > 0 else {
                throw OpenAIRequestError("dimensions must be a positive integer", param: "dimensions")
            }
            dimensions = whole
        }
        let output = try await orchestrator.embed(
            texts, model: model, dimensions: dimensions, workspaceID: request.headers[OpenAIChatRequest.workspaceHeader],
            as: context.requirePrincipal())
        let data: [JSONValue] = output.vectors.enumerated().map { index, vector in
            [
                "object": "embedding", "index": .number(Double(index)),
                "embedding": format == "base64" ? .string(Self.base64(vector)) : .array(vector.map { .number(Double($0)) }),
            ]
        }
        return .json(
            [
                "object": "list", "data": .array(data), "model": .string(output.model),
                "usage": ["prompt_tokens": .number(Double(output.inputTokens)), "total_tokens": .number(Double(output.inputTokens))],
            ], headers: [Self.modelHeader: output.model, Self.costHeader: String(format: "%.8f", output.costUSD ?? 0)])
    }

    @Sendable func models(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        return .json(["object": "list", "data": .array(catalogEntries().map(\.json))])
    }

    @Sendable func model(_ request: Request, context: TesseraRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.decoded("id")
        guard let entry = catalogEntries().first(where: { $0.id == id }) else {
            throw TesseraError.notFound("The model '\(id)' does not exist")
        }
        return .json(entry.json)
    }

    /// The local embedding model, the catalog's routes and models (by `provider/model`).
    private func catalogEntries() -> [ModelEntry] {
        let catalog = orchestrator.catalog
        var entries: [ModelEntry] = []
        if let local = orchestrator.localEmbeddingModel { entries.append(ModelEntry(id: local, ownedBy: "tessera")) }
        entries += catalog.routes.keys.sorted().map { ModelEntry(id: $0, ownedBy: "tessera") }
        entries += catalog.models.map { ModelEntry(id: $0.qualifiedName, ownedBy: $0.provider) }
        return entries
    }

    private struct ModelEntry {
        let id: String
        let ownedBy: String

        var json: JSONValue {
            ["id": .string(id), "object": "model", "created": 0, "owned_by": .string(ownedBy)]
        }
    }

    private static func headers(model: String, cache: CacheOutcome?) -> HTTPFields {
        var headers: HTTPFields = [modelHeader: model]
        if let cache { headers[cacheHeader] = cache.rawValue }
        return headers
    }

    private static func event(_ value: JSONValue) -> ByteBuffer {
        ByteBuffer(string: "data: " + value.jsonString() + "\n\n")
    }

    /// Little-endian float32 bytes, base64: what the openai SDKs decode by default.
    static func base64(_ vector: [Float]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }
}
