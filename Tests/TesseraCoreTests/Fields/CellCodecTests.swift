import Foundation
import TesseraCore
import Testing

@Suite struct CellCodecTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let type: FieldType
        let input: JSONValue
        let typecast: Bool
        /// nil: the cell ends up empty; `.null` here is never used.
        let stored: JSONValue?
        var testDescription: String { "\(type.rawValue) \(input.jsonString()) typecast=\(typecast)" }
    }

    static let accepted: [Case] = [
        Case(type: .singleLineText, input: "hello", typecast: false, stored: "hello"),
        Case(type: .singleLineText, input: "", typecast: false, stored: nil),
        Case(type: .singleLineText, input: 12, typecast: true, stored: "12"),
        Case(type: .singleLineText, input: 1.5, typecast: true, stored: "1.5"),
        Case(type: .singleLineText, input: true, typecast: true, stored: "true"),
        Case(type: .multilineText, input: "a\nb", typecast: false, stored: "a\nb"),
        Case(type: .richText, input: "**bold**", typecast: false, stored: "**bold**"),
        Case(type: .email, input: " a@b.co ", typecast: false, stored: "a@b.co"),
        Case(type: .url, input: "https://example.com", typecast: false, stored: "https://example.com"),
        Case(type: .phoneNumber, input: "+1 555 0100", typecast: false, stored: "+1 555 0100"),
        Case(type: .number, input: 42, typecast: false, stored: 42),
        Case(type: .number, input: -0.25, typecast: false, stored: -0.25),
        Case(type: .number, input: "1,000", typecast: true, stored: 1000),
        Case(type: .number, input: "", typecast: true, stored: nil),
        Case(type: .number, input: true, typecast: true, stored: 1),
        Case(type: .currency, input: "$12.50", typecast: true, stored: 12.5),
        Case(type: .percent, input: 0.5, typecast: false, stored: 0.5),
        Case(type: .percent, input: "50%", typecast: true, stored: 0.5),
        Case(type: .duration, input: 3600, typecast: false, stored: 3600),
        Case(type: .rating, input: 3, typecast: false, stored: 3),
        Case(type: .checkbox, input: true, typecast: false, stored: true),
        Case(type: .checkbox, input: false, typecast: false, stored: nil),
        Case(type: .checkbox, input: "yes", typecast: true, stored: true),
        Case(type: .checkbox, input: "no", typecast: true, stored: nil),
        Case(type: .checkbox, input: 0, typecast: true, stored: nil),
        Case(type: .date, input: "2024-02-29", typecast: false, stored: "2024-02-29"),
        Case(type: .date, input: "2024-02-29T13:00:00.000Z", typecast: false, stored: "2024-02-29"),
        Case(type: .date, input: "2/29/2024", typecast: true, stored: "2024-02-29"),
        Case(type: .date, input: "March 5, 2025", typecast: true, stored: "2025-03-05"),
        Case(type: .dateTime, input: "2024-05-31T14:30:00Z", typecast: false, stored: "2024-05-31T14:30:00.000Z"),
        Case(type: .dateTime, input: "2024-05-31T16:30:00.250+02:00", typecast: false, stored: "2024-05-31T14:30:00.250Z"),
        Case(type: .dateTime, input: "2024-05-31", typecast: false, stored: "2024-05-31T00:00:00.000Z"),
        Case(type: .singleLineText, input: .null, typecast: false, stored: nil),
    ]

    @Test(arguments: accepted)
    func storesAcceptedValues(_ testCase: Case) throws {
        var field = Field(id: "fldAAAAAAAAAAAAAA", name: "F", type: testCase.type, options: try options(testCase.type))
        #expect(try CellCodec(typecast: testCase.typecast).store(testCase.input, in: &field) == testCase.stored)
    }

    static let refused: [Case] = [
        Case(type: .singleLineText, input: 12, typecast: false, stored: nil),
        Case(type: .singleLineText, input: ["a": 1], typecast: false, stored: nil),
        Case(type: .email, input: "not an email", typecast: false, stored: nil),
        Case(type: .email, input: "a@b", typecast: false, stored: nil),
        Case(type: .number, input: "12", typecast: false, stored: nil),
        Case(type: .number, input: "twelve", typecast: true, stored: nil),
        Case(type: .number, input: [1], typecast: true, stored: nil),
        Case(type: .rating, input: 6, typecast: false, stored: nil),
        Case(type: .rating, input: 2.5, typecast: false, stored: nil),
        Case(type: .rating, input: 0, typecast: false, stored: nil),
        Case(type: .checkbox, input: "yes", typecast: false, stored: nil),
        Case(type: .checkbox, input: 1, typecast: false, stored: nil),
        Case(type: .date, input: "2024-02-30", typecast: false, stored: nil),
        Case(type: .date, input: "31/12/2024", typecast: false, stored: nil),
        Case(type: .date, input: 20_240_101, typecast: false, stored: nil),
        Case(type: .dateTime, input: "yesterday", typecast: true, stored: nil),
        Case(type: .singleSelect, input: "Unknown", typecast: false, stored: nil),
        Case(type: .singleSelect, input: ["a"], typecast: true, stored: nil),
        Case(type: .multipleSelects, input: "a", typecast: false, stored: nil),
        Case(type: .createdTime, input: "2024-01-01T00:00:00Z", typecast: true, stored: nil),
        Case(type: .autoNumber, input: 3, typecast: true, stored: nil),
        Case(type: .lastModifiedTime, input: .null, typecast: false, stored: nil),
    ]

    @Test(arguments: refused)
    func refusesWrongValues(_ testCase: Case) throws {
        var field = Field(id: "fldAAAAAAAAAAAAAA", name: "F", type: testCase.type, options: try options(testCase.type))
        let error = #expect(throws: TesseraError.self) { _ = try CellCodec(typecast: testCase.typecast).store(testCase.input, in: &field) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message.contains("\"F\"") == true)
    }

    @Test func selectsStoreChoiceIDsAndTypecastAddsChoices() throws {
        var field = try FieldDefinition(name: "S", type: "multipleSelects", options: ["choices": [["name": "a"], ["name": "b"]]]).makeField()
        let ids = field.choices.map(\.id)
        #expect(try CellCodec(typecast: false).store(["b", "a", "b"], in: &field) == .array([.string(ids[1]), .string(ids[0])]))
        let stored = try CellCodec(typecast: true).store(["c"], in: &field)
        #expect(field.choices.map(\.name) == ["a", "b", "c"])
        #expect(stored == .array([.string(field.choices[2].id)]))
        #expect(TesseraID.isValid(field.choices[2].id, .selectChoice))
    }

    @Test func rendersStringFormat() throws {
        let number = try FieldDefinition(name: "N", type: "number", options: ["precision": 2]).makeField()
        let currency = try FieldDefinition(name: "C", type: "currency", options: ["precision": 2, "symbol": "€"]).makeField()
        let percent = try FieldDefinition(name: "P", type: "percent", options: ["precision": 1]).makeField()
        let duration = try FieldDefinition(name: "D", type: "duration", options: ["durationFormat": "h:mm:ss"]).makeField()
        let record = Record(
            id: "recAAAAAAAAAAAAAA", tableID: "tblAAAAAAAAAAAAAA", createdTime: Date(timeIntervalSince1970: 0), lastModifiedTime: nil, autoNumber: 7,
            cells: [number.id: 1234.5, currency.id: -3, percent.id: 0.125, duration.id: 3725])
        let renderer = CellRenderer(format: .string, timeZone: TimeZone(identifier: "UTC")!, locale: Locale(identifier: "en_US"))
        #expect(renderer.render(number, of: record) == "1,234.50")
        #expect(renderer.render(currency, of: record) == "-€3.00")
        #expect(renderer.render(percent, of: record) == "12.5%")
        #expect(renderer.render(duration, of: record) == "1:02:05")
        #expect(renderer.render(try FieldDefinition(name: "A", type: "autoNumber").makeField(), of: record) == "7")
    }

    @Test func fieldDefinitionsAreValidated() throws {
        #expect(throws: TesseraError.self) { _ = try FieldDefinition(name: "X", type: "formulaWizard").makeField() }
        #expect(throws: TesseraError.self) { _ = try FieldDefinition(name: "  ", type: "number").makeField() }
        #expect(throws: TesseraError.self) { _ = try FieldDefinition(name: "X", type: "number", options: ["precision": 9]).makeField() }
        #expect(throws: TesseraError.self) { _ = try FieldDefinition(name: "X", type: "rating", options: ["max": 11]).makeField() }
        #expect(throws: TesseraError.self) {
            _ = try FieldDefinition(name: "X", type: "singleSelect", options: ["choices": [["name": "a"], ["name": "a"]]]).makeField()
        }
        let currency = try FieldDefinition(name: "Price", type: "currency").makeField()
        #expect(currency.options == ["precision": 0, "symbol": "$"])
    }

    private func options(_ type: FieldType) throws -> JSONValue? {
        switch type {
        case .singleSelect, .multipleSelects: ["choices": [["id": "selAAAAAAAAAAAAAA", "name": "a"]]]
        case .rating: ["max": 5]
        default: nil
        }
    }
}
