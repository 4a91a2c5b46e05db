/// Decimal views of a `Double`: text the way Airtable (JavaScript) prints numbers, and rounding to decimal places
/// on the shortest decimal representation, so that `ROUND(1.005, 2)` is 1.01 as people expect, not 1.00.
enum FormulaNumberFormat {
    /// The shortest decimal digits that round-trip a finite, non-zero magnitude: value = digits × 10^exponent.
    private struct Decimal {
        var digits: [UInt8] // ASCII digits, no leading or trailing zeros
        var exponent: Int

        init(magnitude: Double) {
            let text = "\(magnitude)" // Swift prints the shortest round-tripping form
            var mantissa = Substring(text)
            var exponent = 0
            if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                mantissa = text[..<e]
                exponent = Int(text[text.index(after: e)...]) ?? 0
            }
            var digits: [UInt8] = []
            var seenPoint = false
            for byte in mantissa.utf8 {
                if byte == UInt8(ascii: ".") {
                    seenPoint = true
                } else {
                    digits.append(byte)
                    if seenPoint { exponent -= 1 }
                }
            }
            while digits.first == UInt8(ascii: "0") { digits.removeFirst() }
            while digits.last == UInt8(ascii: "0") {
                digits.removeLast()
                exponent += 1
            }
            self.digits = digits
            self.exponent = exponent
        }

        /// Rebuilds the double `digits × 10^(exponent + shift)`; infinite when it overflows.
        func value(shiftedBy shift: Int) -> Double {
            Double("\(String(decoding: digits, as: UTF8.self))e\(exponent + shift)") ?? .infinity
        }
    }

    /// Text for a number as in JavaScript: `3`, `0.1`, `-2.5`, `1e+21`, `1e-7`.
    static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        let decimal = Decimal(magnitude: Swift.abs(value))
        let digits = String(decoding: decimal.digits, as: UTF8.self)
        let count = decimal.digits.count
        let pointPosition = decimal.exponent + count // digits before the decimal point
        let sign = value < 0 ? "-" : ""
        if count <= pointPosition && pointPosition <= 21 {
            return sign + digits + String(repeating: "0", count: pointPosition - count)
        }
        if 0 < pointPosition && pointPosition <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        if -6 < pointPosition && pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        let exponent = pointPosition - 1
        let mantissa = count == 1 ? digits : "\(digits.prefix(1)).\(digits.dropFirst())"
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String(Swift.abs(exponent))
    }

    /// Rounds to `places` decimal places (negative places round to tens, hundreds, …) using the given rule.
    static func round(_ value: Double, places: Int, rule: FloatingPointRoundingRule) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let places = Swift.min(Swift.max(places, -308), 308)
        let magnitude = Swift.abs(value)
        let scaled = Decimal(magnitude: magnitude).value(shiftedBy: places)
        // So many places that the double has no digits there: rounding changes nothing.
        guard scaled.isFinite else { return value }
        let rounded = scaled.rounded(rule)
        guard rounded != 0 else { return 0 }
        let result = Decimal(magnitude: rounded).value(shiftedBy: -places)
        return value < 0 ? -result : result
    }
}
