import Foundation
import Logging
import PostgresNIO
import TesseraCore
import TesseraStorage

/// A schema of its own, in the database that `TESSERA_TEST_DATABASE_URL` names, for one test:
/// tests running in parallel never see each other's data.
public struct PostgresTestSchema: Sendable {
    /// Where the store's tables go.
    public let configuration: PostgresConfiguration

    /// The test database, or nil when the tests run on SQLite.
    public static var databaseURL: String? {
        ProcessInfo.processInfo.environment["TESSERA_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Creates an empty schema in the test database; nil when none is configured.
    public static func create() async throws -> PostgresTestSchema? {
        guard let url = databaseURL else { return nil }
        var configuration = try PostgresConfiguration(url: url)
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await run("CREATE SCHEMA \(unescaped: name)", configuration)
        configuration.schema = name
        // Many tests run at once: keep each one's pool small.
        configuration.maximumConnections = 4
        return PostgresTestSchema(configuration: configuration)
    }

    /// Opens a store on this schema (each store has its own connection pool, like a node).
    public func openStore() async throws -> PostgresStore {
        try await PostgresStore.connect(configuration, logger: Self.logger)
    }

    /// Drops the schema with everything in it.
    public func drop() async throws {
        guard let schema = configuration.schema else { return }
        try await Self.run("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", configuration)
    }

    /// Runs `statements` in this schema, one by one, outside any store: for tests that reach
    /// under the store (a trigger that injects a fault, say).
    public func execute(_ statements: [String]) async throws {
        guard let schema = configuration.schema else { return }
        try await Self.run(["SET search_path TO \(unescaped: schema)"] + statements.map { "\(unescaped: $0)" }, configuration)
    }

    /// Quiet: every test migrates a schema of its own.
    private static var logger: Logger {
        var logger = Logger(label: "tessera.test.postgres")
        logger.logLevel = .warning
        return logger
    }

    private static func run(_ statement: PostgresQuery, _ configuration: PostgresConfiguration) async throws {
        try await run([statement], configuration)
    }

    private static func run(_ statements: [PostgresQuery], _ configuration: PostgresConfiguration) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database, tls: .disable),
            id: 0, logger: logger)
        do {
            for statement in statements { try await connection.query(statement, logger: logger) }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
