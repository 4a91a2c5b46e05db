import Embeddings
import Foundation
import Logging
import Search
import ServiceLifecycle
import TesseraCore

/// The search side of a process: the embedder from the model directory, the in-memory indexes
/// loaded from the database, and the service that queries them.
struct SearchRuntime {
    let indexer: SearchIndexer
    let service: SearchService

    /// Prints the embedder fallback warning on stderr: the operator must see it.
    static func open(store: any TesseraStore, modelDirectory: String?, logger: Logger) async throws -> SearchRuntime {
        let directory = modelDirectory.map { URL(fileURLWithPath: $0) } ?? EmbedderFactory.defaultModelDirectory()
        let selection = try EmbedderFactory.makeEmbedder(modelDirectory: directory)
        if let warning = selection.warning { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        let indexer = SearchIndexer(store: store, embedder: selection.embedder, logger: logger)
        try await indexer.load()
        return SearchRuntime(indexer: indexer, service: SearchService(store: store, indexer: indexer))
    }
}

/// Runs the indexer beside the HTTP server until graceful shutdown.
struct SearchIndexerService: Service {
    let indexer: SearchIndexer

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await indexer.run()
        }
    }
}
