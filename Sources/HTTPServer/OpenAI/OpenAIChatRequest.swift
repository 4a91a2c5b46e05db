import HTTPTypes
import Hummingbird
import LLM
import Orchestrator
import TesseraCore

/// A `POST /v1/chat/completions` body read into a chat turn. Parameters OpenAI accepts but that
/// change nothing here (`user`, `metadata`, `store`, `parallel_tool_calls`, penalties, …) are
/// ignored, as other compatible servers do; ones that would change the answer and cannot be
/// honoured (`n` > 1, non-text content) are refused.
struct OpenAIChatRequest {
    var turn: ChatTurn
    var stream: Bool
    var includeUsage: Bool

    init(body: JSONValue, headers: HTTPFields) throws {
        guard let model = body["model"]?.stringValue, !model.isEmpty else {
            throw OpenAIRequestError("you must provide a model parameter", param: "model")
        }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else {
            throw OpenAIRequestError("messages must be a non-empty array", param: "messages")
        }
        if let n = body["n"], !n.isNull, n.numberValue != 1 {
            throw OpenAIRequestError("only n = 1 is supported", param: "n")
        }
        var chat = ChatRequest(model: model, messages: try messages.enumerated().map { try Self.message($1, at: $0) })
        chat.tools = try (Self.optional(body, "tools")?.arrayValue ?? []).enumerated().map { try Self.tool($1, at: $0) }
        chat.toolChoice = try Self.toolChoice(body["tool_choice"])
        chat.options = try Self.options(body)

        let tessera = body["tessera"]?.objectValue ?? [:]
        if let unknown = tessera.keys.sorted().first(where: { !Self.tesseraOptions.contains($0) }) {
            throw OpenAIRequestError(
                "tessera.\(unknown) is not an option; use \(Self.tesseraOptions.sorted().joined(separator: ", "))", param: "tessera.\(unknown)")
        }
        var turn = ChatTurn(chat: chat)
        turn.baseID = headers[Self.baseHeader] ?? tessera["base"]?.stringValue
        turn.workspaceID = headers[Self.workspaceHeader] ?? tessera["workspace"]?.stringValue
        turn.allowWrites = tessera["allow_writes"]?.boolValue ?? false
        turn.confirmedRecordIDs = try Self.confirmedRecords(tessera["confirm_destructive"])
        let noCache = headers[.cacheControl].map { $0.contains("no-cache") || $0.contains("no-store") } ?? false
        turn.useCache = !noCache && (tessera["cache"]?.boolValue ?? true)
        turn.retrieval = tessera["retrieval"]?.boolValue ?? true
        self.turn = turn
        stream = body["stream"]?.boolValue ?? false
        includeUsage = body["stream_options"]?["include_usage"]?.boolValue ?? false
    }

    /// `confirm_destructive`: the ids of the records the person confirmed deleting or clearing.
    /// A bare `true` is refused: a blanket confirmation would also cover records a record's text
    /// talked the model into.
    private static func confirmedRecords(_ value: JSONValue?) throws -> Set<String> {
        switch value {
        case nil, .null?, .bool(false)?:
            return []
        case .array(let items)? where items.allSatisfy({ $0.stringValue.map { TesseraID.isValid($0, .record) } ?? false }):
            return Set(items.compactMap(\.stringValue))
        default:
            throw OpenAIRequestError(
                "tessera.confirm_destructive names the records the user confirmed deleting or clearing, as an array of record ids like [\"recXXXXXXXXXXXXXX\"]",
                param: "tessera.confirm_destructive")
        }
    }

    /// The keys of the request's `tessera` object.
    static let tesseraOptions: Set<String> = ["base", "workspace", "allow_writes", "confirm_destructive", "cache", "retrieval"]

    static let baseHeader = HTTPField.Name("X-Tessera-Base")!
    static let workspaceHeader = HTTPField.Name("X-Tessera-Workspace")!

    private static func optional(_ object: JSONValue, _ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    private static func message(_ value: JSONValue, at index: Int) throws -> ChatMessage {
        let param = "messages[\(index)]"
        guard let role = value["role"]?.stringValue else { throw OpenAIRequestError("\(param).role is required", param: "\(param).role") }
        switch role {
        case "system", "developer":
            return .system(try text(of: value["content"], param: param) ?? "")
        case "user":
            return .user(try text(of: value["content"], param: param) ?? "")
        case "assistant":
            let calls = try (optional(value, "tool_calls")?.arrayValue ?? []).enumerated().map { callIndex, call in
                guard let id = call["id"]?.stringValue, let name = call["function"]?["name"]?.stringValue else {
                    throw OpenAIRequestError("\(param).tool_calls[\(callIndex)] needs id and function.name", param: "\(param).tool_calls")
                }
                return ToolCall(id: id, name: name, arguments: call["function"]?["arguments"]?.stringValue ?? "")
            }
            return .assistant(try text(of: value["content"], param: param), toolCalls: calls)
        case "tool":
            guard let callID = value["tool_call_id"]?.stringValue else {
                throw OpenAIRequestError("\(param).tool_call_id is required for tool messages", param: "\(param).tool_call_id")
            }
            return .toolResult(ToolResult(callID: callID, content: try text(of: value["content"], param: param) ?? ""))
        default:
            throw OpenAIRequestError("\(param).role must be one of system, developer, user, assistant, tool; got \(role)", param: "\(param).role")
        }
    }

    /// A string, or an array of text parts joined; other part types are refused.
    private static func text(of content: JSONValue?, param: String) throws -> String? {
        guard let content, !content.isNull else { return nil }
        if let text = content.stringValue { return text }
        guard let parts = content.arrayValue else {
            throw OpenAIRequestError("\(param).content must be a string or an array of content parts", param: "\(param).content")
        }
        return try parts.map { part in
            guard part["type"]?.stringValue == "text", let text = part["text"]?.stringValue else {
                throw OpenAIRequestError(
                    "\(param).content: only text parts are supported (got \(part["type"]?.stringValue ?? "a part without type"))", param: "\(param).content")
            }
            return text
        }.joined()
    }

    private static func tool(_ value: JSONValue, at index: Int) throws -> ToolDefinition {
        guard value["type"]?.stringValue == "function", let function = value["function"],
            let name = function["name"]?.stringValue, !name.isEmpty
        else { throw OpenAIRequestError("tools[\(index)] must be {\"type\": \"function\", \"function\": {\"name\": …}}", param: "tools[\(index)]") }
        return ToolDefinition(
            name: name, description: function["description"]?.stringValue ?? "",
            parameters: optional(function, "parameters") ?? ["type": "object", "properties": [:]])
    }

    private static func toolChoice(_ value: JSONValue?) throws -> ToolChoice {
        guard let value, !value.isNull else { return .auto }
        switch value.stringValue {
        case "auto": return .auto
        case "none": return .none
        case "required": return .required
        case nil:
            if let name = value["function"]?["name"]?.stringValue { return .tool(name) }
        default: break
        }
        throw OpenAIRequestError("tool_choice must be auto, none, required or {\"type\": \"function\", \"function\": {\"name\": …}}", param: "tool_choice")
    }

    private static func options(_ body: JSONValue) throws -> SamplingOptions {
        func number(_ key: String) throws -> Double? {
            guard let value = optional(body, key) else { return nil }
            guard let number = value.numberValue else { throw OpenAIRequestError("\(key) must be a number", param: key) }
            return number
        }
        func whole(_ key: String) throws -> Int? {
            guard let value = try number(key) else { return nil }
            guard let integer = Int(exactly: value) else { throw OpenAIRequestError("\(key) must be an integer", param: key) }
            return integer
        }
        var stops: [String] = []
        if let stop = optional(body, "stop") {
            if let single = stop.stringValue {
                stops = [single]
            } else if let many = stop.arrayValue, many.allSatisfy({ $0.stringValue != nil }) {
                stops = many.compactMap(\.stringValue)
            } else {
                throw OpenAIRequestError("stop must be a string or an array of strings", param: "stop")
            }
        }
        return SamplingOptions(
            temperature: try number("temperature"), topP: try number("top_p"),
            maxOutputTokens: try whole("max_completion_tokens") ?? whole("max_tokens"),
            stopSequences: stops, seed: try whole("seed"))
    }
}

/// A request OpenAI's API would refuse with 400 `invalid_request_error`, naming the parameter.
struct OpenAIRequestError: Error {
    let message: String
    let param: String?

    init(_ message: String, param: String? = nil) {
        self.message = message
        self.param = param
    }
}
