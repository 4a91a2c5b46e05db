import Tracing

/// A span per store call (its transaction or query), named after the store's method: the SQL
/// and its values stay out, as they hold the user's data.
enum StoreSpan {
    /// Only within a trace: background work (the search indexer polls the events log five times
    /// a second) would otherwise start a trace of one span per call.
    /// - Parameter function: the store method, as `#function` names it at the call site.
    static func start(_ system: String, _ function: String) -> any Span {
        guard let parent = InstrumentationContext.current else { return NoOpTracer.NoOpSpan(context: .topLevel) }
        let operation = String(function.prefix { $0 != "(" })
        let span = startSpan("\(system) \(operation)", context: parent, ofKind: .client)
        span.attributes["db.system"] = system
        span.attributes["db.operation.name"] = operation
        return span
    }
}
