import Embeddings
import Foundation
import LLM
import Logging
import Search
import TesseraCore
import Tracing
import WorkspaceTools

/// Serves chat turns: routes them to providers with fallbacks, gives turns over a base their
/// context and workspace tools, runs those tools itself, answers from caches when it may, and
/// keeps spend within each workspace's budget.
public struct Orchestrator: Sendable {
    let router: ModelRouter
    let services: TesseraServices
    let registry: WorkspaceTools
    /// The registry's tools as models see them, built once: each keeps its schema's JSON text.
    let toolDefinitions: [String: ToolDefinition]
    let contextDependencies: WorkspaceContext.Dependencies
    let responseCache: ResponseCache?
    let semanticCache: SemanticCache?
    let embeddings: EmbeddingRouter?
    let configuration: OrchestratorConfiguration
    let logger: Logger

    public init(
        _ dependencies: OrchestratorDependencies, configuration: OrchestratorConfiguration = OrchestratorConfiguration(),
        logger: Logger = Logger(label: "tessera.orchestrator")
    ) {
        router = dependencies.router
        services = dependencies.services
        registry = dependencies.registry
        toolDefinitions = Dictionary(
            uniqueKeysWithValues: registry.tools.map { tool in
                (tool.name, ToolDefinition(name: tool.name, description: tool.description, parameters: tool.inputSchema))
            })
        contextDependencies = WorkspaceContext.Dependencies(
            services: dependencies.services, search: dependencies.search, registry: dependencies.registry,
            prompts: ChatPrompts(directory: configuration.promptsDirectory), configuration: configuration)
        responseCache = configuration.responseCacheTTL.map { ResponseCache(ttl: $0, capacity: configuration.responseCacheCapacity) }
        if let embedder = dependencies.embedder, let threshold = configuration.semanticCacheThreshold {
            semanticCache = SemanticCache(embedder: embedder, threshold: threshold, capacity: configuration.responseCacheCapacity)
        } else {
            semanticCache = nil
        }
        embeddings = dependencies.embeddings
        self.configuration = configuration
        self.logger = logger
    }

    public var catalog: ModelCatalog { router.catalog }

    /// The name `/v1/embeddings` serves the local model under, when its weights are loaded.
    public var localEmbeddingModel: String? { embeddings?.localModelName }

    /// Answers a turn in one piece.
    public func complete(_ turn: ChatTurn, as principal: Principal) async throws -> ChatTurnResult {
        let span = Self.startTurnSpan(turn)
        defer { span.end() }
        do {
            let outcome = try await InstrumentationContext.withValue(span.context) {
                try await run(prepare(turn, as: principal), emit: nil, started: nil)
            }
            span.attributes["tessera.chat.cache"] = outcome.receipt.cache.rawValue
            return ChatTurnResult(
                response: ChatResponse(
                    model: outcome.receipt.model, message: outcome.message, finishReason: outcome.finishReason, usage: outcome.receipt.usage),
                receipt: outcome.receipt)
        } catch {
            span.recordFailure(error)
            throw error
        }
    }

    /// Starts streaming a turn. Returns once a model has started answering; failures before
    /// that (unknown model, every provider down, budget spent) are thrown here, so a surface
    /// can still answer them with an error status.
    public func stream(_ turn: ChatTurn, as principal: Principal) async throws -> ChatTurnStream {
        // The turn's span ends with the task that runs the turn, after the stream's last event.
        let span = Self.startTurnSpan(turn)
        let prepared: PreparedTurn
        do {
            prepared = try await InstrumentationContext.withValue(span.context) { try await prepare(turn, as: principal) }
        } catch {
            span.recordFailure(error)
            span.end()
            throw error
        }
        let (events, continuation) = AsyncThrowingStream<ChatTurnEvent, any Error>.makeStream()
        let started = OnceSignal<String>()
        let task = InstrumentationContext.withValue(span.context) {
            Task {
                defer { span.end() }
                do {
                    let outcome = try await run(
                        prepared, emit: { continuation.yield(.chat($0)) }, started: { started.succeed($0) })
                    span.attributes["tessera.chat.cache"] = outcome.receipt.cache.rawValue
                    started.succeed(outcome.receipt.model)
                    continuation.yield(.finished(outcome.finishReason, outcome.receipt))
                    continuation.finish()
                } catch {
                    span.recordFailure(error)
                    started.fail(error)
                    continuation.finish(throwing: error)
                }
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        let model = try await started.wait()
        return ChatTurnStream(model: model, events: events)
    }

    /// A turn's span: the model asked for, never the messages.
    private static func startTurnSpan(_ turn: ChatTurn) -> any Span {
        let span = startSpan("chat turn")
        span.attributes["gen_ai.request.model"] = turn.chat.model
        return span
    }

    // MARK: - Preparing

    private func prepare(_ turn: ChatTurn, as caller: Principal) async throws -> PreparedTurn {
        try caller.require(.aiChat)
        guard !turn.chat.messages.isEmpty else { throw OrchestratorError.invalidRequest("messages must hold at least one message") }
        let models = router.catalog.fallbackChain(for: turn.chat.model)
        for model in models { _ = try router.resolve(model) }

        var base: AccessibleBase?
        if let baseID = turn.baseID { base = try await services.workspaces.base(baseID, for: caller) }
        let workspaceID = try await workspaceToCharge(requested: turn.workspaceID, base: base, caller: caller)
        try await requireBudget(workspaceID: workspaceID)

        let clientToolNames = Set(turn.chat.tools.map(\.name))
        var context: WorkspaceContext?
        if let base {
            context = try await WorkspaceContext.make(
                base: base, turn: turn, caller: caller, clientToolNames: clientToolNames, using: contextDependencies)
        }
        let messages = context.map { [.system($0.systemPrompt)] + turn.chat.messages } ?? turn.chat.messages
        let tools = (context?.tools.compactMap { toolDefinitions[$0.name] } ?? []) + turn.chat.tools

        // Turns that may write are never answered from a cache: the write must happen.
        let cacheable = turn.useCache && !turn.allowWrites
        let dataVersion = cacheable && base != nil ? try await services.records.latestEventSequence() : nil
        let exactKey = cacheable && responseCache != nil ? CacheKey.exact(turn, principal: caller, dataVersion: dataVersion) : nil
        var semantic: (CacheKey, [Float])?
        if cacheable, let semanticCache, let question = turn.chat.messages.last, question.role == .user, let text = question.text {
            semantic = (CacheKey.conversation(turn, principal: caller, dataVersion: dataVersion), try await semanticCache.vector(for: text))
        }
        return PreparedTurn(
            turn: turn, caller: caller, workspaceID: workspaceID, models: models, messages: messages, tools: tools,
            clientToolNames: clientToolNames, context: context, exactKey: exactKey, semantic: semantic)
    }

    /// The base's workspace; else the one the request names; else the caller's first.
    func workspaceToCharge(requested: String?, base: AccessibleBase?, caller: Principal) async throws -> String {
        if let base { return base.base.workspaceID }
        let memberships = try await services.workspaces.workspaces(for: caller)
        if let wanted = requested {
            guard memberships.contains(where: { $0.workspace.id == wanted }) else { throw TesseraError.inaccessible() }
            return wanted
        }
        guard let first = memberships.first else {
            throw TesseraError.forbidden("AI requests are charged to a workspace, and this user belongs to none")
        }
        return first.workspace.id
    }

    /// Over budget → 429 until the month turns (budgets are per calendar month, UTC).
    func requireBudget(workspaceID: String) async throws {
        if let budget = try await services.usage.exhaustedBudget(workspaceID: workspaceID), let limit = budget.monthlyBudgetUSD {
            throw TesseraError(
                .budgetExceeded,
                String(
                    format:
                        "The workspace's monthly AI budget of $%.2f is used up ($%.4f spent this month). The operator can raise it with `tessera workspaces budget`.",
                    limit, budget.spentThisMonthUSD),
                retryAfterSeconds: max(1, Int(budget.resets.timeIntervalSinceNow.rounded(.up))))
        }
    }
}
