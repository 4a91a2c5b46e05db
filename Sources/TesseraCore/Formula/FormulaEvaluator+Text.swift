import Foundation

/// Text functions. Positions and lengths count `Character`s (what a person sees as one letter), 1-based.
extension FormulaEvaluator {
    func callText(
        _ function: FormulaFunction, _ arguments: [FormulaNode],
        at position: Int
    ) throws(FormulaError) -> FormulaValue {
        switch function {
        case .find, .search:
            let needle = try text(arguments[0])
            let haystack = try text(arguments[1])
            let start = arguments.count > 2 ? try integer(arguments[2], at: position) : 0
            let found = Self.find(needle, in: haystack, from: start)
            return found == 0 && function == .search ? .blank : .number(Double(found))
        case .lower:
            return try built(try text(arguments[0]).lowercased(), at: position)
        case .upper:
            return try built(try text(arguments[0]).uppercased(), at: position)
        case .len:
            return .number(Double(try text(arguments[0]).count))
        case .left:
            let string = try text(arguments[0])
            return .text(String(string.prefix(max(0, try integer(arguments[1], at: position)))))
        case .right:
            let string = try text(arguments[0])
            return .text(String(string.suffix(max(0, try integer(arguments[1], at: position)))))
        case .mid:
            let string = try text(arguments[0])
            let start = max(1, try integer(arguments[1], at: position))
            let count = max(0, try integer(arguments[2], at: position))
            return .text(String(string.dropFirst(start - 1).prefix(count)))
        case .trim:
            return .text(try text(arguments[0]).trimmingCharacters(in: .whitespacesAndNewlines))
        case .substitute:
            return .text(try substitute(arguments, at: position))
        case .replace:
            let string = try text(arguments[0])
            let start = max(1, try integer(arguments[1], at: position))
            let count = max(0, try integer(arguments[2], at: position))
            let replacement = try text(arguments[3])
            try meter.reserveText(string.utf8.count + replacement.utf8.count, at: position)
            return .text(String(string.prefix(start - 1)) + replacement + String(string.dropFirst(start - 1 + count)))
        case .concatenate:
            var parts: [String] = []
            for argument in arguments { parts.append(try text(argument)) }
            try meter.reserveText(parts.reduce(0) { $0 + $1.utf8.count }, at: position)
            return .text(parts.joined())
        case .rept:
            let string = try text(arguments[0])
            let count = try integer(arguments[1], at: position)
            guard count >= 0 else { throw FormulaError.evaluation("REPT count must not be negative", at: position) }
            try meter.reserveText(string.utf8.count.multipliedReportingOverflow(by: count), at: position)
            return .text(Self.repeated(string, count: count))
        case .t:
            let value = try evaluate(arguments[0]).unwrapped
            if case .text = value { return value }
            return .blank
        case .value:
            return try numericValue(of: try evaluate(arguments[0]), at: position)
        case .encodeURLComponent:
            let string = try text(arguments[0])
            // Percent-encoding turns each byte into at most three.
            try meter.reserveText(string.utf8.count.multipliedReportingOverflow(by: 3), at: position)
            return .text(string.addingPercentEncoding(withAllowedCharacters: Self.urlComponentAllowed) ?? string)
        case .regexMatch, .regexExtract, .regexReplace:
            return try callRegex(function, arguments, at: position)
        default:
            preconditionFailure("\(function) is not a text function")
        }
    }

    /// 1-based position of `needle` in `haystack` at or after the 1-based `start`, or 0 when absent.
    private static func find(_ needle: String, in haystack: String, from start: Int) -> Int {
        let skipped = max(0, start - 1)
        if let found = findASCII(needle, in: haystack, skipping: skipped) { return found }
        guard skipped <= haystack.count else { return 0 }
        let searched = haystack.dropFirst(skipped)
        guard let range = searched.firstRange(of: needle) else { return 0 }
        return skipped + searched.distance(from: searched.startIndex, to: range.lowerBound) + 1
    }

    /// Byte search for the common all-ASCII case, where bytes and characters coincide (CR is excluded because
    /// CR LF is one character). Returns the position, 0 when absent, or nil when the fast path does not apply.
    private static func findASCII(_ needle: String, in haystack: String, skipping skipped: Int) -> Int? {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { needleBytes -> Int? in
            haystack.withUTF8 { haystackBytes -> Int? in
                let isPlainASCII = { (bytes: UnsafeBufferPointer<UInt8>) in bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D } }
                guard isPlainASCII(needleBytes), isPlainASCII(haystackBytes) else { return nil }
                guard skipped + needleBytes.count <= haystackBytes.count else { return 0 }
                guard let first = needleBytes.first else { return skipped + 1 }
                var index = skipped
                while index + needleBytes.count <= haystackBytes.count {
                    if haystackBytes[index] == first,
                        needleBytes.indices.allSatisfy({ haystackBytes[index + $0] == needleBytes[$0] })
                    {
                        return index + 1
                    }
                    index += 1
                }
                return 0
            }
        }
    }

    /// SUBSTITUTE(text, old, new, [n]): every occurrence, or only the n-th when n is given.
    /// The result's size is known from the occurrences before it is built, and charged first.
    private func substitute(_ arguments: [FormulaNode], at position: Int) throws(FormulaError) -> String {
        let string = try text(arguments[0])
        let old = try text(arguments[1])
        let new = try text(arguments[2])
        let occurrence = arguments.count > 3 ? try integer(arguments[3], at: position) : nil
        guard !old.isEmpty, occurrence.map({ $0 >= 1 }) ?? true else { return string }
        let growth = new.utf8.count - old.utf8.count
        // Matches are found one at a time, each a step: when each one grows the text, the
        // budget is spent after a few, long before every match of a long text is found.
        let enough = growth > 0 ? max(0, meter.textRoom - string.utf8.count) / growth + 1 : Int.max
        var ranges: [Range<String.Index>] = []
        var found = 0
        var searchFrom = string.startIndex
        while ranges.count < enough, let range = string[searchFrom...].firstRange(of: old) {
            try meter.step()
            found += 1
            searchFrom = range.upperBound
            guard let occurrence else {
                ranges.append(range)
                continue
            }
            if found == occurrence {
                ranges = [range]
                break
            }
        }
        guard !ranges.isEmpty else { return string }
        let total = growth.multipliedReportingOverflow(by: ranges.count)
        let length = string.utf8.count.addingReportingOverflow(total.partialValue)
        try meter.reserveText((length.partialValue, total.overflow || length.overflow), at: position)
        var result = ""
        result.reserveCapacity(length.partialValue)
        var rest = string.startIndex
        for range in ranges {
            result += string[rest..<range.lowerBound]
            result += new
            rest = range.upperBound
        }
        result += string[rest...]
        return result
    }

    /// REPT's text, built by doubling: `String(repeating:count:)` appends one copy at a time,
    /// about 25 ms for a million one-letter copies, where copying bytes takes well under one.
    static func repeated(_ text: String, count: Int) -> String {
        let unit = Array(text.utf8)
        let total = unit.count * count // the caller reserved it: no overflow
        guard total > 0 else { return "" }
        var bytes = unit
        bytes.reserveCapacity(total)
        while bytes.count < total {
            bytes += bytes[..<min(bytes.count, total - bytes.count)]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A text whose size is bounded by its inputs' (case mapping, regex results), charged once built.
    private func built(_ text: String, at position: Int) throws(FormulaError) -> FormulaValue {
        try meter.reserveText(text.utf8.count, at: position)
        return .text(text)
    }

    /// VALUE: numbers pass through; text keeps its digits, sign and decimal point ("$1,000.50" → 1000.5).
    private func numericValue(of value: FormulaValue, at position: Int) throws(FormulaError) -> FormulaValue {
        switch value.unwrapped {
        case .number, .blank: return value.unwrapped
        case .bool(let flag): return .number(flag ? 1 : 0)
        default:
            let text = value.textValue
            let kept = text.filter { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }
            if kept.isEmpty, text.allSatisfy(\.isWhitespace) { return .blank }
            guard let number = Double(kept), number.isFinite else {
                throw FormulaError.evaluation("VALUE cannot read a number from \"\(text)\"", at: position)
            }
            return .number(number)
        }
    }

    /// Characters JavaScript's encodeURIComponent leaves alone.
    private static var urlComponentAllowed: CharacterSet {
        CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")
    }

    private func callRegex(
        _ function: FormulaFunction, _ arguments: [FormulaNode],
        at position: Int
    ) throws(FormulaError) -> FormulaValue {
        let string = try text(arguments[0])
        let expression = try regexes.expression(for: try text(arguments[1]), at: position)
        let template = function == .regexReplace ? try text(arguments[2]) : ""
        // A long search charges its time to the budget as it goes, so that the budget can stop it.
        var budgetError: FormulaError?
        let shouldContinue = { () -> Bool in
            do throws(FormulaError) { try meter.charge() } catch { budgetError = error }
            return budgetError == nil
        }
        let value: FormulaValue?
        do throws(RegexError) {
            switch function {
            case .regexMatch:
                value = .bool(try expression.matches(string, shouldContinue: shouldContinue))
            case .regexExtract:
                value = try expression.firstMatch(in: string, shouldContinue: shouldContinue).map { .text(String($0)) }
            default:
                value = .text(try expression.replacingMatches(in: string, with: template, shouldContinue: shouldContinue))
            }
        } catch {
            // Like the other limits of FormulaBudget: a pattern built to burn CPU fails the request.
            throw budgetError ?? FormulaError(.budgetExceeded, "\(function.rawValue) stopped: \(error.message)", position: position)
        }
        guard let value else { throw FormulaError.evaluation("REGEX_EXTRACT found no match", at: position) }
        // The replaced text is new text, charged like every function's.
        return function == .regexReplace ? try built(value.textValue, at: position) : value
    }
}
