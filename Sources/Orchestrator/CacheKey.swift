import Crypto
import Foundation
import LLM
import TesseraCore

/// SHA-256 of a normalized request: everything that can change the answer, including who asks
/// (answers may hold data only they can see) and, for turns over a base, the position of the
/// events log (so no answer outlives a write to the data).
struct CacheKey: Hashable, Sendable {
    let digest: SHA256Digest

    /// The key of the whole turn, for the exact-match cache.
    static func exact(_ turn: ChatTurn, principal: Principal, dataVersion: Int64?) -> CacheKey {
        CacheKey(hashing: scope(turn, principal: principal, dataVersion: dataVersion) + [messagesJSON(turn.chat.messages)])
    }

    /// The key of everything but the last user message, for the semantic cache: a hit needs the
    /// same conversation before it and a similar last question.
    static func conversation(_ turn: ChatTurn, principal: Principal, dataVersion: Int64?) -> CacheKey {
        CacheKey(hashing: scope(turn, principal: principal, dataVersion: dataVersion) + [messagesJSON(Array(turn.chat.messages.dropLast()))])
    }

    private init(hashing parts: [JSONValue]) {
        let text = JSONValue.array(parts).jsonString()
        digest = SHA256.hash(data: Data(text.utf8))
    }

    private static func scope(_ turn: ChatTurn, principal: Principal, dataVersion: Int64?) -> [JSONValue] {
        let request = turn.chat
        return [
            .string(principal.userID), principal.tokenID.map(JSONValue.string) ?? .null,
            .string(request.model), turn.baseID.map(JSONValue.string) ?? .null, .bool(turn.retrieval),
            dataVersion.map { .number(Double($0)) } ?? .null,
            .array(request.tools.map { ["name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters] }),
            .string(String(describing: request.toolChoice)),
            [
                "temperature": request.options.temperature.map(JSONValue.number) ?? .null,
                "topP": request.options.topP.map(JSONValue.number) ?? .null,
                "maxOutputTokens": request.options.maxOutputTokens.map { .number(Double($0)) } ?? .null,
                "stop": .array(request.options.stopSequences.map(JSONValue.string)),
                "seed": request.options.seed.map { .number(Double($0)) } ?? .null,
            ],
        ]
    }

    private static func messagesJSON(_ messages: [ChatMessage]) -> JSONValue {
        .array(
            messages.map { message in
                [
                    "role": .string(message.role.rawValue),
                    "parts": .array(
                        message.parts.map { part -> JSONValue in
                            switch part {
                            case .text(let text):
                                ["text": .string(text)]
                            case .toolCall(let call):
                                ["call": .string(call.id), "name": .string(call.name), "arguments": .string(call.arguments)]
                            case .toolResult(let result):
                                ["result": .string(result.callID), "content": .string(result.content), "error": .bool(result.isError)]
                            }
                        }),
                ]
            })
    }
}
