import ArgumentParser
import Logging
import TesseraCore
import TesseraStorage

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Manage personal access tokens.", subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a personal access token; prints it once.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Email of the token's user.") var email: String
        @Option(help: "A name to recognise the token by.") var name: String
        @Option(name: .customLong("scope"), help: "A scope, repeatable (default: all). One of: \(TokenScope.allCases.map(\.rawValue).joined(separator: ", ")).")
        var scopes: [String] = []
        @Option(name: .customLong("base"), help: "Limit the token to this base (app…), repeatable (default: all the user's bases).")
        var bases: [String] = []

        func run() async throws {
            var scopeSet = Set<TokenScope>()
            for scope in scopes {
                guard let parsed = TokenScope(rawValue: scope) else { throw CLIError("Unknown scope \"\(scope)\"") }
                scopeSet.insert(parsed)
            }
            if let bad = bases.first(where: { !TesseraID.isValid($0, .base) }) { throw CLIError("\"\(bad)\" is not a base id (app…)") }
            let (_, services) = try await store.openServices(logger: CLILogging.bootstrap(level: .warning))
            let token = try await reportingErrors {
                guard let user = try await services.auth.user(email: email) else { throw CLIError("No user with the email \(email)") }
                return try await services.auth.createAccessToken(
                    userID: user.id, name: name, scopes: scopeSet.isEmpty ? Set(TokenScope.allCases) : scopeSet,
                    baseIDs: bases.isEmpty ? nil : Set(bases))
            }
            print(token.token)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a personal access token at once, on every node (its id is the part before the dot).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The token's id (pat…) or the whole token.") var token: String

        func run() async throws {
            let id = String(token.prefix { $0 != "." })
            let (_, services) = try await store.openServices(logger: CLILogging.bootstrap(level: .warning))
            try await reportingErrors { try await services.auth.revokeAccessTokenAsOperator(id: id) }
        }
    }
}
