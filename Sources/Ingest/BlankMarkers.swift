import Foundation
import TesseraCore

/// Cell texts that mean "no value" in real files: R's and pandas' `NA`, spreadsheets' `N/A` and
/// `#N/A`, `null` spelled out, a lone dash. Such cells are left empty, so a column of numbers
/// with gaps still reads as numbers.
public struct BlankMarkers: Sendable, Equatable {
    public static let standard = BlankMarkers(["NA", "N/A", "n/a", "#N/A", "null", "NULL", "NaN", "-"])

    /// Compared after trimming spaces; an empty cell is always blank.
    public let markers: Set<String>

    public init(_ markers: [String]) {
        self.markers = Set(markers.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    public func isBlank(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || markers.contains(trimmed)
        default: return false
        }
    }

    /// The row without its blank cells.
    public func cleaned(_ row: IngestRow) -> IngestRow {
        IngestRow(line: row.line, values: row.values.filter { !isBlank($0.value) })
    }
}
