import TesseraCore
import TesseraTesting
import Testing

/// Tenancy: what a principal may not see answers 404; what it sees but may not do answers 403.
@Suite struct AccessControlTests {
    @Test func anotherUserSeesNothingOfMyBases() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, table) = try await world.makeTasksBase()
        _ = try await world.services.records.create(
            [["Name": "secret"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let (stranger, _) = try await world.makeStranger()

        #expect(try await world.services.workspaces.bases(for: stranger).isEmpty)
        for attempt in [
            { _ = try await world.services.tables.tables(baseID: base.id, for: stranger) },
            { _ = try await world.services.records.list(ListRecordsQuery(), in: TableRef(baseID: base.id, table: table.id, by: stranger)) },
            { _ = try await world.services.records.create([["Name": "x"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: stranger)) },
            { _ = try await world.services.records.count(in: TableRef(baseID: base.id, table: "Tasks", by: stranger)) },
        ] as [@Sendable () async throws -> Void] {
            let error = await #expect(throws: TesseraError.self) { try await attempt() }
            #expect(error?.kind == .notFound)
        }
    }

    @Test func readMembersCanReadButNotWrite() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, _) = try await world.makeTasksBase()
        let (reader, _) = try await world.makeStranger(email: "reader@example.com")
        try await world.services.workspaces.setMember(email: "reader@example.com", level: .read, workspaceID: world.workspace.id, by: world.ownerPrincipal)

        let page = try await world.services.records.list(ListRecordsQuery(), in: TableRef(baseID: base.id, table: "Tasks", by: reader))
        #expect(page.records.isEmpty)
        let error = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.create([["Name": "x"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: reader))
        }
        #expect(error?.kind == .forbidden)
        let schemaError = await #expect(throws: TesseraError.self) {
            _ = try await world.services.tables.createField(
                FieldDefinition(name: "New", type: "number"), in: TableRef(baseID: base.id, table: "Tasks", by: reader))
        }
        #expect(schemaError?.kind == .forbidden)
        // Members cannot manage members unless they own the workspace.
        await #expect(throws: TesseraError.self) {
            try await world.services.workspaces.setMember(email: "reader@example.com", level: .owner, workspaceID: world.workspace.id, by: reader)
        }
    }

    @Test func tokensLimitedToOneBaseCannotReachAnother() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (first, _) = try await world.makeTasksBase(name: "First")
        let (second, _) = try await world.makeTasksBase(name: "Second")
        let (token, _) = try await world.services.auth.createAccessToken(
            userID: world.owner.id, name: "one base", scopes: Set(TokenScope.allCases), baseIDs: [first.id])
        let principal = try await world.services.auth.authenticate(bearer: token)

        #expect(try await world.services.workspaces.bases(for: principal).map(\.base.id) == [first.id])
        _ = try await world.services.records.list(ListRecordsQuery(), in: TableRef(baseID: first.id, table: "Tasks", by: principal))
        let error = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.list(ListRecordsQuery(), in: TableRef(baseID: second.id, table: "Tasks", by: principal))
        }
        #expect(error?.kind == .notFound)
    }

    @Test func scopesAreEnforced() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, _) = try await world.makeTasksBase()
        let (token, _) = try await world.services.auth.createAccessToken(userID: world.owner.id, name: "read only", scopes: [.recordsRead], baseIDs: nil)
        let readOnly = try await world.services.auth.authenticate(bearer: token)
        _ = try await world.services.records.list(ListRecordsQuery(), in: TableRef(baseID: base.id, table: "Tasks", by: readOnly))
        let write = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.create([["Name": "x"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: readOnly))
        }
        #expect(write?.kind == .forbidden)
        let schema = await #expect(throws: TesseraError.self) { _ = try await world.services.workspaces.bases(for: readOnly) }
        #expect(schema?.code == .forbidden)
        // A record that exists, so only the missing comments scope can refuse the call.
        let (records, _) = try await world.services.records.create(
            [["Name": "a"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let comments = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.comments(
                recordID: records[0].id, in: TableRef(baseID: base.id, table: "Tasks", by: readOnly), pageSize: 10, offset: nil)
        }
        #expect(comments?.code == .forbidden)
        #expect(comments?.message.contains("data.recordComments:read") == true)
    }
}
