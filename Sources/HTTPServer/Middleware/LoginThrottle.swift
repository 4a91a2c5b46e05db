import Synchronization

/// Backs off logins that keep failing, per client address and per account (the normalised email,
/// whether or not an account has it, so the answers do not tell which emails exist). A few
/// failures are free; each one after that locks the key for a window that doubles up to a cap.
/// A success clears the account's count.
///
/// The counts live in memory, per node: behind a balancer each node gives its own allowance. They
/// are bounded: past `capacity` keys the least recently used go first, so the keys under attack
/// stay counted.
public final class LoginThrottle: Sendable {
    public struct Policy: Sendable {
        /// Failed attempts allowed before the first lockout.
        public var freeFailures: Int
        public var firstLockout: Duration
        public var maxLockout: Duration
        /// A key with no attempt for this long starts counting from zero again.
        public var forgetAfter: Duration

        public init(freeFailures: Int, firstLockout: Duration = .seconds(1), maxLockout: Duration = .seconds(15 * 60), forgetAfter: Duration = .seconds(3600)) {
            self.freeFailures = freeFailures
            self.firstLockout = firstLockout
            self.maxLockout = maxLockout
            self.forgetAfter = forgetAfter
        }

        /// How long `failures` failures in a row lock the key: nothing while they are free, then
        /// the first lockout, doubled for every failure after that, up to the cap.
        func lockout(afterFailures failures: Int) -> Duration? {
            let beyond = failures - freeFailures
            guard beyond > 0 else { return nil }
            // 2^30 times any sane first lockout is past any sane cap.
            return min(firstLockout * (1 << min(beyond - 1, 30)), maxLockout)
        }
    }

    public struct Configuration: Sendable {
        /// An address may be shared (a NAT, an office), so it gets more free failures.
        public var perAddress = Policy(freeFailures: 20)
        public var perAccount = Policy(freeFailures: 5)
        /// Addresses and accounts kept, each.
        public var capacity = 100_000

        public init() {}
    }

    /// Failures in a row of one key. An attempt is counted when it is let through, and taken
    /// back if it succeeds: concurrent attempts cannot all slip in before the first one fails.
    private struct Failures {
        var count = 0
        var lastAttempt: ContinuousClock.Instant

        func lockedUntil(_ policy: Policy) -> ContinuousClock.Instant? {
            policy.lockout(afterFailures: count).map { lastAttempt + $0 }
        }
    }

    private struct State {
        var addresses: LRUDictionary<String, Failures>
        var accounts: LRUDictionary<String, Failures>
    }

    private let configuration: Configuration
    private let state: Mutex<State>

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        state = Mutex(State(addresses: LRUDictionary(capacity: configuration.capacity), accounts: LRUDictionary(capacity: configuration.capacity)))
    }

    /// Lets a login attempt through, counting it as a failure until `succeeded` says otherwise:
    /// nil. Else the seconds until the address and the account are both unlocked.
    public func admit(address: String, account: String, now: ContinuousClock.Instant = .now) -> Int? {
        let (perAddress, perAccount) = (configuration.perAddress, configuration.perAccount)
        return state.withLock { state in
            let lockedUntil = [
                state.addresses.update(address, default: { Failures(lastAttempt: now) }) { Self.lockedUntil(&$0, perAddress, now) },
                state.accounts.update(account, default: { Failures(lastAttempt: now) }) { Self.lockedUntil(&$0, perAccount, now) },
            ].compactMap { $0 }.max()
            if let lockedUntil { return (lockedUntil - now).retryAfterSeconds }
            state.addresses.update(address, default: { Failures(lastAttempt: now) }) { Self.count(&$0, now) }
            state.accounts.update(account, default: { Failures(lastAttempt: now) }) { Self.count(&$0, now) }
            return nil
        }
    }

    /// The attempt `admit` let through was a success: the account starts over, and the address
    /// gets its attempt back.
    public func succeeded(address: String, account: String) {
        state.withLock { state in
            state.accounts.removeValue(forKey: account)
            state.addresses.updateIfPresent(address) { $0.count = max(0, $0.count - 1) }
        }
    }

    /// When the key is locked at `now`; a key quiet for `forgetAfter` starts over first.
    private static func lockedUntil(_ failures: inout Failures, _ policy: Policy, _ now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        if now - failures.lastAttempt >= policy.forgetAfter { failures.count = 0 }
        return failures.lockedUntil(policy).flatMap { $0 > now ? $0 : nil }
    }

    private static func count(_ failures: inout Failures, _ now: ContinuousClock.Instant) {
        failures.count += 1
        failures.lastAttempt = now
    }
}
