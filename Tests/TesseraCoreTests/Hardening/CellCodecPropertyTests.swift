import Foundation
import PropertyBased
import Testing

@testable import TesseraCore

/// Every field type against extreme numbers and number-like text, with and without typecast:
/// stored or refused with Airtable's error, and whatever is stored renders and reaches
/// formulas without a trap.
@Suite("Cell codec properties")
struct CellCodecPropertyTests {
    static let numbers: [Double] = [
        0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, 1e308, -1e308, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, Double(Int64.max), Double(Int64.min), 9.007199254740993e15, 1e15, 8.64e12, 8.64e15, 3725.5, -1, 0.5,
    ]
    static let texts: [String] = [
        "NaN", "nan", "Infinity", "-Infinity", "inf", "1e309", "-1e309", "1e16", "1e-400", "0x1p3", "9223372036854775808",
        "-9223372036854775809", "1,000,000", "$5", "50%", "", " ", "true", "yes", "2024-02-30", "2024-13-01", "99999-01-01",
        "0000-00-00", "+275760-09-13T00:00:00Z", "1/1/1", "12/31/99999", "2024-01-01T25:61:61Z", "\u{0}", "é", "sel00000000000000",
    ]

    static let values: [JSONValue] = numbers.map(JSONValue.number) + texts.map(JSONValue.string)

    static let fields: [Field] = FieldType.allCases.filter { !$0.isComputed }.compactMap { type in
        let options: JSONValue? =
            switch type {
            case .singleSelect, .multipleSelects: ["choices": [["name": "a"], ["name": "b"]]]
            case .duration: ["durationFormat": "h:mm:ss.SSS"]
            default: nil
            }
        return try? FieldDefinition(name: type.rawValue, type: type.rawValue, options: options).makeField()
    }

    @Test func extremeValues() async {
        await propertyCheck(count: 3000, input: Gen.element(of: Self.values), Gen.element(of: Self.fields), Gen.bool) { value, field, typecast in
            guard let value, let field else { return }
            try Self.check(value, field, typecast)
        }
    }

    @Test func randomNumbers() async {
        await propertyCheck(count: 2000, input: Gen.double(in: -1e20...1e20), Gen.element(of: Self.fields), Gen.bool) { number, field, typecast in
            guard let field else { return }
            try Self.check(.number(number), field, typecast)
            try Self.check(.string(String(number)), field, typecast)
        }
    }

    private static func check(_ value: JSONValue, _ field: Field, _ typecast: Bool) throws {
        var field = field
        let stored: JSONValue?
        do {
            stored = try CellCodec(typecast: typecast).store(value, in: &field)
        } catch {
            #expect(error.kind == .invalidRequest)
            #expect(error.message.contains("\"\(field.name)\""))
            return
        }
        guard let stored else { return }
        let record = Record(
            id: "recAAAAAAAAAAAAAA", tableID: "tblAAAAAAAAAAAAAA", createdTime: Date(), lastModifiedTime: nil,
            autoNumber: 1, cells: [field.id: stored])
        _ = CellRenderer(format: .json).render(field, of: record)
        let zone = TimeZone(identifier: "Pacific/Kiritimati") ?? .gmt
        let text = CellRenderer(format: .string, timeZone: zone, locale: Locale(identifier: "de_DE")).render(field, of: record)
        #expect(text?.stringValue != nil)
        let context = RecordFormulaContext(record: record, fields: [field.name: field], now: Date(), timeZone: .gmt)
        let formula = try Formula("DATETIME_FORMAT({\(field.name)}) & {\(field.name)} & LEN({\(field.name)} & '')")
        _ = try? formula.evaluate(in: context)
    }
}
