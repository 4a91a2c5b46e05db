import Foundation
import TesseraCore
import Testing

/// The dependency graph and the recalculation it drives, without a store: customers with
/// invoices with lines; an invoice's amount is a rollup of its lines' prices, its tax a formula
/// over the amount, a customer's total a rollup of its invoices' amounts and its label a formula
/// over the total. The in-memory "store" below records what the recalculation asks for.
@Suite struct DependencyGraphTests {
    private static let customers = "tblCustomers0000", invoices = "tblInvoices00000", lines = "tblLines00000000"

    /// Field ids are their names, so the expectations read as the schema does.
    private static func schema(labelFormula: String = "{total} & '!'") -> BaseSchema {
        func link(_ id: String, to table: String, inverse: String) -> Field {
            Field(id: id, name: id, type: .multipleRecordLinks, options: ["linkedTableId": .string(table), "inverseLinkFieldId": .string(inverse)])
        }
        func rollup(_ id: String, through link: String, of target: String) -> Field {
            Field(
                id: id, name: id, type: .rollup,
                options: ["recordLinkFieldId": .string(link), "fieldIdInLinkedTable": .string(target), "formula": "SUM(values)"])
        }
        func formula(_ id: String, _ source: String) -> Field {
            Field(id: id, name: id, type: .formula, options: ["formula": .string(source)])
        }
        return BaseSchema(tables: [
            Table(
                id: customers, baseID: "app", name: "Customers", description: nil, primaryFieldID: "name",
                fields: [
                    Field(id: "name", name: "name", type: .singleLineText),
                    // The label is listed before the total it reads: the order must come from the graph.
                    formula("label", labelFormula),
                    rollup("total", through: "invoices", of: "amount"),
                    link("invoices", to: invoices, inverse: "customer"),
                ], views: []),
            Table(
                id: invoices, baseID: "app", name: "Invoices", description: nil, primaryFieldID: "number",
                fields: [
                    Field(id: "number", name: "number", type: .singleLineText),
                    link("customer", to: customers, inverse: "invoices"),
                    link("lines", to: lines, inverse: "invoice"),
                    formula("tax", "{amount} * 0.2"),
                    rollup("amount", through: "lines", of: "price"),
                ], views: []),
            Table(
                id: lines, baseID: "app", name: "Lines", description: nil, primaryFieldID: "item",
                fields: [
                    Field(id: "item", name: "item", type: .singleLineText),
                    Field(id: "price", name: "price", type: .number),
                    Field(id: "note", name: "note", type: .singleLineText),
                    link("invoice", to: invoices, inverse: "lines"),
                ], views: []),
        ])
    }

    private static func record(_ id: String, _ table: String, _ cells: [String: JSONValue]) -> Record {
        Record(id: id, tableID: table, createdTime: Date(timeIntervalSince1970: 0), lastModifiedTime: nil, autoNumber: 1, cells: cells)
    }

    /// Two customers, each with one invoice of two lines (prices 1+2 and 10+20), computed.
    private static let stored: [String: Record] = {
        var records: [Record] = [
            record("cusA", customers, ["name": "A", "invoices": ["invA"], "total": 3, "label": "3!"]),
            record("cusB", customers, ["name": "B", "invoices": ["invB"], "total": 30, "label": "30!"]),
            record("invA", invoices, ["number": "1", "customer": ["cusA"], "lines": ["l1", "l2"], "amount": 3, "tax": 0.6000000000000001]),
            record("invB", invoices, ["number": "2", "customer": ["cusB"], "lines": ["l3", "l4"], "amount": 30, "tax": 6]),
        ]
        for (id, invoice, price) in [("l1", "invA", 1), ("l2", "invA", 2), ("l3", "invB", 10), ("l4", "invB", 20)] {
            records.append(record(id, lines, ["item": .string(id), "price": .number(Double(price)), "invoice": [.string(invoice)]]))
        }
        return Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
    }()

    /// Runs a recalculation against `stored`; answers its outcome and every id it loaded.
    private static func run(_ recalculation: consuming Recalculation) throws -> (Recalculation.Outcome, loaded: Set<String>) {
        var recalculation = recalculation
        var loaded = Set<String>()
        while case .load(let ids) = try recalculation.next() {
            loaded.formUnion(ids)
            recalculation.provide(ids.compactMap { stored[$0] }, for: ids)
        }
        return (recalculation.outcome, loaded)
    }

    private static func change(_ id: String, _ cells: [String: JSONValue]) -> RecordChange {
        var after = stored[id]!
        after.cells.merge(cells) { $1 }
        return RecordChange(before: stored[id], after: after)
    }

    @Test("derived fields are computed after what they read, whatever the table's field order")
    func ordering() {
        let graph = FieldDependencies(schema: Self.schema())
        #expect(graph.derivedFields(ofTable: Self.customers) == ["total", "label"])
        #expect(graph.derivedFields(ofTable: Self.invoices) == ["amount", "tax"])
        #expect(graph.affected(by: ["lines"], inTable: Self.invoices) == ["amount", "tax"])
        #expect(graph.affected(by: ["number"], inTable: Self.invoices).isEmpty)
        #expect(graph.remoteReaders(of: "price").map(\.fieldID) == ["amount"])
        #expect(graph.remoteReaders(of: "amount").map(\.fieldID) == ["total"])
        #expect(graph.remoteReaders(of: "note").isEmpty)
    }

    @Test("a field that reads itself, directly or through links, is a cycle")
    func cycles() {
        #expect(FieldDependencies.cycle(in: Self.schema()) == nil)
        let direct = FieldDependencies.cycle(in: Self.schema(labelFormula: "{label} & 'x'"))
        #expect(direct == ["Customers.label", "Customers.label"])

        // total reads amount through the link; amount reads… the customer's label through its own link.
        var tables = Self.schema().tables
        let index = tables.firstIndex { $0.id == Self.invoices }!
        tables[index].fields.removeAll { $0.id == "amount" }
        tables[index].fields.append(
            Field(
                id: "amount", name: "amount", type: .rollup,
                options: [
                    "recordLinkFieldId": "customer", "fieldIdInLinkedTable": "total", "formula": "SUM(values)",
                ]))
        let through = FieldDependencies.cycle(in: BaseSchema(tables: tables))
        #expect(through != nil)
        #expect(through?.first == through?.last && through?.contains("Invoices.amount") == true && through?.contains("Customers.total") == true)
    }

    @Test("a price change reaches its invoice and that invoice's customer, and nothing else")
    func fanOutIsExact() throws {
        let (outcome, loaded) = try Self.run(Recalculation(schema: Self.schema(), changes: [Self.change("l1", ["price": 5])], actorID: nil, now: Date()))
        #expect(loaded == ["invA", "l2", "cusA"], "only the records the sums need")
        let updated = Dictionary(uniqueKeysWithValues: outcome.updated.map { ($0.id, $0) })
        #expect(Set(updated.keys) == ["l1", "invA", "cusA"])
        #expect(updated["invA"]?.cells["amount"] == 7 && updated["invA"]?.cells["tax"] == 1.4000000000000001)
        #expect(updated["cusA"]?.cells["total"] == 7 && updated["cusA"]?.cells["label"] == "7!")
        #expect(outcome.inserted.isEmpty && outcome.deleted.isEmpty)
    }

    @Test("a change no derived field reads recomputes nothing")
    func unreadChangesStayLocal() throws {
        let (outcome, loaded) = try Self.run(Recalculation(schema: Self.schema(), changes: [Self.change("l1", ["note": "hi"])], actorID: nil, now: Date()))
        #expect(loaded.isEmpty)
        #expect(outcome.updated.map(\.id) == ["l1"])
    }

    @Test("moving a line to another invoice updates both sides of the link and both customers")
    func relinking() throws {
        let (outcome, _) = try Self.run(Recalculation(schema: Self.schema(), changes: [Self.change("l1", ["invoice": ["invB"]])], actorID: nil, now: Date()))
        let updated = Dictionary(uniqueKeysWithValues: outcome.updated.map { ($0.id, $0) })
        #expect(updated["invA"]?.cells["lines"] == ["l2"] && updated["invA"]?.cells["amount"] == 2)
        #expect(updated["invB"]?.cells["lines"] == ["l3", "l4", "l1"] && updated["invB"]?.cells["amount"] == 31)
        #expect(updated["cusA"]?.cells["total"] == 2 && updated["cusB"]?.cells["total"] == 31)
        #expect(updated["l1"] != nil && updated["l2"] == nil)
    }

    @Test("deleting a line removes it from its invoice and lowers the sums above")
    func deletion() throws {
        let (outcome, _) = try Self.run(
            Recalculation(schema: Self.schema(), changes: [RecordChange(before: Self.stored["l2"], after: nil)], actorID: nil, now: Date()))
        #expect(outcome.deleted.map(\.id) == ["l2"])
        let updated = Dictionary(uniqueKeysWithValues: outcome.updated.map { ($0.id, $0) })
        #expect(updated["invA"]?.cells["lines"] == ["l1"] && updated["invA"]?.cells["amount"] == 1)
        #expect(updated["cusA"]?.cells["total"] == 1)
    }
}
