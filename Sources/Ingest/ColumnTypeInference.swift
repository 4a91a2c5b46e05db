import Foundation
import TesseraCore

/// Picks a field type for each column from sample values, for `ingest --create-table`. It only
/// picks a stricter type than text when every sampled value fits it, so typecast accepts them.
public enum ColumnTypeInference {
    public static func fields(columns: [String], samples: [IngestRow]) -> [FieldDefinition] {
        columns.map { column in
            definition(name: column, values: samples.compactMap { $0.values[column] })
        }
    }

    static func definition(name: String, values: [JSONValue]) -> FieldDefinition {
        guard !values.isEmpty else { return FieldDefinition(name: name, type: "singleLineText") }
        let texts = values.map { value -> String? in
            switch value {
            case .string(let text): text.trimmingCharacters(in: .whitespaces)
            case .number(let number): String(number)
            case .bool(let flag): flag ? "true" : "false"
            default: nil
            }
        }
        guard texts.allSatisfy({ $0 != nil }) else { return FieldDefinition(name: name, type: "multilineText") }
        let scalars = texts.map { $0! }
        if scalars.allSatisfy({ ["true", "false"].contains($0.lowercased()) }) {
            return FieldDefinition(name: name, type: "checkbox", options: ["icon": "check", "color": "greenBright"])
        }
        if scalars.allSatisfy({ Double($0) != nil && $0.rangeOfCharacter(from: .letters) == nil }) {
            let decimals = scalars.map { text in text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0 }.max() ?? 0
            return FieldDefinition(name: name, type: "number", options: ["precision": .number(Double(min(decimals, 8)))])
        }
        if scalars.allSatisfy(isISODate) {
            return FieldDefinition(name: name, type: "date")
        }
        if scalars.allSatisfy({ $0.wholeMatch(of: /[^@\s]+@[^@\s]+\.[^@\s]+/) != nil }) {
            return FieldDefinition(name: name, type: "email")
        }
        if scalars.allSatisfy({ ($0.hasPrefix("http://") || $0.hasPrefix("https://")) && !$0.contains(" ") }) {
            return FieldDefinition(name: name, type: "url")
        }
        if scalars.contains(where: { $0.contains("\n") || $0.count > 200 }) {
            return FieldDefinition(name: name, type: "multilineText")
        }
        return FieldDefinition(name: name, type: "singleLineText")
    }

    private static func isISODate(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil
    }
}
