import Ingest
import TesseraCore
import Testing

@Suite struct CSVParserTests {
    /// Parses the whole input fed in pieces of `chunk` bytes.
    private func parse(_ bytes: [UInt8], chunk: Int = 1 << 20) -> [IngestItem] {
        var parser = CSVParser()
        var items: [IngestItem] = []
        var start = 0
        while start < bytes.count {
            items += parser.feed(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        return items + parser.finish()
    }

    private func rows(_ items: [IngestItem]) -> [IngestRow] {
        items.compactMap { if case .row(let row) = $0 { row } else { nil } }
    }

    private func problems(_ items: [IngestItem]) -> [RowProblem] {
        items.compactMap { if case .problem(let problem) = $0 { problem } else { nil } }
    }

    @Test func quotingEmbeddedNewlinesBOMAndCRLF() {
        let text = "\u{FEFF}Name,Notes,Points\r\n\"Smith, Jane\",\"said \"\"hi\"\"\r\nthen left\",3\r\nBob,,4\r\n\r\nplain,\"\",5"
        let items = parse(Array(text.utf8))
        #expect(problems(items).isEmpty)
        #expect(
            rows(items) == [
                IngestRow(line: 2, values: ["Name": "Smith, Jane", "Notes": "said \"hi\"\nthen left", "Points": "3"]),
                IngestRow(line: 4, values: ["Name": "Bob", "Points": "4"]),
                IngestRow(line: 6, values: ["Name": "plain", "Points": "5"]),
            ])
    }

    @Test func everySplitOfTheInputGivesTheSameRows() {
        let text = "\u{FEFF}a,b\r\n\"x,\r\ny\",\"q\"\"\"\nlast,row\n"
        let whole = parse(Array(text.utf8))
        #expect(rows(whole).count == 2)
        for chunk in 1...8 {
            #expect(parse(Array(text.utf8), chunk: chunk) == whole, "chunk \(chunk)")
        }
    }

    @Test func badRowsAreReportedWithTheirLineAndReadingGoesOn() {
        var bytes = Array("Name,Points\nok,1\ntoo,many,columns\n".utf8)
        bytes += [0x62, 0xFF, 0x61, 0x64, 0x2C, 0x32, 0x0A] // "b\xFFad,2"
        bytes += Array("fine,3\n\"never closed,4\n".utf8)
        let items = parse(bytes)
        #expect(rows(items).map(\.line) == [2, 5])
        #expect(
            problems(items) == [
                RowProblem(line: 3, reason: "3 columns, the header has 2"),
                RowProblem(line: 4, reason: "invalid UTF-8 in column 1"),
                RowProblem(line: 6, reason: "a quoted field is never closed"),
            ])
    }
}

@Suite struct JSONLinesParserTests {
    @Test func objectsPerLineWithCRLFBlankLinesAndBOM() {
        var parser = JSONLinesParser()
        let text = "\u{FEFF}{\"Name\": \"a\", \"Points\": 2}\r\n\n{\"Name\": \"line\\nbreak\", \"Tags\": null}\n[1]\n{broken\n"
        let items = parser.feed(Array(text.utf8)) + parser.finish()
        #expect(
            items == [
                .row(IngestRow(line: 1, values: ["Name": "a", "Points": 2])),
                .row(IngestRow(line: 3, values: ["Name": "line\nbreak"])),
                .problem(RowProblem(line: 4, reason: "a line must hold a JSON object, got array")),
                .problem(RowProblem(line: 5, reason: "not valid JSON")),
            ])
    }

    @Test func invalidUTF8IsAProblemNotACrash() {
        var parser = JSONLinesParser()
        let items = parser.feed([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]) + parser.finish()
        #expect(items == [.problem(RowProblem(line: 1, reason: "invalid UTF-8"))])
    }
}

@Suite struct ColumnTypeInferenceTests {
    @Test func typesComeFromEverySampledValue() {
        let rows = [
            IngestRow(line: 2, values: ["n": "1.25", "d": "2024-03-01", "e": "a@b.io", "u": "https://x.io/a", "t": "hello", "c": "true", "m": "two\nlines"]),
            IngestRow(line: 3, values: ["n": "3", "d": "2024-12-31", "e": "c@d.org", "u": "http://y.io", "t": "42", "c": "FALSE"]),
        ]
        let fields = ColumnTypeInference.fields(columns: ["n", "d", "e", "u", "t", "c", "m", "empty"], samples: rows)
        #expect(fields.map(\.type) == ["number", "date", "email", "url", "singleLineText", "checkbox", "multilineText", "singleLineText"])
        #expect(fields[0].options?["precision"] == 2)
    }
}
