/// One lexical unit of a formula, with the character offset where it starts.
struct FormulaToken: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case text(String)
        /// `{Field Name}`.
        case field(String)
        /// A bare word: a function name when followed by `(`, `TRUE`/`FALSE`, or a field name.
        case identifier(String)
        case `operator`(FormulaOperator)
        case openParen
        case closeParen
        case comma
        case end
    }

    let kind: Kind
    let position: Int
    /// The offset just past the token, set by the lexer.
    var end = 0

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case .number(let value): "'\(FormulaNumberFormat.text(value))'"
        case .text: "string"
        case .field(let name): "'{\(name)}'"
        case .identifier(let name): "'\(name)'"
        case .operator(let op): "'\(op.rawValue)'"
        case .openParen: "'('"
        case .closeParen: "')'"
        case .comma: "','"
        case .end: "end of formula"
        }
    }
}
