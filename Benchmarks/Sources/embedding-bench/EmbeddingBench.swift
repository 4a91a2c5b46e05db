import ArgumentParser
import Embeddings
import Foundation

/// Measures the Tessera embedding engine on a file of sentences: model load time, sentences per
/// second at each batch size (median of the repetitions), and the process's peak memory.
/// Prints one JSON object per measurement so the side-by-side script can merge the anchors.
@main
struct EmbeddingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embedding-bench",
        abstract: "Measure the Tessera embedding engine (see Benchmarks/README.md)."
    )

    @Option(help: "The model directory.")
    var model: String = "../models/all-MiniLM-L6-v2"

    @Option(help: "A file with one sentence per line.")
    var sentences: String

    @Option(help: "Comma-separated batch sizes.")
    var batchSizes: String = "1,32"

    @Option(help: "Sentences embedded per repetition at batch size 1 (larger batches use the whole file).")
    var singleCount: Int = 128

    @Option(help: "Timed repetitions per batch size; the median is reported.")
    var repetitions: Int = 3

    func run() throws {
        let texts = try String(contentsOfFile: sentences, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.isEmpty }
        guard !texts.isEmpty else { throw ValidationError("\(sentences) has no sentences") }
        let sizes = batchSizes.split(separator: ",").compactMap { Int($0) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { throw ValidationError("bad --batch-sizes \(batchSizes)") }

        let directory = URL(fileURLWithPath: model)
        var loadTimes: [Double] = []
        var embedder: MiniLMEmbedder?
        for _ in 0..<5 {
            let start = ContinuousClock.now
            embedder = try MiniLMEmbedder(modelDirectory: directory)
            loadTimes.append(Self.seconds(ContinuousClock.now - start))
        }
        guard let embedder else { return }
        Self.report(["engine": "tessera", "metric": "load_ms", "value": Self.median(loadTimes) * 1000])

        let tokenCounts = texts.map { embedder.tokenizer.tokenize($0).ids.count }
        Self.report(["engine": "tessera", "metric": "mean_tokens", "value": Double(tokenCounts.reduce(0, +)) / Double(texts.count)])

        for size in sizes {
            let workload = size == 1 ? Array(texts.prefix(singleCount)) : texts
            _ = embedder.encodeBatch(Array(workload.prefix(size)))
            var rates: [Double] = []
            for _ in 0..<repetitions {
                let start = ContinuousClock.now
                for batchStart in stride(from: 0, to: workload.count, by: size) {
                    let batch = embedder.encodeBatch(Array(workload[batchStart..<min(batchStart + size, workload.count)]))
                    precondition(batch.count == min(size, workload.count - batchStart))
                }
                rates.append(Double(workload.count) / Self.seconds(ContinuousClock.now - start))
            }
            Self.report(["engine": "tessera", "metric": "sentences_per_s", "batch": Double(size), "value": Self.median(rates)])
        }
        Self.report(["engine": "tessera", "metric": "peak_rss_mb", "value": Self.peakResidentMegabytes()])
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    /// VmHWM from /proc: the most resident memory the process ever had.
    static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return .nan }
        return kilobytes / 1024
    }

    static func report(_ fields: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        print(String(decoding: data, as: UTF8.self))
    }
}
