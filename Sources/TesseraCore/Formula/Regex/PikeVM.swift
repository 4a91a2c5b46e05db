/// Runs a `RegexProgram` over text in one left-to-right pass, keeping at most one thread per instruction at
/// each position: Thompson's simulation with Pike's submatch tracking, as RE2's NFA engine does it.
///
/// Threads are kept in priority order, so the match reported is the one a backtracking engine would find
/// first (leftmost-first, Perl-like), yet no input makes it backtrack: a search visits at most
/// 2 × instructions × (scalars + 1) instructions, which `steps` counts.
///
/// Linear can still be long (a 100,000-instruction program over a long text), so every
/// `checkpointInterval` steps a search asks its caller whether to go on.
struct PikeVM {
    /// Steps between two calls of a search's `shouldContinue`: a few milliseconds of work.
    static let checkpointInterval = 1 << 16

    /// Threads in priority order; thread i's capture slots are `slots[i * slotCount ..< (i + 1) * slotCount]`,
    /// kept in one array so that adding a thread copies slots without allocating.
    private struct ThreadList {
        var pcs: [Int] = []
        var slots: [String.Index?] = []

        mutating func removeAll() {
            pcs.removeAll(keepingCapacity: true)
            slots.removeAll(keepingCapacity: true)
        }
    }

    /// Work for `add`: follow an instruction, or put back a capture slot once the paths through it are done.
    private enum Job {
        case explore(Int)
        case restore(slot: Int, String.Index?)
    }

    let program: RegexProgram
    /// Instructions visited so far, over every search this VM ran.
    private(set) var steps = 0
    private var nextCheckpoint = PikeVM.checkpointInterval
    /// Per instruction, the generation of the thread list that last took it, so each list takes it once.
    private var visited: [Int]
    private var generation = 0
    private var jobs: [Job] = []
    /// The capture slots of the path `add` is following.
    private var pathSlots: [String.Index?] = []
    /// The case variants of the scalar being consumed, computed once per position when `(?i)` needs them.
    private var caseVariants: [Unicode.Scalar]?

    init(program: RegexProgram) {
        self.program = program
        self.visited = Array(repeating: 0, count: program.instructions.count)
    }

    /// The leftmost-first match starting at or after `start`, with the slots of its first `groups` groups
    /// (1 for the whole match only). Text before `start` still counts for `^`, `\b` and the like.
    /// Throws `.stopped` when `shouldContinue` answers false at a checkpoint.
    mutating func firstMatch(
        in text: String.UnicodeScalarView, from start: String.Index, groups: Int,
        shouldContinue: () -> Bool = { true }
    ) throws(RegexError) -> RegexMatch? {
        try run(
            text, from: start, slotCount: 2 * max(1, groups), stopAtAnyMatch: false,
            shouldContinue: shouldContinue
        ).map(RegexMatch.init)
    }

    /// Whether any match starts at or after `start`; stops at the first thread to reach a match.
    mutating func hasMatch(
        in text: String.UnicodeScalarView, from start: String.Index,
        shouldContinue: () -> Bool = { true }
    ) throws(RegexError) -> Bool {
        try run(text, from: start, slotCount: 0, stopAtAnyMatch: true, shouldContinue: shouldContinue) != nil
    }

    private mutating func run(
        _ text: String.UnicodeScalarView, from start: String.Index, slotCount: Int,
        stopAtAnyMatch: Bool, shouldContinue: () -> Bool
    ) throws(RegexError) -> [String.Index?]? {
        var current = ThreadList()
        var next = ThreadList()
        var matched: [String.Index?]?
        var position = start
        var previous = position > text.startIndex ? text[text.index(before: position)] : nil
        var scalar = position < text.endIndex ? text[position] : nil
        generation += 1
        while true {
            if steps >= nextCheckpoint {
                guard shouldContinue() else { throw RegexError.stopped() }
                nextCheckpoint = steps + Self.checkpointInterval
            }
            // A new thread at each position until a match is found, with the lowest priority of all.
            if matched == nil, !program.isAnchoredAtStart || position == text.startIndex {
                pathSlots = Array(repeating: nil, count: slotCount)
                add(0, to: &current, at: position, after: previous, before: scalar)
            }
            if current.pcs.isEmpty, matched != nil || program.isAnchoredAtStart { break }
            generation += 1
            caseVariants = nil
            let following = scalar == nil ? position : text.index(after: position)
            let followingScalar = scalar != nil && following < text.endIndex ? text[following] : nil
            for (index, pc) in current.pcs.enumerated() {
                steps += 1
                let threadSlots = current.slots[(index * slotCount)..<((index + 1) * slotCount)]
                if case .match = program.instructions[pc] {
                    if stopAtAnyMatch { return Array(threadSlots) }
                    // Threads after this one have lower priority: drop them.
                    matched = Array(threadSlots)
                    break
                }
                guard let scalar, consumes(program.instructions[pc], scalar) else { continue }
                pathSlots.replaceSubrange(0..<slotCount, with: threadSlots)
                add(pc + 1, to: &next, at: following, after: scalar, before: followingScalar)
            }
            swap(&current, &next)
            next.removeAll()
            guard let consumed = scalar else { break }
            previous = consumed
            position = following
            scalar = followingScalar
        }
        return matched
    }

    /// Adds the thread at `pc`, carrying `pathSlots`, and every thread reachable from it without consuming
    /// input, in priority order. An explicit job stack instead of recursion keeps long chains of splits safe.
    private mutating func add(
        _ pc: Int, to list: inout ThreadList, at position: String.Index,
        after previous: Unicode.Scalar?, before next: Unicode.Scalar?
    ) {
        jobs.append(.explore(pc))
        while let job = jobs.popLast() {
            switch job {
            case .restore(let slot, let value):
                pathSlots[slot] = value
            case .explore(let pc):
                guard visited[pc] != generation else { continue }
                visited[pc] = generation
                steps += 1
                switch program.instructions[pc] {
                case .jump(let target):
                    jobs.append(.explore(target))
                case .split(let preferred, let alternative):
                    jobs.append(.explore(alternative))
                    jobs.append(.explore(preferred))
                case .save(let slot):
                    if slot < pathSlots.count {
                        jobs.append(.restore(slot: slot, pathSlots[slot]))
                        pathSlots[slot] = position
                    }
                    jobs.append(.explore(pc + 1))
                case .assertion(let assertion):
                    if assertion.holds(after: previous, before: next) { jobs.append(.explore(pc + 1)) }
                case .scalar, .characterClass, .anyScalar, .anyScalarExceptNewline, .match:
                    list.pcs.append(pc)
                    list.slots.append(contentsOf: pathSlots)
                }
            }
        }
    }

    private mutating func consumes(_ instruction: RegexInstruction, _ scalar: Unicode.Scalar) -> Bool {
        switch instruction {
        case .scalar(let expected):
            return scalar == expected
        case .characterClass(let index):
            let characterClass = program.characterClasses[index]
            guard characterClass.foldsCase else { return characterClass.matches(scalar) }
            let variants = caseVariants ?? RegexCaseFolding.variants(of: scalar)
            caseVariants = variants
            return characterClass.matches(anyOf: variants)
        case .anyScalar:
            return true
        case .anyScalarExceptNewline:
            return scalar != "\n"
        case .split, .jump, .save, .assertion, .match:
            return false
        }
    }
}
