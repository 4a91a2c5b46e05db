/// Token ids of one text, `[CLS]` … `[SEP]` included.
public struct TokenizedText: Sendable, Equatable {
    public let ids: [Int32]
    /// True when the text had more word pieces than the model takes and the tail was dropped.
    public let wasTruncated: Bool
}
