import Foundation
import TesseraCore

/// An incremental RFC 4180 parser: feed it bytes in any chunks, take complete rows out.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; lines end in LF or CRLF; a
/// UTF-8 byte order mark at the start is skipped. The first row is the header. Memory is bounded
/// by `maxRowBytes`, never the file: a longer row (an unclosed quote, a hostile file) is read
/// through and reported, not kept.
public struct CSVParser: Sendable {
    public static let defaultMaxRowBytes = 16 << 20
    public private(set) var header: [String]?
    private let maxRowBytes: Int
    private var rowBytes = 0
    private var field: [UInt8] = []
    private var fields: [[UInt8]] = []
    private var inQuotes = false
    /// A quote seen inside a quoted field: either the closing quote or the first of a pair.
    private var quotePending = false
    private var atStart = true
    private var bomChecked = false
    private var bomBuffer: [UInt8] = []
    private var line = 1
    private var rowStartLine = 1
    private var lastWasCR = false
    private var fieldWasQuoted = false

    public init(maxRowBytes: Int = defaultMaxRowBytes) {
        self.maxRowBytes = maxRowBytes
    }

    /// Parses `bytes`, returning the rows (and problems) completed by them.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [IngestItem] {
        var items: [IngestItem] = []
        for byte in bytes {
            if !bomChecked {
                bomBuffer.append(byte)
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if bomBuffer.count < 3, bom.starts(with: bomBuffer) { continue }
                bomChecked = true
                let pending = bomBuffer == bom ? [] : bomBuffer
                bomBuffer = []
                for pendingByte in pending { consume(pendingByte, into: &items) }
                continue
            }
            consume(byte, into: &items)
        }
        return items
    }

    /// Ends the input: completes the last row (a file need not end with a line break).
    public mutating func finish() -> [IngestItem] {
        var items: [IngestItem] = []
        if !bomChecked {
            bomChecked = true
            for byte in bomBuffer { consume(byte, into: &items) }
        }
        if inQuotes && !quotePending {
            items.append(.problem(RowProblem(line: rowStartLine, reason: "a quoted field is never closed")))
            field = []
            fields = []
            inQuotes = false
            atStart = true
        } else if !atStart || !field.isEmpty || !fields.isEmpty {
            quotePending = false
            inQuotes = false
            endRow(into: &items)
        }
        return items
    }

    private mutating func consume(_ byte: UInt8, into items: inout [IngestItem]) {
        let quote: UInt8 = 0x22
        let comma: UInt8 = 0x2C
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D
        // CRLF is one line break: the CR already ended the line.
        if byte == lf && lastWasCR {
            lastWasCR = false
            return
        }
        lastWasCR = byte == cr
        let isBreak = byte == lf || byte == cr
        if atStart {
            rowStartLine = line
            atStart = false
            rowBytes = 0
        }
        rowBytes += 1
        if inQuotes {
            if quotePending {
                quotePending = false
                if byte == quote {
                    field.append(quote)
                    return
                }
                // That was the closing quote; this byte is read as outside quotes.
                inQuotes = false
            } else if byte == quote {
                quotePending = true
                return
            } else {
                if isBreak {
                    line += 1
                }
                if rowBytes <= maxRowBytes { field.append(isBreak ? lf : byte) }
                return
            }
        }
        if isBreak {
            line += 1
            endRow(into: &items)
            return
        }
        switch byte {
        case quote where field.isEmpty && !fieldWasQuoted:
            inQuotes = true
            fieldWasQuoted = true
        case comma:
            fields.append(field)
            field = []
            fieldWasQuoted = false
        default:
            if rowBytes <= maxRowBytes { field.append(byte) }
        }
    }

    private mutating func endRow(into items: inout [IngestItem]) {
        fields.append(field)
        field = []
        fieldWasQuoted = false
        defer {
            fields = []
            atStart = true
        }
        // A blank line is no row.
        if fields.count == 1 && fields[0].isEmpty { return }
        guard rowBytes <= maxRowBytes else {
            items.append(.problem(RowProblem(line: rowStartLine, reason: "the row is longer than \(maxRowBytes / 1_048_576) MB")))
            return
        }
        var texts: [String] = []
        for bytes in fields {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                items.append(.problem(RowProblem(line: rowStartLine, reason: "invalid UTF-8 in column \(texts.count + 1)")))
                return
            }
            texts.append(text)
        }
        guard let header else {
            header = texts.map { $0.trimmingCharacters(in: .whitespaces) }
            return
        }
        guard texts.count == header.count else {
            items.append(.problem(RowProblem(line: rowStartLine, reason: "\(texts.count) columns, the header has \(header.count)")))
            return
        }
        var values: [String: JSONValue] = [:]
        for (name, text) in zip(header, texts) where !text.isEmpty {
            values[name] = .string(text)
        }
        items.append(.row(IngestRow(line: rowStartLine, values: values)))
    }
}
