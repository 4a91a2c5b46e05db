import Synchronization

/// What evaluating formulas may cost one request: text built and nodes visited per evaluation,
/// and wall time for all of the request's evaluations together. Going over fails the whole
/// request (422) instead of one record (`#ERROR!`), so a hostile formula costs its sender a
/// quick refusal and every other request nothing.
public final class FormulaBudget: Sendable {
    public struct Limits: Sendable {
        /// Bytes of text one evaluation may build, every function and operator together.
        public var textBytesPerEvaluation = 4 << 20
        /// Formula nodes one evaluation may visit.
        public var stepsPerEvaluation = 1_000_000
        /// Wall time for all the evaluations of one request (a listing, a search).
        public var timeLimit: Duration = .seconds(10)

        public init() {}

        public static let standard = Limits()
    }

    public let limits: Limits
    private let deadline: ContinuousClock.Instant
    private let cancelled = Atomic<Bool>(false)

    public init(limits: Limits = .standard, start: ContinuousClock.Instant = .now) {
        self.limits = limits
        deadline = start.advanced(by: limits.timeLimit)
    }

    /// Stops every evaluation charged to this budget at its next check (the request went away).
    public func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    /// Throws once the request is past its deadline or cancelled.
    func checkTime() throws(FormulaError) {
        if cancelled.load(ordering: .relaxed) {
            throw FormulaError(.budgetExceeded, "The request was cancelled", position: nil)
        }
        if ContinuousClock.now > deadline {
            throw FormulaError(.budgetExceeded, "Evaluating the formula took longer than \(limits.timeLimit) for this request", position: nil)
        }
    }
}

/// The running cost of one evaluation, charged against a `FormulaBudget`. One meter per
/// evaluation, used by one thread.
final class FormulaMeter {
    private let budget: FormulaBudget
    private var steps = 0
    private var textBytes = 0
    /// Steps between clock reads: reading the clock costs about as much as a few nodes.
    private static let stepsPerTimeCheck = 4096

    init(budget: FormulaBudget) throws(FormulaError) {
        self.budget = budget
        try budget.checkTime()
    }

    func step() throws(FormulaError) {
        steps += 1
        guard steps <= budget.limits.stepsPerEvaluation else {
            throw FormulaError(.budgetExceeded, "The formula needs more than \(budget.limits.stepsPerEvaluation) steps for one record", position: nil)
        }
        if steps % Self.stepsPerTimeCheck == 0 { try budget.checkTime() }
    }

    /// Charges text about to be built, before it is built; `count` may be an overflowing product.
    func reserveText(_ count: (partialValue: Int, overflow: Bool), at position: Int) throws(FormulaError) {
        let total = textBytes.addingReportingOverflow(count.partialValue)
        guard !count.overflow, count.partialValue >= 0, !total.overflow, total.partialValue <= budget.limits.textBytesPerEvaluation else {
            throw FormulaError(.budgetExceeded,
                "The formula builds more than \(budget.limits.textBytesPerEvaluation / 1_048_576) MB of text for one record", position: position)
        }
        textBytes = total.partialValue
    }

    func reserveText(_ count: Int, at position: Int) throws(FormulaError) {
        try reserveText((count, false), at: position)
    }
}
