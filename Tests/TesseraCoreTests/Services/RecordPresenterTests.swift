import Foundation
import Testing

@testable import TesseraCore

/// `RecordPresenter.write` must give exactly the bytes of `present(...).jsonBytes()`: lists of
/// records are written the direct way, single records and tests go through `present`.
@Suite("Record presenter: direct JSON writing")
struct RecordPresenterTests {
    static let choices: JSONValue = ["choices": [["id": "selTodo", "name": "To \"do\""], ["id": "selDone", "name": "Dóne"]]]
    static let table = Table(
        id: "tblAAAAAAAAAAAAAA", baseID: "appAAAAAAAAAAAAAA", name: "Mixed", description: nil, primaryFieldID: "fldName0000000000",
        fields: [
            Field(id: "fldName0000000000", name: "name", type: .singleLineText),
            Field(id: "fldUpper000000000", name: "Name 2", type: .multilineText),
            Field(id: "fldAccent00000000", name: "Émoji 🎉", type: .singleLineText),
            Field(id: "fldQuote00000000", name: "say \"hi\"\\", type: .singleLineText),
            Field(id: "fldNum1000000000", name: "10", type: .number, options: ["precision": 2]),
            Field(id: "fldNum9000000000", name: "9", type: .currency, options: ["precision": 2, "symbol": "€"]),
            Field(id: "fldStatus0000000", name: "Status", type: .singleSelect, options: choices),
            Field(id: "fldTags000000000", name: "Tags", type: .multipleSelects, options: choices),
            Field(id: "fldDone000000000", name: "Done", type: .checkbox),
            Field(id: "fldDue0000000000", name: "Due", type: .date),
            Field(id: "fldAt00000000000", name: "At", type: .dateTime),
            Field(id: "fldCreated000000", name: "Created", type: .createdTime),
            Field(id: "fldChanged000000", name: "Changed", type: .lastModifiedTime),
            Field(id: "fldAuto000000000", name: "#", type: .autoNumber),
        ],
        views: [])

    static let records = [
        Record(
            id: "recFull0000000000", tableID: table.id, createdTime: Date(timeIntervalSince1970: 1_790_000_000.123),
            lastModifiedTime: Date(timeIntervalSince1970: 1_790_000_100),
            autoNumber: 7,
            cells: [
                "fldName0000000000": "line\nbreak\ttab \u{1} ünï", "fldUpper000000000": "x", "fldAccent00000000": "🎉",
                "fldQuote00000000": "\"quoted\" \\ /slash", "fldNum1000000000": 1234.5, "fldNum9000000000": -3,
                "fldStatus0000000": "selTodo", "fldTags000000000": ["selDone", "selGone"], "fldDone000000000": true,
                "fldDue0000000000": "2026-12-24", "fldAt00000000000": "2026-12-24T10:30:00.000Z",
            ]),
        Record(id: "recEmpty000000000", tableID: table.id, createdTime: Date(timeIntervalSince1970: 0), lastModifiedTime: nil, autoNumber: 1, cells: [:]),
    ]

    static let presenters: [RecordPresenter] = [
        RecordPresenter(table: table),
        RecordPresenter(table: table, fieldsByID: true),
        RecordPresenter(table: table, renderer: CellRenderer(format: .string, timeZone: TimeZone(identifier: "Europe/Berlin")!)),
        RecordPresenter(table: table, projection: [table.fields[6], table.fields[0], table.fields[6]]),
        RecordPresenter(table: table, projection: []),
    ]

    @Test(arguments: presenters.indices)
    func writtenIsPresentedText(_ index: Int) throws {
        let presenter = Self.presenters[index]
        for record in Self.records {
            for commentCount in [nil, 0, 3] {
                var writer = JSONTextWriter()
                presenter.write(record, commentCount: commentCount, to: &writer)
                let expected = presenter.present(record, commentCount: commentCount).jsonBytes()
                #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
            }
        }
    }

    @Test func selectCellsShowChoiceNames() throws {
        var writer = JSONTextWriter()
        RecordPresenter(table: Self.table, projection: [Self.table.fields[6], Self.table.fields[7]]).write(Self.records[0], to: &writer)
        let fields = try JSONValue.parse(String(decoding: writer.bytes, as: UTF8.self))["fields"]
        #expect(fields == ["Status": "To \"do\"", "Tags": ["Dóne", "selGone"]])
    }
}
