import Foundation
import TesseraCore
import TesseraTesting
import Testing

/// Collaborator fields name members of the base's workspace and read back as Airtable's
/// collaborator objects; createdBy and lastModifiedBy follow who wrote.
@Suite struct CollaboratorTests {
    @Test func collaboratorsAreMembersAndReadBackAsObjects() async throws {
        let relational = try await RelationalWorld.make()
        defer { relational.world.remove() }
        let (member, _) = try await relational.world.makeStranger(email: "member@example.com")
        try await relational.world.services.workspaces.setMember(
            email: "member@example.com", level: .edit, workspaceID: relational.world.workspace.id,
            by: relational.owner)
        _ = try await relational.world.makeStranger(email: "outsider@example.com")
        try await relational.field("Tasks", FieldDefinition(name: "Owner", type: "singleCollaborator"))
        try await relational.field("Tasks", FieldDefinition(name: "Watchers", type: "multipleCollaborators"))
        try await relational.field("Tasks", FieldDefinition(name: "Made by", type: "createdBy"))
        try await relational.field("Tasks", FieldDefinition(name: "Changed by", type: "lastModifiedBy"))

        let task = try await relational.create(
            "Tasks",
            [
                [
                    "Title": "t", "Owner": ["email": "member@example.com"],
                    "Watchers": [["id": .string(relational.world.owner.id)], ["email": "MEMBER@example.com"]],
                ]
            ])[0]
        let fields = try await relational.fields("Tasks", task)
        #expect(fields["Owner"] == ["id": .string(member.userID), "email": "member@example.com", "name": "member"])
        #expect(fields["Watchers"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [relational.world.owner.id, member.userID])
        #expect(fields["Made by"]?["email"] == "owner@example.com")

        let memberRef = TableRef(baseID: relational.base.id, table: "Tasks", by: member)
        _ = try await relational.world.services.records.update([(task, ["Title": "changed"])], replace: false, typecast: false, in: memberRef)
        #expect(try await relational.fields("Tasks", task)["Changed by"]?["email"] == "member@example.com")
        #expect(try await relational.fields("Tasks", task, format: .string)["Owner"] == "member")

        for outsider: JSONValue in [["email": "outsider@example.com"], ["id": "usrAAAAAAAAAAAAAA"], "member@example.com"] {
            await #expect(throws: TesseraError.self) { try await relational.update("Tasks", task, ["Owner": outsider]) }
        }
        try await relational.update("Tasks", task, ["Owner": "member@example.com"], typecast: true)
    }
}
