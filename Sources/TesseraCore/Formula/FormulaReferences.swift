/// The field references in a formula's source text. Formula fields are stored with field ids
/// (`{fldXXXXXXXXXXXXXX}`, as Airtable's API shows them), so renaming a field never breaks one;
/// people write names, which are rewritten on the way in.
public enum FormulaReferences {
    /// `source` with every field reference `replacement` maps rewritten as `{replacement}`; other
    /// text is kept as written. Throws when the source does not lex.
    public static func rewrite(_ source: String, _ replacement: (String) -> String?) throws(FormulaError) -> String {
        let characters = Array(source)
        let tokens = try FormulaLexer.tokens(of: source)
        var output = ""
        var copied = 0
        for (index, token) in tokens.enumerated() {
            let name: String
            switch token.kind {
            case .field(let field):
                name = field
            case .identifier(let identifier):
                let isCall = index + 1 < tokens.count && tokens[index + 1].kind == .openParen
                guard !isCall, !["TRUE", "FALSE"].contains(identifier.uppercased()) else { continue }
                name = identifier
            default:
                continue
            }
            guard let new = replacement(name) else { continue }
            output += String(characters[copied..<token.position]) + "{" + new + "}"
            copied = token.end
        }
        return output + String(characters[copied...])
    }
}
