import Synchronization

/// What evaluating formulas may cost one request: text built and nodes visited per evaluation,
/// nodes and time spent evaluating for the whole request (a listing, a search). Going over
/// fails the request (422) instead of one record (`#ERROR!`), so a hostile formula costs its
/// sender a quick refusal and every other request nothing.
///
/// The step limits decide the same way on any machine; the time limit counts only the time
/// spent inside evaluations, as a backstop for work that steps do not measure (a long text
/// searched, a pattern matched), so a slow database or a loaded machine does not trip it.
public final class FormulaBudget: Sendable {
    public struct Limits: Sendable {
        /// Bytes of text one evaluation may build, every function and operator together.
        public var textBytesPerEvaluation = 4 << 20
        /// Formula nodes one evaluation may visit.
        public var stepsPerEvaluation = 1_000_000
        /// Formula nodes all of a request's evaluations may visit.
        public var stepsPerRequest = 100_000_000
        /// Time all of a request's evaluations may take together.
        public var evaluationTime: Duration = .seconds(30)

        public init() {}

        public static let standard = Limits()
    }

    public let limits: Limits
    private let steps = Atomic<Int>(0)
    private let nanoseconds = Atomic<Int>(0)
    private let cancelled = Atomic<Bool>(false)

    public init(limits: Limits = .standard) {
        self.limits = limits
    }

    /// Stops every evaluation charged to this budget at its next check (the request went away).
    public func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    /// Adds work done and throws when the request is over a limit or cancelled.
    func charge(steps newSteps: Int, time: Duration) throws(FormulaError) {
        let totalSteps = steps.add(newSteps, ordering: .relaxed).newValue
        let spent = time.components.seconds * 1_000_000_000 + time.components.attoseconds / 1_000_000_000
        let totalTime = nanoseconds.add(Int(spent), ordering: .relaxed).newValue
        if cancelled.load(ordering: .relaxed) {
            throw FormulaError(.budgetExceeded, "The request was cancelled", position: nil)
        }
        if totalSteps > limits.stepsPerRequest {
            throw FormulaError(.budgetExceeded, "The formula needs more than \(limits.stepsPerRequest) steps for this request", position: nil)
        }
        if Duration.nanoseconds(totalTime) >= limits.evaluationTime {
            throw FormulaError(.budgetExceeded, "Evaluating the formula took longer than \(limits.evaluationTime) for this request", position: nil)
        }
    }
}

/// The running cost of one evaluation, charged to a `FormulaBudget` every few thousand steps
/// and when the evaluation ends. One meter per evaluation, used by one thread.
final class FormulaMeter {
    private let budget: FormulaBudget
    private var steps = 0
    private var uncharged = 0
    private var textBytes = 0
    private var lastCharge: ContinuousClock.Instant
    /// Steps between charges: reading the clock costs about as much as a few nodes.
    private static let stepsPerCharge = 4096

    init(budget: FormulaBudget) throws(FormulaError) {
        self.budget = budget
        lastCharge = .now
        try budget.charge(steps: 0, time: .zero)
    }

    func step() throws(FormulaError) {
        steps += 1
        uncharged += 1
        guard steps <= budget.limits.stepsPerEvaluation else {
            throw FormulaError(.budgetExceeded, "The formula needs more than \(budget.limits.stepsPerEvaluation) steps for one record", position: nil)
        }
        if uncharged == Self.stepsPerCharge { try charge() }
    }

    /// Charges what this evaluation did since the last charge; the evaluator calls it when done.
    func charge() throws(FormulaError) {
        let now = ContinuousClock.now
        let work = (uncharged, now - lastCharge)
        (uncharged, lastCharge) = (0, now)
        try budget.charge(steps: work.0, time: work.1)
    }

    /// Charges text about to be built, before it is built; `count` may be an overflowing product.
    func reserveText(_ count: (partialValue: Int, overflow: Bool), at position: Int) throws(FormulaError) {
        let total = textBytes.addingReportingOverflow(count.partialValue)
        guard !count.overflow, count.partialValue >= 0, !total.overflow, total.partialValue <= budget.limits.textBytesPerEvaluation else {
            throw FormulaError(
                .budgetExceeded,
                "The formula builds more than \(budget.limits.textBytesPerEvaluation / 1_048_576) MB of text for one record", position: position)
        }
        textBytes = total.partialValue
    }

    /// Bytes of text this evaluation may still build.
    var textRoom: Int { max(0, budget.limits.textBytesPerEvaluation - textBytes) }

    func reserveText(_ count: Int, at position: Int) throws(FormulaError) {
        try reserveText((count, false), at: position)
    }
}
