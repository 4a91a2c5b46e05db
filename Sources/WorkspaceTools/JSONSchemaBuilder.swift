import TesseraCore

/// Builds the JSON Schemas of the tools: short, consistent and always closed at the top level.
enum JSONSchemaBuilder {
    /// The input schema of a tool: every argument named, unknown ones refused.
    static func input(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map(JSONValue.string)), "additionalProperties": false]
    }

    /// A loose output schema: names the members a result has, allows more.
    static func output(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map(JSONValue.string))]
    }

    static func string(_ description: String, oneOf choices: [String]? = nil, minLength: Int? = 1) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "string", "description": .string(description)]
        if let choices { schema["enum"] = .array(choices.map(JSONValue.string)) }
        if let minLength { schema["minLength"] = .number(Double(minLength)) }
        return .object(schema)
    }

    static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil, default fallback: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "integer", "description": .string(description)]
        if let minimum { schema["minimum"] = .number(Double(minimum)) }
        if let maximum { schema["maximum"] = .number(Double(maximum)) }
        if let fallback { schema["default"] = .number(Double(fallback)) }
        return .object(schema)
    }

    static func boolean(_ description: String, default fallback: Bool? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "boolean", "description": .string(description)]
        if let fallback { schema["default"] = .bool(fallback) }
        return .object(schema)
    }

    static func array(_ description: String, of items: JSONValue, minItems: Int? = nil, maxItems: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "array", "description": .string(description), "items": items]
        if let minItems { schema["minItems"] = .number(Double(minItems)) }
        if let maxItems { schema["maxItems"] = .number(Double(maxItems)) }
        return .object(schema)
    }

    /// A nested object with fixed members (closed, like the top level).
    static func object(_ description: String, _ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        [
            "type": "object", "description": .string(description), "properties": .object(properties),
            "required": .array(required.map(JSONValue.string)), "additionalProperties": false,
        ]
    }

    /// A free-form object, such as a record's `fields` keyed by field name.
    static func freeObject(_ description: String) -> JSONValue {
        ["type": "object", "description": .string(description)]
    }

    /// Members of output schemas.
    static let anyString: JSONValue = ["type": "string"]
    static let anyInteger: JSONValue = ["type": "integer"]
    static let anyObject: JSONValue = ["type": "object"]
    static func list(of items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
}
