import Foundation

/// A value flowing through formula evaluation: cell values coming in, results going out.
public enum FormulaValue: Sendable, Equatable {
    /// An empty cell or `BLANK()`.
    case blank
    case number(Double)
    case text(String)
    case bool(Bool)
    case date(Date)
    /// Multi-value cells (multipleSelects, lookups, …).
    case list([FormulaValue])
}
