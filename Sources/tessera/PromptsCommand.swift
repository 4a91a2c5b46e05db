import ArgumentParser
import Foundation
import MCPServer
import Orchestrator

/// `tessera prompts export DIR`: the prompt templates compiled into the binary, written out for
/// an operator to edit and pass back with `serve --prompts` and `mcp --prompts-dir`.
struct PromptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts",
        abstract: "The prompt templates compiled into the binary.", subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in templates to DIR/chat (for serve --prompts DIR) and DIR/mcp (for mcp --prompts-dir DIR/mcp).")

        @Argument(help: "The directory to write into; created when missing.")
        var directory: String

        @Flag(help: "Replace templates that are already there.")
        var force = false

        func run() throws {
            let root = URL(fileURLWithPath: directory)
            let files =
                BuiltInChatPrompts.templates.map { (root.appendingPathComponent("chat/\($0.key).mustache"), $0.value) }
                + PromptLibrary.builtInSources.map { (root.appendingPathComponent("mcp/\($0.key).mustache"), $0.value) }
            if !force, let existing = files.first(where: { FileManager.default.fileExists(atPath: $0.0.path) }) {
                throw CLIError("\(existing.0.path) is already there; pass --force to replace the templates")
            }
            for (file, source) in files.sorted(by: { $0.0.path < $1.0.path }) {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(source.utf8).write(to: file)
                print(file.path)
            }
        }
    }
}
