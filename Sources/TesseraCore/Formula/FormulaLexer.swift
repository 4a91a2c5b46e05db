/// Splits formula source into tokens; positions are offsets in `Character`s.
struct FormulaLexer {
    private let characters: [Character]
    private var index = 0

    init(_ source: String) {
        characters = Array(source)
    }

    static func tokens(of source: String) throws(FormulaError) -> [FormulaToken] {
        var lexer = FormulaLexer(source)
        var tokens: [FormulaToken] = []
        while true {
            var token = try lexer.next()
            token.end = lexer.index
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(FormulaError) -> FormulaToken {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let start = index
        guard index < characters.count else { return FormulaToken(kind: .end, position: start) }
        let character = characters[index]
        index += 1
        switch character {
        case "(": return FormulaToken(kind: .openParen, position: start)
        case ")": return FormulaToken(kind: .closeParen, position: start)
        case ",": return FormulaToken(kind: .comma, position: start)
        case "+": return FormulaToken(kind: .operator(.add), position: start)
        case "-": return FormulaToken(kind: .operator(.subtract), position: start)
        case "*": return FormulaToken(kind: .operator(.multiply), position: start)
        case "/": return FormulaToken(kind: .operator(.divide), position: start)
        case "&": return FormulaToken(kind: .operator(.concatenate), position: start)
        case "=": return FormulaToken(kind: .operator(.equal), position: start)
        case "!":
            guard consume("=") else { throw FormulaError.syntax("Unexpected character '!'", at: start) }
            return FormulaToken(kind: .operator(.notEqual), position: start)
        case "<":
            return FormulaToken(kind: .operator(consume("=") ? .lessOrEqual : .less), position: start)
        case ">":
            return FormulaToken(kind: .operator(consume("=") ? .greaterOrEqual : .greater), position: start)
        case "\"", "'":
            return FormulaToken(kind: .text(try quotedText(closedBy: character, openedAt: start)), position: start)
        case "{":
            return FormulaToken(kind: .field(try fieldName(openedAt: start)), position: start)
        default:
            if (character.isASCII && character.isNumber) || (character == "." && peekIsDigit) {
                index = start
                return FormulaToken(kind: .number(try number()), position: start)
            }
            if character.isLetter || character == "_" {
                while index < characters.count, isIdentifierCharacter(characters[index]) { index += 1 }
                return FormulaToken(kind: .identifier(String(characters[start..<index])), position: start)
            }
            throw FormulaError.syntax("Unexpected character '\(character)'", at: start)
        }
    }

    private var peekIsDigit: Bool {
        index < characters.count && characters[index].isASCII && characters[index].isNumber
    }

    private func isIdentifierCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    private mutating func consume(_ expected: Character) -> Bool {
        guard index < characters.count, characters[index] == expected else { return false }
        index += 1
        return true
    }

    private mutating func number() throws(FormulaError) -> Double {
        let start = index
        var sawDot = false
        while index < characters.count {
            let character = characters[index]
            if character == "." && !sawDot {
                sawDot = true
            } else if !(character.isASCII && character.isNumber) {
                break
            }
            index += 1
        }
        guard let value = Double(String(characters[start..<index])), value.isFinite else {
            throw FormulaError.syntax("Number is too large", at: start)
        }
        return value
    }

    /// Reads a string literal after its opening quote; backslash escapes \n \t and otherwise the escaped character itself.
    private mutating func quotedText(closedBy quote: Character, openedAt start: Int) throws(FormulaError) -> String {
        var text = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == quote { return text }
            if character == "\\" {
                guard index < characters.count else { break }
                let escaped = characters[index]
                index += 1
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                default: text.append(escaped)
                }
            } else {
                text.append(character)
            }
        }
        throw FormulaError.syntax("Unclosed string", at: start)
    }

    /// Reads a `{Field Name}` after its `{`; `\}` and `\\` escape inside the braces.
    private mutating func fieldName(openedAt start: Int) throws(FormulaError) -> String {
        var name = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == "}" {
                guard !name.isEmpty else { throw FormulaError.syntax("Empty field name", at: start) }
                return name
            }
            if character == "\\", index < characters.count, characters[index] == "}" || characters[index] == "\\" {
                name.append(characters[index])
                index += 1
            } else {
                name.append(character)
            }
        }
        throw FormulaError.syntax("Unclosed field reference", at: start)
    }
}
