import Foundation

/// The WordPiece vocabulary of `vocab.txt` (one token per line, the id is the line number),
/// indexed as a trie over Unicode scalars so that the longest matching piece is found in one
/// walk instead of one dictionary lookup per candidate length.
struct WordPieceVocabulary: Sendable {
    let tokens: [String]
    /// Trie edges keyed by `parent << 21 | scalar` (scalars fit in 21 bits); one flat table
    /// costs far less memory than a dictionary per node.
    private let edges: [UInt64: Int32]
    /// Token id ending at each trie node, or -1.
    private let tokenIDs: [Int32]
    /// The node reached by walking "##", where continuation pieces start.
    private let continuationRoot: Int32?

    private static let root: Int32 = 0

    init(tokens: [String]) {
        var edges: [UInt64: Int32] = [:]
        var tokenIDs: [Int32] = [-1]
        edges.reserveCapacity(tokens.count * 4)
        for (id, token) in tokens.enumerated() {
            var node = Self.root
            for scalar in token.unicodeScalars {
                let key = Self.edgeKey(node, scalar)
                if let child = edges[key] {
                    node = child
                } else {
                    let child = Int32(tokenIDs.count)
                    tokenIDs.append(-1)
                    edges[key] = child
                    node = child
                }
            }
            // Later duplicates win, as in the reference tokenizer's vocabulary map.
            tokenIDs[Int(node)] = Int32(id)
        }
        self.tokens = tokens
        self.edges = edges
        self.tokenIDs = tokenIDs
        let hash = Unicode.Scalar("#")
        continuationRoot = edges[Self.edgeKey(Self.root, hash)].flatMap { edges[Self.edgeKey($0, hash)] }
    }

    /// Reads `vocab.txt`; trailing whitespace on a line is not part of the token.
    init(contentsOf url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw EmbeddingError(.invalidVocabulary, file: url.path, "cannot read vocabulary: \(error.localizedDescription)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line[..<(line.lastIndex(where: { !$0.isWhitespace }).map(line.index(after:)) ?? line.startIndex)])
        }
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else {
            throw EmbeddingError(.invalidVocabulary, file: url.path, "vocabulary is empty")
        }
        self.init(tokens: lines)
    }

    var count: Int { tokens.count }

    func id(of token: String) -> Int32? {
        var node = Self.root
        for scalar in token.unicodeScalars {
            guard let child = edges[Self.edgeKey(node, scalar)] else { return nil }
            node = child
        }
        let id = tokenIDs[Int(node)]
        return id >= 0 ? id : nil
    }

    /// The longest vocabulary piece that starts at `start` in `word` (with the `##` prefix when
    /// `isContinuation`), as its id and the index just past it; nil when no piece matches.
    func longestPiece(in word: ArraySlice<Unicode.Scalar>, from start: Int, isContinuation: Bool) -> (id: Int32, end: Int)? {
        guard var node = isContinuation ? continuationRoot : Self.root else { return nil }
        var best: (id: Int32, end: Int)?
        var index = start
        while index < word.endIndex, let child = edges[Self.edgeKey(node, word[index])] {
            node = child
            index += 1
            let id = tokenIDs[Int(node)]
            if id >= 0 { best = (id, index) }
        }
        return best
    }

    private static func edgeKey(_ node: Int32, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 21 | UInt64(scalar.value)
    }
}
