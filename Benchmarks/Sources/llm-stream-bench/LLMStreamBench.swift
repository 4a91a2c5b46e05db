import ArgumentParser
import AsyncHTTPClient
import Foundation
import LLM
import NIOCore

/// Stream-parsing throughput and per-chunk cost of the LLM client, with the plain HTTP drain
/// of the same stream as the anchor.
@main
struct LLMStreamBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "llm-stream-bench")

    @Option(help: "Text events per stream.")
    var events = 2000

    @Option(help: "Timed runs per measurement (the median is reported).")
    var runs = 15

    @Option(help: "Piece size in bytes for the in-memory decoding runs.")
    var pieceSize = 16384

    func validate() throws {
        guard events > 0, runs > 0, pieceSize > 0 else {
            throw ValidationError("--events, --runs and --piece-size must be positive")
        }
    }

    func run() async throws {
        let fixture = StreamFixture(textEvents: events)
        let pieces = fixture.pieces(of: pieceSize)
        let megabytes = Double(fixture.totalBytes) / 1_000_000
        let chunkCount = fixture.events.count
        print("stream: \(fixture.events.count) SSE chunks, \(fixture.totalBytes) bytes; \(runs) runs, medians")

        let parse = try median { () throws -> Int in
            var parser = ServerSentEventParser()
            var count = 0
            for piece in pieces { count += try parser.parse(piece.readableBytesView).count }
            return count
        }
        report("sse-parse (in memory)", parse, megabytes: megabytes, chunks: chunkCount)

        let decode = try median { () throws -> Int in
            var decoder = OpenAIStreamDecoder()
            var count = 0
            for piece in pieces { count += try decoder.decode(piece).count }
            return count + (try decoder.finish()).count
        }
        report("openai-decode (in memory)", decode, megabytes: megabytes, chunks: chunkCount)

        let server = try await StreamServer.start(serving: fixture)
        let url = "http://127.0.0.1:\(server.port)"
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let transport = LLMTransport()
        do {
            let provider = OpenAIChatProvider(baseURL: url + "/v1", apiKey: APIKey("sk-benchmark-key"), transport: transport)
            let request = ChatRequest(model: "gpt-4o-mini", messages: [.user("hi")])
            // Drain and client runs alternate, so both see the same load on a shared machine.
            let (drain, client, ratio) = try await medianPairAsync(
                anchor: {
                    var request = HTTPClientRequest(url: url + "/v1/chat/completions")
                    request.method = .POST
                    request.body = .bytes(ByteBuffer(string: "{}"))
                    let response = try await httpClient.execute(request, timeout: .seconds(60))
                    var bytes = 0
                    for try await buffer in response.body { bytes += buffer.readableBytes }
                    return bytes
                },
                measured: {
                    var count = 0
                    for try await event in provider.stream(request) {
                        if case .error(let error) = event { throw error }
                        count += 1
                    }
                    return count
                }
            )
            report("http-drain (anchor: AsyncHTTPClient, no parsing)", drain, megabytes: megabytes, chunks: chunkCount)
            report("client-stream (OpenAIChatProvider end to end)", client, megabytes: megabytes, chunks: chunkCount)
            let overhead = (client.seconds - drain.seconds) / Double(chunkCount) * 1e6
            print(
                String(
                    format: "client / anchor: %.2fx (median of per-run ratios %.2fx); client overhead over the drain: %.2f µs per chunk",
                    client.seconds / drain.seconds, ratio, overhead
                ))
        } catch {
            try? await transport.shutdown()
            try? await httpClient.shutdown()
            await server.stop()
            throw error
        }
        try await transport.shutdown()
        try await httpClient.shutdown()
        await server.stop()
    }

    struct Measurement {
        var seconds: Double
        var items: Int
    }

    private func report(_ name: String, _ measurement: Measurement, megabytes: Double, chunks: Int) {
        print(
            String(
                format: "%@: %.1f MB/s, %.2f µs per chunk, median %.3f ms (%d items)",
                name, megabytes / measurement.seconds, measurement.seconds / Double(chunks) * 1e6,
                measurement.seconds * 1000, measurement.items
            ))
    }

    private func median(_ work: () throws -> Int) throws -> Measurement {
        _ = try work() // warm-up
        var times: [Double] = []
        var items = 0
        for _ in 0..<runs {
            let start = ContinuousClock.now
            items = try work()
            times.append(Self.seconds(ContinuousClock.now - start))
        }
        return Measurement(seconds: times.sorted()[times.count / 2], items: items)
    }

    /// Runs `anchor` and `measured` alternately (after one warm-up each, which also opens the
    /// pooled connections): the median of each, and the median of the per-run ratios.
    private func medianPairAsync(
        anchor: () async throws -> Int, measured: () async throws -> Int
    ) async throws -> (anchor: Measurement, measured: Measurement, ratio: Double) {
        _ = try await anchor()
        _ = try await measured()
        var anchorTimes: [Double] = []
        var measuredTimes: [Double] = []
        var anchorItems = 0
        var measuredItems = 0
        for _ in 0..<runs {
            var start = ContinuousClock.now
            anchorItems = try await anchor()
            anchorTimes.append(Self.seconds(ContinuousClock.now - start))
            start = ContinuousClock.now
            measuredItems = try await measured()
            measuredTimes.append(Self.seconds(ContinuousClock.now - start))
        }
        let ratios = zip(measuredTimes, anchorTimes).map { $0 / $1 }.sorted()
        return (
            Measurement(seconds: anchorTimes.sorted()[runs / 2], items: anchorItems),
            Measurement(seconds: measuredTimes.sorted()[runs / 2], items: measuredItems),
            ratios[runs / 2]
        )
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
