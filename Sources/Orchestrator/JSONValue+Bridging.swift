import LLM
import TesseraCore

extension LLM.JSONValue {
    /// The same document in the LLM layer's JSON type.
    public init(_ value: TesseraCore.JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let bool): self = .bool(bool)
        case .number(let number): self = .number(number)
        case .string(let string): self = .string(string)
        case .array(let items): self = .array(items.map(LLM.JSONValue.init))
        case .object(let members): self = .object(members.mapValues(LLM.JSONValue.init))
        }
    }
}

extension TesseraCore.JSONValue {
    /// The same document in the core's JSON type.
    public init(_ value: LLM.JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let bool): self = .bool(bool)
        case .number(let number): self = .number(number)
        case .string(let string): self = .string(string)
        case .array(let items): self = .array(items.map(TesseraCore.JSONValue.init))
        case .object(let members): self = .object(members.mapValues(TesseraCore.JSONValue.init))
        }
    }
}
