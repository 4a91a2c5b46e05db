import Foundation
import TesseraTesting
import Testing

@testable import TesseraCore

/// What one request's formulas may cost: text built and steps per evaluation, wall time per
/// request. Over budget is a 422 for the request, decided before the expensive text is built.
@Suite("Formula budgets")
struct FormulaBudgetTests {
    private func budgetError(_ source: String, limits: FormulaBudget.Limits = .standard) -> FormulaError? {
        #expect(throws: FormulaError.self) {
            try Formula(source).evaluate(in: FormulaTestContext.standard, budget: FormulaBudget(limits: limits))
        }
    }

    @Test(
        "text that would grow past the budget is refused before it is built",
        arguments: [
            "SUBSTITUTE(REPT('x',1000000),'x',REPT('y',1000000))",
            "REPT('abc', 100000000000000)",
            "REPT(REPT('x', 1000000), 10)",
            "REPT('x',1000000) & REPT('x',1000000) & REPT('x',1000000) & REPT('x',1000000) & REPT('x',1000000)",
            "CONCATENATE(REPT('x',2000000), REPT('x',2000000), REPT('x',2000000))",
            "ENCODE_URL_COMPONENT(REPT('é', 1000000))",
            "UPPER(REPT('ß', 1500000))",
            "LEN(REPLACE(REPT('x', 3000000), 1, 0, REPT('y', 3000000)))",
        ])
    func textBudget(_ source: String) {
        let error = budgetError(source)
        #expect(error?.kind == .budgetExceeded)
        #expect(error?.message.contains("MB of text") == true)
    }

    @Test("a substitution that grows the text stops looking for matches once the budget is spent")
    func substitutionStopsEarly() {
        // Each of the million matches would be a step: finding them all first would end on the
        // step limit, not on the text budget a few matches in.
        var limits = FormulaBudget.Limits()
        limits.stepsPerEvaluation = 100
        let error = budgetError("SUBSTITUTE(REPT('x',1000000),'x',REPT('y',1000000))", limits: limits)
        #expect(error?.message.contains("MB of text") == true)
        // One that does not grow the text finds every match, each one a step.
        let shrinking = budgetError("LEN(SUBSTITUTE(REPT('x',1000), 'x', ''))", limits: limits)
        #expect(shrinking?.message.contains("steps") == true)
    }

    @Test("ordinary text functions stay within the budget")
    func ordinaryTextIsFine() throws {
        let budget = FormulaBudget()
        #expect(try Formula("LEN(SUBSTITUTE(REPT('ab', 1000), 'a', 'xyz'))").evaluate(in: FormulaTestContext.standard, budget: budget) == .number(4000))
        #expect(try Formula("SUBSTITUTE('a-b-c', '-', '+', 2)").evaluate(in: FormulaTestContext.standard, budget: budget) == .text("a-b+c"))
        #expect(try Formula("SUBSTITUTE('naïve café', 'é', 'e')").evaluate(in: FormulaTestContext.standard, budget: budget) == .text("naïve cafe"))
    }

    @Test("steps per evaluation are bounded")
    func stepBudget() {
        var limits = FormulaBudget.Limits()
        limits.stepsPerEvaluation = 50
        let sum = (0..<100).map(String.init).joined(separator: " + ")
        let error = budgetError(sum, limits: limits)
        #expect(error?.kind == .budgetExceeded)
        #expect(error?.message.contains("steps") == true)
    }

    @Test("steps add up over a request: the evaluation that crosses the request's limit stops it")
    func requestStepBudget() throws {
        var limits = FormulaBudget.Limits()
        limits.stepsPerRequest = 30
        let budget = FormulaBudget(limits: limits)
        let formula = try Formula("1 + 2 + 3 + 4") // 7 steps
        for _ in 0..<4 { _ = try formula.evaluate(in: FormulaTestContext.standard, budget: budget) }
        let error = #expect(throws: FormulaError.self) { try formula.evaluate(in: FormulaTestContext.standard, budget: budget) }
        #expect(error?.kind == .budgetExceeded)
        #expect(error?.message.contains("for this request") == true)
    }

    @Test("time spent evaluating adds up over a request; a cancelled request stops at the next evaluation")
    func evaluationTimeAndCancellation() throws {
        var limits = FormulaBudget.Limits()
        limits.evaluationTime = .zero
        // A zero allowance is spent before the first evaluation starts.
        let error = #expect(throws: FormulaError.self) { try Formula("1 + 1").evaluate(in: FormulaTestContext.standard, budget: FormulaBudget(limits: limits)) }
        #expect(error?.message.contains("took longer") == true)

        let cancelled = FormulaBudget()
        #expect(try Formula("1 + 1").evaluate(in: FormulaTestContext.standard, budget: cancelled) == .number(2))
        cancelled.cancel()
        let stopped = #expect(throws: FormulaError.self) { try Formula("1 + 1").evaluate(in: FormulaTestContext.standard, budget: cancelled) }
        #expect(stopped?.kind == .budgetExceeded)
    }

    @Test("a filter over budget fails the listing with 422 INVALID_FILTER_BY_FORMULA, not each record with #ERROR!")
    func filterOverBudgetIs422() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, _) = try await world.makeTasksBase()
        _ = try await world.services.records.create([["Name": "a"]], typecast: false, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        var query = ListRecordsQuery()
        query.filterByFormula = "SUBSTITUTE(REPT('x',1000000),'x',REPT('y',1000000))"
        let error = await #expect(throws: TesseraError.self) {
            _ = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        }
        #expect(error?.code == .invalidFilter)
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message.contains("too expensive") == true)
    }

    @Test("a run-time error in a filter still only drops that record")
    func evaluationErrorsStayPerRecord() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let (base, _) = try await world.makeTasksBase()
        _ = try await world.services.records.create(
            [["Name": "a", "Points": 0], ["Name": "b", "Points": 2]], typecast: false,
            in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        var query = ListRecordsQuery()
        query.filterByFormula = "1 / {Points} > 0"
        let page = try await world.services.records.list(query, in: TableRef(baseID: base.id, table: "Tasks", by: world.ownerPrincipal))
        #expect(page.records.count == 1)
    }
}
