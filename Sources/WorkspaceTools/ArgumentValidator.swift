import TesseraCore

/// Checks call arguments against a tool's input schema. It understands the keywords the tool
/// schemas use (type, properties, required, additionalProperties, items, enum, minimum, maximum,
/// minItems, maxItems, minLength) and reports the first problem with its path, worded so a model
/// can correct the call.
struct ArgumentValidator {
    let schema: JSONValue

    func validate(_ arguments: JSONValue) throws(ToolCallError) {
        try check(arguments, against: schema, at: "arguments")
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String) throws(ToolCallError) {
        if let type = schema["type"]?.stringValue, !Self.matches(value, type: type) {
            throw .invalidArguments("\(path) must be \(Self.article(type)) \(type), got \(value.typeName)")
        }
        if let choices = schema["enum"]?.arrayValue, !choices.contains(value) {
            let listed = choices.map { $0.jsonString() }.joined(separator: ", ")
            throw .invalidArguments("\(path) must be one of \(listed), got \(value.jsonString().prefix(60))")
        }
        switch value {
        case .object(let members):
            try checkObject(members, against: schema, at: path)
        case .array(let items):
            if let minimum = schema["minItems"]?.numberValue, Double(items.count) < minimum {
                throw .invalidArguments("\(path) needs at least \(Int(minimum)) item\(minimum == 1 ? "" : "s")")
            }
            if let maximum = schema["maxItems"]?.numberValue, Double(items.count) > maximum {
                throw .invalidArguments("\(path) may hold at most \(Int(maximum)) items, got \(items.count)")
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() {
                    try check(item, against: itemSchema, at: "\(path)[\(index)]")
                }
            }
        case .number(let number):
            if let minimum = schema["minimum"]?.numberValue, number < minimum {
                throw .invalidArguments("\(path) must be at least \(Self.format(minimum)), got \(Self.format(number))")
            }
            if let maximum = schema["maximum"]?.numberValue, number > maximum {
                throw .invalidArguments("\(path) must be at most \(Self.format(maximum)), got \(Self.format(number))")
            }
        case .string(let text):
            if let minimum = schema["minLength"]?.numberValue, Double(text.count) < minimum {
                throw .invalidArguments("\(path) must not be empty")
            }
        case .null, .bool:
            break
        }
    }

    private func checkObject(_ members: [String: JSONValue], against schema: JSONValue, at path: String) throws(ToolCallError) {
        let properties = schema["properties"]?.objectValue ?? [:]
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
            throw .invalidArguments("\(path) is missing the required member \"\(name)\"")
        }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let memberSchema = properties[name] {
                try check(member, against: memberSchema, at: "\(path).\(name)")
            } else if schema["additionalProperties"] == .bool(false) {
                let known = properties.keys.sorted().joined(separator: ", ")
                throw .invalidArguments("\(path) has an unknown member \"\(name)\"; allowed: \(known.isEmpty ? "none" : known)")
            } else if let extra = schema["additionalProperties"], extra.objectValue != nil {
                try check(member, against: extra, at: "\(path).\(name)")
            }
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number):
            true
        case ("integer", .number(let number)):
            JSONValue.wholeNumber(number) != nil
        default:
            false
        }
    }

    private static func article(_ type: String) -> String {
        type.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }

    private static func format(_ number: Double) -> String {
        JSONValue.wholeNumber(number).map(String.init) ?? String(number)
    }
}
