import Dispatch
import Metrics

/// What one provider call reports for `/metrics`: requests by outcome, latency, time to the
/// first streamed event, tokens and cost, by provider and model. Models outside the catalog
/// share one label, so request bodies cannot add time series without bound.
struct LLMMetrics {
    private let dimensions: [(String, String)]
    private let started = DispatchTime.now()

    init(_ target: ResolvedModel) {
        dimensions = [("provider", target.provider), ("model", target.entry == nil ? "unlisted" : target.model)]
    }

    func firstEvent() {
        Timer(label: "tessera_llm_time_to_first_token_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds).recordInterval(since: started)
    }

    func spent(_ usage: Usage) {
        Counter(label: "tessera_llm_tokens_total", dimensions: dimensions + [("kind", "input")]).increment(by: usage.inputTokens)
        Counter(label: "tessera_llm_tokens_total", dimensions: dimensions + [("kind", "output")]).increment(by: usage.outputTokens)
        if let cost = usage.costUSD, cost > 0 {
            FloatingPointCounter(label: "tessera_llm_cost_usd_total", dimensions: dimensions).increment(by: cost)
        }
    }

    func finished(_ outcome: Outcome) {
        Counter(label: "tessera_llm_requests_total", dimensions: dimensions + [("outcome", outcome.rawValue)]).increment()
        Timer(label: "tessera_llm_request_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds).recordInterval(since: started)
    }

    enum Outcome: String {
        case ok, error
    }
}
