import Foundation
import TesseraCore
import TesseraTesting
import Testing

/// Export and import of a whole base: new ids everywhere, every reference remapped, computed
/// fields computed again, and export → import → export the same document apart from ids.
@Suite struct BaseTransferTests {
    /// Projects ⇄ Tasks with a lookup, a rollup, a count, formulas, a self-link, a view with a
    /// filter and sorts, records linked both ways and comments.
    private static func richBase() async throws -> RelationalWorld {
        let relational = try await RelationalWorld.make()
        try await relational.field(
            "Tasks",
            FieldDefinition(name: "Project name", type: "multipleLookupValues", options: ["recordLinkFieldId": "Project", "fieldIdInLinkedTable": "Name"]))
        try await relational.field("Tasks", FieldDefinition(name: "Label", type: "formula", options: ["formula": "{Title} & ' (' & {Points} & ')'"]))
        try await relational.field("Tasks", FieldDefinition(name: "Blocked by", type: "multipleRecordLinks", options: ["linkedTableId": "Tasks"]))
        try await relational.field("Tasks", FieldDefinition(name: "Done", type: "checkbox"))
        try await relational.field("Tasks", FieldDefinition(name: "Due", type: "date"))
        try await relational.field(
            "Projects",
            FieldDefinition(name: "Total", type: "rollup", options: ["recordLinkFieldId": "Tasks", "fieldIdInLinkedTable": "Points", "formula": "SUM(values)"]))
        try await relational.field("Projects", FieldDefinition(name: "Task count", type: "count", options: ["recordLinkFieldId": "Tasks"]))
        try await relational.field("Projects", FieldDefinition(name: "Summary", type: "formula", options: ["formula": "{Name} & ': ' & {Total}"]))
        _ = try await relational.world.services.tables.createView(
            try ViewDefinition(json: [
                "name": "Big first", "filterByFormula": "{Points} > 1", "sort": [["field": "Points", "direction": "desc"]], "hiddenFields": ["Due"],
            ]),
            in: relational.ref("Tasks"))

        let projects = try await relational.create("Projects", [["Name": "Apollo"], ["Name": "Gemini"]])
        let tasks = try await relational.create(
            "Tasks",
            [
                ["Title": "Design", "Points": 3, "Status": "Todo", "Project": [.string(projects[0])], "Due": "2026-01-31"],
                ["Title": "Build, test", "Points": 5, "Status": "Done", "Project": [.string(projects[0])], "Done": true],
                ["Title": "Launch \"big\"", "Points": 1, "Project": [.string(projects[1])]],
            ])
        try await relational.update("Tasks", tasks[1], ["Blocked by": [.string(tasks[0])]])
        _ = try await relational.world.services.records.createComment(text: "Looks good", recordID: tasks[0], in: relational.ref("Tasks"))
        _ = try await relational.world.services.records.createComment(text: "Second thought", recordID: tasks[0], in: relational.ref("Tasks"))
        return relational
    }

    @Test func exportImportExportGivesTheSameDocumentApartFromIDs() async throws {
        let relational = try await Self.richBase()
        defer { relational.world.remove() }
        let transfer = BaseTransferService(store: relational.world.store)
        let first = try await transfer.export(baseID: relational.base.id, by: relational.owner)

        let plan = try await transfer.importBase(first.document, workspaceID: relational.world.workspace.id, name: "Copy", by: relational.owner)
        let second = try await transfer.export(baseID: plan.base.id, by: relational.owner)
        #expect(second.document.name == "Copy")

        // Every id of the first document has a new one, and the new document names none of the old.
        let oldIDs = Set(plan.newIDs.keys)
        let secondText = second.document.json.jsonString()
        #expect(oldIDs.allSatisfy { !secondText.contains($0) })
        #expect(Set(plan.newIDs.values).isDisjoint(with: oldIDs))

        // Mapped back, the second document is the first.
        var mappedBack = secondText.replacingOccurrences(of: plan.base.id, with: relational.base.id)
        for (old, new) in plan.newIDs { mappedBack = mappedBack.replacingOccurrences(of: new, with: old) }
        var expected = first.document
        expected.name = "Copy"
        #expect(try JSONValue.parse(mappedBack).jsonString() == expected.json.jsonString())
        #expect(second.csvTables.map(\.name) == first.csvTables.map(\.name))
        #expect(second.csvTables.map(\.text) == first.csvTables.map(\.text))
    }

    @Test func computedFieldsAreComputedAgainOverTheNewLinks() async throws {
        let relational = try await Self.richBase()
        defer { relational.world.remove() }
        let transfer = BaseTransferService(store: relational.world.store)
        let export = try await transfer.export(baseID: relational.base.id, by: relational.owner)
        // Only writable cells travel.
        let projectsEntry = try #require(export.document.tables.first { $0.table.name == "Projects" })
        let total = try #require(projectsEntry.table.field(named: "Total"))
        #expect(projectsEntry.records.allSatisfy { $0.cells[total.id] == nil })

        let plan = try await transfer.importBase(export.document, workspaceID: relational.world.workspace.id, by: relational.owner)
        let copy = RelationalWorld(world: relational.world, base: plan.base)
        let projects = try await relational.world.services.records.list(ListRecordsQuery(), in: copy.ref("Projects")).records
        let apollo = try #require(projects.first { $0.cells.values.contains("Apollo") })
        let fields = try await copy.fields("Projects", apollo.id)
        #expect(fields["Total"] == 8)
        #expect(fields["Task count"] == 2)
        #expect(fields["Summary"] == "Apollo: 8")
        let linkedTasks = try #require(fields["Tasks"]?.arrayValue?.compactMap { $0.stringValue })
        let newTasks = try await relational.world.services.records.list(ListRecordsQuery(), in: copy.ref("Tasks")).records
        #expect(Set(linkedTasks).isSubset(of: Set(newTasks.map(\.id))))
        let design = try #require(newTasks.first { $0.autoNumber == 1 })
        let designFields = try await copy.fields("Tasks", design.id)
        #expect(designFields["Project name"] == ["Apollo"])
        #expect(designFields["Label"] == "Design (3)")
        #expect(designFields["Project"] == [.string(apollo.id)])

        // Created times and comments (with their authors and times) are kept.
        let oldDesign = try #require(export.document.tables.first { $0.table.name == "Tasks" }?.records.first)
        #expect(design.createdTime == oldDesign.createdTime)
        let comments = try await relational.world.services.records.comments(recordID: design.id, in: copy.ref("Tasks"), pageSize: 10, offset: nil)
        // The API lists them newest first, ties by id; the document oldest first.
        #expect(comments.comments.map(\.comment.text).sorted() == ["Looks good", "Second thought"])
        #expect(oldDesign.comments.map(\.text) == ["Looks good", "Second thought"])
        #expect(comments.comments.map(\.comment.createdTime).sorted() == oldDesign.comments.map(\.createdTime))
        #expect(comments.comments.allSatisfy { $0.comment.authorID == relational.world.owner.id })

        // The view's filter and sort name the new fields.
        let tasks = try await copy.table("Tasks")
        let view = try #require(tasks.view(named: "Big first"))
        let points = try #require(tasks.field(named: "Points"))
        #expect(view.filterFormula == "{\(points.id)} > 1")
        #expect(view.sorts == [View.Sort(fieldID: points.id, ascending: false)])
        var query = ListRecordsQuery()
        query.view = "Big first"
        let listed = try await relational.world.services.records.list(query, in: copy.ref("Tasks")).records
        #expect(listed.map(\.autoNumber) == [2, 1])
    }

    @Test func hostileDocumentsAreRefusedWholeAndWriteNothing() async throws {
        let relational = try await Self.richBase()
        defer { relational.world.remove() }
        let transfer = BaseTransferService(store: relational.world.store)
        let good = try await transfer.export(baseID: relational.base.id, by: relational.owner).document.json.jsonString()
        let tasks = try await relational.table("Tasks")
        let points = try #require(tasks.field(named: "Points")).id
        let basesBefore = try await relational.world.services.workspaces.bases(for: relational.owner).count

        let strangers: [(String, String)] = [
            ("\"formatVersion\":1", "\"formatVersion\":2"),
            ("\"format\":\"tessera.base\"", "\"format\":\"other\""),
            ("\"\(points)\":3", "\"fldAAAAAAAAAAAAAA\":3"),
            ("\"\(points)\":3", "\"\(points)\":\"three\""),
            ("{\(points)} > 1", "{fldAAAAAAAAAAAAAA} > 1"),
            ("\"autoNumber\":2", "\"autoNumber\":1"),
            ("\"type\":\"checkbox\"", "\"type\":\"teleporter\""),
        ]
        for (original, replacement) in strangers {
            #expect(good.contains(original), "the fixture holds \(original)")
            let text = good.replacingOccurrences(of: original, with: replacement)
            await #expect(throws: TesseraError.self, "\(replacement)") {
                let document = try BaseDocument(json: JSONValue.parse(text))
                _ = try await transfer.importBase(document, workspaceID: relational.world.workspace.id, by: relational.owner)
            }
        }
        // A link to a record of another table.
        var document = try BaseDocument(json: JSONValue.parse(good))
        let projectsIndex = try #require(document.tables.firstIndex { $0.table.name == "Projects" })
        let tasksIndex = try #require(document.tables.firstIndex { $0.table.name == "Tasks" })
        let link = try #require(document.tables[tasksIndex].table.field(named: "Project")).id
        document.tables[tasksIndex].records[0].cells[link] = [.string(document.tables[tasksIndex].records[1].id)]
        await #expect(throws: TesseraError.self) {
            _ = try await transfer.importBase(document, workspaceID: relational.world.workspace.id, by: relational.owner)
        }
        #expect(document.tables[projectsIndex].records.count == 2)
        #expect(try await relational.world.services.workspaces.bases(for: relational.owner).count == basesBefore)
    }

    @Test func aLinkToARecordGoneWhileExportingIsLeftOut() async throws {
        let relational = try await RelationalWorld.make()
        defer { relational.world.remove() }
        let project = try await relational.create("Projects", [["Name": "Apollo"]])[0]
        let task = try await relational.create("Tasks", [["Title": "Design", "Project": [.string(project)]]])[0]
        let link = try #require(try await relational.table("Tasks").field(named: "Project")).id
        // What a page read before a delete holds: a link to a record the export no longer has.
        let cell = "[\"\(project)\", \"recAAAAAAAAAAAAAA\"]"
        try await relational.world.executeSQL(
            sqlite: ["UPDATE records SET data = json_set(data, '$.\(link)', json('\(cell)')) WHERE id = '\(task)'"],
            postgres: ["UPDATE records SET data = jsonb_set(data, '{\(link)}', '\(cell)'::jsonb) WHERE id = '\(task)'"])
        let transfer = BaseTransferService(store: relational.world.store)
        let document = try await transfer.export(baseID: relational.base.id, by: relational.owner).document
        let tasks = try #require(document.tables.first { $0.table.name == "Tasks" })
        #expect(tasks.records[0].cells[link] == [.string(project)])
        let plan = try await transfer.importBase(document, workspaceID: relational.world.workspace.id, by: relational.owner)
        #expect(plan.records.count == 2)
    }

    @Test func aFailingWriteLeavesNoBaseBehind() async throws {
        let relational = try await Self.richBase()
        defer { relational.world.remove() }
        let transfer = BaseTransferService(store: relational.world.store)
        let document = try await transfer.export(baseID: relational.base.id, by: relational.owner).document
        let plan = try BaseImportPlan(document, workspaceID: relational.world.workspace.id, actorID: relational.world.owner.id)
        // The comments come last in the transaction; an author who does not exist fails it there.
        let orphan = Comment(
            id: TesseraID.make(.comment), recordID: plan.records[0].id, authorID: "usrAAAAAAAAAAAAAA", text: "x", createdTime: Date(), lastUpdatedTime: nil)
        await #expect(throws: (any Error).self) {
            try await relational.world.store.importBase(
                plan.base, tables: plan.tables, records: plan.records, comments: [orphan], actorID: relational.world.owner.id)
        }
        #expect(try await relational.world.store.tables(baseID: plan.base.id).isEmpty)
        #expect(try await relational.world.store.records(tableID: plan.tables[0].id, ids: plan.records.map(\.id)).isEmpty)
    }

    @Test func onlyWhoMayReadExportsAndOnlyWhoMayCreateImports() async throws {
        let relational = try await Self.richBase()
        defer { relational.world.remove() }
        let transfer = BaseTransferService(store: relational.world.store)
        let (stranger, theirs) = try await relational.world.makeStranger()
        await #expect(throws: TesseraError.self) { _ = try await transfer.export(baseID: relational.base.id, by: stranger) }
        await #expect(throws: TesseraError.self) { _ = try await transfer.export(baseID: "appAAAAAAAAAAAAAA", by: relational.owner) }
        let document = try await transfer.export(baseID: relational.base.id, by: relational.owner).document
        await #expect(throws: TesseraError.self) { _ = try await transfer.importBase(document, workspaceID: theirs.id, by: relational.owner) }
        // Authors this deployment knows keep their id, whichever workspace the copy goes to.
        let plan = try await transfer.importBase(document, workspaceID: theirs.id, by: stranger)
        #expect(plan.comments.allSatisfy { $0.authorID == relational.world.owner.id })
    }

    @Test func peopleAreFoundByIDThenByEmail() async throws {
        let relational = try await RelationalWorld.make()
        defer { relational.world.remove() }
        let (importer, _) = try await relational.world.makeStranger(email: "member@example.com")
        try await relational.world.services.workspaces.setMember(
            email: "member@example.com", level: .create, workspaceID: relational.world.workspace.id, by: relational.owner)
        try await relational.field("Tasks", FieldDefinition(name: "Owner", type: "singleCollaborator"))
        let task = try await relational.create("Tasks", [["Title": "t", "Owner": ["email": "member@example.com"]]])[0]
        _ = try await relational.world.services.records.createComment(text: "mine", recordID: task, in: relational.ref("Tasks"))
        let transfer = BaseTransferService(store: relational.world.store)
        var document = try await transfer.export(baseID: relational.base.id, by: relational.owner).document

        // As if it came from another deployment: ids no user here has, emails that one has.
        let text = document.json.jsonString()
            .replacingOccurrences(of: relational.world.owner.id, with: "usrAAAAAAAAAAAAAA")
        let member = try #require(try await relational.world.services.auth.user(email: "member@example.com"))
        document = try BaseDocument(json: JSONValue.parse(text.replacingOccurrences(of: member.id, with: "usrBBBBBBBBBBBBBB")))
        let tasksIndex = try #require(document.tables.firstIndex { $0.table.name == "Tasks" })
        document.tables[tasksIndex].records[0].createdBy = "usrCCCCCCCCCCCCCC"
        let plan = try await transfer.importBase(document, workspaceID: relational.world.workspace.id, by: importer)
        let copy = RelationalWorld(world: relational.world, base: plan.base)
        let fields = try await copy.fields("Tasks", plan.records[0].id)
        #expect(fields["Owner"]?["id"] == .string(member.id))
        #expect(plan.comments.map(\.authorID) == [relational.world.owner.id])
        // Record creators travel by id alone; one no user here matches becomes the importer.
        #expect(plan.records.map(\.createdBy) == [importer.userID])

        // A collaborator who is not a member of the target workspace stops the import.
        let (stranger, theirs) = try await relational.world.makeStranger(email: "elsewhere@example.com")
        await #expect(throws: TesseraError.self) { _ = try await transfer.importBase(document, workspaceID: theirs.id, by: stranger) }
    }

    @Test func csvCellsAreQuotedOnlyWhenTheyMustBe() {
        #expect(CSVText.row(["plain", "a,b", "say \"hi\"", "two\r\nlines", ""]) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\r\n")
    }
}
