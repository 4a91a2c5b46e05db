import Tracing

/// A span per store call (its transaction or query), named after the store's method: the SQL
/// and its values stay out, as they hold the user's data.
enum StoreSpan {
    /// - Parameter function: the store method, as `#function` names it at the call site.
    static func start(_ system: String, _ function: String) -> any Span {
        let operation = String(function.prefix { $0 != "(" })
        let span = startSpan("\(system) \(operation)", ofKind: .client)
        span.attributes["db.system"] = system
        span.attributes["db.operation.name"] = operation
        return span
    }
}
