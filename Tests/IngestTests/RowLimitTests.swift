import Ingest
import TesseraCore
import Testing

/// A row longer than the parser keeps (an unclosed quote, a hostile file) is reported by line
/// and skipped; memory stays bounded and the rows after it still arrive.
@Suite struct RowLimitTests {
    private func problems(_ items: [IngestItem]) -> [RowProblem] {
        items.compactMap { if case .problem(let problem) = $0 { problem } else { nil } }
    }

    private func rows(_ items: [IngestItem]) -> [IngestRow] {
        items.compactMap { if case .row(let row) = $0 { row } else { nil } }
    }

    @Test func longCSVRowIsReportedAndSkipped() {
        var parser = CSVParser(maxRowBytes: 64)
        var items = parser.feed(Array("Name,Notes\nshort,row\n".utf8))
        items += parser.feed(Array("long,\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 10_000) + Array("\"\nafter,it\n".utf8))
        items += parser.finish()
        #expect(rows(items).map(\.values) == [["Name": "short", "Notes": "row"], ["Name": "after", "Notes": "it"]])
        #expect(problems(items).map(\.line) == [3])
        #expect(problems(items).first?.reason.contains("longer than") == true)
    }

    @Test func unclosedQuoteToTheEndIsOneProblem() {
        var parser = CSVParser(maxRowBytes: 64)
        var items = parser.feed(Array("Name\n\"never closed".utf8) + Array(repeating: UInt8(ascii: "y"), count: 100_000))
        items += parser.finish()
        #expect(rows(items).isEmpty)
        #expect(problems(items).count == 1)
    }

    @Test func longJSONLineIsReportedAndSkipped() {
        var parser = JSONLinesParser(maxLineBytes: 64)
        var items = parser.feed(Array(#"{"a":1}"#.utf8) + [0x0A])
        items += parser.feed(Array(#"{"a":""#.utf8) + Array(repeating: UInt8(ascii: "z"), count: 10_000) + Array(#""}"#.utf8) + [0x0A])
        items += parser.feed(Array(#"{"a":3}"#.utf8))
        items += parser.finish()
        #expect(rows(items).map(\.line) == [1, 3])
        #expect(problems(items).map(\.line) == [2])
    }
}
