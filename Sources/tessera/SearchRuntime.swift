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

    /// How the process embeds: one short text at a time (a query per request), or in bulk.
    enum EmbeddingWorkload {
        /// BLAS runs each call on the calling thread: a query of a few tokens embedded in
        /// 15 ms instead of 31 ms (medians, 2 cores at load 6), as OpenBLAS's workers only
        /// hand off and spin; requests running side by side still use every core.
        case queries
        /// BLAS splits each call over every core: batches of 32 texts embed fastest that way.
        case bulk
    }

    /// Prints the embedder fallback warning on stderr: the operator must see it.
    static func open(
        store: any TesseraStore, modelDirectory: String?, dataDirectory: String?, workload: EmbeddingWorkload = .queries, logger: Logger
    ) async throws -> SearchRuntime {
        if workload == .queries { BLASThreads.limit(to: 1) }
        let directory = Settings.process.modelDirectory(modelDirectory, dataDirectory: dataDirectory)
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
