import Foundation
import LLM
import Orchestrator
import TesseraCore
import TesseraTesting
import Testing

@Suite("Caches, usage and budgets")
struct CostControlTests {
    @Test("an exact repeat is answered from the cache until the data changes or the request opts out")
    func exactCache() async throws {
        let world = try await OrchestratorWorld.make { request in .assistant("answer \(request.messages.count)") }
        defer { world.world.remove() }
        let first = try await world.orchestrator.complete(world.turn("q", cache: true), as: world.owner)
        let second = try await world.orchestrator.complete(world.turn("q", cache: true), as: world.owner)
        #expect(first.receipt.cache == .miss && second.receipt.cache == .hit)
        #expect(second.response.message == first.response.message && second.receipt.usage.costUSD == 0)
        #expect(world.model.requests.count == 1)

        _ = try await world.addTasks(["a new record"])
        let afterWrite = try await world.orchestrator.complete(world.turn("q", cache: true), as: world.owner)
        #expect(afterWrite.receipt.cache == .miss && world.model.requests.count == 2)
        let optedOut = try await world.orchestrator.complete(world.turn("q", cache: false), as: world.owner)
        #expect(optedOut.receipt.cache == .bypass && world.model.requests.count == 3)
        let writable = try await world.orchestrator.complete(world.turn("q", writes: true, cache: true), as: world.owner)
        #expect(writable.receipt.cache == .bypass && world.model.requests.count == 4)
    }

    @Test("another user never gets a cached answer meant for someone else")
    func cacheIsPerCaller() async throws {
        let world = try await OrchestratorWorld.make { _ in .assistant("private") }
        defer { world.world.remove() }
        _ = try await world.orchestrator.complete(world.turn("q", overBase: false, cache: true), as: world.owner)
        let (stranger, _) = try await world.world.makeStranger()
        let theirs = try await world.orchestrator.complete(world.turn("q", overBase: false, cache: true), as: stranger)
        #expect(theirs.receipt.cache == .miss && world.model.requests.count == 2)
    }

    @Test("the semantic cache answers a near-identical last question when configured")
    func semanticCache() async throws {
        let world = try await OrchestratorWorld.make(configure: {
            $0.semanticCacheThreshold = 0.9
            $0.responseCacheTTL = nil
        }) { _ in .assistant("cached meaning") }
        defer { world.world.remove() }
        _ = try await world.orchestrator.complete(world.turn("what is the launch code", overBase: false, cache: true), as: world.owner)
        let similar = try await world.orchestrator.complete(world.turn("What is the launch code?", overBase: false, cache: true), as: world.owner)
        let different = try await world.orchestrator.complete(world.turn("order more coffee beans", overBase: false, cache: true), as: world.owner)
        #expect(similar.receipt.cache == .semanticHit)
        #expect(different.receipt.cache == .miss)
        #expect(world.model.requests.count == 2)
    }

    @Test("usage is recorded per workspace, and a spent budget answers 429 until the month turns")
    func budgets() async throws {
        let world = try await OrchestratorWorld.make { _ in .assistant("ok") }
        defer { world.world.remove() }
        let workspace = world.world.workspace.id
        _ = try await world.orchestrator.complete(world.turn("one"), as: world.owner)
        let status = try await world.world.services.usage.status(workspaceID: workspace)
        #expect(abs(status.spentThisMonthUSD - 0.0002) < 1e-12)

        try await world.world.store.setMonthlyBudget(0.0001, workspaceID: workspace)
        let error = await #expect(throws: TesseraError.self) { try await world.orchestrator.complete(world.turn("two"), as: world.owner) }
        #expect(error?.code == .budgetExceeded)
        #expect(error?.kind == .rateLimited)
        #expect((error?.retryAfterSeconds ?? 0) > 0)
        #expect(world.model.requests.count == 1)

        try await world.world.store.setMonthlyBudget(1, workspaceID: workspace)
        _ = try await world.orchestrator.complete(world.turn("three"), as: world.owner)
        #expect(world.model.requests.count == 2)
    }

    @Test("unknown models fail before anything is charged")
    func unknownModel() async throws {
        let world = try await OrchestratorWorld.make { _ in .assistant("ok") }
        defer { world.world.remove() }
        var turn = world.turn("hi")
        turn.chat.model = "nobody/nothing"
        await #expect(throws: LLMError.self) { try await world.orchestrator.complete(turn, as: world.owner) }
        #expect(try await world.world.services.usage.status(workspaceID: world.world.workspace.id).spentThisMonthUSD == 0)
    }
}
