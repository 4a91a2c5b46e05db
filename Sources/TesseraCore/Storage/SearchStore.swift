import Foundation

/// What the search indexer keeps in the database: one vector per record and model (the
/// `embeddings` table), the records' text for keyword search, and the position of each follower
/// of the events log.
public protocol SearchStore: Sendable {
    /// The follower's persisted cursor and every stored vector of `model`, read in one snapshot,
    /// so replaying the events after the cursor brings the vectors up to date.
    func searchSnapshot(follower: String, model: String) async throws -> SearchSnapshot
    /// The stored vectors of these records for `model`, keyed by record id.
    func embeddings(recordIDs: [String], model: String) async throws -> [String: StoredEmbedding]
    /// In one transaction: writes each document (vector and keyword text) whose record still
    /// has the version it was computed from, and moves the follower's cursor forward to
    /// `cursor` (never back). Documents of records changed or deleted since are skipped: a
    /// later event brings them. Returns the ids of the records whose documents were written.
    @discardableResult
    func saveSearchDocuments(_ documents: [SearchDocument], model: String, follower: String, cursor: Int64) async throws -> Set<String>
    /// Records of the table whose text holds any word of `query`, best first, with that text.
    func keywordMatches(tableID: String, query: String, limit: Int) async throws -> [KeywordMatch]
    /// The sequence number of the newest event, 0 when there is none.
    func latestEventSequence() async throws -> Int64
}

public struct SearchSnapshot: Sendable {
    /// Every event up to here is reflected in `embeddings`; nil when the follower never ran.
    public let cursor: Int64?
    public let embeddings: [StoredEmbedding]

    public init(cursor: Int64?, embeddings: [StoredEmbedding]) {
        self.cursor = cursor
        self.embeddings = embeddings
    }
}

public struct StoredEmbedding: Sendable, Equatable {
    public let recordID: String
    public let tableID: String
    public let autoNumber: Int
    public let contentHash: String
    public let vector: [Float]

    public init(recordID: String, tableID: String, autoNumber: Int, contentHash: String, vector: [Float]) {
        self.recordID = recordID
        self.tableID = tableID
        self.autoNumber = autoNumber
        self.contentHash = contentHash
        self.vector = vector
    }
}

/// The searchable form of one record at one version.
public struct SearchDocument: Sendable {
    public let recordID: String
    public let tableID: String
    /// The record's last change (or creation) time the text was read at.
    public let version: Date
    public let text: String
    public let contentHash: String
    /// Nil when the record has no searchable text: its vector and keyword text are removed.
    public let vector: [Float]?

    public init(recordID: String, tableID: String, version: Date, text: String, contentHash: String, vector: [Float]?) {
        self.recordID = recordID
        self.tableID = tableID
        self.version = version
        self.text = text
        self.contentHash = contentHash
        self.vector = vector
    }
}

public struct KeywordMatch: Sendable, Equatable {
    public let recordID: String
    /// Higher is better (negated BM25 in SQLite).
    public let score: Double
    /// The indexed text of the record.
    public let text: String

    public init(recordID: String, score: Double, text: String) {
        self.recordID = recordID
        self.score = score
        self.text = text
    }
}
