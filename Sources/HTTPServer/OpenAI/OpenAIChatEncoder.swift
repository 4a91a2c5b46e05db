import Foundation
import LLM
import Orchestrator
import TesseraCore

/// Writes answers in OpenAI's Chat Completions shapes: one `chat.completion` object, or
/// `chat.completion.chunk` objects for a stream. One encoder per response (it holds the id).
struct OpenAIChatEncoder {
    let id = "chatcmpl-" + TesseraID.randomCharacters(24)
    let created = Double(Int(Date().timeIntervalSince1970))
    let model: String

    func completion(_ result: ChatTurnResult) -> JSONValue {
        let message = result.response.message
        var body: [String: JSONValue] = [
            "role": "assistant",
            "content": message.text.map(JSONValue.string) ?? .null,
            "refusal": .null,
        ]
        if !message.toolCalls.isEmpty {
            body["tool_calls"] = .array(
                message.toolCalls.map { call in
                    ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
                })
        }
        return [
            "id": .string(id), "object": "chat.completion", "created": .number(created), "model": .string(model),
            "choices": [["index": 0, "message": .object(body), "logprobs": .null, "finish_reason": .string(Self.name(result.response.finishReason))]],
            "usage": Self.usage(result.receipt.usage),
            "system_fingerprint": .null,
        ]
    }

    /// The first chunk: the assistant role, before any content.
    func roleChunk(includeUsage: Bool) -> JSONValue {
        chunk(delta: ["role": "assistant", "content": ""], finishReason: nil, includeUsage: includeUsage)
    }

    /// The chunk for one client-facing event, or nil for events that have none.
    func chunk(for event: ChatStreamEvent, includeUsage: Bool) -> JSONValue? {
        switch event {
        case .textDelta(let text):
            return chunk(delta: ["content": .string(text)], finishReason: nil, includeUsage: includeUsage)
        case .toolCallStart(let index, let id, let name):
            // id, type and name only in a call's first fragment, as OpenAI streams them.
            let call: JSONValue = [
                "index": .number(Double(index)), "id": .string(id), "type": "function",
                "function": ["name": .string(name), "arguments": ""],
            ]
            return chunk(delta: ["tool_calls": [call]], finishReason: nil, includeUsage: includeUsage)
        case .toolCallArgumentsDelta(let index, let fragment):
            let call: JSONValue = ["index": .number(Double(index)), "function": ["arguments": .string(fragment)]]
            return chunk(delta: ["tool_calls": [call]], finishReason: nil, includeUsage: includeUsage)
        case .toolCallEnd, .usage, .finish, .error:
            return nil
        }
    }

    func finishChunk(_ reason: FinishReason, includeUsage: Bool) -> JSONValue {
        chunk(delta: [:], finishReason: reason, includeUsage: includeUsage)
    }

    /// The last chunk when the client asked for usage: no choices, the turn's usage and what
    /// Tessera adds (the answering model and its cost).
    func usageChunk(_ receipt: ChatTurnReceipt) -> JSONValue {
        [
            "id": .string(id), "object": "chat.completion.chunk", "created": .number(created), "model": .string(model),
            "choices": [], "usage": Self.usage(receipt.usage), "system_fingerprint": .null,
            "tessera": ["model": .string(receipt.model), "cost_usd": .number(receipt.usage.costUSD ?? 0), "cache": .string(receipt.cache.rawValue)],
        ]
    }

    private func chunk(delta: JSONValue, finishReason: FinishReason?, includeUsage: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "object": "chat.completion.chunk", "created": .number(created), "model": .string(model),
            "choices": [["index": 0, "delta": delta, "logprobs": .null, "finish_reason": finishReason.map { .string(Self.name($0)) } ?? .null]],
            "system_fingerprint": .null,
        ]
        if includeUsage { object["usage"] = .null }
        return .object(object)
    }

    static func usage(_ usage: Usage) -> JSONValue {
        [
            "prompt_tokens": .number(Double(usage.inputTokens)),
            "completion_tokens": .number(Double(usage.outputTokens)),
            "total_tokens": .number(Double(usage.inputTokens + usage.outputTokens)),
            "prompt_tokens_details": ["cached_tokens": .number(Double(usage.cachedInputTokens))],
        ]
    }

    static func name(_ reason: FinishReason) -> String {
        switch reason {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "tool_calls"
        case .contentFilter: "content_filter"
        // OpenAI clients accept only its own reasons; anything else ended the answer normally.
        case .other: "stop"
        }
    }
}
