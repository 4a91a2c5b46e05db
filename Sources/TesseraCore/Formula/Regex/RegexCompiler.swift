/// Compiles a `RegexNode` into a `RegexProgram` by Thompson's construction: one instruction per literal or
/// class, splits for alternation and repetition, counted repetitions expanded into copies.
struct RegexCompiler {
    /// Close to RE2's default bound (about 100k instructions for its 8 MB `max_mem`). The size is computed
    /// before anything is emitted, so an oversized pattern is refused without allocating its program.
    static let maximumInstructionCount = 100_000

    private var instructions: [RegexInstruction] = []
    private var characterClasses: [RegexCharacterClass] = []
    private var groupCount = 1

    static func compile(_ root: RegexNode) throws(RegexError) -> RegexProgram {
        let instructionCount = size(of: root) + 3
        guard instructionCount <= maximumInstructionCount else { throw RegexError.patternTooLarge() }
        var compiler = RegexCompiler()
        compiler.instructions.reserveCapacity(instructionCount)
        compiler.emit(.save(slot: 0))
        compiler.compile(root)
        compiler.emit(.save(slot: 1))
        compiler.emit(.match)
        return RegexProgram(
            instructions: compiler.instructions, characterClasses: compiler.characterClasses,
            groupCount: compiler.groupCount, isAnchoredAtStart: startsWithBeginText(root))
    }

    // MARK: Emitting

    private mutating func compile(_ node: RegexNode) {
        switch node {
        case .empty:
            return
        case .literal(let scalar, let foldsCase):
            let variants = RegexCaseFolding.variants(of: scalar)
            if foldsCase, variants.count > 1 {
                emit(RegexCharacterClass(variants.map { $0.value...$0.value }).foldingCase())
            } else {
                emit(.scalar(scalar))
            }
        case .characterClass(let characterClass):
            emit(characterClass)
        case .anyScalar(let matchesNewline):
            emit(matchesNewline ? .anyScalar : .anyScalarExceptNewline)
        case .assertion(let assertion):
            emit(.assertion(assertion))
        case .capture(let index, let body):
            groupCount = max(groupCount, index + 1)
            emit(.save(slot: 2 * index))
            compile(body)
            emit(.save(slot: 2 * index + 1))
        case .concatenation(let nodes):
            for node in nodes { compile(node) }
        case .alternation(let alternatives):
            compileAlternation(alternatives)
        case .repetition(let body, let minimum, let maximum, let greedy):
            compileRepetition(body, minimum: minimum, maximum: maximum, greedy: greedy)
        }
    }

    private mutating func compileAlternation(_ alternatives: [RegexNode]) {
        var jumpsToEnd: [Int] = []
        for (offset, alternative) in alternatives.enumerated() {
            guard offset < alternatives.count - 1 else {
                compile(alternative)
                break
            }
            let split = reserve()
            compile(alternative)
            jumpsToEnd.append(reserve())
            instructions[split] = .split(preferred: split + 1, alternative: instructions.count)
        }
        for jump in jumpsToEnd { instructions[jump] = .jump(instructions.count) }
    }

    private mutating func compileRepetition(_ body: RegexNode, minimum: Int, maximum: Int?, greedy: Bool) {
        guard let maximum else {
            if minimum == 0, Self.canMatchEmpty(body) {
                // x* as (x+)? when x can match empty, as RE2 does: with the loop below, an iteration that
                // matched empty would die at the visited split, losing its priority and its captures.
                let skip = reserve()
                let start = instructions.count
                compile(body)
                emit(split(into: start, past: instructions.count + 1, greedy: greedy))
                instructions[skip] = split(into: start, past: instructions.count, greedy: greedy)
            } else if minimum == 0 {
                // x*: split into the body or past it; the body jumps back to the split.
                let loop = reserve()
                compile(body)
                emit(.jump(loop))
                instructions[loop] = split(into: loop + 1, past: instructions.count, greedy: greedy)
            } else {
                // x{n,}: n-1 copies, then x+ (the body, then a split back into it).
                for _ in 1..<minimum { compile(body) }
                let start = instructions.count
                compile(body)
                emit(split(into: start, past: instructions.count + 1, greedy: greedy))
            }
            return
        }
        for _ in 0..<minimum { compile(body) }
        // x{n,m}: the m-n optional copies nest (x(x(x)?)?)?, so each split skips to the common end.
        var splits: [Int] = []
        for _ in minimum..<maximum {
            splits.append(reserve())
            compile(body)
        }
        let end = instructions.count
        for split in splits { instructions[split] = self.split(into: split + 1, past: end, greedy: greedy) }
    }

    private func split(into body: Int, past end: Int, greedy: Bool) -> RegexInstruction {
        greedy ? .split(preferred: body, alternative: end) : .split(preferred: end, alternative: body)
    }

    private mutating func emit(_ instruction: RegexInstruction) {
        instructions.append(instruction)
    }

    private mutating func emit(_ characterClass: RegexCharacterClass) {
        emit(.characterClass(index: characterClasses.count))
        characterClasses.append(characterClass)
    }

    /// A slot for a split or jump whose target is known only later; the caller always fills it.
    private mutating func reserve() -> Int {
        instructions.append(.jump(instructions.count))
        return instructions.count - 1
    }

    // MARK: Analysis

    /// How many instructions `compile` emits for `node`, capped just past the maximum so the sums and
    /// products of large repetitions cannot overflow.
    private static func size(of node: RegexNode) -> Int {
        let cap = maximumInstructionCount + 1
        switch node {
        case .empty:
            return 0
        case .literal, .characterClass, .anyScalar, .assertion:
            return 1
        case .capture(_, let body):
            return min(cap, size(of: body) + 2)
        case .concatenation(let nodes):
            return nodes.reduce(0) { min(cap, $0 + size(of: $1)) }
        case .alternation(let nodes):
            return nodes.reduce(2 * (nodes.count - 1)) { min(cap, $0 + size(of: $1)) }
        case .repetition(let body, let minimum, let maximum, _):
            let bodySize = size(of: body)
            guard let maximum else {
                return min(cap, minimum == 0 ? bodySize + 2 : minimum * bodySize + 1)
            }
            return min(cap, minimum * bodySize + (maximum - minimum) * (bodySize + 1))
        }
    }

    /// Whether `node` can match the empty string.
    private static func canMatchEmpty(_ node: RegexNode) -> Bool {
        switch node {
        case .empty, .assertion:
            return true
        case .literal, .characterClass, .anyScalar:
            return false
        case .capture(_, let body):
            return canMatchEmpty(body)
        case .concatenation(let nodes):
            return nodes.allSatisfy(canMatchEmpty)
        case .alternation(let nodes):
            return nodes.contains(where: canMatchEmpty)
        case .repetition(let body, let minimum, _, _):
            return minimum == 0 || canMatchEmpty(body)
        }
    }

    /// Whether every match of `node` must begin at the start of the text.
    private static func startsWithBeginText(_ node: RegexNode) -> Bool {
        switch node {
        case .assertion(.beginText):
            return true
        case .capture(_, let body):
            return startsWithBeginText(body)
        case .concatenation(let nodes):
            return nodes.first.map(startsWithBeginText) ?? false
        case .alternation(let nodes):
            return nodes.allSatisfy(startsWithBeginText)
        case .empty, .literal, .characterClass, .anyScalar, .assertion, .repetition:
            return false
        }
    }
}
