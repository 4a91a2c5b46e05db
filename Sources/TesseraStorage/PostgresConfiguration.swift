import Foundation
import TesseraCore

/// Where a `PostgresStore` connects, read from a `postgres://user:password@host:port/database`
/// URL (`postgresql://` too; `?sslmode=disable|prefer|require`).
public struct PostgresConfiguration: Sendable, Equatable {
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The schema that holds Tessera's tables (the connections' `search_path`); nil keeps the
    /// server's default (`public`). Several deployments, or tests, can share one database this way.
    public var schema: String?
    /// Connections each process keeps at most; every `tessera serve` node has its own pool.
    public var maximumConnections: Int

    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
        tls: TLSMode = .prefer, schema: String? = nil, maximumConnections: Int = 20
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.schema = schema
        self.maximumConnections = maximumConnections
    }

    /// Whether a database URL names PostgreSQL rather than SQLite.
    public static func isPostgresURL(_ url: String) -> Bool {
        url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")
    }

    public init(url: String) throws {
        // Never echo the URL itself in errors: it may carry a password.
        func invalid(_ reason: String) -> TesseraError {
            TesseraError(.invalidDatabaseURL, "Invalid PostgreSQL URL: \(reason)")
        }
        guard Self.isPostgresURL(url), let components = URLComponents(string: url) else {
            throw invalid("expected postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("no host") }
        guard let username = components.user, !username.isEmpty else { throw invalid("no user name") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init) else { throw invalid("sslmode must be disable, prefer or require") }
                tls = mode
            default:
                throw invalid("unsupported parameter \"\(item.name)\" (only sslmode is understood)")
            }
        }
        self.init(
            host: host, port: components.port ?? 5432, username: username.removingPercentEncoding ?? username,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.isEmpty ? username : (database.removingPercentEncoding ?? database), tls: tls)
    }
}
