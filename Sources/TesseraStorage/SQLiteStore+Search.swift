import Foundation
import GRDB
import TesseraCore

extension SQLiteStore: SearchStore {
    public func searchSnapshot(follower: String, model: String) async throws -> SearchSnapshot {
        // One read transaction: the cursor and the vectors come from the same snapshot.
        try await read { db in
            let cursor = try Int64.fetchOne(db.cachedStatement(sql: "SELECT sequence FROM follower_cursors WHERE name = ?"), arguments: [follower])
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.record_id, e.table_id, r.auto_number, e.content_hash, e.vector
                    FROM embeddings e JOIN records r ON r.id = e.record_id
                    WHERE e.model = ? ORDER BY e.table_id, r.auto_number
                    """, arguments: [model])
            var embeddings: [StoredEmbedding] = []
            while let row = try rows.next() {
                embeddings.append(Self.embedding(row))
            }
            return SearchSnapshot(cursor: cursor, embeddings: embeddings)
        }
    }

    public func embeddings(recordIDs: [String], model: String) async throws -> [String: StoredEmbedding] {
        guard !recordIDs.isEmpty else { return [:] }
        return try lookup { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.record_id, e.table_id, r.auto_number, e.content_hash, e.vector
                    FROM embeddings e JOIN records r ON r.id = e.record_id
                    WHERE e.model = ? AND e.record_id IN (\(Self.placeholders(recordIDs.count)))
                    """, arguments: StatementArguments([model] + recordIDs))
            return Dictionary(
                rows.map { row in
                    let embedding = Self.embedding(row)
                    return (embedding.recordID, embedding)
                }, uniquingKeysWith: { first, _ in first })
        }
    }

    @discardableResult
    public func saveSearchDocuments(_ documents: [SearchDocument], model: String, follower: String, cursor: Int64) async throws -> Set<String> {
        try await write { db in
            var written = Set<String>()
            for document in documents {
                guard
                    let seq = try Int64.fetchOne(
                        db.cachedStatement(sql: "SELECT seq FROM records WHERE id = ? AND COALESCE(updated_at, created_at) = ?"),
                        arguments: [document.recordID, document.version.milliseconds])
                else { continue }
                try db.execute(sql: "DELETE FROM record_text WHERE rowid = ?", arguments: [seq])
                written.insert(document.recordID)
                guard let vector = document.vector else {
                    try db.execute(sql: "DELETE FROM embeddings WHERE record_id = ? AND model = ?", arguments: [document.recordID, model])
                    continue
                }
                try db.execute(sql: "INSERT INTO record_text (rowid, text) VALUES (?, ?)", arguments: [seq, document.text])
                try db.execute(
                    sql: """
                        INSERT INTO embeddings (record_id, model, table_id, dimension, vector, content_hash) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (record_id, model) DO UPDATE SET vector = excluded.vector, dimension = excluded.dimension,
                            content_hash = excluded.content_hash
                        """, arguments: [document.recordID, model, document.tableID, vector.count, Self.blob(vector), document.contentHash])
            }
            try db.execute(
                sql: """
                    INSERT INTO follower_cursors (name, sequence) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET sequence = MAX(sequence, excluded.sequence)
                    """, arguments: [follower, cursor])
            return written
        }
    }

    public func keywordMatches(tableID: String, query: String, limit: Int) async throws -> [KeywordMatch] {
        guard let expression = Self.ftsExpression(query), limit > 0 else { return [] }
        // The texts are read for the ranked few only: selected beside the rank, every match's
        // text would be read into the sorter (3× the time of a query matching 800 rows).
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT ranked.id, ranked.rank, (SELECT text FROM record_text WHERE rowid = ranked.seq) AS text
                    FROM (SELECT r.id, r.seq, r.auto_number, bm25(record_text) AS rank FROM record_text JOIN records r ON r.seq = record_text.rowid
                          WHERE record_text MATCH ? AND r.table_id = ? ORDER BY rank, r.auto_number LIMIT ?) AS ranked
                    ORDER BY ranked.rank, ranked.auto_number
                    """, arguments: [expression, tableID, limit]
            ).map { row in
                KeywordMatch(recordID: row["id"], score: -(row["rank"] as Double), text: row["text"])
            }
        }
    }

    public func latestEventSequence() async throws -> Int64 {
        try lookup { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM events")) ?? 0 }
    }

    /// Any of the query's words, each quoted, so user text can never be read as FTS syntax.
    static func ftsExpression(_ query: String) -> String? {
        let words = query.split { !$0.isLetter && !$0.isNumber }.map { "\"\($0)\"" }
        return words.isEmpty ? nil : words.joined(separator: " OR ")
    }

    private static func embedding(_ row: Row) -> StoredEmbedding {
        StoredEmbedding(
            recordID: row["record_id"], tableID: row["table_id"], autoNumber: row["auto_number"],
            contentHash: row["content_hash"], vector: floats(row["vector"]))
    }

    /// Vectors are stored as little-endian float32.
    private static func blob(_ vector: [Float]) -> Data {
        var data = Data(capacity: vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    private static func floats(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in
            (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}
