import ArgumentParser

@testable import LLM

/// Decodes the providers' stream chunks from `WireFixtures` (the LLM tests' fixtures) over and
/// over, one way of decoding per run, so that an instruction counter (callgrind) can tell what
/// each way costs per chunk: count two runs with different `--rounds` and divide the difference
/// by the extra chunks (`scripts/llm_decode_instructions.sh` does this). Build it with
/// `-Xswiftc -enable-testing`: the wire types and fast readers are internal to `LLM`.
@main
struct LLMDecodeBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "llm-decode-bench")

    enum Provider: String, ExpressibleByArgument, CaseIterable {
        case openai, anthropic, ollama
    }

    enum Decoding: String, ExpressibleByArgument, CaseIterable {
        /// As the stream decoders do: the fast reader, and `JSONDecoder` for what it declines.
        case fast
        /// `JSONDecoder` for every chunk.
        case foundation
        /// `JSONValue.parse`, then mapped onto the wire type; `JSONDecoder` for what the
        /// mapping declines (the same chunks the fast reader declines).
        case value
    }

    enum Chunks: String, ExpressibleByArgument, CaseIterable {
        /// Every chunk of the fixture streams.
        case all
        /// The chunks the fast reader takes: what it is measured on against the others.
        case taken
        /// The chunks with a text delta, the bulk of a real stream.
        case text
    }

    @Option(help: "openai, anthropic or ollama.")
    var provider: Provider

    @Option(help: "fast, foundation or value.")
    var decoding: Decoding

    @Option(help: "Passes over the provider's fixture chunks.")
    var rounds = 100

    @Option(help: "all, taken or text.")
    var chunks: Chunks = .all

    func run() throws {
        let chunks = try StreamChunks.of(provider).filter { chunk in
            switch self.chunks {
            case .all: true
            case .taken: ChunkDecoding.fastReaderTakes(chunk, provider)
            case .text: StreamChunks.isTextDelta(chunk, provider)
            }
        }
        let decode = ChunkDecoding(provider: provider, decoding: decoding)
        var checksum = 0
        for _ in 0..<rounds {
            for chunk in chunks { checksum &+= try decode(chunk) }
        }
        print("\(provider.rawValue) \(decoding.rawValue): \(chunks.count) chunks x \(rounds) rounds, checksum \(checksum)")
    }
}
