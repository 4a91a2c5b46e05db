import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads newline-delimited lines from a file descriptor on a thread of its own, with blocking
/// reads: a message is handed on as soon as its newline arrives, with no polling delay.
/// A line longer than `maxLineBytes` is dropped (memory stays bounded) and reported as `.overlong`.
enum LineReader {
    enum Chunk: Sendable, Equatable {
        case line(Data)
        case overlong
    }

    static let maxLineBytes = 16 << 20

    static func lines(from descriptor: Int32, maxLineBytes: Int = maxLineBytes) -> AsyncStream<Chunk> {
        let (stream, continuation) = AsyncStream<Chunk>.makeStream()
        let thread = Thread {
            var splitter = LineSplitter(maxLineBytes: maxLineBytes)
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                for chunk in splitter.append(buffer[..<count]) { continuation.yield(chunk) }
            }
            // A last line without its newline still counts.
            if let last = splitter.finish() { continuation.yield(last) }
            continuation.finish()
        }
        thread.name = "tessera-mcp-stdin"
        thread.start()
        return stream
    }
}

/// Cuts a byte stream into lines; pure, so it is tested without pipes.
struct LineSplitter {
    let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var discarding = false

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) -> [LineReader.Chunk] {
        var chunks: [LineReader.Chunk] = []
        var rest = bytes
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            if discarding {
                discarding = false
                chunks.append(.overlong)
            } else {
                pending.append(contentsOf: rest[..<newline])
                chunks.append(pending.count > maxLineBytes ? .overlong : .line(Data(pending)))
            }
            pending.removeAll(keepingCapacity: pending.count <= 1 << 20)
            rest = rest[rest.index(after: newline)...]
        }
        if !discarding {
            pending.append(contentsOf: rest)
            if pending.count > maxLineBytes {
                discarding = true
                pending = []
            }
        }
        return chunks
    }

    mutating func finish() -> LineReader.Chunk? {
        defer { pending = [] }
        if discarding { return .overlong }
        return pending.isEmpty ? nil : .line(Data(pending))
    }
}
