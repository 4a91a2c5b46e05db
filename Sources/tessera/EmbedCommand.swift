import ArgumentParser
import Embeddings
import Foundation

/// `tessera embed`: one text per stdin line, one vector per line on stdout, in input order.
struct EmbedCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// One JSON array of floats per line.
        case jsonl
        /// Raw little-endian float32 rows, `dimension` values each.
        case f32
    }

    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed one text per stdin line; vectors go to stdout in input order."
    )

    @Option(help: "The model directory (env TESSERA_EMBEDDING_MODEL; default: all-MiniLM-L6-v2 under ~/.local/share/tessera/models/ or ./models/).")
    var model: String?

    @Option(help: "Output format: jsonl or f32.")
    var format: Format = .jsonl

    @Option(help: "Lines embedded per batch.")
    var batch: Int = 32

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() async throws {
        let directory = Settings.process.modelDirectory(model, dataDirectory: nil)
        let selection = try EmbedderFactory.makeEmbedder(modelDirectory: directory)
        if let warning = selection.warning { Self.log(warning) }

        var lineNumber = 0
        var pending: [String] = []
        pending.reserveCapacity(batch)
        // readLine repairs invalid UTF-8 with U+FFFD, so a bad line is embedded, not fatal.
        while let line = readLine(strippingNewline: true) {
            pending.append(line)
            if pending.count == batch {
                try await emit(pending, from: selection.embedder, firstLine: lineNumber + 1)
                lineNumber += pending.count
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty {
            try await emit(pending, from: selection.embedder, firstLine: lineNumber + 1)
        }
    }

    private func emit(_ lines: [String], from embedder: any Embedder, firstLine: Int) async throws {
        let batch = try await embedder.embedBatch(lines)
        for index in batch.truncatedIndices {
            Self.log("tessera embed: line \(firstLine + index) is longer than the model's input; only its start was embedded")
        }
        FileHandle.standardOutput.write(encode(batch.vectors, dimension: embedder.dimension))
    }

    private func encode(_ vectors: [Float], dimension: Int) -> Data {
        switch format {
        case .f32:
            var data = Data(capacity: vectors.count * 4)
            for value in vectors {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
            return data
        case .jsonl:
            var text = ""
            for row in stride(from: 0, to: vectors.count, by: dimension) {
                text += "["
                text += vectors[row..<row + dimension].map { $0.description }.joined(separator: ",")
                text += "]\n"
            }
            return Data(text.utf8)
        }
    }

    private static func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
