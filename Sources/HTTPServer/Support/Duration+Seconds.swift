extension Duration {
    /// The duration in seconds, fractions included.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// What `Retry-After` says for this wait: whole seconds, rounded up, at least one.
    var retryAfterSeconds: Int {
        // Clamped so that no configured window can overflow the conversion.
        Int(min(max(1, seconds.rounded(.up)), Double(Int32.max)))
    }
}
