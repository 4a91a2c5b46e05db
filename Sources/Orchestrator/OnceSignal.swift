import Synchronization

/// Resumes one waiter exactly once, with a value or an error, whichever comes first; later
/// signals are ignored. Lets a streamed turn report its start before its events flow.
final class OnceSignal<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Value, any Error>)
        case done(Result<Value, any Error>)
        case consumed
    }

    private let state = Mutex<State>(.pending)

    func succeed(_ value: Value) { resolve(.success(value)) }

    func fail(_ error: any Error) { resolve(.failure(error)) }

    func wait() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Value, any Error>? = state.withLock { state in
                switch state {
                case .pending:
                    state = .waiting(continuation)
                    return nil
                case .done(let result):
                    state = .consumed
                    return result
                case .waiting, .consumed:
                    return .failure(CancellationError())
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    private func resolve(_ result: Result<Value, any Error>) {
        let waiter: CheckedContinuation<Value, any Error>? = state.withLock { state in
            switch state {
            case .pending:
                state = .done(result)
                return nil
            case .waiting(let continuation):
                state = .consumed
                return continuation
            case .done, .consumed:
                return nil
            }
        }
        waiter?.resume(with: result)
    }
}
