import Foundation
import TesseraCore
import TesseraTesting
import Testing

/// The database prefilter must never drop a record the formula matches: listing with a filter
/// must give exactly the records that evaluating the formula on every record gives.
@Suite struct FilterPrefilterTests {
    static let formulas = [
        "{Points} > 3", "{Points} <= 3", "{Points} = 0", "{Points} != 2", "3 < {Points}", "{Points} >= -1",
        "{Name} = 'n5'", "{Name} = ''", "{Status} = 'Doing'", "{Status} = 'Nope'", "{Status} != 'Doing'",
        "AND({Status} = 'Todo', {Points} > 2)", "OR({Name} = 'n1', {Points} = 4)", "OR({Name} = 'n1', LEN({Notes}) > 3)",
        "{Notes}", "NOT({Notes})", "AND({Done}, {Points} < 5)", "{Done} = TRUE()", "FIND('1', {Name})",
        "AND({Name}, OR({Points} = 1, {Points} = 2, {Status} = 'Done'))",
    ]

    @Test func filteredListingsEqualBruteForce() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        var generator = SeededGenerator(seed: 7)
        let statuses: [JSONValue] = ["Todo", "Doing", "Done", .null]
        for chunk in 0..<12 {
            let batch: [JSONValue] = (0..<10).map { index in
                var fields: [String: JSONValue] = ["Name": .string("n\(chunk * 10 + index)")]
                if Int.random(in: 0..<4, using: &generator) > 0 { fields["Points"] = .number(Double(Int.random(in: -1...6, using: &generator))) }
                if Bool.random(using: &generator) { fields["Notes"] = .string(String(repeating: "x", count: Int.random(in: 1...6, using: &generator))) }
                fields["Status"] = statuses.randomElement(using: &generator)!
                fields["Done"] = .bool(Bool.random(using: &generator))
                return .object(fields)
            }
            _ = try await world.services.records.create(batch, typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        let all = try await list(nil, world, base)
        #expect(all.count == 120)
        let fieldsByName = Dictionary(uniqueKeysWithValues: table.fields.map { ($0.name, $0) })
        for source in Self.formulas {
            let formula = try Formula(source)
            let expected = all.filter { record in
                (try? formula.matches(Context(record: record, fields: fieldsByName))) ?? false
            }.map(\.id)
            let actual = try await list(source, world, base).map(\.id)
            #expect(actual == expected, "formula \(source)")
        }
    }

    private func list(_ formula: String?, _ world: TestWorld, _ base: Base) async throws -> [Record] {
        var query = ListRecordsQuery()
        query.filterByFormula = formula
        var records: [Record] = []
        repeat {
            let page = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
            records += page.records
            query.offset = page.offset
        } while query.offset != nil
        return records
    }

    /// An independent reading of cells for the formula, written from the field types.
    private struct Context: FormulaContext {
        let record: Record
        let fields: [String: Field]
        var recordID: String { record.id }
        var createdTime: Date { record.createdTime }
        var lastModifiedTime: Date? { record.lastModifiedTime }
        var now: Date { Date() }
        var timeZone: TimeZone { TimeZone(identifier: "UTC")! }

        func value(ofField name: String) -> FormulaValue? {
            guard let field = fields[name] else { return nil }
            guard let stored = record.cells[field.id] else { return .blank }
            switch (field.type, stored) {
            case (.singleSelect, .string(let id)): return .text(field.choices.first { $0.id == id }!.name)
            case (_, .number(let number)): return .number(number)
            case (_, .string(let text)): return .text(text)
            case (_, .bool(let flag)): return .bool(flag)
            default: return .blank
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
