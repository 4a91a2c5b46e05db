import Crypto
import Foundation
import TesseraCore

/// The text of a record that gets embedded and indexed for keywords: one `Field: value` line
/// per searchable field that has a value, in the table's field order.
public struct SearchableText: Sendable {
    public let fields: [Field]
    private let renderer = CellRenderer(format: .string)

    /// The table's configured searchable fields, else every text-like field and every lookup of
    /// text (a task found by its project's name).
    public init(table: Table) {
        if let configured = table.searchFieldIDs {
            fields = table.fields.filter { configured.contains($0.id) }
        } else {
            fields = table.fields.filter { $0.type.isTextLike || Self.looksUpText($0) }
        }
    }

    private static func looksUpText(_ field: Field) -> Bool {
        field.type == .multipleLookupValues && ResultType(json: field.options?["result"])?.type.isTextLike == true
    }

    public func text(of record: Record) -> String {
        var lines: [String] = []
        for field in fields {
            guard case .string(let value)? = renderer.render(field, of: record) else { continue }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { lines.append("\(field.name): \(trimmed)") }
        }
        return lines.joined(separator: "\n")
    }

    /// Identifies what a vector was computed from: the model and the exact text. A record whose
    /// hash is unchanged keeps its vector.
    public static func contentHash(text: String, model: String) -> String {
        let digest = SHA256.hash(data: Data("\(model)\n\(text)".utf8))
        return digest.hexString
    }
}
