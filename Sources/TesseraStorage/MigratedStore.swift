import GRDB

/// A store whose schema is kept by migrations, applied when it opens.
public protocol MigratedStore: Sendable {
    /// Identifiers of the applied migrations, oldest first (for `tessera migrate`).
    func appliedMigrations() async throws -> [String]

    /// Identifiers of the migrations this binary knows, oldest first.
    var knownMigrations: [String] { get }
}

extension MigratedStore {
    /// The migrations this binary knows that the database has not applied: none once the store
    /// has opened, unless another process rolled the database back or it was restored from an
    /// older copy.
    public func pendingMigrations() async throws -> [String] {
        let applied = Set(try await appliedMigrations())
        return knownMigrations.filter { !applied.contains($0) }
    }
}

extension SQLiteStore: MigratedStore {
    public var knownMigrations: [String] { SQLiteMigrations.migrator.migrations }
}

extension PostgresStore: MigratedStore {
    public var knownMigrations: [String] { PostgresMigrations.all.map(\.identifier) }
}
