import Foundation
import Logging
import PostgresNIO
import TesseraCore
import Tracing

/// The scale-out store: several stateless `tessera serve` nodes share one PostgreSQL database
/// through a pooled `PostgresClient` each. Every write runs in one transaction with its events,
/// and invariants that SQLite's single writer gave for free are kept with row locks (see the
/// record and schema extensions) and the events lock (`PostgresTransaction`).
///
/// The store owns its client's `run()`: `connect` starts it, `shutdown()` ends it. A process
/// that simply exits may skip `shutdown()`; committed data is safe either way.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let clientRun: Task<Void, Never>
    private let endpoint: String

    /// Connects, migrates the schema (under an advisory lock, so nodes starting together take
    /// turns), and starts the connection pool. Fails fast with a clear error when the server
    /// cannot be reached.
    public static func connect(_ configuration: PostgresConfiguration, logger: Logger = Logger(label: "tessera.postgres")) async throws -> PostgresStore {
        try await PostgresMigrations.migrate(configuration, logger: logger)
        let client = PostgresClient(configuration: clientConfiguration(configuration), backgroundLogger: logger)
        // Queries before `run()` has begun work but log a warning; wait until the task is in it.
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        let clientRun = Task {
            starting.finish()
            await client.run()
        }
        for await _ in started {}
        logger.debug("connected to PostgreSQL", metadata: ["endpoint": "\(configuration.host):\(configuration.port)", "database": "\(configuration.database)"])
        return PostgresStore(client: client, clientRun: clientRun, logger: logger, endpoint: "\(configuration.host):\(configuration.port)")
    }

    private init(client: PostgresClient, clientRun: Task<Void, Never>, logger: Logger, endpoint: String) {
        self.client = client
        self.clientRun = clientRun
        self.logger = logger
        self.endpoint = endpoint
    }

    /// Closes the pool's connections; the store cannot be used afterwards.
    public func shutdown() async {
        clientRun.cancel()
        await clientRun.value
    }

    /// Identifiers of the applied migrations, oldest first (for `tessera migrate`).
    public func appliedMigrations() async throws -> [String] {
        try await rows("SELECT identifier FROM migrations ORDER BY applied_order").map { try $0.value("identifier") }
    }

    // MARK: - Running queries

    /// Runs one statement outside any explicit transaction and returns all its rows.
    func rows(_ query: PostgresQuery, function: String = #function) async throws -> [PostgresRandomAccessRow] {
        let span = StoreSpan.start("postgresql", function)
        defer { span.end() }
        do {
            return try await client.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
        } catch {
            throw translate(error, recordingOn: span)
        }
    }

    /// A read-write transaction at READ COMMITTED, run again (whole) when PostgreSQL reports a
    /// serialization failure or a deadlock: the other transaction has committed by then.
    func write<T: Sendable>(function: String = #function, _ body: (PostgresTransaction) async throws -> T) async throws -> T {
        let span = StoreSpan.start("postgresql", function)
        defer { span.end() }
        var attempt = 1
        while true {
            do {
                return try await transaction("BEGIN", metrics: .postgresWrite, body)
            } catch let error as PSQLError where Self.isRetryable(error) && attempt < Self.maximumAttempts {
                logger.debug("retrying a transaction", metadata: ["sqlstate": "\(error.serverInfo?[.sqlState] ?? "")", "attempt": "\(attempt)"])
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...10) * attempt))
            } catch {
                throw translate(error, recordingOn: span)
            }
        }
    }

    /// A read-only transaction whose statements all see one snapshot.
    func snapshot<T: Sendable>(function: String = #function, _ body: (PostgresTransaction) async throws -> T) async throws -> T {
        let span = StoreSpan.start("postgresql", function)
        defer { span.end() }
        do {
            return try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", metrics: .postgresRead, body)
        } catch {
            throw translate(error, recordingOn: span)
        }
    }

    private func transaction<T: Sendable>(
        _ begin: PostgresQuery, metrics: DatabaseMetrics, _ body: (PostgresTransaction) async throws -> T
    ) async throws -> T {
        let requested = DispatchTime.now()
        return try await client.withConnection { connection in
            let connected = metrics.connected(requestedAt: requested)
            defer { metrics.released(connectedAt: connected) }
            try await connection.query(begin, logger: logger)
            let transaction = PostgresTransaction(connection: connection, logger: logger)
            do {
                let value = try await body(transaction)
                try await transaction.appendPendingEvents()
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                // When the connection itself failed this fails too, and the pool drops it.
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private static let maximumAttempts = 10

    private static func isRetryable(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }

    private func translate(_ error: any Error, recordingOn span: any Span) -> any Error {
        let translated = translate(error)
        span.recordFailure(translated)
        return translated
    }

    /// Unique violations become conflicts (as in SQLite); an unreachable server is `.unavailable`;
    /// other server errors keep their SQLSTATE and message, which `PSQLError` hides when printed.
    func translate(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        if let info = error.serverInfo {
            if info[.sqlState] == "23505" {
                return TesseraError(.conflict, "That already exists")
            }
            return PostgresStoreError(sqlState: info[.sqlState] ?? "", message: info[.message] ?? "", detail: info[.detail])
        }
        return TesseraError(.databaseUnavailable, "Cannot use the PostgreSQL database at \(endpoint): \(error.code)")
    }

    static func clientConfiguration(_ configuration: PostgresConfiguration) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch configuration.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var client = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: tls)
        client.options.maximumConnections = configuration.maximumConnections
        client.options.additionalStartupParameters = startupParameters(configuration)
        return client
    }

    static func startupParameters(_ configuration: PostgresConfiguration) -> [(String, String)] {
        var parameters = [("application_name", "tessera")]
        if let schema = configuration.schema {
            parameters.append(("search_path", "\"\(schema.replacingOccurrences(of: "\"", with: "\"\""))\""))
        }
        return parameters
    }
}

/// A PostgreSQL error other than the ones the store translates, with what the server said.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public let sqlState: String
    public let message: String
    public let detail: String?

    public var description: String {
        "PostgreSQL error \(sqlState): \(message)" + (detail.map { " (\($0))" } ?? "")
    }
}

extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}
