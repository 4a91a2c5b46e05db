import Foundation
import TesseraCore
import TesseraTesting
import Testing

/// Links are kept symmetric by every write, stay within a base, and a deleted record leaves
/// every link it was in.
@Suite struct LinkTests {
    @Test func aLinkHasAnInverseInTheLinkedTable() async throws {
        let relational = try await RelationalWorld.make()
        defer { relational.world.remove() }
        let projects = try await relational.table("Projects")
        let tasks = try await relational.table("Tasks")
        let link = try #require(tasks.field(named: "Project"))
        let inverse = try #require(projects.field(named: "Tasks"))
        #expect(link.options?["linkedTableId"] == .string(projects.id))
        #expect(link.options?["inverseLinkFieldId"] == .string(inverse.id))
        #expect(inverse.options?["inverseLinkFieldId"] == .string(link.id))
        #expect(inverse.options?["linkedTableId"] == .string(tasks.id))
    }

    @Test func linksStaySymmetricThroughCreateUpdateAndDelete() async throws {
        let relational = try await RelationalWorld.make()
        defer { relational.world.remove() }
        let projects = try await relational.create("Projects", [["Name": "Apollo"], ["Name": "Gemini"]])
        let tasks = try await relational.create(
            "Tasks",
            [
                ["Title": "Design", "Project": [.string(projects[0])]],
                ["Title": "Build", "Project": [.string(projects[0])]],
            ])
        #expect(try await relational.fields("Projects", projects[0])["Tasks"] == .array(tasks.map(JSONValue.string)))

        try await relational.update("Tasks", tasks[1], ["Project": [.string(projects[1])]])
        #expect(try await relational.fields("Projects", projects[0])["Tasks"] == [.string(tasks[0])])
        #expect(try await relational.fields("Projects", projects[1])["Tasks"] == [.string(tasks[1])])

        // Writing the inverse side links the task to both (links are many-to-many).
        try await relational.update("Projects", projects[0], ["Tasks": [.string(tasks[0]), .string(tasks[1])]])
        #expect(try await relational.fields("Tasks", tasks[1])["Project"] == [.string(projects[1]), .string(projects[0])])
        #expect(try await relational.fields("Projects", projects[1])["Tasks"] == [.string(tasks[1])])
        try await relational.update("Projects", projects[1], ["Tasks": []])
        #expect(try await relational.fields("Tasks", tasks[1])["Project"] == [.string(projects[0])])

        _ = try await relational.world.services.records.delete(recordIDs: [tasks[0]], in: relational.ref("Tasks"))
        #expect(try await relational.fields("Projects", projects[0])["Tasks"] == [.string(tasks[1])])
    }

    @Test func aLinkToARecordOutsideTheLinkedTableIsRefused() async throws {
        let relational = try await RelationalWorld.make()
        defer { relational.world.remove() }
        let other = try await relational.create("Tasks", [["Title": "not a project"]])
        let error = await #expect(throws: TesseraError.self) {
            _ = try await relational.create("Tasks", [["Title": "x", "Project": [.string(other[0])]]])
        }
        #expect(error?.code == .invalidValue)
        let missing = await #expect(throws: TesseraError.self) {
            _ = try await relational.create("Tasks", [["Title": "x", "Project": ["recAAAAAAAAAAAAAA"]]])
        }
        #expect(missing?.code == .invalidValue)
    }

    @Test func typecastLinksByPrimaryValueAndMakesMissingRecords() async throws {
        let relational = try await RelationalWorld.make()
        defer { relational.world.remove() }
        let apollo = try await relational.create("Projects", [["Name": "Apollo"]])[0]
        let task = try await relational.create("Tasks", [["Title": "t", "Project": ["Apollo", "Artemis"]]], typecast: true)[0]
        let links = try await relational.fields("Tasks", task)["Project"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(links.count == 2 && links[0] == apollo)
        #expect(try await relational.fields("Projects", links[1])["Name"] == "Artemis")
        #expect(try await relational.fields("Tasks", task, format: .string)["Project"] == "Apollo, Artemis")
        await #expect(throws: TesseraError.self) { _ = try await relational.create("Tasks", [["Title": "t", "Project": ["Apollo"]]]) }
    }
}
