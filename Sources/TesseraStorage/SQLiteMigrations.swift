import GRDB

/// The SQLite schema, as SQL migrations. A shipped migration is never changed: add a new one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 core") { db in
            try db.execute(
                sql: """
                    CREATE TABLE settings (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE users (
                        id TEXT PRIMARY KEY,
                        email TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        password_hash TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE access_tokens (
                        id TEXT PRIMARY KEY,
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        secret_hash TEXT NOT NULL,
                        scopes TEXT NOT NULL,
                        base_ids TEXT,
                        created_at INTEGER NOT NULL,
                        revoked INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE refresh_tokens (
                        token_hash TEXT PRIMARY KEY,
                        family_id TEXT NOT NULL,
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        expires_at INTEGER NOT NULL,
                        used INTEGER NOT NULL DEFAULT 0,
                        revoked INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
                    CREATE TABLE workspaces (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        created_at INTEGER NOT NULL
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
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX bases_workspace ON bases(workspace_id, created_at);
                    CREATE TABLE tables (
                        id TEXT PRIMARY KEY,
                        base_id TEXT NOT NULL REFERENCES bases(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        description TEXT,
                        primary_field_id TEXT NOT NULL,
                        views TEXT NOT NULL
                    );
                    CREATE INDEX tables_base ON tables(base_id, position);
                    CREATE TABLE fields (
                        id TEXT PRIMARY KEY,
                        table_id TEXT NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        type TEXT NOT NULL,
                        description TEXT,
                        options TEXT
                    );
                    CREATE UNIQUE INDEX fields_table_name ON fields(table_id, name COLLATE NOCASE);
                    CREATE TABLE records (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        table_id TEXT NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
                        auto_number INTEGER NOT NULL,
                        data TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER
                    );
                    CREATE UNIQUE INDEX records_table_number ON records(table_id, auto_number);
                    CREATE TABLE comments (
                        id TEXT PRIMARY KEY,
                        record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                        author_id TEXT NOT NULL REFERENCES users(id),
                        text TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER
                    );
                    CREATE INDEX comments_record ON comments(record_id, created_at);
                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL,
                        base_id TEXT NOT NULL,
                        table_id TEXT,
                        record_id TEXT,
                        actor_id TEXT,
                        created_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2 search") { db in
            // Vectors and keyword text are derived from records by the search indexer. The foreign
            // key and the trigger drop them with their record in the same transaction, so nothing
            // is ever found for a record that no longer exists.
            try db.execute(
                sql: """
                    ALTER TABLE tables ADD COLUMN search_fields TEXT;
                    CREATE TABLE embeddings (
                        record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                        model TEXT NOT NULL,
                        table_id TEXT NOT NULL,
                        dimension INTEGER NOT NULL,
                        vector BLOB NOT NULL,
                        content_hash TEXT NOT NULL,
                        PRIMARY KEY (record_id, model)
                    );
                    CREATE INDEX embeddings_model_table ON embeddings(model, table_id);
                    CREATE VIRTUAL TABLE record_text USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');
                    CREATE TRIGGER records_delete_text AFTER DELETE ON records BEGIN
                        DELETE FROM record_text WHERE rowid = old.seq;
                    END;
                    CREATE TABLE follower_cursors (
                        name TEXT PRIMARY KEY,
                        sequence INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3 ai usage") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ai_usage (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                        user_id TEXT NOT NULL,
                        token_id TEXT,
                        model TEXT NOT NULL,
                        input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        cost_usd REAL NOT NULL,
                        cached INTEGER NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX ai_usage_workspace_time ON ai_usage(workspace_id, created_at);
                    CREATE TABLE workspace_budgets (
                        workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
                        monthly_usd REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v4 merge keys") { db in
            // Upserts used to build an expression index per merge field over every tenant's
            // records, inside the write lock; `merge_keys` replaces them (SQLiteStore+MergeKeys).
            let merged = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'records_merge_%'")
            for index in merged { try db.execute(sql: "DROP INDEX \"\(index)\"") }
            try db.execute(
                sql: """
                    CREATE TABLE merge_key_sets (
                        table_id TEXT NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
                        key_set TEXT NOT NULL,
                        PRIMARY KEY (table_id, key_set)
                    );
                    CREATE TABLE merge_keys (
                        table_id TEXT NOT NULL,
                        key_set TEXT NOT NULL,
                        key TEXT NOT NULL,
                        record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                        PRIMARY KEY (table_id, key_set, key, record_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX merge_keys_record ON merge_keys(record_id);
                    """)
        }
        migrator.registerMigration("v5 session families") { db in
            // One row per login, looked up by primary key on every request a JWT authenticates:
            // its revoked flag ends the family's JWTs at once. Existing families keep their state.
            try db.execute(
                sql: """
                    CREATE TABLE session_families (
                        id TEXT PRIMARY KEY,
                        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        revoked INTEGER NOT NULL DEFAULT 0
                    );
                    INSERT INTO session_families (id, user_id, revoked)
                        SELECT family_id, MIN(user_id), MAX(revoked) FROM refresh_tokens GROUP BY family_id;
                    """)
        }
        migrator.registerMigration("v6 record metadata") { db in
            // Who made and last changed each record (createdBy, lastModifiedBy), and when each
            // field last changed (LAST_MODIFIED_TIME({Field})): field id → milliseconds.
            try db.execute(
                sql: """
                    ALTER TABLE records ADD COLUMN created_by TEXT;
                    ALTER TABLE records ADD COLUMN updated_by TEXT;
                    ALTER TABLE records ADD COLUMN field_times TEXT;
                    """)
        }
        migrator.registerMigration("v7 audit log") { db in
            try db.execute(sql: AuditLogSQL.createTable(idColumn: "id INTEGER PRIMARY KEY AUTOINCREMENT"))
        }
        return migrator
    }
}
