import ArgumentParser
import Foundation
import LLM
import Orchestrator

/// `tessera chat`: one prompt to one model, the answer streamed to stdout, usage and cost on
/// stderr. Providers come from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, …). With
/// `--base` the prompt goes through the orchestrator as the token's user: the model gets the
/// base's schema, retrieval context and workspace tools, as over `/v1` with that base.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Send a prompt to a model and stream the answer; with --base, chat over a base's data."
    )

    @Option(name: .shortAndLong, help: "The model: provider/model, a catalog name or an alias.")
    var model: String

    @Option(name: .customLong("fallback"), help: "A model to try when the previous ones fail with a retryable error (repeatable).")
    var fallbacks: [String] = []

    @Option(help: "A system prompt.")
    var system: String?

    @Option(help: "The most tokens to generate.")
    var maxTokens: Int?

    @Option(help: "The sampling temperature.")
    var temperature: Double?

    @OptionGroup var ai: OrchestratorOptions

    @Option(help: "Chat over this base (app…): its schema, matching records and workspace tools.")
    var base: String?

    @Flag(help: "With --base: offer the tools that change data (the token must be able to write).")
    var allowWrites = false

    @OptionGroup var store: StoreOptions

    @OptionGroup var token: TokenOptions

    @Option(
        help:
            "With --base: embedding model directory (env TESSERA_EMBEDDING_MODEL; default: all-MiniLM-L6-v2 under the data directory's models/, ~/.local/share/tessera/models/ or ./models/)."
    )
    var embeddingModel: String?

    @Argument(help: "The prompt; read from stdin when omitted.")
    var prompt: String?

    func run() async throws {
        let text = try prompt ?? Self.readStandardInput()
        if let base {
            try await BaseChat(command: self, baseID: base).run(text)
            return
        }
        let modelCatalog = try ai.modelCatalog()
        let configurations = try ProviderConfiguration.load(
            environment: Settings.process.environment, providersFile: ai.providersFile.map { URL(fileURLWithPath: $0) })
        let transport = LLMTransport()
        do {
            try await stream(text, router: ModelRouter(catalog: modelCatalog, configurations: configurations, transport: transport))
            try await transport.shutdown()
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    private func stream(_ text: String, router: ModelRouter) async throws {
        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        messages.append(.user(text))
        let request = ChatRequest(
            model: model, messages: messages,
            options: SamplingOptions(temperature: temperature, maxOutputTokens: maxTokens)
        )
        var usage: Usage?
        var finishReason: FinishReason?
        var toolNames: [Int: String] = [:]
        for try await event in router.stream(request, models: [model] + fallbacks) {
            switch event {
            case .textDelta(let delta):
                FileHandle.standardOutput.write(Data(delta.utf8))
            case .toolCallStart(let index, _, let name):
                toolNames[index] = name
            case .toolCallArgumentsDelta, .toolCallEnd:
                break
            case .usage(let reported):
                usage = reported
            case .finish(let reason):
                finishReason = reason
            case .error(let error):
                FileHandle.standardOutput.write(Data("\n".utf8))
                throw error
            }
        }
        FileHandle.standardOutput.write(Data("\n".utf8))
        // With fallbacks the answering model is one of several; the cost is that model's.
        var summary =
            fallbacks.isEmpty
            ? "model: \(try router.resolve(model).qualifiedName)"
            : "models tried in order: \(([model] + fallbacks).joined(separator: ", "))"
        if let finishReason { summary += ", finish: \(finishReason)" }
        if !toolNames.isEmpty { summary += ", tool calls: \(toolNames.sorted { $0.key < $1.key }.map(\.value).joined(separator: ", "))" }
        if let usage {
            summary += ", tokens: \(usage.inputTokens) in (\(usage.cachedInputTokens) cached), \(usage.outputTokens) out"
            summary += usage.costUSD.map { String(format: ", cost: $%.6f", $0) } ?? ", cost: unknown (model not priced in the catalog)"
        }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
    }

    static func readStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError("Give a prompt as an argument or on stdin.") }
        return text
    }
}
