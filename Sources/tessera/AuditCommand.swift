import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TesseraCore

/// `tessera audit`: the operator's view of the audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and prune the audit log (logins, tokens, members, schema changes, deletions, AI writes, budgets).",
        subcommands: [List.self, Prune.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print audit log entries, newest first.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Only this workspace's entries and its members' logins and tokens (wsp…; default: every entry).") var workspace: String?
        @Option(name: .customLong("action"), help: "Only this action, repeatable. One of: \(AuditAction.allCases.map(\.rawValue).joined(separator: ", ")).")
        var actions: [String] = []
        @Option(help: "Only acts of the user with this email.") var actor: String?
        @Option(help: "Only entries at or after this ISO 8601 time.") var since: String?
        @Option(help: "Only entries before this ISO 8601 time.") var until: String?
        @Option(help: "At most this many entries (1–1000).") var limit = 100
        @Flag(help: "Print the API's JSON instead of one line per entry.") var json = false

        func run() async throws {
            var parameters: [(String, String)] = actions.map { ("eventType", $0) } + [("pageSize", String(limit))]
            if let since { parameters.append(("startTime", since)) }
            if let until { parameters.append(("endTime", until)) }
            let (_, services) = try await store.openServices(logger: CLILogging.bootstrap(level: .warning))
            let page = try await reportingErrors {
                var query = try AuditQuery(workspaceID: workspace, parameters: parameters)
                if let actor {
                    guard let user = try await services.auth.user(email: actor) else { throw CLIError("No user with the email \(actor)") }
                    query.actorID = user.id
                }
                return try await services.audit.page(query, cursor: nil)
            }
            if json {
                print(AuditPresenter.page(page).jsonString())
                return
            }
            for entry in page.entries {
                print(Self.line(AuditPresenter.event(entry, users: page.users)))
            }
        }

        /// `2026-12-08T01:02:03.000Z  user.loggedIn  ann@example.com  wsp… app…  {"…"}`
        private static func line(_ event: JSONValue) -> String {
            let actor = event["actor"]?["user"]?["email"]?.stringValue ?? event["actor"]?["type"]?.stringValue ?? ""
            let context = event["context"]
            let account = context?["account"]?["email"]?.stringValue.map { "account=\($0)" }
            let parts = [
                event["timestamp"]?.stringValue, event["action"]?.stringValue, actor, context?["workspaceId"]?.stringValue,
                context?["baseId"]?.stringValue, event["modelId"]?.stringValue, account, event["origin"]?["ipAddress"]?.stringValue,
            ]
            let payload = event["payload"].flatMap { $0.objectValue?.isEmpty == false ? $0.jsonString() : nil }
            return (parts.compactMap(\.self) + [payload].compactMap(\.self)).joined(separator: "  ")
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete entries older than a number of days; prints how many.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Keep this many days (at least 1).") var olderThanDays: Int

        func validate() throws {
            guard olderThanDays >= 1 else { throw ValidationError("--older-than-days must be at least 1") }
        }

        func run() async throws {
            let (_, services) = try await store.openServices(logger: CLILogging.bootstrap(level: .warning))
            print(try await reportingErrors { try await services.audit.prune(retentionDays: olderThanDays) })
        }
    }
}

/// Prunes the audit log to its retention when the server starts and every hour after.
struct AuditRetentionService: Service {
    let audit: AuditLog
    let retentionDays: Int
    let logger: Logger

    func run() async throws {
        // Shutdown cancels the sleep; the loop then ends without an error.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let pruned = try await audit.prune(retentionDays: retentionDays)
                    if pruned > 0 { logger.info("pruned the audit log", metadata: ["entries": "\(pruned)", "retentionDays": "\(retentionDays)"]) }
                } catch {
                    logger.warning("could not prune the audit log", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
    }
}
