import Foundation
import PostgresNIO
import TesseraCore

extension PostgresStore: SearchStore {
    public func searchSnapshot(follower: String, model: String) async throws -> SearchSnapshot {
        // One REPEATABLE READ transaction: the cursor and the vectors come from the same snapshot.
        try await snapshot { transaction in
            let cursor: Int64? = try await transaction.row("SELECT sequence FROM follower_cursors WHERE name = \(follower)")?.value("sequence")
            let embeddings = try await transaction.rows(
                """
                SELECT e.record_id, e.table_id, r.auto_number, e.content_hash, e.vector
                FROM embeddings e JOIN records r ON r.id = e.record_id
                WHERE e.model = \(model) ORDER BY e.table_id, r.auto_number
                """
            ).map(Self.embedding)
            return SearchSnapshot(cursor: cursor, embeddings: embeddings)
        }
    }

    public func embeddings(recordIDs: [String], model: String) async throws -> [String: StoredEmbedding] {
        guard !recordIDs.isEmpty else { return [:] }
        let rows = try await rows(
            """
            SELECT e.record_id, e.table_id, r.auto_number, e.content_hash, e.vector
            FROM embeddings e JOIN records r ON r.id = e.record_id
            WHERE e.model = \(model) AND e.record_id = ANY(\(recordIDs))
            """)
        return Dictionary(
            try rows.map { row in
                let embedding = try Self.embedding(row)
                return (embedding.recordID, embedding)
            },
            uniquingKeysWith: { first, _ in first })
    }

    /// A few statements per call, whatever the number of documents: the indexer saves them in
    /// batches, and a round trip per document would bound ingest speed.
    @discardableResult
    public func saveSearchDocuments(_ documents: [SearchDocument], model: String, follower: String, cursor: Int64) async throws -> Set<String> {
        try await write { transaction in
            var current: [String: SearchDocument] = [:]
            if !documents.isEmpty {
                // FOR SHARE holds off concurrent edits until this commits; their events then
                // bring the newer text.
                var versions: [String: Int64] = [:]
                for row in try await transaction.rows(
                    """
                    SELECT id, COALESCE(updated_at, created_at) AS version FROM records WHERE id = ANY(\(documents.map(\.recordID))) FOR SHARE
                    """)
                {
                    versions[try row.value("id")] = try row.value("version")
                }
                for document in documents where versions[document.recordID] == document.version.milliseconds {
                    current[document.recordID] = document
                }
            }
            let cleared = current.values.filter { $0.vector == nil }.map(\.recordID)
            if !cleared.isEmpty {
                try await transaction.execute("DELETE FROM record_text WHERE record_id = ANY(\(cleared))")
                try await transaction.execute("DELETE FROM embeddings WHERE record_id = ANY(\(cleared)) AND model = \(model)")
            }
            let indexed = current.values.filter { $0.vector != nil }
            if !indexed.isEmpty {
                try await transaction.execute(
                    """
                    INSERT INTO record_text (record_id, table_id, text)
                    SELECT * FROM unnest(\(indexed.map(\.recordID)), \(indexed.map(\.tableID)), \(indexed.map(\.text)))
                    ON CONFLICT (record_id) DO UPDATE SET text = excluded.text
                    """)
                try await transaction.execute(
                    """
                    INSERT INTO embeddings (record_id, model, table_id, dimension, vector, content_hash)
                    SELECT record_id, \(model), table_id, dimension, vector, content_hash
                    FROM unnest(\(indexed.map(\.recordID)), \(indexed.map(\.tableID)), \(indexed.map { $0.vector?.count ?? 0 }),
                                \(indexed.map { Self.bytes($0.vector ?? []) }), \(indexed.map(\.contentHash)))
                        AS d(record_id, table_id, dimension, vector, content_hash)
                    ON CONFLICT (record_id, model) DO UPDATE SET vector = excluded.vector, dimension = excluded.dimension,
                        content_hash = excluded.content_hash
                    """)
            }
            try await transaction.execute(
                """
                INSERT INTO follower_cursors (name, sequence) VALUES (\(follower), \(cursor))
                ON CONFLICT (name) DO UPDATE SET sequence = GREATEST(follower_cursors.sequence, excluded.sequence)
                """)
            return Set(current.keys)
        }
    }

    /// English stemming (like SQLite's porter tokenizer), ranked by `ts_rank`.
    public func keywordMatches(tableID: String, query: String, limit: Int) async throws -> [KeywordMatch] {
        guard let expression = Self.tsQuery(query), limit > 0 else { return [] }
        return try await rows(
            """
            SELECT r.id, ts_rank(t.document, q) AS rank, t.text
            FROM record_text t JOIN records r ON r.id = t.record_id, to_tsquery('english', \(expression)) q
            WHERE t.table_id = \(tableID) AND t.document @@ q ORDER BY rank DESC, r.auto_number LIMIT \(limit)
            """
        ).map { row in
            KeywordMatch(recordID: try row.value("id"), score: Double(try row.value("rank", as: Float.self)), text: try row.value("text"))
        }
    }

    public func latestEventSequence() async throws -> Int64 {
        try await rows("SELECT COALESCE(MAX(seq), 0) AS seq FROM events").first?.value("seq") ?? 0
    }

    /// Any of the query's words. Words are runs of letters and digits, which never hold
    /// tsquery syntax, so user text cannot be read as operators.
    static func tsQuery(_ query: String) -> String? {
        let words = query.split { !$0.isLetter && !$0.isNumber }
        return words.isEmpty ? nil : words.joined(separator: " | ")
    }

    private static func embedding(_ row: PostgresRandomAccessRow) throws -> StoredEmbedding {
        StoredEmbedding(
            recordID: try row.value("record_id"), tableID: try row.value("table_id"), autoNumber: try row.value("auto_number"),
            contentHash: try row.value("content_hash"), vector: floats(try row.value("vector")))
    }

    /// Vectors are stored as little-endian float32, as in SQLite.
    private static func bytes(_ vector: [Float]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(vector.count * 4)
        for value in vector {
            buffer.writeInteger(value.bitPattern, endianness: .little)
        }
        return buffer
    }

    private static func floats(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in
            (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}
