/// Recursive-descent parser from tokens to `FormulaNode`, binary operators by precedence climbing (all left-associative).
struct FormulaParser {
    /// Bounds both parser recursion and tree depth, so that no input can exhaust the stack of a
    /// concurrency thread while parsing, evaluating or releasing the tree.
    static let maximumDepth = 200

    /// A parsed subtree and the number of levels in it.
    private typealias Parsed = (node: FormulaNode, depth: Int)

    private let tokens: [FormulaToken]
    private var index = 0
    private var nesting = 0

    private init(tokens: [FormulaToken]) {
        self.tokens = tokens
    }

    static func parse(_ source: String) throws(FormulaError) -> FormulaNode {
        var parser = FormulaParser(tokens: try FormulaLexer.tokens(of: source))
        if parser.current.kind == .end {
            throw FormulaError.syntax("Empty formula", at: 0)
        }
        let parsed = try parser.expression(minimumPrecedence: 1)
        guard parser.current.kind == .end else {
            throw FormulaError.syntax("Unexpected \(parser.current.quoted)", at: parser.current.position)
        }
        return parsed.node
    }

    private var current: FormulaToken { tokens[index] }

    private mutating func advance() -> FormulaToken {
        let token = tokens[index]
        if token.kind != .end { index += 1 }
        return token
    }

    private mutating func enter() throws(FormulaError) {
        nesting += 1
        guard nesting <= Self.maximumDepth else { throw tooDeep(at: current.position) }
    }

    private func tooDeep(at position: Int) -> FormulaError {
        FormulaError.syntax("Formula is nested more than \(Self.maximumDepth) levels deep", at: position)
    }

    private func checked(_ parsed: Parsed, at position: Int) throws(FormulaError) -> Parsed {
        guard parsed.depth <= Self.maximumDepth else { throw tooDeep(at: position) }
        return parsed
    }

    private mutating func expression(minimumPrecedence: Int) throws(FormulaError) -> Parsed {
        try enter()
        defer { nesting -= 1 }
        var lhs = try unary()
        while case .operator(let op) = current.kind, op.precedence >= minimumPrecedence {
            let position = advance().position
            let rhs = try expression(minimumPrecedence: op.precedence + 1)
            lhs = try checked((.binary(op, lhs.node, rhs.node, position: position), max(lhs.depth, rhs.depth) + 1), at: position)
        }
        return lhs
    }

    private mutating func unary() throws(FormulaError) -> Parsed {
        guard current.kind == .operator(.subtract) else { return try primary() }
        try enter()
        defer { nesting -= 1 }
        let position = advance().position
        let operand = try unary()
        return try checked((.negate(operand.node, position: position), operand.depth + 1), at: position)
    }

    private mutating func primary() throws(FormulaError) -> Parsed {
        let token = advance()
        switch token.kind {
        case .number(let value):
            return (.number(value), 1)
        case .text(let value):
            return (.text(value), 1)
        case .field(let name):
            return (.field(name, position: token.position), 1)
        case .identifier(let name):
            if current.kind == .openParen {
                return try call(named: name, at: token.position)
            }
            switch name.uppercased() {
            case "TRUE": return (.bool(true), 1)
            case "FALSE": return (.bool(false), 1)
            default: return (.field(name, position: token.position), 1)
            }
        case .openParen:
            let inner = try expression(minimumPrecedence: 1)
            try expect(.closeParen, "')'")
            return inner
        case .end:
            throw FormulaError.syntax("Unexpected end of formula", at: token.position)
        case .operator, .closeParen, .comma:
            throw FormulaError.syntax("Unexpected \(token.quoted)", at: token.position)
        }
    }

    private mutating func call(named name: String, at position: Int) throws(FormulaError) -> Parsed {
        guard let function = FormulaFunction(name: name) else {
            throw FormulaError.syntax("Unknown function \(name.uppercased())", at: position)
        }
        _ = advance() // "("
        var arguments: [FormulaNode] = []
        var depth = 0
        if current.kind != .closeParen {
            repeat {
                let argument = try expression(minimumPrecedence: 1)
                arguments.append(argument.node)
                depth = max(depth, argument.depth)
            } while current.kind == .comma && advance().kind == .comma
        }
        try expect(.closeParen, "')'")
        guard function.arity.contains(arguments.count) else {
            let noun = function.arity.upperBound == 1 || function.arity == 1...Int.max ? "argument" : "arguments"
            throw FormulaError.syntax(
                "\(function.rawValue) expects \(function.arityDescription) \(noun) but got \(arguments.count)",
                at: position)
        }
        return try checked((.call(function, arguments, position: position), depth + 1), at: position)
    }

    private mutating func expect(_ kind: FormulaToken.Kind, _ description: String) throws(FormulaError) {
        guard current.kind == kind else {
            throw FormulaError.syntax("Expected \(description) but found \(current.quoted)", at: current.position)
        }
        _ = advance()
    }
}
