/// A store whose schema is kept by migrations, applied when it opens.
public protocol MigratedStore: Sendable {
    /// Identifiers of the applied migrations, oldest first (for `tessera migrate`).
    func appliedMigrations() async throws -> [String]
}

extension SQLiteStore: MigratedStore {}

extension PostgresStore: MigratedStore {}
