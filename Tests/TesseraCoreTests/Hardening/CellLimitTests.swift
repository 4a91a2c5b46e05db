import Foundation
import Testing

@testable import TesseraCore

/// Numbers from outside at the edges of what a cell can hold: each is stored or refused with
/// Airtable's error naming the field, and anything stored renders, never traps.
@Suite("Cell values at the limits")
struct CellLimitTests {
    private func field(_ type: String, _ options: JSONValue? = nil) throws -> Field {
        try FieldDefinition(name: "F", type: type, options: options).makeField()
    }

    @Test(
        "typecast \"1e16\" into a dateTime is refused as out of range (it used to trap converting epoch seconds)",
        arguments: ["1e16", "1e300", "9223372036854775807", "8.7e12", "-5"])
    func hugeEpochSecondsAreRefused(_ text: String) throws {
        var dateTime = try field("dateTime")
        let error = #expect(throws: TesseraError.self) { try CellCodec(typecast: true).store(.string(text), in: &dateTime) }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("\"F\"") == true)
    }

    @Test("typecast epoch seconds inside the range still become instants")
    func epochSecondsInRange() throws {
        var dateTime = try field("dateTime")
        #expect(try CellCodec(typecast: true).store("1700000000", in: &dateTime) == "2023-11-14T22:13:20.000Z")
    }

    @Test("numbers beyond a double, NaN and Infinity spelled in strings are refused", arguments: ["1e400", "NaN", "Infinity", "-inf", "nan"])
    func nonFiniteNumbersAreRefused(_ text: String) throws {
        var number = try field("number")
        #expect(throws: TesseraError.self) { try CellCodec(typecast: true).store(.string(text), in: &number) }
    }

    @Test(
        "a duration of 1e300 renders as text (it used to trap in Int(...))",
        arguments: [1e300, -1e300, 1e15, Double(Int64.max), -3725.5, 0, 59.9996, 1.7976931348623157e308])
    func extremeDurationsRender(_ seconds: Double) throws {
        for format in ["h:mm", "h:mm:ss", "h:mm:ss.S", "h:mm:ss.SSS"] {
            let duration = try field("duration", ["durationFormat": .string(format)])
            let record = Record(
                id: "recAAAAAAAAAAAAAA", tableID: "tblAAAAAAAAAAAAAA", createdTime: Date(), lastModifiedTime: nil,
                autoNumber: 1, cells: [duration.id: .number(seconds)])
            let text = CellRenderer(format: .string).render(duration, of: record)?.stringValue
            #expect(text?.isEmpty == false)
        }
    }

    @Test("durations render as Airtable shows them, negative ones with one leading minus")
    func durationText() throws {
        let cases: [(Double, String, String)] = [
            (3725, "h:mm", "1:02"), (3725, "h:mm:ss", "1:02:05"), (-3725, "h:mm:ss", "-1:02:05"),
            (59.9996, "h:mm:ss.SSS", "0:01:00.000"), (5.25, "h:mm:ss.SS", "0:00:05.25"), (360_000, "h:mm", "100:00"),
        ]
        for (seconds, format, expected) in cases {
            let duration = try field("duration", ["durationFormat": .string(format)])
            let record = Record(
                id: "recAAAAAAAAAAAAAA", tableID: "tblAAAAAAAAAAAAAA", createdTime: Date(), lastModifiedTime: nil,
                autoNumber: 1, cells: [duration.id: .number(seconds)])
            #expect(CellRenderer(format: .string).render(duration, of: record) == .string(expected), "\(seconds) as \(format)")
        }
    }

    @Test("stored options outside their range (an older or edited database) render without trapping")
    func corruptOptionsRender() throws {
        var number = try field("number")
        number.options = ["precision": 1e300]
        let record = Record(
            id: "recAAAAAAAAAAAAAA", tableID: "tblAAAAAAAAAAAAAA", createdTime: Date(), lastModifiedTime: nil,
            autoNumber: 1, cells: [number.id: 1234.5])
        #expect(CellRenderer(format: .string).render(number, of: record) == "1,234.50000000")
    }

    @Test("an instant outside JavaScript's range formats clamped instead of trapping")
    func instantsOutsideTheRangeFormat() {
        #expect(Date(timeIntervalSince1970: 1e300).apiTimestamp.hasSuffix("Z"))
        #expect(Date(timeIntervalSince1970: -1e300).apiTimestamp.hasSuffix("Z"))
        #expect(Date(timeIntervalSince1970: .nan).apiTimestamp == "1970-01-01T00:00:00.000Z")
    }
}
