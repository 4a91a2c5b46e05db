import Foundation

/// The normalization switches of a Hugging Face `tokenizer_config.json`.
struct TokenizerOptions: Decodable, Equatable {
    var lowercases = true
    var stripsAccents = true
    var splitsChineseCharacters = true
    var specialTokens = ["[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]"]

    private enum CodingKeys: String, CodingKey {
        case unknownToken = "unk_token"
        case separatorToken = "sep_token"
        case paddingToken = "pad_token"
        case classifierToken = "cls_token"
        case maskToken = "mask_token"
        case doLowerCase = "do_lower_case"
        case stripAccents = "strip_accents"
        case tokenizeChineseChars = "tokenize_chinese_chars"
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        lowercases = try container.decodeIfPresent(Bool.self, forKey: .doLowerCase) ?? true
        // `strip_accents: null` means "whatever lower-casing does", as in the reference.
        stripsAccents = try container.decodeIfPresent(Bool.self, forKey: .stripAccents) ?? lowercases
        splitsChineseCharacters = try container.decodeIfPresent(Bool.self, forKey: .tokenizeChineseChars) ?? true
        let tokenKeys: [CodingKeys] = [.unknownToken, .separatorToken, .paddingToken, .classifierToken, .maskToken]
        let configured = try tokenKeys.compactMap { try container.decodeIfPresent(String.self, forKey: $0) }
        if !configured.isEmpty { specialTokens = configured }
    }

    /// BERT uncased defaults when the file does not exist; an unreadable file is an error.
    init(contentsOf url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            self.init()
            return
        }
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(contentsOf: url))
        } catch {
            throw EmbeddingError(.invalidConfig, file: url.path, "cannot read tokenizer options: \(error)")
        }
    }
}
