import TesseraCore

/// One data row of an input file: column name → value, and where it started.
public struct IngestRow: Sendable, Equatable {
    /// 1-based line of the file where the row starts (a CSV row may span lines).
    public let line: Int
    public let values: [String: JSONValue]

    public init(line: Int, values: [String: JSONValue]) {
        self.line = line
        self.values = values
    }
}

/// A row that cannot be read, with the reason a person can act on.
public struct RowProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}

/// What a reader hands on: a row, or a problem with one row (reading goes on after it).
public enum IngestItem: Sendable, Equatable {
    case row(IngestRow)
    case problem(RowProblem)
}
