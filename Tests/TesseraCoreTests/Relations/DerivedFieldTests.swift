import Foundation
import TesseraCore
import TesseraTesting
import Testing

/// Lookups, rollups, counts and formulas: made through the schema API with names, read back
/// with Airtable's options, kept current by the writes they depend on (and only those).
@Suite struct DerivedFieldTests {
    /// Projects with a rollup of their tasks' points, a count, a lookup of titles, and a formula over the rollup.
    private func world() async throws -> RelationalWorld {
        let relational = try await RelationalWorld.make()
        try await relational.field(
            "Projects",
            FieldDefinition(
                name: "Total", type: "rollup",
                options: [
                    "recordLinkFieldId": "Tasks", "fieldIdInLinkedTable": "Points", "formula": "SUM(values)",
                ]))
        try await relational.field("Projects", FieldDefinition(name: "Task count", type: "count", options: ["recordLinkFieldId": "Tasks"]))
        try await relational.field(
            "Projects",
            FieldDefinition(
                name: "Titles", type: "multipleLookupValues",
                options: [
                    "recordLinkFieldId": "Tasks", "fieldIdInLinkedTable": "Title",
                ]))
        try await relational.field("Projects", FieldDefinition(name: "Double", type: "formula", options: ["formula": "{Total} * 2"]))
        return relational
    }

    @Test func optionsReadBackAsAirtableShowsThem() async throws {
        let relational = try await world()
        defer { relational.world.remove() }
        let projects = try await relational.table("Projects")
        let tasks = try await relational.table("Tasks")
        let total = try #require(projects.field(named: "Total"))
        let double = try #require(projects.field(named: "Double"))
        #expect(total.options?["recordLinkFieldId"] == .string(projects.field(named: "Tasks")!.id))
        #expect(total.options?["fieldIdInLinkedTable"] == .string(tasks.field(named: "Points")!.id))
        #expect(total.options?["isValid"] == true && total.options?["formula"] == "SUM(values)")
        #expect(total.options?["result"]?["type"] == "number")
        #expect(double.options?["formula"] == .string("{\(total.id)} * 2"))
        #expect(double.options?["referencedFieldIds"] == [.string(total.id)])
        #expect(projects.field(named: "Titles")?.options?["result"]?["type"] == "singleLineText")
    }

    @Test func aChangeRecomputesWhatDependsOnIt() async throws {
        let relational = try await world()
        defer { relational.world.remove() }
        let projects = try await relational.create("Projects", [["Name": "Apollo"], ["Name": "Gemini"]])
        let tasks = try await relational.create(
            "Tasks",
            [
                ["Title": "Design", "Points": 3, "Project": [.string(projects[0])]],
                ["Title": "Build", "Points": 5, "Project": [.string(projects[0])]],
                ["Title": "Fly", "Points": 8, "Project": [.string(projects[1])]],
            ])
        var apollo = try await relational.fields("Projects", projects[0])
        #expect(apollo["Total"] == 8 && apollo["Task count"] == 2 && apollo["Double"] == 16)
        #expect(apollo["Titles"] == ["Design", "Build"])

        let before = try await relational.world.store.latestEventSequence()
        try await relational.update("Tasks", tasks[0], ["Points": 10])
        apollo = try await relational.fields("Projects", projects[0])
        #expect(apollo["Total"] == 15 && apollo["Double"] == 30)
        // One event per changed record: the task and its project, not Gemini.
        let events = try await relational.world.store.events(after: before, limit: 100)
        #expect(Set(events.compactMap(\.recordID)) == [tasks[0], projects[0]])
        #expect(try await relational.fields("Projects", projects[1])["Total"] == 8)

        _ = try await relational.world.services.records.delete(recordIDs: [tasks[1]], in: relational.ref("Tasks"))
        apollo = try await relational.fields("Projects", projects[0])
        #expect(apollo["Total"] == 10 && apollo["Task count"] == 1 && apollo["Titles"] == ["Design"])
    }

    @Test func aNewDerivedFieldIsComputedForEveryRecord() async throws {
        let relational = try await RelationalWorld.make()
        defer { relational.world.remove() }
        let project = try await relational.create("Projects", [["Name": "Apollo"]])[0]
        _ = try await relational.create(
            "Tasks", [["Title": "a", "Points": 2, "Project": [.string(project)]], ["Title": "b", "Points": 4, "Project": [.string(project)]]])
        try await relational.field(
            "Projects",
            FieldDefinition(
                name: "Max", type: "rollup",
                options: [
                    "recordLinkFieldId": "Tasks", "fieldIdInLinkedTable": "Points", "formula": "MAX(values)",
                ]))
        try await relational.field("Tasks", FieldDefinition(name: "Label", type: "formula", options: ["formula": "UPPER({Title}) & ' (' & {Points} & ')'"]))
        #expect(try await relational.fields("Projects", project)["Max"] == 4)
        let page = try await relational.world.services.records.list(ListRecordsQuery(), in: relational.ref("Tasks"))
        #expect(page.records.compactMap { page.presenter.present($0)["fields"]?["Label"]?.stringValue }.sorted() == ["A (2)", "B (4)"])
    }

    @Test func cyclesAreRefused() async throws {
        let relational = try await world()
        defer { relational.world.remove() }
        try await relational.field("Projects", FieldDefinition(name: "A", type: "formula", options: ["formula": "1"]))
        try await relational.field("Projects", FieldDefinition(name: "B", type: "formula", options: ["formula": "{A} + 1"]))
        let error = await #expect(throws: TesseraError.self) {
            _ = try await relational.world.services.tables.updateField(
                "A", in: relational.ref("Projects"), name: nil, description: nil,
                options: ["formula": "{B} + 1"])
        }
        #expect(error?.message.contains("circle") == true)
        // Through a link: a task looking up the project's Double, which rolls up the tasks' lookup.
        try await relational.field(
            "Tasks",
            FieldDefinition(
                name: "Project double", type: "multipleLookupValues",
                options: [
                    "recordLinkFieldId": "Project", "fieldIdInLinkedTable": "Double",
                ]))
        await #expect(throws: TesseraError.self) {
            try await relational.field(
                "Projects",
                FieldDefinition(
                    name: "Loop", type: "rollup",
                    options: [
                        "recordLinkFieldId": "Tasks", "fieldIdInLinkedTable": "Project double", "formula": "SUM(values)",
                    ]))
            _ = try await relational.world.services.tables.updateField(
                "Double", in: relational.ref("Projects"), name: nil, description: nil,
                options: ["formula": "{Loop}"])
        }
    }

    @Test func formulaErrorsAndArrayFunctions() async throws {
        let relational = try await world()
        defer { relational.world.remove() }
        try await relational.field("Projects", FieldDefinition(name: "Ratio", type: "formula", options: ["formula": "10 / {Task count}"]))
        try await relational.field("Projects", FieldDefinition(name: "Joined", type: "formula", options: ["formula": "ARRAYJOIN(ARRAYUNIQUE({Titles}), '; ')"]))
        let project = try await relational.create("Projects", [["Name": "Empty"]])[0]
        #expect(try await relational.fields("Projects", project)["Ratio"] == ["error": "#ERROR!"])
        #expect(try await relational.fields("Projects", project, format: .string)["Ratio"] == "#ERROR!")
        _ = try await relational.create("Tasks", [["Title": "x", "Project": [.string(project)]], ["Title": "x", "Project": [.string(project)]]])
        let fields = try await relational.fields("Projects", project)
        #expect(fields["Ratio"] == 5 && fields["Joined"] == "x")
    }

    @Test func derivedFieldsFilterAndSort() async throws {
        let relational = try await world()
        defer { relational.world.remove() }
        let projects = try await relational.create("Projects", [["Name": "a"], ["Name": "b"], ["Name": "c"]])
        for (index, points) in [5, 1, 9].enumerated() {
            _ = try await relational.create("Tasks", [["Title": "t", "Points": .number(Double(points)), "Project": [.string(projects[index])]]])
        }
        var query = ListRecordsQuery()
        query.sort = [.init(field: "Total", ascending: false)]
        query.filterByFormula = "{Double} > 5"
        let page = try await relational.world.services.records.list(query, in: relational.ref("Projects"))
        #expect(page.records.map(\.id) == [projects[2], projects[0]])
    }

    @Test func computedFieldsRefuseWrites() async throws {
        let relational = try await world()
        defer { relational.world.remove() }
        let project = try await relational.create("Projects", [["Name": "a"]])[0]
        let error = await #expect(throws: TesseraError.self) { try await relational.update("Projects", project, ["Total": 3]) }
        #expect(error?.code == .invalidValue)
    }

    @Test func aFailedWriteLeavesNoHalfUpdatedRollup() async throws {
        let relational = try await world()
        defer { relational.world.remove() }
        let project = try await relational.create("Projects", [["Name": "a"]])[0]
        let task = try await relational.create("Tasks", [["Title": "t", "Points": 1, "Project": [.string(project)]]])[0]
        await #expect(throws: TesseraError.self) {
            _ = try await relational.world.services.records.update(
                [(task, ["Points": 50]), ("recMISSINGMISSING", ["Points": 1])], replace: false, typecast: false, in: relational.ref("Tasks"))
        }
        #expect(try await relational.fields("Projects", project)["Total"] == 1)
        #expect(try await relational.fields("Tasks", task)["Points"] == 1)
    }

    /// A fault injected inside the store's transaction, after the task and its project were
    /// written and while their events are (a trigger refuses the project's event): the task,
    /// the rollup and the events are all as before. On whichever store the tests run.
    @Test func aFaultInsideTheTransactionLeavesNoHalfUpdatedRollup() async throws {
        let relational = try await world()
        defer { relational.world.remove() }
        let project = try await relational.create("Projects", [["Name": "a"]])[0]
        let task = try await relational.create("Tasks", [["Title": "t", "Points": 1, "Project": [.string(project)]]])[0]
        try await relational.world.executeSQL(
            sqlite: [
                "CREATE TRIGGER injected_fault BEFORE INSERT ON events WHEN NEW.record_id = '\(project)' BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
            ],
            postgres: [
                "CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$",
                "CREATE TRIGGER injected_fault BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.record_id = '\(project)') EXECUTE FUNCTION injected_fault()",
            ])
        let before = try await relational.world.store.latestEventSequence()
        await #expect(throws: (any Error).self) { try await relational.update("Tasks", task, ["Points": 50]) }
        #expect(try await relational.fields("Tasks", task)["Points"] == 1)
        #expect(try await relational.fields("Projects", project)["Total"] == 1)
        #expect(try await relational.world.store.events(after: before, limit: 10).isEmpty)

        // The same write goes through once the fault is gone: the test's fault was the only obstacle.
        try await relational.world.executeSQL(sqlite: ["DROP TRIGGER injected_fault"], postgres: ["DROP TRIGGER injected_fault ON events"])
        try await relational.update("Tasks", task, ["Points": 50])
        #expect(try await relational.fields("Projects", project)["Total"] == 50)
    }

    @Test func lastModifiedTimeOfAField() async throws {
        let relational = try await world()
        defer { relational.world.remove() }
        try await relational.field("Tasks", FieldDefinition(name: "Points changed", type: "formula", options: ["formula": "LAST_MODIFIED_TIME({Points})"]))
        let task = try await relational.create("Tasks", [["Title": "t", "Points": 1]])[0]
        try await relational.update("Tasks", task, ["Points": 2])
        let points = try #require(try await relational.table("Tasks").field(named: "Points"))
        let (record, _) = try await relational.world.services.records.get(recordID: task, in: relational.ref("Tasks"))
        let changed = try #require(record.fieldModifiedTimes[points.id])
        #expect(try await relational.fields("Tasks", task)["Points changed"] == .string(changed.apiTimestamp))
        try await relational.update("Tasks", task, ["Title": "renamed"])
        #expect(try await relational.fields("Tasks", task)["Points changed"] == .string(changed.apiTimestamp))
    }
}
