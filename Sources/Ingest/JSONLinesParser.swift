import Foundation
import TesseraCore

/// An incremental JSON Lines parser: one JSON object per line, keys are column names.
/// Blank lines are skipped; CRLF line ends and a leading byte order mark are accepted. A line
/// longer than `maxLineBytes` is read through and reported, not kept.
public struct JSONLinesParser: Sendable {
    private let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var lineBytes = 0
    private var line = 0
    private var bomChecked = false

    public init(maxLineBytes: Int = CSVParser.defaultMaxRowBytes) {
        self.maxLineBytes = maxLineBytes
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [IngestItem] {
        var items: [IngestItem] = []
        for byte in bytes {
            if byte == 0x0A {
                items += lineItem()
            } else {
                lineBytes += 1
                if lineBytes <= maxLineBytes { pending.append(byte) }
            }
        }
        return items
    }

    public mutating func finish() -> [IngestItem] {
        lineBytes == 0 ? [] : lineItem()
    }

    private mutating func lineItem() -> [IngestItem] {
        line += 1
        defer { lineBytes = 0 }
        guard lineBytes <= maxLineBytes else {
            pending.removeAll(keepingCapacity: true)
            return [.problem(RowProblem(line: line, reason: "the line is longer than \(maxLineBytes / 1_048_576) MB"))]
        }
        var bytes = pending[...]
        pending.removeAll(keepingCapacity: true)
        if !bomChecked {
            bomChecked = true
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        }
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return [] }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return [.problem(RowProblem(line: line, reason: "invalid UTF-8"))]
        }
        guard let value = try? JSONValue.parse(Data(bytes)) else {
            return [.problem(RowProblem(line: line, reason: "not valid JSON"))]
        }
        guard let object = value.objectValue else {
            return [.problem(RowProblem(line: line, reason: "a line must hold a JSON object, got \(value.typeName)"))]
        }
        return [.row(IngestRow(line: line, values: object.filter { !$0.value.isNull }))]
    }
}
