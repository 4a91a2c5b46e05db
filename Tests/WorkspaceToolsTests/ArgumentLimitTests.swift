import TesseraCore
import TesseraTesting
import Testing

@testable import WorkspaceTools

/// Numbers a model sends are checked before they become an `Int`.
@Suite struct ArgumentLimitTests {
    @Test("a whole-number argument beyond Int's range is invalid arguments, not a trap", arguments: [1e300, -1e300, 9.3e18, 2.5])
    func hugeNumbers(_ number: Double) {
        let arguments = ToolArguments(["limit": .number(number)])
        #expect(throws: ToolCallError.self) { try arguments.optionalInt("limit") }
    }

    @Test func ordinaryNumbers() throws {
        #expect(try ToolArguments(["limit": 20]).optionalInt("limit") == 20)
        #expect(try ToolArguments([:]).optionalInt("limit") == nil)
        #expect(try ToolArguments(["limit": .null]).optionalInt("limit") == nil)
    }

    @Test("a hand-made list_records cursor is refused with advice, and the next call works")
    func forgedCursor() async throws {
        let world = try await ToolsWorld.make()
        defer { world.world.remove() }
        _ = try await world.addTasks(3)
        let forged = "itreyJ0YWJsZUlEIjoieCIsInJldHVybmVkIjotMX0"
        await #expect(throws: ToolCallError.self) {
            _ = try await world.call("list_records", ["baseId": .string(world.base.id), "table": "Tasks", "cursor": .string(forged)])
        }
        let page = try await world.call("list_records", ["baseId": .string(world.base.id), "table": "Tasks"])
        #expect(page["records"]?.arrayValue?.count == 3)
    }
}
