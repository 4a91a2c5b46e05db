import Foundation

/// Compiled forms (regular expressions, date formats) of one formula's patterns, shared by every record it is
/// evaluated on. Literal patterns are compiled at parse time; patterns computed per record are cached up to a
/// bound so that a pattern built from cell values cannot grow the cache without limit.
final class FormulaCompileCache<Value>: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`; the cached values (LinearRegex,
    // FormulaDateFormat) are immutable and safe to share between threads.
    private let lock = NSLock()
    private var values: [String: Value] = [:]
    private static var capacity: Int { 64 }

    func value<Failure: Error>(for pattern: String, compile: (String) throws(Failure) -> Value) throws(Failure) -> Value {
        lock.lock()
        let cached = values[pattern]
        lock.unlock()
        if let cached { return cached }
        let compiled = try compile(pattern)
        lock.lock()
        if values.count < Self.capacity { values[pattern] = compiled }
        lock.unlock()
        return compiled
    }
}

extension FormulaCompileCache where Value == LinearRegex {
    /// The compiled regular expression, or an evaluation error naming the bad pattern and what is wrong with it.
    func expression(for pattern: String, at position: Int) throws(FormulaError) -> LinearRegex {
        try value(for: pattern) { pattern throws(FormulaError) in
            do throws(RegexError) {
                return try LinearRegex(pattern)
            } catch {
                throw FormulaError.evaluation("Invalid regular expression \"\(pattern)\": \(error.message)", at: position)
            }
        }
    }
}

extension FormulaCompileCache where Value == FormulaDateFormat {
    func format(for pattern: String) -> FormulaDateFormat {
        value(for: pattern) { FormulaDateFormat($0) }
    }
}
