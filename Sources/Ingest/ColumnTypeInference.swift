import Foundation
import TesseraCore

/// Picks a field type for each column from sample values, for `ingest --create-table`, the way
/// a person would: numbers, dates, checkboxes (true/false, yes/no), emails and URLs when every
/// sampled value is one; a few short values repeated over many rows as a single select; long
/// text as multiline. Samples are taken without their blank cells (see ``BlankMarkers``). A
/// type stricter than text is picked only when typecast accepts every sampled value.
public enum ColumnTypeInference {
    /// At most this many distinct values make a single select…
    static let maxChoices = 20
    /// …of at most this many characters and words each (longer values are sentences).
    static let maxChoiceLength = 60
    static let maxChoiceWords = 5
    /// Text with a line break or longer than this is multiline.
    static let singleLineLength = 120

    /// One field per column, in the columns' order, typed from `samples`.
    public static func fields(columns: [String], samples: [IngestRow]) -> [FieldDefinition] {
        columns.map { column in
            definition(name: column, values: samples.compactMap { $0.values[column] })
        }
    }

    /// Which of `fields` (named like the sample columns) should be the primary field: the one
    /// that best names a row. Mostly distinct values win; a name like "Name", "Title" or "ID"
    /// helps; constants, selects, long text, dates and numbers lose (measurements most: a value
    /// with decimals names nothing); ties go to the leftmost.
    public static func primaryIndex(of fields: [FieldDefinition], samples: [IngestRow]) -> Int {
        var best: (index: Int, score: Double)?
        for (index, field) in fields.enumerated() {
            guard let type = FieldType(rawValue: field.type), TableDefinition.primaryFieldTypes.contains(type) else { continue }
            let values = samples.compactMap { $0.values[field.name] }
            var score = samples.isEmpty ? 0 : Double(Set(values).count) / Double(samples.count)
            if field.name.firstMatch(of: /(?i)\b(name|title|id|key|code|label|ref|reference)\b/) != nil { score += 0.25 }
            switch type {
            case .singleSelect, .multilineText, .date: score -= 0.5
            case .number: score -= (field.options?["precision"]?.numberValue ?? 0) > 0 ? 1 : 0.3
            default: break
            }
            if Set(values).count <= 1 { score -= 1 }
            if best.map({ score > $0.score }) ?? true { best = (index, score) }
        }
        return best?.index ?? 0
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
        if scalars.allSatisfy({ ["true", "false", "yes", "no"].contains($0.lowercased()) }) {
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
        if scalars.contains(where: { $0.contains("\n") || $0.count > singleLineLength }) {
            return FieldDefinition(name: name, type: "multilineText")
        }
        if let choices = choices(name: name, scalars) {
            return FieldDefinition(name: name, type: "singleSelect", options: ["choices": .array(choices.map { ["name": .string($0)] })])
        }
        return FieldDefinition(name: name, type: "singleLineText")
    }

    /// The choices of a column that reads as categories: few distinct short values, each seen on
    /// several rows on average, none of them a sentence, in a column not named for free text.
    private static func choices(name: String, _ scalars: [String]) -> [String]? {
        guard name.firstMatch(of: /(?i)comment|note|description|remark|text|message|body/) == nil else { return nil }
        var distinct: [String] = []
        for value in scalars where !distinct.contains(value) {
            distinct.append(value)
            if distinct.count > maxChoices { return nil }
        }
        guard distinct.count * 2 <= scalars.count else { return nil }
        let categorical = distinct.allSatisfy { value in
            value.count <= maxChoiceLength && value.split(separator: " ").count <= maxChoiceWords
                && !value.hasSuffix(".") && !value.contains(". ")
        }
        return categorical ? distinct : nil
    }

    private static func isISODate(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil
    }
}
