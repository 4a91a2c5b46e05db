/// Remembers which fallback targets failed recently, so a chain skips them for a while
/// instead of paying for the same failure on every request.
actor CooldownTracker {
    private let cooldown: Duration
    private var coolingUntil: [String: ContinuousClock.Instant] = [:]

    init(cooldown: Duration) {
        self.cooldown = cooldown
    }

    func isCoolingDown(_ target: String) -> Bool {
        guard let until = coolingUntil[target] else { return false }
        if ContinuousClock.now < until { return true }
        coolingUntil[target] = nil
        return false
    }

    func markFailed(_ target: String) {
        coolingUntil[target] = ContinuousClock.now + cooldown
    }

    func markSucceeded(_ target: String) {
        coolingUntil[target] = nil
    }
}
