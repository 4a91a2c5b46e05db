import Dispatch
import Synchronization

/// Runs `body(0..<iterations)` on Dispatch's worker threads and returns when all are done.
///
/// Dispatch wants a `@Sendable` closure; index code hands its workers raw pointers into
/// buffers it owns, with each iteration touching its own part (or taking a lock). That
/// discipline is what makes this sound, so it is checked by review, not by the compiler.
enum Parallel {
    static func forEach(_ iterations: Int, _ body: (Int) -> Void) {
        if iterations <= 1 {
            if iterations == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(value: body)
            DispatchQueue.concurrentPerform(iterations: iterations) { work.value($0) }
        }
    }
}

private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// Hands out consecutive runs of `0..<count` to workers as they ask, so a worker the machine
/// slows down takes fewer runs instead of leaving the others idle at the end.
struct RunDispenser: ~Copyable {
    let count: Int
    let run: Int
    private let next = Atomic<Int>(0)

    init(count: Int, run: Int) {
        self.count = count
        self.run = max(1, run)
    }

    func nextRun() -> Range<Int>? {
        let start = next.add(run, ordering: .relaxed).oldValue
        return start < count ? start..<min(start + run, count) : nil
    }
}
