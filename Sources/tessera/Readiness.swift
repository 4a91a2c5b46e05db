import HTTPServer
import Logging
import Search
import TesseraCore
import TesseraStorage

extension ReadinessChecks {
    /// Search counts as caught up this close behind the events log: a node under steady writes
    /// is always a few events behind, and a balancer should still send it traffic.
    static let searchLagAllowed: Int64 = 1_000

    /// `tessera serve`'s checks: the database answers, it holds every migration this binary
    /// knows, and the search indexer follows the events log closely.
    static func serving(database: any TesseraStore & MigratedStore, indexer: SearchIndexer, logger: Logger) -> ReadinessChecks {
        ReadinessChecks([
            (
                "database",
                {
                    await reason(logger) {
                        _ = try await database.userCount()
                        return nil
                    }
                }
            ),
            (
                "migrations",
                {
                    await reason(logger) {
                        let pending = try await database.pendingMigrations()
                        return pending.isEmpty ? nil : "not applied: \(pending.joined(separator: ", "))"
                    }
                }
            ),
            (
                "search",
                {
                    await reason(logger) {
                        let behind = try await indexer.eventsBehind()
                        return behind <= searchLagAllowed ? nil : "\(behind) events behind the log"
                    }
                }
            ),
        ])
    }

    /// The check's own reason; an error goes to the log, not to the unauthenticated caller.
    private static func reason(_ logger: Logger, _ body: () async throws -> String?) async -> String? {
        do {
            return try await body()
        } catch {
            logger.error("readiness check failed", metadata: ["error": "\(error)"])
            return "failed (see the server log)"
        }
    }
}
