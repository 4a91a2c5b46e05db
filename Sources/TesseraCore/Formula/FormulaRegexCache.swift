import Foundation

/// Compiled regular expressions of one formula, shared by every record it is evaluated on.
/// Literal patterns are compiled once at parse time; patterns computed per record are cached up to a bound.
final class FormulaRegexCache: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`, and NSRegularExpression is immutable and thread-safe.
    private let lock = NSLock()
    private var expressions: [String: NSRegularExpression] = [:]
    private static let capacity = 64

    /// The compiled pattern, or an evaluation error naming the bad pattern.
    func expression(for pattern: String, at position: Int) throws(FormulaError) -> NSRegularExpression {
        lock.lock()
        let cached = expressions[pattern]
        lock.unlock()
        if let cached { return cached }
        let compiled: NSRegularExpression
        do {
            compiled = try NSRegularExpression(pattern: pattern)
        } catch {
            throw FormulaError.evaluation("Invalid regular expression \"\(pattern)\"", at: position)
        }
        lock.lock()
        if expressions.count < Self.capacity { expressions[pattern] = compiled }
        lock.unlock()
        return compiled
    }
}
