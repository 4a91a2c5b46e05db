import Tracing

extension Span {
    /// Marks the span failed, naming the kind of error only: messages can quote names and
    /// values from the user's data, which no span may carry.
    public func recordFailure(_ error: any Error) {
        attributes["error.type"] = (error as? TesseraError)?.code.rawValue ?? String(describing: type(of: error))
        setStatus(SpanStatus(code: .error))
    }
}
