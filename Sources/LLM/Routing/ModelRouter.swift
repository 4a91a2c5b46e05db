import Tracing

/// Sends chat requests by model name: resolves names through the catalog, picks the provider,
/// prices the usage, and walks a fallback chain when a model fails with a retryable error.
public struct ModelRouter: Sendable {
    public let catalog: ModelCatalog
    private let providers: [String: any ChatProvider]
    private let cooldowns: CooldownTracker

    /// - Parameter cooldown: how long a target that failed is skipped by fallback chains.
    public init(catalog: ModelCatalog, providers: [String: any ChatProvider], cooldown: Duration = .seconds(30)) {
        self.catalog = catalog
        self.providers = providers
        self.cooldowns = CooldownTracker(cooldown: cooldown)
    }

    /// A router over provider clients built from configurations, sharing one transport.
    public init(
        catalog: ModelCatalog, configurations: [ProviderConfiguration], transport: LLMTransport,
        cooldown: Duration = .seconds(30)
    ) {
        var providers: [String: any ChatProvider] = [:]
        for configuration in configurations {
            let provider: any ChatProvider =
                switch configuration.kind {
                case .openAI:
                    OpenAIChatProvider(name: configuration.name, baseURL: configuration.baseURL, apiKey: configuration.apiKey, transport: transport)
                case .anthropic:
                    AnthropicChatProvider(name: configuration.name, baseURL: configuration.baseURL, apiKey: configuration.apiKey, transport: transport)
                case .ollama:
                    OllamaChatProvider(name: configuration.name, baseURL: configuration.baseURL, transport: transport)
                }
            providers[configuration.name] = provider
        }
        self.init(catalog: catalog, providers: providers, cooldown: cooldown)
    }

    public func resolve(_ model: String) throws(LLMError) -> ResolvedModel {
        try target(model).model
    }

    private func target(_ name: String) throws(LLMError) -> (model: ResolvedModel, provider: any ChatProvider) {
        let resolved = try catalog.resolve(name, knownProviders: Set(providers.keys))
        guard let provider = providers[resolved.provider] else {
            throw LLMError(.configuration, "model \(name) needs provider \(resolved.provider), which is not configured")
        }
        return (resolved, provider)
    }

    /// Completes the request with the first of `models` that answers; `request.model` is
    /// replaced by each target's own name. `answering` learns which target that was.
    public func complete(
        _ request: ChatRequest, models: [String], answering: (@Sendable (ResolvedModel) -> Void)? = nil
    ) async throws -> ChatResponse {
        var lastError = LLMError(.configuration, "no model given")
        for (target, provider) in try await orderedTargets(models) {
            var targetRequest = request
            targetRequest.model = target.model
            let metrics = LLMMetrics(target)
            let span = ProviderCallSpan.start(target)
            defer { span.end() }
            do {
                var response = try await InstrumentationContext.withValue(span.context) { try await provider.complete(targetRequest) }
                await cooldowns.markSucceeded(target.qualifiedName)
                response.usage = priced(response.usage, target)
                metrics.spent(response.usage)
                metrics.finished(.ok)
                ProviderCallSpan.record(response.usage, on: span)
                answering?(target)
                return response
            } catch {
                metrics.finished(.error)
                let failure = LLMTransport.classify(error)
                ProviderCallSpan.record(failure, on: span)
                guard RetryPolicy.isRetryable(failure) else { throw failure }
                await cooldowns.markFailed(target.qualifiedName)
                lastError = failure
            }
        }
        throw lastError
    }

    /// Streams the request from the first of `models` that starts answering. Falling back is
    /// possible only before the first event; after it, failures end the stream as usual.
    /// `answering` learns the target just before its first event is delivered.
    public func stream(
        _ request: ChatRequest, models: [String], answering: (@Sendable (ResolvedModel) -> Void)? = nil
    ) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var lastError = LLMError(.configuration, "no model given")
                    for (target, provider) in try await orderedTargets(models) {
                        var targetRequest = request
                        targetRequest.model = target.model
                        var started = false
                        let metrics = LLMMetrics(target)
                        let span = ProviderCallSpan.start(target)
                        // A stream's usage event is its total so far; the last one counts.
                        var spent: Usage?
                        defer {
                            if let spent {
                                metrics.spent(spent)
                                ProviderCallSpan.record(spent, on: span)
                            }
                            span.end()
                        }
                        do {
                            // The provider's stream starts its request now, in this span.
                            let events = InstrumentationContext.withValue(span.context) { provider.stream(targetRequest) }
                            for try await event in events {
                                if !started {
                                    started = true
                                    metrics.firstEvent()
                                    await cooldowns.markSucceeded(target.qualifiedName)
                                    answering?(target)
                                }
                                if case .usage(let usage) = event {
                                    let usage = priced(usage, target)
                                    spent = usage
                                    continuation.yield(.usage(usage))
                                } else {
                                    continuation.yield(event)
                                }
                            }
                            metrics.finished(.ok)
                            continuation.finish()
                            return
                        } catch {
                            metrics.finished(.error)
                            let failure = LLMTransport.classify(error)
                            ProviderCallSpan.record(failure, on: span)
                            guard !started, RetryPolicy.isRetryable(failure) else { throw failure }
                            await cooldowns.markFailed(target.qualifiedName)
                            lastError = failure
                        }
                    }
                    throw lastError
                } catch {
                    continuation.finish(throwing: LLMTransport.classify(error))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The resolved targets, those cooling down after a recent failure moved to the end
    /// (still tried when everything else failed).
    private func orderedTargets(_ models: [String]) async throws(LLMError) -> [(ResolvedModel, any ChatProvider)] {
        var ready: [(ResolvedModel, any ChatProvider)] = []
        var coolingDown: [(ResolvedModel, any ChatProvider)] = []
        for model in models {
            let target = try target(model)
            if await cooldowns.isCoolingDown(target.model.qualifiedName) {
                coolingDown.append(target)
            } else {
                ready.append(target)
            }
        }
        return ready + coolingDown
    }

    private func priced(_ usage: Usage, _ target: ResolvedModel) -> Usage {
        var usage = usage
        usage.costUSD = target.entry?.pricing.cost(of: usage)
        return usage
    }
}

extension ModelRouter: ChatProvider {
    /// Completes with `request.model` as the only target.
    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        try await complete(request, models: [request.model])
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        stream(request, models: [request.model])
    }
}
