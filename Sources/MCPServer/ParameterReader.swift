import MCP
import TesseraCore

/// Reads a request's raw parameters, answering shape errors as invalid params.
struct ParameterReader {
    let method: String
    let members: [String: Value]

    init(_ params: Value, method: String) throws(MCPError) {
        self.method = method
        switch params {
        case .null: members = [:]
        case .object(let object): members = object
        default: throw MCPError.invalidParams("\(method): params must be an object")
        }
    }

    func string(_ name: String) throws(MCPError) -> String {
        guard let value = try optionalString(name) else { throw MCPError.invalidParams("\(method): params.\(name) is required") }
        return value
    }

    func optionalString(_ name: String) throws(MCPError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw MCPError.invalidParams("\(method): params.\(name) must be a string")
        }
    }

    func object(_ name: String) throws(MCPError) -> [String: Value]? {
        switch members[name] {
        case nil, .null?: return nil
        case .object(let object)?: return object
        default: throw MCPError.invalidParams("\(method): params.\(name) must be an object")
        }
    }

    /// A map of string values, such as prompt arguments.
    func strings(_ name: String) throws(MCPError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in try object(name) ?? [:] {
            guard let text = value.stringValue else { throw MCPError.invalidParams("\(method): params.\(name).\(key) must be a string") }
            result[key] = text
        }
        return result
    }
}

extension JSONValue {
    /// Tool arguments arrive as the SDK's `Value`, where `3` is `.int` and `3.5` is `.double`.
    init(mcp value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .number(Double(number))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        // The SDK turns strings that look like data URLs into `.data`; give the text back.
        case .data(let mimeType, let data): self = .string(data.dataURLEncoded(mimeType: mimeType))
        case .array(let items): self = .array(items.map { JSONValue(mcp: $0) })
        case .object(let members): self = .object(members.mapValues { JSONValue(mcp: $0) })
        }
    }
}

extension Value {
    init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = JSONValue.wholeNumber(number).map { .int(Int($0)) } ?? .double(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map { Value(json: $0) })
        case .object(let members): self = .object(members.mapValues { Value(json: $0) })
        }
    }
}
