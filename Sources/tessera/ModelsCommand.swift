import ArgumentParser
import Foundation
import LLM

/// `tessera models catalog`: the model catalog compiled into the binary, to copy and edit.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "The model catalog compiled into the binary.", subcommands: [Catalog.self])

    struct Catalog: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the built-in model catalog (JSON); serve and chat read an edited copy with --catalog FILE.")

        func run() throws {
            FileHandle.standardOutput.write(ModelCatalog.bundledJSON)
        }
    }
}
