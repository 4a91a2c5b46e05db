/// How many of a query's words a text holds. A query word counts when a word of the text starts
/// with it ("order" finds "orders"); letters and digits make words, case is ignored, and common
/// English function words ("how", "do", "my") are not counted, so they neither help nor hurt.
struct KeywordCoverage {
    let words: Set<String>
    /// Query words kept: enough for any question, and a bound on the database's OR and on the
    /// coverage test (words × text words) whatever text a client sends as a query.
    static let maxWords = 32

    init(query: String) {
        let all = Self.words(in: query)
        let content = all.filter { !Self.stopWords.contains($0) }
        var kept: [String] = []
        for word in content.isEmpty ? all : content where !kept.contains(word) {
            kept.append(word)
            if kept.count == Self.maxWords { break }
        }
        words = Set(kept)
    }

    /// True when the text holds at least half of the query's words.
    func isCovered(by text: String) -> Bool {
        guard !words.isEmpty else { return false }
        let textWords = Self.words(in: text)
        let found = words.filter { word in textWords.contains { $0.hasPrefix(word) } }.count
        return found * 2 >= words.count
    }

    static func words(in text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    private static let stopWords: Set<String> = [
        "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "but", "by", "can", "could", "did", "do", "does",
        "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not",
        "of", "on", "or", "our", "s", "so", "t", "that", "the", "their", "there", "this", "to", "was", "we", "were",
        "what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
    ]
}
