import Foundation
import Ingest
import TesseraCore
import TesseraTesting
import Testing

/// Type inference on a real file and on the shapes people's files have.
@Suite struct InferenceTests {
    /// The rows of a fixture CSV, blank markers removed as `tessera ingest` does.
    static func fixture(_ name: String, blanks: BlankMarkers = .standard) throws -> (columns: [String], rows: [IngestRow]) {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        var parser = CSVParser()
        let items = parser.feed(Array(try Data(contentsOf: url))) + parser.finish()
        let rows = items.compactMap { item -> IngestRow? in if case .row(let row) = item { blanks.cleaned(row) } else { nil } }
        return (parser.header ?? [], rows)
    }

    @Test("palmerpenguins' penguins-raw.csv: NA cells are blanks, so measurements stay numbers; categories become selects")
    func penguins() throws {
        let (columns, rows) = try Self.fixture("penguins-raw.csv")
        #expect(rows.count == 344)
        let inferred = InferredTable(columns: columns, samples: rows, key: nil, links: [:], columnMap: [:])
        let types = Dictionary(uniqueKeysWithValues: inferred.fields.map { ($0.name, $0.type) })
        for measurement in ["Culmen Length (mm)", "Culmen Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Delta 15 N (o/oo)", "Delta 13 C (o/oo)"] {
            #expect(types[measurement] == "number", "\(measurement)")
        }
        #expect(types["Sample Number"] == "number")
        #expect(types["Clutch Completion"] == "checkbox", "Yes/No")
        #expect(types["Date Egg"] == "date")
        for category in ["studyName", "Species", "Island", "Sex"] { #expect(types[category] == "singleSelect", "\(category)") }
        let sex = inferred.fields.first { $0.name == "Sex" }?.options?["choices"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(sex == ["MALE", "FEMALE"], "NA is a blank, not a choice")
        #expect(types["Comments"] == "singleLineText", "free text is not a category")
        #expect(inferred.fields[0].name == "Individual ID", "the primary field names the penguin, not the study")
        #expect(inferred.primaryColumn == "Individual ID")

        let verbatim = try Self.fixture("penguins-raw.csv", blanks: BlankMarkers([]))
        let asText = InferredTable(columns: verbatim.columns, samples: verbatim.rows, key: nil, links: [:], columnMap: [:])
        #expect(asText.fields.first { $0.name == "Body Mass (g)" }?.type == "singleLineText", "--blanks '' keeps NA as text")
    }

    @Test("blank markers: NA, N/A, null and a dash are empty cells, and only those")
    func blanks() {
        let row = IngestRow(line: 2, values: ["a": "NA", "b": " N/A ", "c": "null", "d": "-", "e": "", "f": "NAN", "g": "n.a.", "h": 0, "i": .null])
        #expect(Set(BlankMarkers.standard.cleaned(row).values.keys) == ["f", "g", "h"])
        #expect(BlankMarkers(["?"]).cleaned(IngestRow(line: 2, values: ["a": "?", "b": "NA"])).values == ["b": "NA"])
    }

    @Test("yes/no is a checkbox; few repeated values are a select; long text is multiline")
    func shapes() {
        let rows = (0..<12).map { index in
            IngestRow(
                line: index + 2,
                values: [
                    "Active": .string(index % 2 == 0 ? "Yes" : "no"),
                    "Tier": .string(["gold", "silver", "bronze"][index % 3]),
                    "Name": .string("Person \(index)"),
                    "Bio": .string(String(repeating: "word ", count: index == 5 ? 40 : 3)),
                    "Notes": .string(["ok", "late"][index % 2]),
                ])
        }
        let fields = ColumnTypeInference.fields(columns: ["Active", "Tier", "Name", "Bio", "Notes"], samples: rows)
        #expect(fields.map(\.type) == ["checkbox", "singleSelect", "singleLineText", "multilineText", "singleLineText"])
        #expect(fields[1].options?["choices"]?.arrayValue?.count == 3)
        #expect(ColumnTypeInference.primaryIndex(of: fields, samples: rows) == 2)

        // Three rows with three values are not categories yet.
        let few = ColumnTypeInference.fields(columns: ["Tier"], samples: Array(rows.prefix(3)))
        #expect(few[0].type == "singleLineText")
    }

    @Test("the key column is the primary field; links become link fields; --map renames")
    func keyLinksAndMap() {
        let rows = [
            IngestRow(line: 2, values: ["ref": "A-1", "who": "Ada", "qty": "2"]), IngestRow(line: 3, values: ["ref": "A-2", "who": "Bob", "qty": "3"]),
        ]
        let inferred = InferredTable(
            columns: ["qty", "who", "ref"], samples: rows, key: "Reference", links: ["who": "tblCustomers0000"],
            columnMap: ["ref": "Reference"])
        #expect(inferred.fields.map(\.name) == ["Reference", "qty", "who"])
        #expect(inferred.fields[2].type == "multipleRecordLinks" && inferred.fields[2].options?["linkedTableId"] == "tblCustomers0000")
        #expect(inferred.summaryLines[0].hasSuffix("[primary]"))
        #expect(inferred.json["primaryField"] == "Reference")
    }

    @Test("--link specs name a table, or a table and a field, and say what is wrong")
    func linkSpecs() throws {
        #expect(throws: TesseraError.self) { try LinkColumn(parsing: "no-equals") }
        let tables = [
            Table(
                id: "tblA", baseID: "app", name: "Customers", description: nil, primaryFieldID: "fldName",
                fields: [
                    Field(id: "fldName", name: "Name", type: .singleLineText), Field(id: "fldMail", name: "Email", type: .email),
                ], views: []),
            Table(
                id: "tblB", baseID: "app", name: "v1.2", description: nil, primaryFieldID: "fldX",
                fields: [Field(id: "fldX", name: "X", type: .singleLineText)], views: []),
        ]
        #expect(try LinkColumn(parsing: "Who=Customers").resolve(in: tables).key.id == "fldName")
        #expect(try LinkColumn(parsing: "Who=Customers.Email").resolve(in: tables).key.id == "fldMail")
        #expect(try LinkColumn(parsing: "V=v1.2").resolve(in: tables).table.id == "tblB", "a table name with a dot")
        let missingField = #expect(throws: TesseraError.self) { try LinkColumn(parsing: "Who=Customers.Phone").resolve(in: tables) }
        #expect(missingField?.message.contains("Phone") == true)
        let missingTable = #expect(throws: TesseraError.self) { try LinkColumn(parsing: "Who=People").resolve(in: tables) }
        #expect(missingTable?.message.contains("People") == true)
    }
}

/// Link columns resolved against a real store: by primary value, by another key, by record id;
/// unknown and ambiguous names are the row's problem, and nothing is made up.
@Suite struct LinkResolverTests {
    @Test func namesBecomeRecordIDs() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let owner = world.ownerPrincipal
        let (base, _) = try await world.services.workspaces.createBase(
            name: "CRM", workspaceID: world.workspace.id,
            tables: [
                TableDefinition(
                    name: "Customers", fields: [FieldDefinition(name: "Name", type: "singleLineText"), FieldDefinition(name: "Email", type: "email")])
            ], by: owner)
        let customers = TableRef(baseID: base.id, table: "Customers", by: owner)
        let (made, table) = try await world.services.records.create(
            [
                ["Name": "Ada", "Email": "ada@example.com"], ["Name": "Bob", "Email": "bob@example.com"], ["Name": "Bob", "Email": "bob2@example.com"],
            ], typecast: false, in: customers)
        let byName = LinkResolver(
            records: world.services.records, baseID: base.id, principal: owner,
            targets: ["who": .init(tableID: table.id, keyFieldID: table.primaryFieldID)])
        let (rows, problems) = try await byName.resolve([
            IngestRow(line: 2, values: ["who": "Ada", "n": 1]),
            IngestRow(line: 3, values: ["who": "Bob"]),
            IngestRow(line: 4, values: ["who": "Zed, Ada"]),
            IngestRow(line: 5, values: ["who": .string(made[1].id)]),
            IngestRow(line: 6, values: ["n": 2]),
        ])
        #expect(rows.map(\.line) == [2, 5, 6])
        #expect(rows[0].values == ["who": [.string(made[0].id)], "n": 1])
        #expect(rows[1].values["who"] == [.string(made[1].id)])
        #expect(problems.map(\.line) == [3, 4])
        #expect(problems[0].reason.contains("2 linked records are named \"Bob\""))
        #expect(problems[1].reason.contains("no linked record is named \"Zed\""))
        #expect(try await world.services.records.count(in: customers) == 3, "nothing was made up")

        let email = try #require(table.field(named: "Email"))
        let byEmail = LinkResolver(
            records: world.services.records, baseID: base.id, principal: owner,
            targets: ["who": .init(tableID: table.id, keyFieldID: email.id)])
        let first = try await byEmail.resolve([IngestRow(line: 2, values: ["who": ["bob2@example.com", "ada@example.com"]])])
        #expect(first.rows.first?.values["who"] == [.string(made[2].id), .string(made[0].id)])
        // A record made after the first lookup (by the running server, say) is found too.
        let (late, _) = try await world.services.records.create([["Name": "Cy", "Email": "cy@example.com"]], typecast: false, in: customers)
        let second = try await byEmail.resolve([IngestRow(line: 3, values: ["who": "cy@example.com"])])
        #expect(second.rows.first?.values["who"] == [.string(late[0].id)])
    }
}
