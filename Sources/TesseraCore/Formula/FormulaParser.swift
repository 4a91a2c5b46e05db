/// Recursive-descent parser from tokens to `FormulaNode`, binary operators by precedence climbing (all left-associative).
struct FormulaParser {
    private let tokens: [FormulaToken]
    private var index = 0

    private init(tokens: [FormulaToken]) {
        self.tokens = tokens
    }

    static func parse(_ source: String) throws(FormulaError) -> FormulaNode {
        var parser = FormulaParser(tokens: try FormulaLexer.tokens(of: source))
        if parser.current.kind == .end {
            throw FormulaError.syntax("Empty formula", at: 0)
        }
        let node = try parser.expression(minimumPrecedence: 1)
        guard parser.current.kind == .end else {
            throw FormulaError.syntax("Unexpected \(parser.current.quoted)", at: parser.current.position)
        }
        return node
    }

    private var current: FormulaToken { tokens[index] }

    private mutating func advance() -> FormulaToken {
        let token = tokens[index]
        if token.kind != .end { index += 1 }
        return token
    }

    private mutating func expression(minimumPrecedence: Int) throws(FormulaError) -> FormulaNode {
        var lhs = try unary()
        while case .operator(let op) = current.kind, op.precedence >= minimumPrecedence {
            let position = advance().position
            let rhs = try expression(minimumPrecedence: op.precedence + 1)
            lhs = .binary(op, lhs, rhs, position: position)
        }
        return lhs
    }

    private mutating func unary() throws(FormulaError) -> FormulaNode {
        if current.kind == .operator(.subtract) {
            let position = advance().position
            return .negate(try unary(), position: position)
        }
        return try primary()
    }

    private mutating func primary() throws(FormulaError) -> FormulaNode {
        let token = advance()
        switch token.kind {
        case .number(let value):
            return .number(value)
        case .text(let value):
            return .text(value)
        case .field(let name):
            return .field(name, position: token.position)
        case .identifier(let name):
            if current.kind == .openParen {
                return try call(named: name, at: token.position)
            }
            switch name.uppercased() {
            case "TRUE": return .bool(true)
            case "FALSE": return .bool(false)
            default: return .field(name, position: token.position)
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

    private mutating func call(named name: String, at position: Int) throws(FormulaError) -> FormulaNode {
        guard let function = FormulaFunction(name: name) else {
            throw FormulaError.syntax("Unknown function \(name.uppercased())", at: position)
        }
        _ = advance()  // "("
        var arguments: [FormulaNode] = []
        if current.kind != .closeParen {
            repeat {
                arguments.append(try expression(minimumPrecedence: 1))
            } while current.kind == .comma && advance().kind == .comma
        }
        try expect(.closeParen, "')'")
        guard function.arity.contains(arguments.count) else {
            let noun = function.arity.upperBound == 1 || function.arity == 1...Int.max ? "argument" : "arguments"
            throw FormulaError.syntax(
                "\(function.rawValue) expects \(function.arityDescription) \(noun) but got \(arguments.count)",
                at: position)
        }
        return .call(function, arguments, position: position)
    }

    private mutating func expect(_ kind: FormulaToken.Kind, _ description: String) throws(FormulaError) {
        guard current.kind == kind else {
            throw FormulaError.syntax("Expected \(description) but found \(current.quoted)", at: current.position)
        }
        _ = advance()
    }
}
