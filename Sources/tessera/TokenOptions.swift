import ArgumentParser
import Foundation

/// The personal access token a command acts as: `--token`, else `TESSERA_TOKEN`.
struct TokenOptions: ParsableArguments {
    @Option(help: "Personal access token to act as (env TESSERA_TOKEN).")
    var token: String?

    /// The token, or a one-line reason naming the command when there is none.
    func resolve(for command: String) throws -> String {
        guard let token = Settings.process.text(token, .token) else {
            throw CLIError("tessera \(command) needs a personal access token: pass --token or set TESSERA_TOKEN (create one with tessera tokens create)")
        }
        return token
    }
}
