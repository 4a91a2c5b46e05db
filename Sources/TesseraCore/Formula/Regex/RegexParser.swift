/// Parses RE2 syntax into a `RegexNode`, refusing what RE2 refuses.
///
/// Open groups live on an explicit stack rather than in recursion, so a deeply nested pattern from a tenant
/// is refused with an error instead of exhausting the thread's stack.
struct RegexParser {
    /// RE2's limit on `{n,m}` counts, and on the product of nested counts.
    static let maximumRepetitionCount = 1000
    /// Below RE2's 1000: the compiler walks the tree recursively, and this keeps that walk shallow.
    static let maximumNestingDepth = 250

    private struct OpenGroup {
        enum Kind {
            case root
            case capture(index: Int)
            case nonCapturing
        }

        let kind: Kind
        /// The flags in force outside the group, restored when it closes.
        let outerFlags: RegexFlags
        var alternatives: [RegexNode] = []
        var items: [RegexNode] = []

        /// The group's contents: its alternatives, the last one being the items read so far.
        var body: RegexNode {
            alternatives.isEmpty ? concatenation : .alternation(alternatives + [concatenation])
        }

        private var concatenation: RegexNode {
            switch items.count {
            case 0: .empty
            case 1: items[0]
            default: .concatenation(items)
            }
        }

        /// At `|`: the items read so far become one alternative.
        mutating func endAlternative() {
            alternatives.append(concatenation)
            items = []
        }
    }

    private let pattern: [Unicode.Scalar]
    private var position = 0
    private var flags: RegexFlags = []
    private var groups = [OpenGroup(kind: .root, outerFlags: [])]
    private var captureCount = 0
    private var groupNames: Set<String> = []
    /// Where the previous token began when it was a repetition operator: RE2 refuses `a**`, `a*+`, `a{2}{3}`.
    private var previousRepetitionStart: Int?

    private init(_ pattern: String) {
        self.pattern = Array(pattern.unicodeScalars)
    }

    static func parse(_ pattern: String) throws(RegexError) -> RegexNode {
        var parser = RegexParser(pattern)
        let root = try parser.parseGroups()
        guard Self.repetitionBudget(of: root, budget: maximumRepetitionCount) > 0 else {
            throw RegexError.nestedRepetitionSize()
        }
        return root
    }

    // MARK: Tokens

    private mutating func parseGroups() throws(RegexError) -> RegexNode {
        while let scalar = peek() {
            let tokenStart = position
            var isRepetition = false
            switch scalar {
            case "(":
                try openGroup()
            case ")":
                try closeGroup()
            case "|":
                position += 1
                groups[groups.count - 1].endAlternative()
            case "*", "+", "?":
                position += 1
                let bounds: (Int, Int?) = scalar == "*" ? (0, nil) : scalar == "+" ? (1, nil) : (0, 1)
                try repeatLastItem(minimum: bounds.0, maximum: bounds.1, operatorStart: tokenStart)
                isRepetition = true
            case "{":
                if let counts = try repetitionCounts() {
                    try repeatLastItem(minimum: counts.minimum, maximum: counts.maximum, operatorStart: tokenStart)
                    isRepetition = true
                } else {
                    position += 1
                    append(literal(scalar.value))
                }
            case "[":
                append(.characterClass(try bracketExpression()))
            case ".":
                position += 1
                append(.anyScalar(matchesNewline: flags.contains(.dotMatchesNewline)))
            case "^":
                position += 1
                append(.assertion(flags.contains(.multiLine) ? .beginLine : .beginText))
            case "$":
                position += 1
                append(.assertion(flags.contains(.multiLine) ? .endLine : .endText))
            case "\\":
                try escape()
            default:
                position += 1
                append(literal(scalar.value))
            }
            previousRepetitionStart = isRepetition ? tokenStart : nil
        }
        guard groups.count == 1, let root = groups.last else { throw RegexError.missingParenthesis() }
        return root.body
    }

    private mutating func append(_ node: RegexNode) {
        groups[groups.count - 1].items.append(node)
    }

    private func literal(_ codePoint: UInt32) -> RegexNode {
        // A surrogate code point (\x{D800}) is valid syntax but never matches a scalar.
        guard let scalar = Unicode.Scalar(codePoint) else {
            return .characterClass(RegexCharacterClass([codePoint...codePoint]))
        }
        return .literal(scalar, foldsCase: flags.contains(.caseInsensitive))
    }

    // MARK: Groups

    private mutating func openGroup() throws(RegexError) {
        let start = position
        position += 1
        guard groups.count <= Self.maximumNestingDepth else { throw RegexError.nestingTooDeep() }
        guard peek() == "?" else {
            captureCount += 1
            groups.append(OpenGroup(kind: .capture(index: captureCount), outerFlags: flags))
            return
        }
        position += 1
        switch (peek(), peek(1)) {
        case ("P", "<"?):
            position += 2
            try openNamedGroup(start: start)
        case ("P", _):
            throw RegexError.invalidGroupName(fragment(from: start, to: min(position + 2, pattern.count)))
        case ("<", "="?), ("<", "!"?):
            throw RegexError.lookaround(fragment(from: start, to: position + 2))
        case ("<", _):
            position += 1
            try openNamedGroup(start: start)
        case ("=", _), ("!", _):
            throw RegexError.lookaround(fragment(from: start, to: position + 1))
        default:
            try flagGroup(start: start)
        }
    }

    /// `(?P<name>` or `(?<name>`, read up to its `>`.
    private mutating func openNamedGroup(start: Int) throws(RegexError) {
        guard let end = pattern[position...].firstIndex(of: ">") else {
            throw RegexError.invalidGroupName(fragment(from: start, to: pattern.count))
        }
        let name = fragment(from: position, to: end)
        position = end + 1
        let isWord = { (scalar: Unicode.Scalar) in RegexCharacterClass.word.contains(scalar) }
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(isWord) else {
            throw RegexError.invalidGroupName(fragment(from: start, to: position))
        }
        guard groupNames.insert(name).inserted else { throw RegexError.duplicateGroupName(name) }
        captureCount += 1
        groups.append(OpenGroup(kind: .capture(index: captureCount), outerFlags: flags))
    }

    /// `(?flags)` sets flags for the rest of the enclosing group; `(?flags:re)` only inside its own.
    private mutating func flagGroup(start: Int) throws(RegexError) {
        var newFlags = flags
        var negating = false
        var sawFlagSinceMinus = false
        while let scalar = next() {
            switch scalar {
            case "-":
                guard !negating else { throw RegexError.invalidGroup(fragment(from: start, to: position)) }
                negating = true
                sawFlagSinceMinus = false
            case ":", ")":
                // `(?)`, `(?-)` and `(?i-)` are refused; `(?:` is a plain non-capturing group.
                let isEmpty = scalar == ")" && position == start + 3
                guard !isEmpty, !(negating && !sawFlagSinceMinus) else {
                    throw RegexError.invalidGroup(fragment(from: start, to: position))
                }
                if scalar == ":" {
                    groups.append(OpenGroup(kind: .nonCapturing, outerFlags: flags))
                }
                flags = newFlags
                return
            default:
                guard let flag = RegexFlags(letter: scalar) else {
                    throw RegexError.invalidGroup(fragment(from: start, to: position))
                }
                if negating { newFlags.remove(flag) } else { newFlags.insert(flag) }
                sawFlagSinceMinus = true
            }
        }
        throw RegexError.missingParenthesis()
    }

    private mutating func closeGroup() throws(RegexError) {
        position += 1
        guard groups.count > 1, let group = groups.popLast() else { throw RegexError.unexpectedParenthesis() }
        flags = group.outerFlags
        switch group.kind {
        case .capture(let index): append(.capture(index: index, group.body))
        case .nonCapturing, .root: append(group.body)
        }
    }

    // MARK: Repetition

    private mutating func repeatLastItem(minimum: Int, maximum: Int?, operatorStart: Int) throws(RegexError) {
        let lazy = peek() == "?"
        if lazy { position += 1 }
        if let previousRepetitionStart {
            let fragment = fragment(from: previousRepetitionStart, to: position)
            throw pattern[operatorStart] == "+"
                ? RegexError.possessiveQuantifier(fragment)
                : RegexError.badRepetitionOperator(fragment)
        }
        guard let operand = groups[groups.count - 1].items.popLast() else {
            throw RegexError.missingRepetitionArgument(fragment(from: operatorStart, to: position))
        }
        let greedy = lazy == flags.contains(.ungreedy)
        append(.repetition(operand, minimum: minimum, maximum: maximum, greedy: greedy))
    }

    /// Reads `{n}`, `{n,}` or `{n,m}`; nil (and nothing consumed) when the brace starts no such form, in which
    /// case RE2 takes `{` literally.
    private mutating func repetitionCounts() throws(RegexError) -> (minimum: Int, maximum: Int?)? {
        let start = position
        var cursor = position + 1
        guard let minimum = number(at: &cursor) else { return nil }
        var maximum: Int? = minimum
        if cursor < pattern.count, pattern[cursor] == "," {
            cursor += 1
            maximum = number(at: &cursor)
        }
        guard cursor < pattern.count, pattern[cursor] == "}" else { return nil }
        position = cursor + 1
        let limit = Self.maximumRepetitionCount
        guard minimum <= limit, (maximum ?? minimum) <= limit, minimum <= (maximum ?? minimum) else {
            throw RegexError.repetitionSize(fragment(from: start, to: position))
        }
        return (minimum, maximum)
    }

    /// A decimal number, capped just past the repetition limit so that long digit runs cannot overflow.
    private func number(at cursor: inout Int) -> Int? {
        var value: Int?
        while cursor < pattern.count, let digit = Self.digitValue(pattern[cursor], radix: 10) {
            value = min((value ?? 0) * 10 + digit, Self.maximumRepetitionCount + 1)
            cursor += 1
        }
        return value
    }

    /// What is left of `budget` after dividing it by the counts of nested repetitions (RE2's
    /// RepetitionWalker): 0 means `((a{100}){100}){100}`-like nesting, refused as too large.
    private static func repetitionBudget(of node: RegexNode, budget: Int) -> Int {
        switch node {
        case .empty, .literal, .characterClass, .anyScalar, .assertion:
            return budget
        case .capture(_, let body):
            return repetitionBudget(of: body, budget: budget)
        case .concatenation(let nodes), .alternation(let nodes):
            return nodes.reduce(budget) { min($0, repetitionBudget(of: $1, budget: budget)) }
        case .repetition(let body, let minimum, let maximum, _):
            let count = maximum ?? minimum
            return repetitionBudget(of: body, budget: count > 0 ? budget / count : budget)
        }
    }

    // MARK: Escapes

    private mutating func escape() throws(RegexError) {
        let start = position
        position += 1
        guard let scalar = next() else { throw RegexError.trailingBackslash() }
        switch scalar {
        case "A": append(.assertion(.beginText))
        case "z": append(.assertion(.endText))
        case "b": append(.assertion(.wordBoundary))
        case "B": append(.assertion(.notWordBoundary))
        case "Q":
            // \Q…\E: everything up to \E (or the end) is literal.
            while let literalScalar = next() {
                if literalScalar == "\\", peek() == "E" {
                    position += 1
                    break
                }
                append(literal(literalScalar.value))
            }
        case "p", "P":
            append(.characterClass(try unicodeClass(negated: scalar == "P", start: start)))
        default:
            if let perlClass = RegexCharacterClass.perl(scalar) {
                append(.characterClass(perlClass))
            } else {
                append(literal(try singleCharacterEscape(scalar, start: start)))
            }
        }
    }

    /// The code point of an escape that stands for one character (after the backslash and `scalar`).
    private mutating func singleCharacterEscape(_ scalar: Unicode.Scalar, start: Int) throws(RegexError) -> UInt32 {
        // Octal: \0, \012, \123 (up to three digits); a lone \1 to \9 is a backreference.
        let startsOctal = scalar == "0" || (("1"..."7").contains(scalar) && peekOctalDigit() != nil)
        if startsOctal {
            var value = scalar.value - 0x30
            var digits = 1
            while digits < 3, let digit = peekOctalDigit() {
                value = value * 8 + digit
                position += 1
                digits += 1
            }
            return value
        }
        switch scalar {
        case "1"..."9":
            throw RegexError.backreference(fragment(from: start, to: position))
        case "x":
            return try hexEscape(start: start)
        case "a": return 0x07
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        default:
            // Escaped ASCII punctuation stands for itself; RE2 refuses escapes of letters it does not know.
            guard scalar.isASCII, !Self.isASCIIAlphanumeric(scalar) else {
                throw RegexError.invalidEscape(fragment(from: start, to: position))
            }
            return scalar.value
        }
    }

    /// `\xHH` or `\x{H…}` up to U+10FFFF.
    private mutating func hexEscape(start: Int) throws(RegexError) -> UInt32 {
        var value: UInt32 = 0
        if peek() == "{" {
            position += 1
            var digits = 0
            while let scalar = next() {
                guard scalar != "}" else {
                    guard digits > 0 else { break }
                    return value
                }
                // Checked before each step, so the value stays far from overflow.
                guard let digit = Self.digitValue(scalar, radix: 16),
                    value * 16 + UInt32(digit) <= RegexCharacterClass.maximumCodePoint
                else { break }
                value = value * 16 + UInt32(digit)
                digits += 1
            }
            throw RegexError.invalidEscape(fragment(from: start, to: position))
        }
        for _ in 0..<2 {
            guard let digit = next().flatMap({ Self.digitValue($0, radix: 16) }) else {
                throw RegexError.invalidEscape(fragment(from: start, to: position))
            }
            value = value * 16 + UInt32(digit)
        }
        return value
    }

    /// `\pL`, `\p{Lu}`, `\p{^Lu}`, `\PL` (the `\p` or `\P` already read).
    private mutating func unicodeClass(negated: Bool, start: Int) throws(RegexError) -> RegexCharacterClass {
        var name: String
        if peek() == "{" {
            guard let end = pattern[position...].firstIndex(of: "}") else {
                throw RegexError.invalidClass(fragment(from: start, to: pattern.count))
            }
            name = fragment(from: position + 1, to: end)
            position = end + 1
        } else {
            guard let letter = next() else { throw RegexError.invalidClass(fragment(from: start, to: position)) }
            name = String(letter)
        }
        var isNegated = negated
        if name.hasPrefix("^") {
            name.removeFirst()
            isNegated.toggle()
        }
        guard var result = RegexCharacterClass.unicode(name) else {
            throw RegexError.invalidClass(fragment(from: start, to: position))
        }
        if isNegated { result = result.negated() }
        return flags.contains(.caseInsensitive) ? result.foldingCase() : result
    }

    // MARK: Bracket expressions

    /// `[...]`, `[^...]`, with ranges, escapes, Perl, POSIX and Unicode classes inside.
    private mutating func bracketExpression() throws(RegexError) -> RegexCharacterClass {
        let start = position
        position += 1
        let negated = peek() == "^"
        if negated { position += 1 }
        var builder = RegexCharacterClass.Builder()
        var isFirst = true
        while true {
            guard let scalar = peek() else { throw RegexError.missingBracket(fragment(from: start, to: position)) }
            // A `]` first in the class is a literal, as in RE2.
            if scalar == "]", !isFirst {
                position += 1
                break
            }
            isFirst = false
            if scalar == "[", peek(1) == ":", let posixClass = try posixClass() {
                builder.add(posixClass)
                continue
            }
            if scalar == "\\", let escaped = peek(1) {
                if let perlClass = RegexCharacterClass.perl(escaped) {
                    position += 2
                    builder.add(perlClass)
                    continue
                }
                if escaped == "p" || escaped == "P" {
                    let escapeStart = position
                    position += 2
                    builder.add(try unicodeClass(negated: escaped == "P", start: escapeStart))
                    continue
                }
            }
            let rangeStart = position
            let low = try bracketCharacter(classStart: start)
            // `[a-]` ends with a literal `-`.
            if peek() == "-", let after = peek(1), after != "]" {
                position += 1
                let high = try bracketCharacter(classStart: start)
                guard low <= high else { throw RegexError.invalidClassRange(fragment(from: rangeStart, to: position)) }
                builder.add(low...high)
            } else {
                builder.add(low...low)
            }
        }
        let result = builder.build(negated: negated)
        return flags.contains(.caseInsensitive) ? result.foldingCase() : result
    }

    /// `[:alpha:]` or `[:^alpha:]` at the cursor; nil (nothing consumed) without a closing `:]`, where RE2
    /// reads the `[` as a literal.
    private mutating func posixClass() throws(RegexError) -> RegexCharacterClass? {
        let start = position
        var cursor = position + 2
        while cursor + 1 < pattern.count, !(pattern[cursor] == ":" && pattern[cursor + 1] == "]") { cursor += 1 }
        guard cursor + 1 < pattern.count else { return nil }
        var name = fragment(from: start + 2, to: cursor)
        position = cursor + 2
        let negated = name.hasPrefix("^")
        if negated { name.removeFirst() }
        guard let result = RegexCharacterClass.posix(name) else {
            throw RegexError.invalidClassRange(fragment(from: start, to: position))
        }
        return negated ? result.negated() : result
    }

    /// One character inside brackets, plain or escaped, as a code point.
    private mutating func bracketCharacter(classStart: Int) throws(RegexError) -> UInt32 {
        guard let scalar = next() else { throw RegexError.missingBracket(fragment(from: classStart, to: position)) }
        guard scalar == "\\" else { return scalar.value }
        let start = position - 1
        guard let escaped = next() else { throw RegexError.trailingBackslash() }
        return try singleCharacterEscape(escaped, start: start)
    }

    // MARK: Cursor

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < pattern.count ? pattern[index] : nil
    }

    private mutating func next() -> Unicode.Scalar? {
        guard let scalar = peek() else { return nil }
        position += 1
        return scalar
    }

    /// The pattern text between two scalar offsets, clamped to the pattern, for error messages.
    private func fragment(from start: Int, to end: Int) -> String {
        let lower = max(0, min(start, pattern.count))
        let upper = max(lower, min(end, pattern.count))
        var text = ""
        text.unicodeScalars.append(contentsOf: pattern[lower..<upper])
        return text
    }

    private func peekOctalDigit() -> UInt32? {
        peek().flatMap { Self.digitValue($0, radix: 8) }.map(UInt32.init)
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func digitValue(_ scalar: Unicode.Scalar, radix: Int) -> Int? {
        guard scalar.isASCII, let digit = Int(String(scalar), radix: radix) else { return nil }
        return digit
    }
}
