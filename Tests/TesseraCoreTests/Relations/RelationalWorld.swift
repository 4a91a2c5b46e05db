import Foundation
import TesseraCore
import TesseraTesting

/// A base of projects and tasks, linked both ways, on whichever store `TestWorld` opens.
struct RelationalWorld {
    let world: TestWorld
    let base: Base

    var owner: Principal { world.ownerPrincipal }

    static func make() async throws -> RelationalWorld {
        let world = try await TestWorld.make()
        let (base, _) = try await world.services.workspaces.createBase(
            name: "Work", workspaceID: world.workspace.id,
            tables: [
                TableDefinition(name: "Projects", fields: [FieldDefinition(name: "Name", type: "singleLineText")]),
                TableDefinition(
                    name: "Tasks",
                    fields: [
                        FieldDefinition(name: "Title", type: "singleLineText"),
                        FieldDefinition(name: "Points", type: "number", options: ["precision": 0]),
                        FieldDefinition(name: "Status", type: "singleSelect", options: ["choices": [["name": "Todo"], ["name": "Done"]]]),
                        FieldDefinition(name: "Project", type: "multipleRecordLinks", options: ["linkedTableId": "Projects"]),
                    ]),
            ], by: world.ownerPrincipal)
        return RelationalWorld(world: world, base: base)
    }

    func ref(_ table: String) -> TableRef {
        TableRef(baseID: base.id, table: table, by: owner)
    }

    func table(_ name: String) async throws -> Table {
        try await world.services.tables.table(ref(name), scope: .schemaRead, level: .read)
    }

    @discardableResult
    func field(_ table: String, _ definition: FieldDefinition) async throws -> Field {
        try await world.services.tables.createField(definition, in: ref(table))
    }

    func create(_ table: String, _ fields: [JSONValue], typecast: Bool = false) async throws -> [String] {
        try await world.services.records.create(fields, typecast: typecast, in: ref(table)).0.map(\.id)
    }

    func update(_ table: String, _ id: String, _ fields: JSONValue, typecast: Bool = false) async throws {
        _ = try await world.services.records.update([(id, fields)], replace: false, typecast: typecast, in: ref(table))
    }

    /// The record as the API shows it (`fields` by name).
    func fields(_ table: String, _ id: String, format: CellRenderer.Format = .json) async throws -> JSONValue {
        let (record, table) = try await world.services.records.get(recordID: id, in: ref(table))
        var renderer = CellRenderer(format: format)
        renderer.related = try await world.services.records.related(to: [record], in: table, linkNames: format == .string)
        return RecordPresenter(table: table, renderer: renderer).present(record)["fields"] ?? .null
    }
}
