import Foundation

/// BERT's WordPiece tokenizer: normalize, split on whitespace and punctuation, then split each
/// word greedily into the longest vocabulary pieces (`##` marks a piece inside a word).
public struct BertTokenizer: Sendable {
    /// Words longer than this many characters become `[UNK]`, as in the reference tokenizer.
    static let maxCharactersPerWord = 100

    let vocabulary: WordPieceVocabulary
    let normalizer: BertNormalizer
    /// Total tokens per text, `[CLS]` and `[SEP]` included.
    public let maxLength: Int
    let unknownID: Int32
    let classifierID: Int32
    let separatorID: Int32
    /// Special tokens recognized inside the text, longest first.
    let specialTokens: [(token: String, id: Int32)]

    init(
        vocabulary: WordPieceVocabulary, normalizer: BertNormalizer, maxLength: Int, vocabularyPath: String,
        specialTokens: [String] = TokenizerOptions().specialTokens
    ) throws {
        func specialID(_ token: String) throws -> Int32 {
            guard let id = vocabulary.id(of: token) else {
                throw EmbeddingError(.invalidVocabulary, file: vocabularyPath, "vocabulary lacks the special token \(token)")
            }
            return id
        }
        guard maxLength >= 2 else {
            throw EmbeddingError(.invalidConfig, "maximum sequence length \(maxLength) leaves no room for [CLS] and [SEP]")
        }
        self.vocabulary = vocabulary
        self.normalizer = normalizer
        self.maxLength = maxLength
        unknownID = try specialID("[UNK]")
        classifierID = try specialID("[CLS]")
        separatorID = try specialID("[SEP]")
        self.specialTokens =
            specialTokens
            .compactMap { token in vocabulary.id(of: token).map { (token, $0) } }
            .sorted { $0.token.count > $1.token.count }
    }

    /// Loads `vocab.txt` and the lower-casing options of `tokenizer_config.json` (optional; BERT
    /// uncased defaults apply without it) from a model directory.
    public init(modelDirectory: URL, maxLength: Int) throws {
        let vocabularyURL = modelDirectory.appendingPathComponent("vocab.txt")
        let vocabulary = try WordPieceVocabulary(contentsOf: vocabularyURL)
        let options = try TokenizerOptions(contentsOf: modelDirectory.appendingPathComponent("tokenizer_config.json"))
        let normalizer = BertNormalizer(
            lowercases: options.lowercases,
            stripsAccents: options.stripsAccents,
            splitsChineseCharacters: options.splitsChineseCharacters
        )
        try self.init(
            vocabulary: vocabulary, normalizer: normalizer, maxLength: maxLength, vocabularyPath: vocabularyURL.path,
            specialTokens: options.specialTokens
        )
    }

    public var vocabularySize: Int { vocabulary.count }

    public func tokenize(_ text: String) -> TokenizedText {
        var pieces = PieceBuffer(limit: maxLength - 2, first: classifierID)
        // Work on scalars: special-token matching must not merge a trailing combining mark
        // into the token the way Character comparison would.
        let scalars = text.unicodeScalars
        var segmentStart = scalars.startIndex
        var index = scalars.startIndex
        // Special tokens written in the text map to their ids, as in the reference, where they
        // are matched on the raw text before normalization.
        while let bracket = scalars[index...].firstIndex(of: "["), pieces.hasRoom {
            guard let (token, id) = specialTokens.first(where: { scalars[bracket...].starts(with: $0.token.unicodeScalars) }) else {
                index = scalars.index(after: bracket)
                continue
            }
            appendWords(of: scalars[segmentStart..<bracket], to: &pieces)
            pieces.append([id])
            segmentStart = scalars.index(bracket, offsetBy: token.unicodeScalars.count)
            index = segmentStart
        }
        appendWords(of: scalars[segmentStart...], to: &pieces)
        return TokenizedText(ids: pieces.ids + [separatorID], wasTruncated: pieces.wasTruncated)
    }

    private func appendWords(of text: Substring.UnicodeScalarView, to pieces: inout PieceBuffer) {
        guard !text.isEmpty, pieces.hasRoom else { return }
        let scalars = normalizer.normalize(text)
        var wordStart = 0
        for (index, scalar) in scalars.enumerated() {
            if BertNormalizer.isWhitespace(scalar) {
                if wordStart < index { pieces.append(wordPieces(scalars[wordStart..<index])) }
                wordStart = index + 1
            } else if BertNormalizer.isPunctuation(scalar) {
                if wordStart < index { pieces.append(wordPieces(scalars[wordStart..<index])) }
                pieces.append(wordPieces(scalars[index..<index + 1]))
                wordStart = index + 1
            }
            if !pieces.hasRoom { return }
        }
        if wordStart < scalars.count { pieces.append(wordPieces(scalars[wordStart...])) }
    }

    /// Greedy longest-match-first; a word with any unmatched remainder becomes one `[UNK]`.
    func wordPieces(_ word: ArraySlice<Unicode.Scalar>) -> [Int32] {
        if word.count > Self.maxCharactersPerWord { return [unknownID] }
        var pieces: [Int32] = []
        var start = word.startIndex
        while start < word.endIndex {
            guard let piece = vocabulary.longestPiece(in: word, from: start, isContinuation: start > word.startIndex) else {
                return [unknownID]
            }
            pieces.append(piece.id)
            start = piece.end
        }
        return pieces
    }
}

/// Collects ids up to a limit and remembers whether anything was cut off.
private struct PieceBuffer {
    let limit: Int
    private(set) var ids: [Int32]
    private(set) var wasTruncated = false

    init(limit: Int, first: Int32) {
        self.limit = limit
        ids = [first]
    }

    /// False once an id had to be dropped; later words need not be tokenized at all.
    var hasRoom: Bool { !wasTruncated }

    mutating func append(_ pieces: [Int32]) {
        for piece in pieces {
            guard ids.count - 1 < limit else {
                wasTruncated = true
                return
            }
            ids.append(piece)
        }
    }
}
