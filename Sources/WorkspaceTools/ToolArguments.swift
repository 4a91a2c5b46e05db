import TesseraCore

/// The arguments of one call, already checked against the tool's input schema, so the accessors
/// only convert (a wrong type here is a schema bug and is reported as invalid arguments).
public struct ToolArguments: Sendable {
    public let values: [String: JSONValue]

    public init(_ values: [String: JSONValue]) {
        self.values = values
    }

    /// The table the `baseId` and `table` arguments name, for `principal`.
    func tableRef(_ principal: Principal) throws(ToolCallError) -> TableRef {
        TableRef(baseID: try string("baseId"), table: try string("table"), by: principal)
    }

    func string(_ name: String) throws(ToolCallError) -> String {
        guard let value = optionalString(name) else { throw .invalidArguments("Missing string argument \"\(name)\"") }
        return value
    }

    func optionalString(_ name: String) -> String? {
        values[name]?.stringValue
    }

    /// A whole number argument; the schema usually bounds it, but a value outside Int's range
    /// must be refused here rather than trap.
    func optionalInt(_ name: String) throws(ToolCallError) -> Int? {
        guard let value = values[name], !value.isNull else { return nil }
        guard let number = value.numberValue, let whole = JSONValue.wholeNumber(number) else {
            throw .invalidArguments("\"\(name)\" must be a whole number")
        }
        return Int(whole)
    }

    func bool(_ name: String, default fallback: Bool = false) -> Bool {
        values[name]?.boolValue ?? fallback
    }

    func optionalStrings(_ name: String) -> [String]? {
        values[name]?.arrayValue?.compactMap(\.stringValue)
    }

    func array(_ name: String) throws(ToolCallError) -> [JSONValue] {
        guard let value = values[name]?.arrayValue else { throw .invalidArguments("Missing array argument \"\(name)\"") }
        return value
    }
}
