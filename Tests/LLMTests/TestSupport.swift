import LLM
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Records the delays a retry policy asked for instead of sleeping, so tests never wait.
final class DelayRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])

    var recorded: [Duration] { delays.withLock { $0 } }

    func policy(attempts: Int = 3) -> RetryPolicy {
        RetryPolicy(maximumAttempts: attempts, initialBackoff: .milliseconds(1), maximumBackoff: .milliseconds(1)) { delay in
            self.delays.withLock { $0.append(delay) }
        }
    }
}

extension TransportConfiguration {
    static func testing(retry: RetryPolicy = DelayRecorder().policy(), readTimeout: Duration = .seconds(30)) -> TransportConfiguration {
        TransportConfiguration(connectTimeout: .seconds(5), readTimeout: readTimeout, totalTimeout: .seconds(60), retry: retry)
    }
}

/// Runs `body` with a transport that is shut down afterwards.
func withTransport<T>(
    _ configuration: TransportConfiguration = .testing(),
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (LLMTransport) async throws -> T
) async throws -> T {
    let transport = LLMTransport(configuration: configuration, logger: logger)
    do {
        let result = try await body(transport)
        try await transport.shutdown()
        return result
    } catch {
        try? await transport.shutdown()
        throw error
    }
}

/// Everything a stream delivered, and the error it threw, if any.
struct CollectedStream {
    var events: [ChatStreamEvent] = []
    var thrown: LLMError?

    var text: String {
        events.compactMap { event in
            if case .textDelta(let text) = event { return text }
            return nil
        }.joined()
    }

    var usage: Usage? {
        events.lazy.compactMap { event in
            if case .usage(let usage) = event { return usage }
            return nil
        }.first
    }

    var streamError: LLMError? {
        events.lazy.compactMap { event in
            if case .error(let error) = event { return error }
            return nil
        }.first
    }

    func response(model: String = "test") throws -> ChatResponse {
        var accumulator = ChatStreamAccumulator()
        for event in events { try accumulator.add(event) }
        return try accumulator.response(model: model)
    }
}

func collect(_ stream: AsyncThrowingStream<ChatStreamEvent, any Error>) async -> CollectedStream {
    var collected = CollectedStream()
    do {
        for try await event in stream { collected.events.append(event) }
    } catch let error as LLMError {
        collected.thrown = error
    } catch {
        collected.thrown = LLMError(.connection, "unexpected error type: \(error)")
    }
    return collected
}

/// Feeds a decoder the body split into the given pieces and returns all events.
func decodeAll<Decoder: ChatStreamDecoder>(_ decoder: Decoder, pieces: [[UInt8]]) throws -> [ChatStreamEvent] {
    var decoder = decoder
    var events: [ChatStreamEvent] = []
    for piece in pieces { events += try decoder.decode(ByteBuffer(bytes: piece)) }
    events += try decoder.finish()
    return events
}

/// Every rendered log line, to check what reaches the logs.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    func logger() -> Logger {
        var logger = Logger(label: "test", factory: { _ in CapturingLogHandler(lines: self) })
        logger.logLevel = .trace
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        lines.append("\(event.level) \(event.message) \(merged)")
    }
}

/// A local port nothing listens on: bound once by the system's choice, then closed.
func unusedLocalPort() throws -> Int {
    let group = MultiThreadedEventLoopGroup.singleton
    let channel = try ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
    let port = channel.localAddress?.port ?? 0
    try channel.close().wait()
    return port
}
