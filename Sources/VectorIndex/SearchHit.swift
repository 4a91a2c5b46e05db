/// One search result: the caller's id and its similarity to the query (higher is closer).
public struct SearchHit: Sendable, Hashable, CustomStringConvertible {
    public var id: UInt64
    public var score: Float

    public init(id: UInt64, score: Float) {
        self.id = id
        self.score = score
    }

    public var description: String { "\(id): \(score)" }

    /// Result order: higher score first, equal scores by the smaller id, so results are stable.
    @inlinable
    static func ranksBefore(score a: Float, id aID: UInt64, score b: Float, id bID: UInt64) -> Bool {
        a > b || (a == b && aID < bID)
    }
}
