import LLM
import TesseraCore
import WorkspaceTools

/// Runs the workspace tool calls a model asks for, all of one round at once, as the narrowed
/// principal. A call the turn does not allow gets an error result the model can read, never
/// an exception: a model (or a record's text steering it) cannot get past what was offered.
struct ToolRunner: Sendable {
    let registry: WorkspaceTools
    let offered: Set<String>
    let principal: Principal
    let confirmedRecordIDs: Set<String>

    struct Outcome: Sendable {
        let result: ToolResult
        /// The tool ran and may have changed data.
        let wrote: Bool
    }

    func run(_ calls: [ToolCall]) async -> [Outcome] {
        // One call (the common round) runs in this task: a child task costs two thread hops.
        if calls.count == 1 { return [await run(calls[0])] }
        return await withTaskGroup(of: (Int, Outcome).self) { group in
            for (index, call) in calls.enumerated() {
                group.addTask { (index, await run(call)) }
            }
            var outcomes: [Outcome?] = Array(repeating: nil, count: calls.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes.compactMap { $0 }
        }
    }

    private func run(_ call: ToolCall) async -> Outcome {
        func refused(_ message: String) -> Outcome {
            Outcome(result: ToolResult(callID: call.id, content: message, isError: true), wrote: false)
        }
        guard offered.contains(call.name), let tool = registry.tool(named: call.name) else {
            return refused("The tool \(call.name) is not available in this conversation; nothing was run. Answer with the tools you were given.")
        }
        var arguments: JSONValue
        do {
            arguments = try call.parsedArguments()
        } catch {
            return refused("The arguments of \(call.name) are not valid JSON; send a JSON object matching the tool's input schema.")
        }
        // Destructive tools act only with `confirm: true` (as in MCP). Here that confirmation
        // must come from the person sending the request and name every record the call covers;
        // otherwise the model's own is dropped, so the tool answers with what it would have
        // deleted or cleared instead, and the person can confirm exactly those records.
        if tool.annotations.destructive, case .object(var members) = arguments, members["confirm"] != nil {
            let covered = Self.coveredRecordIDs(members)
            if covered.isEmpty || !covered.isSubset(of: confirmedRecordIDs) {
                members["confirm"] = .bool(false)
                arguments = .object(members)
            }
        }
        do {
            let result = try await registry.call(call.name, arguments: arguments, as: principal)
            return Outcome(result: ToolResult(callID: call.id, content: result.jsonString()), wrote: !tool.annotations.readOnly)
        } catch {
            return Outcome(result: ToolResult(callID: call.id, content: error.description, isError: true), wrote: false)
        }
    }

    /// The records a destructive call acts on: `recordIds` (delete_records) and the ids of
    /// `records` (update_records).
    static func coveredRecordIDs(_ arguments: [String: JSONValue]) -> Set<String> {
        let deleted = (arguments["recordIds"]?.arrayValue ?? []).compactMap(\.stringValue)
        let updated = (arguments["records"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        return Set(deleted + updated)
    }
}
