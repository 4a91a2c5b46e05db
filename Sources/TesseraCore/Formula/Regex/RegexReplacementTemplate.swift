/// The replacement text of REGEX_REPLACE, read as NSRegularExpression's templates were before this engine:
/// `$n` inserts group n (`$0` the whole match), `\` makes the next character literal (`\$`, `\\`), and a
/// `$` not followed by a digit is literal.
struct RegexReplacementTemplate: Sendable {
    private enum Piece {
        case text(String)
        case group(Int)
    }

    private let pieces: [Piece]

    /// `groupCount` counts group 0. A `$` takes as many digits as the highest group number has, so with
    /// fewer than ten groups `$10` is group 1 followed by "0"; a number past the last group inserts nothing.
    init(_ template: String, groupCount: Int) {
        var digitLimit = 1
        var magnitude = 10
        while magnitude < groupCount {
            digitLimit += 1
            magnitude *= 10
        }
        var pieces: [Piece] = []
        var text = ""
        var scalars = template.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        while let scalar = pending ?? scalars.next() {
            pending = nil
            switch scalar {
            case "\\":
                // A trailing backslash is dropped.
                if let escaped = scalars.next() { text.unicodeScalars.append(escaped) }
            case "$":
                var group: Int?
                var digits = 0
                while digits < digitLimit, let digit = scalars.next() {
                    guard digit.isASCII, let value = Int(String(digit)) else {
                        pending = digit
                        break
                    }
                    group = (group ?? 0) * 10 + value
                    digits += 1
                }
                guard let group else {
                    text.unicodeScalars.append(scalar)
                    continue
                }
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(.group(group))
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    /// Appends the replacement for `match` (found in `text`) to `result`.
    func expand(_ match: RegexMatch, in text: String, into result: inout String) {
        for piece in pieces {
            switch piece {
            case .text(let literal):
                result += literal
            case .group(let group):
                if let range = match.range(ofGroup: group) { result.append(contentsOf: text[range]) }
            }
        }
    }
}
