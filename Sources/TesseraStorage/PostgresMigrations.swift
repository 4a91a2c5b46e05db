import Foundation
import Logging
import PostgresNIO
import TesseraCore

/// The PostgreSQL schema, as SQL migrations with the same identifiers as `SQLiteMigrations`.
/// A shipped migration is never changed: add a new one.
enum PostgresMigrations {
    static let all: [(identifier: String, sql: String)] = [
        (
            "v1 core",
            """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE access_tokens (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                secret_hash TEXT NOT NULL,
                scopes TEXT NOT NULL,
                base_ids TEXT,
                created_at BIGINT NOT NULL,
                revoked BOOLEAN NOT NULL DEFAULT FALSE
            );
            CREATE INDEX access_tokens_user ON access_tokens(user_id);
            CREATE TABLE refresh_tokens (
                token_hash TEXT PRIMARY KEY,
                family_id TEXT NOT NULL,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                expires_at BIGINT NOT NULL,
                used BOOLEAN NOT NULL DEFAULT FALSE,
                revoked BOOLEAN NOT NULL DEFAULT FALSE
            );
            CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
            CREATE TABLE workspaces (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE workspace_members (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                permission_level TEXT NOT NULL,
                PRIMARY KEY (workspace_id, user_id)
            );
            CREATE INDEX workspace_members_user ON workspace_members(user_id);
            CREATE TABLE bases (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX bases_workspace ON bases(workspace_id, created_at);
            CREATE TABLE tables (
                id TEXT PRIMARY KEY,
                base_id TEXT NOT NULL REFERENCES bases(id) ON DELETE CASCADE,
                position BIGINT NOT NULL,
                name TEXT NOT NULL,
                description TEXT,
                primary_field_id TEXT NOT NULL,
                views TEXT NOT NULL
            );
            CREATE INDEX tables_base ON tables(base_id, position);
            CREATE TABLE fields (
                id TEXT PRIMARY KEY,
                table_id TEXT NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
                position BIGINT NOT NULL,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                description TEXT,
                options TEXT
            );
            -- lower() under the "C" collation folds ASCII only, like SQLite's NOCASE.
            CREATE UNIQUE INDEX fields_table_name ON fields(table_id, lower(name COLLATE "C"));
            -- Cells keyed by field id. The GIN index serves the exact-match prefilter and the
            -- merge-key lookup of upserts (both containment tests) for every field at once.
            CREATE TABLE records (
                id TEXT PRIMARY KEY,
                table_id TEXT NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
                auto_number BIGINT NOT NULL,
                data JSONB NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT
            );
            CREATE UNIQUE INDEX records_table_number ON records(table_id, auto_number);
            CREATE INDEX records_data ON records USING GIN (data jsonb_path_ops);
            CREATE TABLE comments (
                id TEXT PRIMARY KEY,
                record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                author_id TEXT NOT NULL REFERENCES users(id),
                text TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT
            );
            CREATE INDEX comments_record ON comments(record_id, created_at);
            CREATE TABLE events (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind TEXT NOT NULL,
                base_id TEXT NOT NULL,
                table_id TEXT,
                record_id TEXT,
                actor_id TEXT,
                created_at BIGINT NOT NULL
            );
            """
        ),
        // Vectors and keyword text are derived from records by the search indexer; the foreign
        // keys drop them with their record in the same transaction.
        (
            "v2 search",
            """
            ALTER TABLE tables ADD COLUMN search_fields TEXT;
            CREATE TABLE embeddings (
                record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                model TEXT NOT NULL,
                table_id TEXT NOT NULL,
                dimension INTEGER NOT NULL,
                vector BYTEA NOT NULL,
                content_hash TEXT NOT NULL,
                PRIMARY KEY (record_id, model)
            );
            CREATE INDEX embeddings_model_table ON embeddings(model, table_id);
            CREATE TABLE record_text (
                record_id TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
                table_id TEXT NOT NULL,
                text TEXT NOT NULL,
                document TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
            );
            CREATE INDEX record_text_document ON record_text USING GIN (document);
            CREATE TABLE follower_cursors (
                name TEXT PRIMARY KEY,
                sequence BIGINT NOT NULL
            );
            """
        ),
        (
            "v3 ai usage",
            """
            CREATE TABLE ai_usage (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL,
                token_id TEXT,
                model TEXT NOT NULL,
                input_tokens BIGINT NOT NULL,
                output_tokens BIGINT NOT NULL,
                cost_usd DOUBLE PRECISION NOT NULL,
                cached BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX ai_usage_workspace_time ON ai_usage(workspace_id, created_at);
            CREATE TABLE workspace_budgets (
                workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
                monthly_usd DOUBLE PRECISION NOT NULL
            );
            """
        ),
        // One row per login, looked up by primary key on every request a JWT authenticates: its
        // revoked flag ends the family's JWTs at once. Existing families keep their state.
        (
            "v4 session families",
            """
            CREATE TABLE session_families (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                revoked BOOLEAN NOT NULL DEFAULT FALSE
            );
            INSERT INTO session_families (id, user_id, revoked)
                SELECT family_id, MIN(user_id), bool_or(revoked) FROM refresh_tokens GROUP BY family_id;
            """
        ),
        // Who made and last changed each record (createdBy, lastModifiedBy), and when each field
        // last changed (LAST_MODIFIED_TIME({Field})): field id → milliseconds, as JSON text.
        (
            "v5 record metadata",
            """
            ALTER TABLE records ADD COLUMN created_by TEXT;
            ALTER TABLE records ADD COLUMN updated_by TEXT;
            ALTER TABLE records ADD COLUMN field_times TEXT;
            """
        ),
        ("v6 audit log", AuditLogSQL.createTable(idColumn: "id BIGSERIAL PRIMARY KEY")),
    ]

    /// Applies the missing migrations on a connection of its own, each in a transaction, while
    /// holding a session advisory lock: a second node starting at the same time waits, then
    /// finds nothing left to do.
    static func migrate(_ configuration: PostgresConfiguration, logger: Logger) async throws {
        let connection = try await connect(configuration, logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_lock(hashtext('tessera.migrations:' || current_schema()))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS migrations (
                    identifier TEXT PRIMARY KEY,
                    applied_order INTEGER NOT NULL UNIQUE,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            let applied = try await connection.query("SELECT identifier FROM migrations", logger: logger).collect()
                .map { try $0.decode(String.self) }
            for (order, migration) in all.enumerated() where !applied.contains(migration.identifier) {
                logger.info("applying migration", metadata: ["migration": "\(migration.identifier)"])
                try await connection.query("BEGIN", logger: logger)
                do {
                    for statement in statements(migration.sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO migrations (identifier, applied_order) VALUES (\(migration.identifier), \(order))", logger: logger)
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
            try await connection.query("SELECT pg_advisory_unlock(hashtext('tessera.migrations:' || current_schema()))", logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw migrationError(error, configuration)
        }
    }

    /// The extended query protocol takes one statement at a time; in these scripts each
    /// statement ends with a semicolon at the end of a line.
    static func statements(_ sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }
            .filter { !$0.isEmpty }
    }

    private static func connect(_ configuration: PostgresConfiguration, logger: Logger) async throws -> PostgresConnection {
        let client = PostgresStore.clientConfiguration(configuration)
        var options = PostgresConnection.Configuration.Options()
        options.additionalStartupParameters = PostgresStore.startupParameters(configuration)
        let tls: PostgresConnection.Configuration.TLS
        do {
            tls =
                switch configuration.tls {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
        } catch {
            throw TesseraError(.databaseUnavailable, "Cannot set up TLS for PostgreSQL: \(error)")
        }
        var connection = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: client.username,
            password: client.password, database: client.database, tls: tls)
        connection.options = options
        do {
            return try await PostgresConnection.connect(configuration: connection, id: 0, logger: logger)
        } catch {
            throw migrationError(error, configuration)
        }
    }

    private static func migrationError(_ error: any Error, _ configuration: PostgresConfiguration) -> any Error {
        if error is TesseraError { return error }
        let reason: String
        if let error = error as? PSQLError {
            reason = error.serverInfo.map { "\($0[.sqlState] ?? ""): \($0[.message] ?? "")" } ?? "\(error.code)\(error.underlying.map { " (\($0))" } ?? "")"
        } else {
            reason = "\(error)"
        }
        return TesseraError(
            .databaseUnavailable, "Cannot open the PostgreSQL database \(configuration.database) at \(configuration.host):\(configuration.port): \(reason)")
    }
}
