import Foundation
import Testing

@testable import Embeddings

@Suite struct BertTokenizerTests {
    /// A tiny vocabulary: the ids are the positions in this list.
    static let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "the", "cafe", ",", "!", "$", "东", "##s", "a"]

    static func tokenizer(maxLength: Int = 16) throws -> BertTokenizer {
        try BertTokenizer(vocabulary: WordPieceVocabulary(tokens: tokens), normalizer: BertNormalizer(), maxLength: maxLength, vocabularyPath: "test-vocab")
    }

    static func pieces(_ text: String, maxLength: Int = 16) throws -> [String] {
        try tokenizer(maxLength: maxLength).tokenize(text).ids.map { tokens[Int($0)] }
    }

    @Test func splitsWordsIntoLongestPieces() throws {
        #expect(try Self.pieces("unaffable") == ["[CLS]", "un", "##aff", "##able", "[SEP]"])
    }

    @Test func wordWithUnmatchedRestBecomesOneUnknown() throws {
        #expect(try Self.pieces("unaffablex the") == ["[CLS]", "[UNK]", "the", "[SEP]"])
    }

    @Test func lowerCasesStripsAccentsAndSplitsPunctuation() throws {
        #expect(try Self.pieces("THE Café,the!$") == ["[CLS]", "the", "cafe", ",", "the", "!", "$", "[SEP]"])
    }

    @Test func isolatesChineseCharactersAndDropsControls() throws {
        #expect(try Self.pieces("the东\u{0}the\u{7}") == ["[CLS]", "the", "东", "the", "[SEP]"])
    }

    @Test func wordsOverHundredCharactersAreUnknown() throws {
        #expect(try Self.pieces(String(repeating: "a", count: 101)) == ["[CLS]", "[UNK]", "[SEP]"])
    }

    @Test func emptyAndBlankTextsGiveOnlyMarkers() throws {
        #expect(try Self.pieces("") == ["[CLS]", "[SEP]"])
        #expect(try Self.pieces(" \t\r\n ") == ["[CLS]", "[SEP]"])
    }

    @Test func truncatesAtMaxLengthAndSaysSo() throws {
        let tokenizer = try Self.tokenizer(maxLength: 5)
        let long = tokenizer.tokenize("the the the the")
        #expect(long.ids.map { Self.tokens[Int($0)] } == ["[CLS]", "the", "the", "the", "[SEP]"])
        #expect(long.wasTruncated)
        let exact = tokenizer.tokenize("the the the")
        #expect(exact.ids.count == 5)
        #expect(!exact.wasTruncated)
    }

    @Test func vocabularyWithoutSpecialTokensIsRejected() throws {
        let error = #expect(throws: EmbeddingError.self) {
            try BertTokenizer(vocabulary: WordPieceVocabulary(tokens: ["a", "b"]), normalizer: BertNormalizer(), maxLength: 8, vocabularyPath: "v.txt")
        }
        #expect(error?.description.contains("v.txt") == true)
    }

    @Test func missingVocabularyFileIsNamed() throws {
        let directory = try TestFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EmbeddingError.self) { try BertTokenizer(modelDirectory: directory, maxLength: 16) }
        #expect(error?.code == .invalidVocabulary)
        #expect(error?.description.contains("vocab.txt") == true)
    }

    /// Every line of the reference corpus (≥ 10,000 real lines plus hard cases) must give the
    /// ids of the model's own tokenizer, truncation flag included.
    @Test func matchesReferenceTokenizerOnCorpus() throws {
        let corpus = try TestFixtures.corpus()
        #expect(corpus.count >= 10_000)
        let tokenizer = try TestFixtures.loadModel().tokenizer
        var mismatches: [String] = []
        for line in corpus {
            let tokenized = tokenizer.tokenize(line.text)
            if tokenized.ids != line.ids || tokenized.wasTruncated != line.truncated {
                mismatches.append(
                    "\(line.text.debugDescription): got \(tokenized.ids) truncated=\(tokenized.wasTruncated), want \(line.ids) truncated=\(line.truncated)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(corpus.count) lines differ; first: \(mismatches.prefix(5).joined(separator: "\n"))")
        #expect(corpus.contains { $0.truncated }, "the corpus should exercise truncation")
    }
}
