import ArgumentParser
import Foundation
import Logging
import TesseraCore
import TesseraStorage

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user; prints its id.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Email address, used to log in.") var email: String
        @Option(help: "Display name (default: the part of the email before @).") var name: String?
        @Flag(help: "Read the password from the first line of stdin (otherwise one is generated and shown on stderr).")
        var passwordStdin = false

        func run() async throws {
            let logger = CLILogging.bootstrap(level: .warning)
            var password: String
            if passwordStdin {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw CLIError("No password on stdin") }
                password = line
            } else {
                password = (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 36) }.joined(separator: "-")
                FileHandle.standardError.write(Data("Generated password: \(password)\n".utf8))
            }
            let (_, services) = try await store.openServices(logger: logger)
            let user = try await reportingErrors { try await services.auth.createUser(email: email, name: name, password: password) }
            password = ""
            print(user.id)
        }
    }
}
