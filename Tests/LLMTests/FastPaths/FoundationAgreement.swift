import Foundation
import Testing

@testable import LLM

/// The one check of a fast path against Foundation: a type that reads itself from JSON text
/// (`JSONTextReadable`) must, for every input, either decline it or give exactly what
/// `JSONDecoder` gives. Never a different answer, and never a value where Foundation throws.
struct FoundationAgreement: Sendable, CustomTestStringConvertible {
    let testDescription: String
    /// How the fast path and `JSONDecoder` fared on one input.
    private let compare: @Sendable ([UInt8]) -> Outcome

    enum Outcome: Equatable {
        case declined
        case agreed
        case disagreed(fast: String, foundation: String)
    }

    init<Value: JSONTextReadable & Decodable & Equatable & SendableMetatype>(_: Value.Type) {
        testDescription = String(describing: Value.self)
        compare = { input in
            guard let fast = WireJSON.read(Value.self, from: input) else { return .declined }
            let foundation = Result { try JSONDecoder().decode(Value.self, from: Data(input)) }
            guard case .success(fast) = foundation else {
                return .disagreed(fast: "\(fast)", foundation: "\(foundation)")
            }
            return .agreed
        }
    }

    func outcome(_ input: [UInt8]) -> Outcome {
        compare(input)
    }

    /// Checks every input; returns how many the fast path took.
    @discardableResult
    func check(_ inputs: [[UInt8]], sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        var taken = 0
        for input in inputs {
            switch outcome(input) {
            case .declined: break
            case .agreed: taken += 1
            case .disagreed(let fast, let foundation):
                Issue.record("\(String(decoding: input, as: UTF8.self)): fast path \(fast), JSONDecoder \(foundation)", sourceLocation: sourceLocation)
            }
        }
        return taken
    }
}
