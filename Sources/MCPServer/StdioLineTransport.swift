import Foundation
import Logging
import MCP

/// MCP's stdio transport, built for a long-running server: blocking reads on their own thread
/// (no polling), every line checked by `InboundFilter` before the SDK sees it, and an end of
/// input that closes the message stream only once every accepted request has been answered.
public actor StdioLineTransport: Transport {
    public nonisolated let logger: Logger
    private let input: Int32
    private let output: FileHandle
    private let filter = InboundFilter()
    private var inFlight = InFlightRequests()
    private var inputEnded = false
    private var isConnected = false
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation

    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, logger: Logger) {
        self.input = input
        self.output = FileHandle(fileDescriptor: output, closeOnDealloc: false)
        self.logger = logger
        (messages, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
    }

    public func connect() async throws {
        guard !isConnected else { return }
        isConnected = true
        let lines = LineReader.lines(from: input)
        Task { await self.consume(lines) }
    }

    public func disconnect() async {
        isConnected = false
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        inFlight.sent(data)
        try write(data)
        finishIfDrained()
    }

    public nonisolated func receive() -> AsyncThrowingStream<Data, any Error> {
        messages
    }

    private func consume(_ lines: AsyncStream<LineReader.Chunk>) async {
        for await chunk in lines {
            switch chunk {
            case .overlong:
                logger.warning("Dropped an input line longer than \(LineReader.maxLineBytes) bytes")
                reply(JSONRPCErrorLine(id: nil, code: JSONRPCErrorLine.parseError, message: "Parse error: the line is longer than \(LineReader.maxLineBytes) bytes").encoded())
            case .line(let line):
                route(line)
            }
        }
        logger.debug("End of input; exiting once \(inFlight.isEmpty ? "now" : "the requests in flight are answered")")
        inputEnded = true
        finishIfDrained()
    }

    private func route(_ line: Data) {
        switch filter.route(line) {
        case .ignore:
            break
        case .reply(let answer):
            reply(answer)
        case .forward(let message, let request, let batch):
            if let request { inFlight.accepted(request) }
            if batch { inFlight.acceptedBatch() }
            if request == nil, !batch, let cancelled = Self.cancelledRequest(message) { inFlight.cancelled(cancelled) }
            continuation.yield(message)
        }
    }

    private func reply(_ answer: Data) {
        do {
            try write(answer)
        } catch {
            logger.error("Could not write to stdout: \(error)")
        }
    }

    private func write(_ message: Data) throws {
        var line = message
        line.append(UInt8(ascii: "\n"))
        try output.write(contentsOf: line)
    }

    private func finishIfDrained() {
        if inputEnded, inFlight.isEmpty { continuation.finish() }
    }

    /// The request a `notifications/cancelled` names, if this message is one.
    private static func cancelledRequest(_ message: Data) -> ID? {
        guard let notification = try? JSONDecoder().decode(CancelledProbe.self, from: message),
              notification.method == CancelledNotification.name
        else { return nil }
        return notification.params?.requestId
    }
}

private struct CancelledProbe: Decodable {
    struct Params: Decodable {
        let requestId: ID?
    }

    let method: String?
    let params: Params?
}
