import Foundation
import TesseraCore
import TesseraStorage
import TesseraTesting
import Testing

@Suite struct RecordServiceTests {
    private func world() async throws -> (TestWorld, Base, Table) {
        let world = try await TestWorld.make()
        let (base, table) = try await world.makeTasksBase()
        return (world, base, table)
    }

    private func names(_ page: RecordService.Page) -> [String] {
        page.records.compactMap { page.presenter.present($0)["fields"]?["Name"]?.stringValue }
    }

    @Test func createStoresCellsByFieldIDAndRendersByName() async throws {
        let (world, base, table) = try await world()
        defer { world.remove() }
        let (created, _) = try await world.services.records.create(
            [["Name": "Write spec", "Points": 3, "Done": true, "Status": "Doing", "Tags": ["red", "blue"], "Due": "2026-12-01"]],
            typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let record = created[0]
        #expect(TesseraID.isValid(record.id, .record))
        let status = table.field(named: "Status")!
        #expect(record.cells[status.id] == .string(status.choices[1].id))
        let presented = RecordPresenter(table: table).present(record)
        #expect(presented["fields"]?["Status"] == "Doing")
        #expect(presented["fields"]?["Tags"] == ["red", "blue"])
        #expect(presented["fields"]?["Points"] == 3)
        #expect(presented["fields"]?["Number"] == 1)
        #expect(presented["fields"]?["Notes"] == nil)
        #expect(presented["createdTime"]?.stringValue?.hasSuffix("Z") == true)
    }

    @Test func aBadRecordInABatchWritesNothing() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        let error = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.create(
                [["Name": "fine"], ["Points": "not a number"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(error?.code == .invalidValue)
        #expect(try await world.services.records.count(in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal)) == 0)
        #expect(try await world.store.events(after: 0, limit: 100).allSatisfy { $0.kind != .recordCreated })
    }

    @Test func batchesAreLimitedToTen() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        let eleven = (0..<11).map { JSONValue.object(["Name": .string("r\($0)")]) }
        let error = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.create(eleven, typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(error?.code == .invalidRecords)
    }

    @Test func unknownFieldsAndComputedFieldsAreRefused() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        let unknown = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.create([["Nope": 1]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(unknown?.code == .unknownField)
        let computed = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.create(
                [["Number": 5]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(computed?.code == .invalidValue)
    }

    @Test func typecastConvertsValuesAndAddsChoices() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        let strict = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.create(
                [["Status": "Blocked"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(strict?.code == .unknownChoice)
        let (created, table) = try await world.services.records.create(
            [["Status": "Blocked", "Points": "1,234.5", "Done": "yes", "Tags": "red, green", "Due": "12/24/2026"]],
            typecast: true, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let fields = RecordPresenter(table: table).present(created[0])["fields"]
        #expect(fields?["Status"] == "Blocked")
        #expect(fields?["Points"] == 1234.5)
        #expect(fields?["Done"] == true)
        #expect(fields?["Tags"] == ["red", "green"])
        #expect(fields?["Due"] == "2026-12-24")
        let schema = try await world.services.tables.tables(baseID: base.id, for: world.ownerPrincipal)[0]
        #expect(schema.field(named: "Status")!.choices.map(\.name) == ["Todo", "Doing", "Done", "Blocked"])
        #expect(schema.field(named: "Tags")!.choices.map(\.name) == ["red", "blue", "green"])
    }

    @Test func patchMergesAndPutReplaces() async throws {
        let (world, base, table) = try await world()
        defer { world.remove() }
        let records = world.services.records
        let (created, _) = try await records.create(
            [["Name": "a", "Points": 1, "Notes": "keep?"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let id = created[0].id
        let (patched, _) = try await records.update(
            [(id, ["Points": 2])], replace: false, typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let merged = RecordPresenter(table: table).present(patched[0])["fields"]
        #expect(merged?["Name"] == "a")
        #expect(merged?["Points"] == 2)
        #expect(merged?["Notes"] == "keep?")
        let (replaced, _) = try await records.update(
            [(id, ["Name": "b"])], replace: true, typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let fields = RecordPresenter(table: table).present(replaced[0])["fields"]
        #expect(fields?["Name"] == "b")
        #expect(fields?["Points"] == nil)
        #expect(fields?["Notes"] == nil)
        #expect(replaced[0].lastModifiedTime != nil)
        // Clearing with null.
        let (cleared, _) = try await records.update(
            [(id, ["Name": .null])], replace: false, typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(cleared[0].cells.isEmpty)
    }

    @Test func updatingAMissingRecordWritesNothing() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        let records = world.services.records
        let (created, _) = try await records.create([["Name": "a"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let error = await #expect(throws: TesseraError.self) {
            _ = try await records.update(
                [(created[0].id, ["Name": "changed"]), ("recAAAAAAAAAAAAAA", ["Name": "x"])], replace: false, typecast: false,
                in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(error?.kind == .notFound)
        let (again, table) = try await records.get(recordID: created[0].id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(RecordPresenter(table: table).present(again)["fields"]?["Name"] == "a")
    }

    @Test func upsertUpdatesMatchesAndCreatesTheRest() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        let records = world.services.records
        _ = try await records.create(
            [["Name": "alpha", "Points": 1]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let (outcome, _) = try await records.upsert(
            [["Name": "alpha", "Points": 10], ["Name": "beta", "Points": 2]], mergeOn: ["Name"], replace: false, typecast: false,
            in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(outcome.updatedRecordIDs.count == 1)
        #expect(outcome.createdRecordIDs.count == 1)
        #expect(try await records.count(in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal)) == 2)
        let missingKey = await #expect(throws: TesseraError.self) {
            _ = try await records.upsert(
                [["Points": 2]], mergeOn: ["Name"], replace: false, typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(missingKey?.kind == .invalidRequest)
    }

    @Test func deleteRemovesRecordsAndRefusesUnknownIDs() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        let records = world.services.records
        let (created, _) = try await records.create(
            [["Name": "a"], ["Name": "b"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let error = await #expect(throws: TesseraError.self) {
            _ = try await records.delete(
                recordIDs: [created[0].id, "recZZZZZZZZZZZZZZ"], in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(error?.kind == .notFound)
        #expect(try await records.count(in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal)) == 2)
        _ = try await records.delete(recordIDs: [created[0].id], in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(try await records.count(in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal)) == 1)
        let kinds = try await world.store.events(after: 0, limit: 100).map(\.kind)
        #expect(kinds.filter { $0 == .recordDeleted }.count == 1)
    }

    @Test func listingPagesThroughEveryRecordOnce() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        for chunk in stride(from: 0, to: 45, by: 10) {
            let batch = (chunk..<min(chunk + 10, 45)).map { JSONValue.object(["Name": .string("r\($0)"), "Points": .number(Double($0 % 7))]) }
            _ = try await world.services.records.create(batch, typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        for sorted in [false, true] {
            var query = ListRecordsQuery()
            query.pageSize = 7
            if sorted { query.sort = [.init(field: "Points", ascending: false)] }
            var seen: [String] = []
            var pages = 0
            repeat {
                let page = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
                seen += page.records.map(\.id)
                query.offset = page.offset
                pages += 1
            } while query.offset != nil
            #expect(seen.count == 45)
            #expect(Set(seen).count == 45)
            #expect(pages == 7)
        }
    }

    @Test func maxRecordsCapsTheTotalAcrossPages() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        for chunk in 0..<3 {
            let batch = (0..<10).map { JSONValue.object(["Name": .string("r\(chunk * 10 + $0)")]) }
            _ = try await world.services.records.create(batch, typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        var query = ListRecordsQuery()
        query.pageSize = 4
        query.maxRecords = 10
        var total = 0
        repeat {
            let page = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
            total += page.records.count
            query.offset = page.offset
        } while query.offset != nil
        #expect(total == 10)
    }

    @Test func sortsAndFiltersAndProjects() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        _ = try await world.services.records.create(
            [
                ["Name": "b", "Points": 2, "Status": "Done"], ["Name": "a", "Points": 5, "Status": "Todo"], ["Name": "c", "Status": "Doing"],
                ["Name": "D", "Points": 5],
            ],
            typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        var query = ListRecordsQuery()
        query.sort = [.init(field: "Name", ascending: true)]
        #expect(
            names(try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))) == [
                "a", "b", "c", "D",
            ])
        query.sort = [.init(field: "Points", ascending: false), .init(field: "Name", ascending: false)]
        #expect(
            names(try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))) == [
                "D", "a", "b", "c",
            ])
        query.sort = [.init(field: "Status", ascending: true)] // choice order: Todo, Doing, Done; blank first
        #expect(
            names(try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))) == [
                "D", "a", "c", "b",
            ])

        query.sort = []
        query.filterByFormula = "AND({Points} >= 2, LOWER(Name) != 'd')"
        #expect(
            Set(names(try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal)))) == ["a", "b"])
        query.filterByFormula = "{Points} < 3" // blank counts as 0
        #expect(
            Set(names(try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal)))) == ["b", "c"])

        query.filterByFormula = nil
        query.fields = ["Name"]
        let page = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(page.records.allSatisfy { page.presenter.present($0)["fields"]?.objectValue?.keys.sorted() == ["Name"] })
    }

    @Test func badFormulasAndUnknownNamesAreClearErrors() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        for (formula, fragment) in [("{Points} >", "position"), ("NOPE(1)", "NOPE"), ("{Missing} = 1", "Missing")] {
            var query = ListRecordsQuery()
            query.filterByFormula = formula
            let error = await #expect(throws: TesseraError.self) {
                _ = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
            }
            #expect(error?.code == .invalidFilter)
            #expect(error?.message.contains(fragment) == true)
        }
        var query = ListRecordsQuery()
        query.sort = [.init(field: "Nope", ascending: true)]
        await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        query = ListRecordsQuery()
        query.offset = "itrbogus"
        let offset = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(offset?.code == .iteratorNotAvailable)
    }

    @Test func commentsBelongToTheirAuthor() async throws {
        let (world, base, _) = try await world()
        defer { world.remove() }
        let records = world.services.records
        let (created, _) = try await records.create([["Name": "a"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let id = created[0].id
        let (comment, author) = try await records.createComment(
            text: "first!", recordID: id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(author?.email == "owner@example.com")
        _ = try await records.updateComment(
            id: comment.id, text: "edited", recordID: id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        let page = try await records.comments(recordID: id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal), pageSize: 10, offset: nil)
        #expect(page.comments.map(\.comment.text) == ["edited"])

        let (editor, _) = try await world.makeStranger(email: "editor@example.com")
        try await world.services.workspaces.setMember(email: "editor@example.com", level: .edit, workspaceID: world.workspace.id, by: world.ownerPrincipal)
        let error = await #expect(throws: TesseraError.self) {
            try await records.deleteComment(id: comment.id, recordID: id, in: TableRef(baseID: base.id, table: "Tasks", by: editor))
        }
        #expect(error?.kind == .forbidden)
        try await records.deleteComment(id: comment.id, recordID: id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(
            try await records.comments(recordID: id, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal), pageSize: 10, offset: nil)
                .comments.isEmpty)
    }
}
