import Search
import TesseraCore
import TesseraTesting
import Testing
import WorkspaceTools

@Suite("Record tools")
struct RecordToolTests {
    @Test("list_records pages with limit and cursor and reports the total")
    func paging() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        try await world.addTasks(25)
        let arguments: [String: JSONValue] = ["baseId": .string(world.base.id), "table": "Tasks"]
        let first = try await world.call("list_records", .object(arguments))
        #expect(first["records"]?.arrayValue?.count == WorkspaceTools.defaultRecordLimit)
        #expect(first["total"] == 25)
        var next = arguments
        let cursor: JSONValue = try #require(first["nextCursor"])
        next["cursor"] = cursor
        let second = try await world.call("list_records", .object(next))
        #expect(second["records"]?.arrayValue?.count == 5)
        #expect(second["nextCursor"] == nil)
        #expect(second["total"] == 25)
        let names = (first["records"]!.arrayValue! + second["records"]!.arrayValue!).compactMap { $0["fields"]?["Name"]?.stringValue }
        #expect(Set(names).count == 25)
    }

    @Test("list_records filters, sorts and projects; total counts the matches")
    func filterSortProject() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        try await world.addTasks(12)
        let page = try await world.call(
            "list_records",
            [
                "baseId": .string(world.base.id), "table": "Tasks", "filterByFormula": "{Points} > 8",
                "sort": [["field": "Points", "direction": "desc"]], "fields": ["Name"], "limit": 2,
            ])
        #expect(page["total"] == 4)
        #expect(page["records"]?.arrayValue?.map { $0["fields"] } == [["Name": "Task 12"], ["Name": "Task 11"]])
        #expect(page["nextCursor"] != nil)

        // One page holding every match: the total is that page's size.
        let whole = try await world.call(
            "list_records",
            [
                "baseId": .string(world.base.id), "table": "Tasks", "filterByFormula": "{Points} > 8", "fields": ["Name"],
            ])
        #expect(whole["total"] == 4 && whole["records"]?.arrayValue?.count == 4 && whole["nextCursor"] == nil)
    }

    @Test("a bad formula fails with a hint on formula syntax")
    func badFormula() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let message = await world.failure("list_records", ["baseId": .string(world.base.id), "table": "Tasks", "filterByFormula": "{Points} >"])
        #expect(message?.contains("braces") == true, "\(message ?? "")")
    }

    @Test("get_record and count_records")
    func getAndCount() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let ids = try await world.addTasks(3)
        let record = try await world.call("get_record", ["baseId": .string(world.base.id), "table": "Tasks", "recordId": .string(ids[1])])
        #expect(record["fields"]?["Name"] == "Task 2")
        let all = try await world.call("count_records", ["baseId": .string(world.base.id), "table": .string(world.table.id)])
        #expect(all == ["count": 3])
        let some = try await world.call("count_records", ["baseId": .string(world.base.id), "table": "Tasks", "filterByFormula": "{Points} >= 2"])
        #expect(some == ["count": 2])
        let missing = await world.failure("get_record", ["baseId": .string(world.base.id), "table": "Tasks", "recordId": "recAAAAAAAAAAAAAA"])
        #expect(missing?.contains("Could not find record") == true)
    }

    @Test("create_records checks values against the field types; typecast converts")
    func createRecords() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let baseID = JSONValue.string(world.base.id)
        let bad = await world.failure("create_records", ["baseId": baseID, "table": "Tasks", "records": [["fields": ["Points": "many"]]]])
        #expect(bad?.contains("typecast") == true, "\(bad ?? "")")
        let created = try await world.call(
            "create_records", ["baseId": baseID, "table": "Tasks", "typecast": true, "records": [["fields": ["Name": "A", "Status": "Blocked"]]]])
        #expect(created["records"]?.arrayValue?.first?["fields"]?["Status"] == "Blocked")
        let tooMany: [JSONValue] = (0...10).map { _ in ["fields": ["Name": "x"]] }
        await #expect(throws: ToolCallError.self) { try await world.call("create_records", ["baseId": baseID, "table": "Tasks", "records": .array(tooMany)]) }
    }

    @Test("update_records merges, and clearing a field needs confirm")
    func updateRecords() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let ids = try await world.addTasks(1)
        let baseID = JSONValue.string(world.base.id)
        let id = JSONValue.string(ids[0])
        let updated = try await world.call("update_records", ["baseId": baseID, "table": "Tasks", "records": [["id": id, "fields": ["Notes": "n"]]]])
        #expect(updated["records"]?.arrayValue?.first?["fields"]?["Points"] == 1)
        let clearing: JSONValue = ["baseId": baseID, "table": "Tasks", "records": [["id": id, "fields": ["Points": .null, "Notes": "m"]]]]
        let refusal = await world.failure("update_records", clearing)
        #expect(refusal?.contains("\(ids[0]).Points") == true, "\(refusal ?? "")")
        #expect(refusal?.contains("Notes") == false)
        let unchanged = try await world.call("get_record", ["baseId": baseID, "table": "Tasks", "recordId": id])
        #expect(unchanged["fields"]?["Points"] == 1)
        var confirmed = clearing.objectValue!
        confirmed["confirm"] = true
        let cleared = try await world.call("update_records", .object(confirmed))
        #expect(cleared["records"]?.arrayValue?.first?["fields"]?["Points"] == nil)
    }

    @Test("delete_records says what it would delete and deletes only with confirm")
    func deleteRecords() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let ids = try await world.addTasks(2)
        let arguments: [String: JSONValue] = ["baseId": .string(world.base.id), "table": "Tasks", "recordIds": [.string(ids[0])]]
        let refusal = await world.failure("delete_records", .object(arguments))
        #expect(refusal?.contains("\(ids[0]) (\"Task 1\")") == true, "\(refusal ?? "")")
        #expect(try await world.call("count_records", ["baseId": .string(world.base.id), "table": "Tasks"]) == ["count": 2])
        var confirmed = arguments
        confirmed["confirm"] = true
        #expect(try await world.call("delete_records", .object(confirmed)) == ["deletedRecordIds": [.string(ids[0])]])
        #expect(try await world.call("count_records", ["baseId": .string(world.base.id), "table": "Tasks"]) == ["count": 1])
    }

    @Test("comments: create and list with a cursor")
    func comments() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let ids = try await world.addTasks(1)
        let target: [String: JSONValue] = ["baseId": .string(world.base.id), "table": "Tasks", "recordId": .string(ids[0])]
        for text in ["first", "second", "third"] {
            var arguments = target
            arguments["text"] = .string(text)
            let comment = try await world.call("create_comment", .object(arguments))
            #expect(comment["author"]?["email"] == "owner@example.com")
        }
        var listing = target
        listing["limit"] = 2
        let page = try await world.call("list_comments", .object(listing))
        #expect(page["comments"]?.arrayValue?.map { $0["text"] } == ["third", "second"])
        let cursor: JSONValue = try #require(page["nextCursor"])
        listing["cursor"] = cursor
        let rest = try await world.call("list_comments", .object(listing))
        #expect(rest["comments"]?.arrayValue?.map { $0["text"] } == ["first"])
    }

    @Test("search_records finds by keyword and honours the filter")
    func searchRecords() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let baseID = JSONValue.string(world.base.id)
        _ = try await world.call(
            "create_records",
            [
                "baseId": baseID, "table": "Tasks",
                "records": [
                    ["fields": ["Name": "Repair the garden fence", "Points": 3]],
                    ["fields": ["Name": "Paint the fence blue", "Points": 8]],
                    ["fields": ["Name": "Write the quarterly report", "Points": 5]],
                ],
            ])
        try await world.indexer.catchUp()
        let keyword = try await world.call("search_records", ["baseId": baseID, "table": "Tasks", "query": "fence", "mode": "keyword"])
        #expect(keyword["mode"] == "keyword")
        #expect(
            Set(keyword["records"]?.arrayValue?.compactMap { $0["fields"]?["Name"]?.stringValue } ?? []) == ["Repair the garden fence", "Paint the fence blue"])
        #expect(keyword["records"]?.arrayValue?.first?["rank"] == 1)
        let filtered = try await world.call(
            "search_records", ["baseId": baseID, "table": "Tasks", "query": "fence", "filterByFormula": "{Points} > 5", "k": 5])
        #expect(filtered["records"]?.arrayValue?.compactMap { $0["fields"]?["Name"]?.stringValue } == ["Paint the fence blue"])
    }

    @Test("links: reads name the linked records; list_linked_records reads them whole; non-link fields are refused")
    func links() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        let baseID: JSONValue = .string(world.base.id)
        _ = try await world.call("create_table", ["baseId": baseID, "name": "Projects", "fields": [["name": "Title", "type": "singleLineText"]]])
        _ = try await world.call(
            "create_field",
            [
                "baseId": baseID, "table": "Tasks", "name": "Project", "type": "multipleRecordLinks",
                "options": ["linkedTableId": "Projects"],
            ])
        let project = try await world.call("create_records", ["baseId": baseID, "table": "Projects", "records": [["fields": ["Title": "Launch"]]]])
        let projectID = try #require(project["records"]?.arrayValue?.first?["id"]?.stringValue)
        let task = try await world.call(
            "create_records",
            [
                "baseId": baseID, "table": "Tasks", "typecast": true,
                "records": [["fields": ["Name": "write", "Project": ["Launch"]]]],
            ])
        let taskID = try #require(task["records"]?.arrayValue?.first?["id"]?.stringValue)
        #expect(task["records"]?.arrayValue?.first?["fields"]?["Project"] == [.string(projectID)], "typecast found the project by its name")

        let read = try await world.call("get_record", ["baseId": baseID, "table": "Tasks", "recordId": .string(taskID)])
        #expect(read["linkedRecordNames"]?[projectID] == "Launch")
        let listed = try await world.call("list_records", ["baseId": baseID, "table": "Tasks"])
        #expect(listed["linkedRecordNames"]?[projectID] == "Launch")

        let linked = try await world.call("list_linked_records", ["baseId": baseID, "table": "Tasks", "recordId": .string(taskID), "field": "Project"])
        #expect(linked["table"] == "Projects")
        #expect(linked["records"]?.arrayValue?.map { $0["fields"]?["Title"] } == ["Launch"])
        let back = try await world.call("list_linked_records", ["baseId": baseID, "table": "Projects", "recordId": .string(projectID), "field": "Tasks"])
        #expect(back["records"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [taskID], "the inverse link reads back")

        let refusal = await world.failure("list_linked_records", ["baseId": baseID, "table": "Tasks", "recordId": .string(taskID), "field": "Points"])
        #expect(refusal?.contains("not a link") == true)
    }
}
