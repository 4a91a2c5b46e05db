import Synchronization

/// Lets at most `limit` tasks into a section at once; the others wait, suspended rather than
/// blocking a thread, and enter in the order they arrived.
final class AsyncSemaphore: Sendable {
    private struct State {
        var available: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
        /// Index of the next waiter in `waiting`; the array is compacted as it drains.
        var head = 0
    }

    private let state: Mutex<State>

    init(limit: Int) {
        precondition(limit > 0, "a semaphore needs at least one slot")
        state = Mutex(State(available: limit))
    }

    func withSlot<Result: Sendable>(_ body: () async throws -> Result) async rethrows -> Result {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        await withCheckedContinuation { continuation in
            let admitted = state.withLock { state in
                guard state.available > 0 else {
                    state.waiting.append(continuation)
                    return false
                }
                state.available -= 1
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiting.count else {
                state.available += 1
                return nil
            }
            let next = state.waiting[state.head]
            state.head += 1
            if state.head * 2 >= state.waiting.count {
                state.waiting.removeFirst(state.head)
                state.head = 0
            }
            return next
        }
        // The slot passes straight to the next waiter.
        next?.resume()
    }
}
