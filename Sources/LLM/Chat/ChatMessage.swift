/// One turn of a conversation in the provider-neutral chat model.
public struct ChatMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        case system, user, assistant, tool
    }

    public enum Part: Sendable, Hashable {
        case text(String)
        case toolCall(ToolCall)
        case toolResult(ToolResult)
    }

    public var role: Role
    public var parts: [Part]

    public init(role: Role, parts: [Part]) {
        self.role = role
        self.parts = parts
    }

    public static func system(_ text: String) -> ChatMessage {
        ChatMessage(role: .system, parts: [.text(text)])
    }

    public static func user(_ text: String) -> ChatMessage {
        ChatMessage(role: .user, parts: [.text(text)])
    }

    public static func assistant(_ text: String?, toolCalls: [ToolCall] = []) -> ChatMessage {
        let textParts: [Part] = text.map { [.text($0)] } ?? []
        return ChatMessage(role: .assistant, parts: textParts + toolCalls.map { .toolCall($0) })
    }

    public static func toolResult(_ result: ToolResult) -> ChatMessage {
        ChatMessage(role: .tool, parts: [.toolResult(result)])
    }

    /// All text parts joined, or nil when the message has none.
    public var text: String? {
        let texts = parts.compactMap { part -> String? in
            if case .text(let text) = part { return text }
            return nil
        }
        return texts.isEmpty ? nil : texts.joined()
    }

    public var toolCalls: [ToolCall] {
        parts.compactMap { part in
            if case .toolCall(let call) = part { return call }
            return nil
        }
    }

    public var toolResults: [ToolResult] {
        parts.compactMap { part in
            if case .toolResult(let result) = part { return result }
            return nil
        }
    }
}
