import Foundation

/// The text clean-up of BERT's uncased tokenizer, step for step as in the reference
/// (`BertNormalizer` of the `tokenizers` package): drop NUL, U+FFFD and control characters, map
/// whitespace to spaces, put spaces around CJK ideographs, strip accents (NFD, then drop
/// non-spacing marks), lower-case.
struct BertNormalizer: Sendable {
    var lowercases = true
    var stripsAccents = true
    var splitsChineseCharacters = true

    func normalize(_ text: some Collection<Unicode.Scalar>) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.count + 8)
        var isASCII = true
        for scalar in text {
            if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isWhitespace(scalar) {
                scalars.append(" ")
            } else if splitsChineseCharacters && Self.isChineseCharacter(scalar) {
                scalars.append(" ")
                scalars.append(scalar)
                scalars.append(" ")
                isASCII = false
            } else {
                scalars.append(scalar)
                if !scalar.isASCII { isASCII = false }
            }
        }
        if stripsAccents && !isASCII {
            let decomposed = String(String.UnicodeScalarView(scalars)).decomposedStringWithCanonicalMapping
            scalars = decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
        }
        if lowercases {
            scalars = Self.lowercased(scalars, isASCII: isASCII)
        }
        return scalars
    }

    /// Lower-cases scalar by scalar (no context rules such as final sigma), as the reference does.
    private static func lowercased(_ scalars: [Unicode.Scalar], isASCII: Bool) -> [Unicode.Scalar] {
        if isASCII {
            return scalars.map { $0.value >= 0x41 && $0.value <= 0x5A ? Unicode.Scalar($0.value + 0x20)! : $0 }
        }
        var lowered: [Unicode.Scalar] = []
        lowered.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.properties.changesWhenLowercased {
                lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                lowered.append(scalar)
            }
        }
        return lowered
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r": true
        default: scalar.value > 0x7F && scalar.properties.isWhitespace
        }
    }

    /// Cc, Cf, Cs and Co, except tab, newline and carriage return (those count as whitespace).
    /// Unassigned code points (Cn) stay, as in the reference, and end up as `[UNK]`.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\r": return false
        default: break
        }
        if scalar.value >= 0x20 && scalar.value < 0x7F { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse: return true
        default: return false
        }
    }

    /// Unicode categories P*, plus every ASCII symbol (`$`, `+`, `<`, `^`, `` ` ``, `|`, `~`, …).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        case 0...0x7F: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideographs blocks, with the ranges the reference tokenizer uses.
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            true
        default:
            false
        }
    }
}
