import Foundation
import LLM
import Logging
import Metrics
import Synchronization
import TesseraCore
import Tracing
import WorkspaceTools

extension Orchestrator {
    typealias Emit = @Sendable (ChatStreamEvent) -> Void

    /// One model answer within a turn.
    private struct Round: Sendable {
        let text: String
        let toolCalls: [ToolCall]
        let finishReason: FinishReason
        let usage: Usage
        let model: String
    }

    /// Runs a prepared turn to its final answer: model rounds, with the workspace tools the model
    /// calls run in between. Streams client-facing events through `emit` when given.
    func run(_ prepared: PreparedTurn, emit: Emit?, started: (@Sendable (String) -> Void)?) async throws -> TurnOutcome {
        if let hit = try await cachedAnswer(prepared) {
            started?(hit.answer.model)
            if let emit { Self.replay(hit.answer.message, emit) }
            var usage = hit.answer.usage
            usage.costUSD = 0
            let receipt = ChatTurnReceipt(model: hit.answer.model, usage: usage, cache: hit.outcome, toolsRun: [])
            try await record(receipt, prepared, cached: true)
            return TurnOutcome(message: hit.answer.message, finishReason: hit.answer.finishReason, receipt: receipt, wrote: false)
        }

        let runner = prepared.context.map {
            ToolRunner(registry: registry, offered: Set($0.tools.map(\.name)), principal: $0.principal, confirmedRecordIDs: prepared.turn.confirmedRecordIDs)
        }
        var messages = prepared.messages
        var usage = Usage()
        var text = ""
        var toolsRun: [String] = []
        var wrote = false
        var model = ""
        do {
            let rounds = max(1, configuration.maxToolSteps)
            for index in 0..<rounds {
                // A round's span holds its provider call and the workspace tools it asked for.
                let roundSpan = startSpan("chat round")
                roundSpan.attributes["tessera.chat.round"] = index
                defer { roundSpan.end() }
                var request = prepared.turn.chat
                request.messages = messages
                request.tools = prepared.tools
                // The last round must answer: no more workspace tool calls.
                if index == rounds - 1, runner != nil, !prepared.tools.isEmpty, request.toolChoice == .auto {
                    request.toolChoice = .none
                }
                let separator = text.isEmpty ? "" : "\n\n"
                let round = try await InstrumentationContext.withValue(roundSpan.context) {
                    try await answer(request, prepared, separator: separator, emit: emit, started: index == 0 ? started : nil)
                }
                usage.add(round.usage)
                model = round.model
                if !round.text.isEmpty { text += separator + round.text }

                let clientCalls = round.toolCalls.filter { prepared.isClientTool($0.name) }
                let workspaceCalls = round.toolCalls.filter { !prepared.isClientTool($0.name) }
                guard let runner, clientCalls.isEmpty, !workspaceCalls.isEmpty, index < rounds - 1 else {
                    let finish: FinishReason =
                        clientCalls.isEmpty
                        ? (round.finishReason == .toolCalls ? .stop : round.finishReason)
                        : .toolCalls
                    let receipt = ChatTurnReceipt(
                        model: model, usage: usage, cache: prepared.exactKey == nil && prepared.semantic == nil ? .bypass : .miss, toolsRun: toolsRun)
                    let outcome = TurnOutcome(
                        message: .assistant(text.isEmpty ? nil : text, toolCalls: clientCalls), finishReason: finish, receipt: receipt, wrote: wrote)
                    try await record(receipt, prepared, cached: false)
                    try await store(outcome, prepared)
                    return outcome
                }
                messages.append(.assistant(round.text.isEmpty ? nil : round.text, toolCalls: workspaceCalls))
                let outcomes = await InstrumentationContext.withValue(roundSpan.context) { await runner.run(workspaceCalls) }
                toolsRun += workspaceCalls.map(\.name)
                wrote = wrote || outcomes.contains(where: \.wrote)
                messages += outcomes.map { .toolResult($0.result) }
                logger.debug("ran workspace tools", metadata: ["tools": "\(workspaceCalls.map(\.name))", "round": "\(index)"])
            }
            throw OrchestratorError.configuration("the tool loop ended without an answer")
        } catch {
            // Tokens spent before a failure are still charged.
            if usage.inputTokens + usage.outputTokens > 0 {
                try? await record(ChatTurnReceipt(model: model, usage: usage, cache: .miss, toolsRun: toolsRun), prepared, cached: false)
            }
            throw error
        }
    }

    /// One round from the first model of the chain that answers, streamed through `emit` when
    /// given: text as it comes (after `separator`), and only the client's tool calls, renumbered.
    private func answer(_ request: ChatRequest, _ prepared: PreparedTurn, separator: String, emit: Emit?, started: (@Sendable (String) -> Void)?) async throws
        -> Round
    {
        let answering = Mutex<String>("")
        guard let emit else {
            let response = try await router.complete(request, models: prepared.models) { model in
                answering.withLock { $0 = model.qualifiedName }
            }
            return Round(
                text: response.message.text ?? "", toolCalls: response.message.toolCalls,
                finishReason: response.finishReason, usage: response.usage, model: answering.withLock { $0 })
        }
        var accumulator = ChatStreamAccumulator()
        var clientIndex: [Int: Int] = [:]
        var separated = separator.isEmpty
        let events = router.stream(request, models: prepared.models) { model in
            answering.withLock { $0 = model.qualifiedName }
            started?(model.qualifiedName)
        }
        for try await event in events {
            try accumulator.add(event)
            switch event {
            case .textDelta(let delta):
                if !separated {
                    separated = true
                    emit(.textDelta(separator))
                }
                emit(.textDelta(delta))
            case .toolCallStart(let index, let id, let name):
                guard prepared.isClientTool(name) else { continue }
                let renumbered = clientIndex.count
                clientIndex[index] = renumbered
                emit(.toolCallStart(index: renumbered, id: id, name: name))
            case .toolCallArgumentsDelta(let index, let fragment):
                if let renumbered = clientIndex[index] { emit(.toolCallArgumentsDelta(index: renumbered, fragment: fragment)) }
            case .toolCallEnd(let index):
                if let renumbered = clientIndex[index] { emit(.toolCallEnd(index: renumbered)) }
            case .usage, .finish, .error:
                break
            }
        }
        let model = answering.withLock { $0 }
        let response = try accumulator.response(model: model)
        return Round(
            text: response.message.text ?? "", toolCalls: response.message.toolCalls,
            finishReason: response.finishReason, usage: response.usage, model: model)
    }

    private static func replay(_ message: ChatMessage, _ emit: Emit) {
        if let text = message.text { emit(.textDelta(text)) }
        for (index, call) in message.toolCalls.enumerated() {
            emit(.toolCallStart(index: index, id: call.id, name: call.name))
            emit(.toolCallArgumentsDelta(index: index, fragment: call.arguments))
            emit(.toolCallEnd(index: index))
        }
    }

    // MARK: - Caches and spend

    private func cachedAnswer(_ prepared: PreparedTurn) async throws -> (answer: CachedAnswer, outcome: CacheOutcome)? {
        if let key = prepared.exactKey, let answer = await responseCache?.answer(for: key) {
            return (answer, .hit)
        }
        if let semantic = prepared.semantic, let answer = try await semanticCache?.answer(for: semantic.key, vector: semantic.vector) {
            return (answer, .semanticHit)
        }
        return nil
    }

    private func store(_ outcome: TurnOutcome, _ prepared: PreparedTurn) async throws {
        guard !outcome.wrote else { return }
        let answer = CachedAnswer(message: outcome.message, finishReason: outcome.finishReason, usage: outcome.receipt.usage, model: outcome.receipt.model)
        if let key = prepared.exactKey { await responseCache?.store(answer, for: key) }
        if let semantic = prepared.semantic { try await semanticCache?.store(answer, for: semantic.key, vector: semantic.vector) }
    }

    private func record(_ receipt: ChatTurnReceipt, _ prepared: PreparedTurn, cached: Bool) async throws {
        Counter(label: "tessera_chat_turns_total", dimensions: [("cache", receipt.cache.rawValue)]).increment()
        try await services.usage.record(
            UsageEntry(
                workspaceID: prepared.workspaceID, userID: prepared.caller.userID, tokenID: prepared.caller.tokenID,
                model: receipt.model, inputTokens: receipt.usage.inputTokens, outputTokens: receipt.usage.outputTokens,
                costUSD: receipt.usage.costUSD ?? 0, cached: cached, time: Date()))
    }
}

extension Usage {
    /// Adds another round's tokens and cost; the sum stays unpriced only if every part was.
    mutating func add(_ other: Usage) {
        inputTokens += other.inputTokens
        cachedInputTokens += other.cachedInputTokens
        cacheWriteInputTokens += other.cacheWriteInputTokens
        outputTokens += other.outputTokens
        if let cost = other.costUSD { costUSD = (costUSD ?? 0) + cost }
    }
}
