import Foundation
import LLM
import Orchestrator
import TesseraCore
import TesseraTesting
import Testing

@Suite("The tool loop")
struct ToolLoopTests {
    /// Calls `tool` once, then answers with what the tools returned.
    static func callingOnce(_ tool: String, _ arguments: @escaping @Sendable (ChatRequest) -> JSONValue) -> ScriptedModel.Script {
        { request in
            let results = request.latestToolResults
            if !results.isEmpty { return .assistant("Found: " + results.map(\.content).joined(separator: " | ")) }
            return .assistant("Let me look.", toolCalls: [toolCall(tool, arguments(request))])
        }
    }

    @Test("a workspace tool runs between rounds; the answer holds its result and usage sums both rounds")
    func runsWorkspaceTools() async throws {
        let baseBox = BaseID()
        let world = try await OrchestratorWorld.make(
            script: Self.callingOnce("list_records") { _ in
                ["baseId": .string(baseBox.value), "table": "Tasks", "filterByFormula": "{Name} = 'secret plan'"]
            })
        defer { world.world.remove() }
        baseBox.value = world.base.id
        _ = try await world.addTasks(["secret plan", "other"])

        let result = try await world.orchestrator.complete(world.turn("What is the plan?"), as: world.owner)
        let text = try #require(result.response.message.text)
        #expect(text.hasPrefix("Let me look.\n\nFound: "))
        #expect(text.contains("secret plan") && !text.contains("other"))
        #expect(result.receipt.toolsRun == ["list_records"])
        #expect(result.receipt.model == "scripted/model")
        #expect(result.receipt.usage.inputTokens == 200 && result.receipt.usage.outputTokens == 20)
        // 200 input tokens at $1/M plus 20 output at $10/M.
        #expect(abs((result.receipt.usage.costUSD ?? 0) - 0.0004) < 1e-12)

        let first = try #require(world.model.requests.first)
        #expect(first.messages.first?.role == .system)
        #expect(first.messages.first?.text?.contains(#"{"fields":[{"name":"Name","type":"singleLineText"}"#) == true)
        #expect(first.tools.map(\.name).contains("list_records"))
        #expect(!first.tools.map(\.name).contains("create_records"), "read-only turns offer no write tools")
    }

    @Test("streaming delivers the same message and usage as completing")
    func streamingMatchesCompleting() async throws {
        let baseBox = BaseID()
        let world = try await OrchestratorWorld.make(script: Self.callingOnce("count_records") { _ in ["baseId": .string(baseBox.value), "table": "Tasks"] })
        defer { world.world.remove() }
        baseBox.value = world.base.id
        let complete = try await world.orchestrator.complete(world.turn("How many?"), as: world.owner)

        let stream = try await world.orchestrator.stream(world.turn("How many?"), as: world.owner)
        #expect(stream.model == "scripted/model")
        var text = ""
        var receipt: ChatTurnReceipt?
        for try await event in stream.events {
            switch event {
            case .chat(.textDelta(let delta)): text += delta
            case .chat: Issue.record("no tool call events reach the client for workspace tools")
            case .finished(let reason, let final):
                #expect(reason == complete.response.finishReason)
                receipt = final
            }
        }
        #expect(text == complete.response.message.text)
        #expect(receipt?.usage == complete.receipt.usage)
    }

    @Test("client tools go back to the client, renumbered, and workspace calls of that round are dropped")
    func clientToolsPassThrough() async throws {
        let baseBox = BaseID()
        let world = try await OrchestratorWorld.make { _ in
            .assistant(
                nil,
                toolCalls: [
                    toolCall("list_records", ["baseId": .string(baseBox.value), "table": "Tasks"], id: "call_a"),
                    toolCall("get_weather", ["city": "Oslo"], id: "call_b"),
                ])
        }
        defer { world.world.remove() }
        baseBox.value = world.base.id
        let weather = ToolDefinition(name: "get_weather", description: "Weather")
        let result = try await world.orchestrator.complete(world.turn("Weather?", tools: [weather]), as: world.owner)
        #expect(result.response.finishReason == .toolCalls)
        #expect(result.response.message.toolCalls.map(\.name) == ["get_weather"])
        #expect(result.receipt.toolsRun.isEmpty)

        let stream = try await world.orchestrator.stream(world.turn("Weather?", tools: [weather]), as: world.owner)
        var starts: [Int: String] = [:]
        for try await event in stream.events {
            if case .chat(.toolCallStart(let index, _, let name)) = event { starts[index] = name }
        }
        #expect(starts == [0: "get_weather"])
    }

    @Test("the last allowed round may only answer")
    func boundedRounds() async throws {
        let baseBox = BaseID()
        let world = try await OrchestratorWorld.make(configure: { $0.maxToolSteps = 3 }) { request in
            request.toolChoice == .none
                ? .assistant("giving up")
                : .assistant(nil, toolCalls: [toolCall("count_records", ["baseId": .string(baseBox.value), "table": "Tasks"])])
        }
        defer { world.world.remove() }
        baseBox.value = world.base.id
        let result = try await world.orchestrator.complete(world.turn("Loop forever"), as: world.owner)
        #expect(world.model.requests.count == 3)
        #expect(result.receipt.toolsRun == ["count_records", "count_records"])
        #expect(result.response.message.text == "giving up")
    }

    @Test("a turn without a base sends every tool call to the client and adds no context")
    func plainChat() async throws {
        let world = try await OrchestratorWorld.make { request in .assistant("echo: \(request.lastUserText)") }
        defer { world.world.remove() }
        let result = try await world.orchestrator.complete(world.turn("hi", overBase: false), as: world.owner)
        #expect(result.response.message.text == "echo: hi")
        #expect(world.model.requests.first?.messages.count == 1 && world.model.requests.first?.tools.isEmpty == true)
    }
}

/// Lets a script built before the world exists refer to the world's base.
final class BaseID: @unchecked Sendable {
    var value = ""
}
