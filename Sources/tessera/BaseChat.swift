import Foundation
import LLM
import Logging
import Orchestrator
import Search
import TesseraCore

/// `tessera chat --base`: one turn through the orchestrator, streamed to stdout.
struct BaseChat {
    let command: ChatCommand
    let baseID: String

    func run(_ text: String) async throws {
        let logger = CLILogging.bootstrap(level: .warning)
        let (database, services) = try await reportingErrors { try await command.store.openServices(logger: logger) }
        let principal = try await reportingErrors { try await services.auth.authenticate(bearer: try command.token.resolve(for: "chat --base")) }
        let search = try await SearchRuntime.open(
            store: database, modelDirectory: command.embeddingModel, dataDirectory: command.store.dataDirectory, logger: logger)
        _ = try await search.indexer.catchUp()
        let runtime = try OrchestratorRuntime.open(command.ai, services: services, search: search, logger: logger)
        do {
            try await stream(text, runtime.orchestrator, principal: principal)
            try await runtime.transport.shutdown()
        } catch {
            try? await runtime.transport.shutdown()
            throw error
        }
    }

    private func stream(_ text: String, _ orchestrator: Orchestrator, principal: TesseraCore.Principal) async throws {
        var messages: [ChatMessage] = []
        if let system = command.system { messages.append(.system(system)) }
        messages.append(.user(text))
        let turn = ChatTurn(
            chat: ChatRequest(
                model: command.model, messages: messages,
                options: SamplingOptions(temperature: command.temperature, maxOutputTokens: command.maxTokens)),
            baseID: baseID, allowWrites: command.allowWrites, useCache: false)
        let stream = try await reportingErrors { try await orchestrator.stream(turn, as: principal) }
        for try await event in stream.events {
            switch event {
            case .chat(.textDelta(let delta)):
                FileHandle.standardOutput.write(Data(delta.utf8))
            case .chat:
                break
            case .finished(let reason, let receipt):
                FileHandle.standardOutput.write(Data("\n".utf8))
                var summary = "model: \(receipt.model), finish: \(reason)"
                if !receipt.toolsRun.isEmpty { summary += ", tools run: \(receipt.toolsRun.joined(separator: ", "))" }
                summary += ", tokens: \(receipt.usage.inputTokens) in, \(receipt.usage.outputTokens) out"
                summary += String(format: ", cost: $%.6f", receipt.usage.costUSD ?? 0)
                printError(summary)
            }
        }
    }
}
