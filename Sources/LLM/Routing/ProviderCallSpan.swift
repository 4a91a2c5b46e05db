import Tracing

/// The span of one provider call, in OpenTelemetry's GenAI conventions: which provider and
/// model, and the tokens once known; never the messages or the answer.
enum ProviderCallSpan {
    static func start(_ target: ResolvedModel) -> any Span {
        let span = startSpan("chat \(target.model)", ofKind: .client)
        span.attributes["gen_ai.operation.name"] = "chat"
        span.attributes["gen_ai.system"] = target.provider
        span.attributes["gen_ai.request.model"] = target.model
        return span
    }

    static func record(_ usage: Usage, on span: any Span) {
        span.attributes["gen_ai.usage.input_tokens"] = usage.inputTokens
        span.attributes["gen_ai.usage.output_tokens"] = usage.outputTokens
    }

    /// The kind of failure only: a provider's error text may quote the request.
    static func record(_ error: LLMError, on span: any Span) {
        span.attributes["error.type"] = error.code.rawValue
        span.setStatus(SpanStatus(code: .error))
    }
}
