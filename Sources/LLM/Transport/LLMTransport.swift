import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Tracing

/// The HTTP layer every provider client shares: timeouts, retries, error mapping, redaction.
///
/// Owns one `HTTPClient` (with its connection pool); call `shutdown()` before releasing it.
public final class LLMTransport: Sendable {
    public let configuration: TransportConfiguration
    /// Error bodies are small; a larger one is dropped rather than read whole.
    static let errorBodyLimit = 64 << 10
    private let client: HTTPClient
    private let logger: Logger

    public init(configuration: TransportConfiguration = TransportConfiguration(), logger: Logger = Logger(label: "tessera.llm")) {
        self.configuration = configuration
        self.logger = logger
        var httpConfiguration = HTTPClient.Configuration(
            timeout: .init(connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.readTimeout))
        )
        // The retry policy decides how often to try again. Left on, the client re-dials a refused
        // connection until the connect timeout on every attempt: a provider with nothing
        // listening took 3 × 10 s to fail instead of failing over to the next model at once.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        // The provider call's span (ModelRouter) is the one that counts, and `headers(of:)` sends
        // its trace context; the client's own would be a second span per request, and with the
        // no-op tracer it still built one and parsed the URL for its attributes.
        httpConfiguration.tracing.tracer = nil
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Sends the request and returns the whole success body, retrying as the policy allows.
    func send(_ request: OutboundRequest) async throws(LLMError) -> ByteBuffer {
        let deadline = NIODeadline.now() + TimeAmount(configuration.totalTimeout)
        let work = Task { () async throws(LLMError) -> ByteBuffer in
            try await self.sendAttempts(request, deadline: deadline)
        }
        let watchdog = watchdog(cancelling: work, at: deadline)
        defer { watchdog.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await work.value
            } onCancel: {
                work.cancel()
            }
        } catch {
            throw Self.classify(error)
        }
    }

    private func sendAttempts(_ request: OutboundRequest, deadline: NIODeadline) async throws(LLMError) -> ByteBuffer {
        var retry = 0
        while true {
            do {
                let response = try await execute(request, deadline: deadline, attempt: retry + 1)
                do {
                    return try await response.body.collect(upTo: configuration.maximumResponseBytes)
                } catch is NIOTooManyBytesError {
                    throw LLMError(.malformedResponse, "the response exceeds \(configuration.maximumResponseBytes) bytes")
                }
            } catch {
                let failure = classify(error, deadline: deadline)
                guard let delay = configuration.retry.delay(beforeRetry: retry, after: failure) else { throw failure }
                try await wait(delay, before: request, after: failure, deadline: deadline)
                retry += 1
            }
        }
    }

    /// Streams the request `makeRequest` builds; one it cannot build ends the stream with its error.
    func stream<Decoder: ChatStreamDecoder>(
        _ makeRequest: () throws(LLMError) -> OutboundRequest,
        makeDecoder: @escaping @Sendable () -> Decoder
    ) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        do {
            return stream(try makeRequest(), makeDecoder: makeDecoder)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
    }

    /// Streams the success body through a decoder. Retries happen only until the first event
    /// was handed on; after that a failure becomes the stream's final `.error` event.
    func stream<Decoder: ChatStreamDecoder>(
        _ request: OutboundRequest,
        makeDecoder: @escaping @Sendable () -> Decoder
    ) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let deadline = NIODeadline.now() + TimeAmount(self.configuration.totalTimeout)
            let task = Task {
                var retry = 0
                while true {
                    let delegate = StreamingResponseDelegate(decoder: makeDecoder(), continuation: continuation) { head, body in
                        self.error(from: head, body: body, of: request)
                    }
                    do {
                        try await self.executeStreaming(request, delegate: delegate, deadline: deadline, attempt: retry + 1)
                        continuation.finish()
                        return
                    } catch {
                        // E.g. the connection closing before the chunked body's terminator:
                        // the stream is complete all the same.
                        if delegate.reachedEnd {
                            continuation.finish()
                            return
                        }
                        let failure = self.classify(error, deadline: deadline)
                        if delegate.handedOn {
                            continuation.yield(.error(failure))
                            continuation.finish()
                            return
                        }
                        guard let delay = self.configuration.retry.delay(beforeRetry: retry, after: failure) else {
                            continuation.finish(throwing: failure)
                            return
                        }
                        do {
                            try await self.wait(delay, before: request, after: failure, deadline: deadline)
                        } catch {
                            continuation.finish(throwing: error)
                            return
                        }
                        retry += 1
                    }
                }
            }
            let watchdog = self.watchdog(cancelling: task, at: deadline)
            // Cancelling the consumer cancels the request, which closes its connection.
            continuation.onTermination = { _ in
                task.cancel()
                watchdog.cancel()
            }
        }
    }

    /// One streaming attempt, finished when the delegate has handed on the whole body; an error
    /// response throws the `LLMError` built from it.
    private func executeStreaming<Decoder: ChatStreamDecoder>(
        _ request: OutboundRequest, delegate: StreamingResponseDelegate<Decoder>, deadline: NIODeadline, attempt: Int
    ) async throws {
        let httpRequest = try HTTPClient.Request(url: request.url, method: .POST, headers: Self.headers(of: request), body: .byteBuffer(request.body))
        logAttempt(request, attempt: attempt)
        let task = client.execute(request: httpRequest, delegate: delegate, deadline: deadline, logger: logger)
        try await withTaskCancellationHandler {
            try await task.futureResult.get()
        } onCancel: {
            task.cancel()
        }
    }

    /// AsyncHTTPClient's deadline bounds the wait for the response head only; this cancels the
    /// work when the total timeout passes, so reading a slow or endless body is bounded too.
    /// A timer on an event loop, not a sleeping task: one less task to start and wake per call.
    private func watchdog<Success, Failure>(cancelling work: Task<Success, Failure>, at deadline: NIODeadline) -> Scheduled<Void> {
        client.eventLoopGroup.next().scheduleTask(deadline: deadline) { work.cancel() }
    }

    /// A failure after the deadline is the deadline's doing, whatever error the cancellation
    /// surfaced as.
    private func classify(_ error: any Error, deadline: NIODeadline) -> LLMError {
        if NIODeadline.now() >= deadline {
            return LLMError(.timeout, "the request passed its total deadline of \(configuration.totalTimeout)")
        }
        return Self.classify(error)
    }

    /// One attempt: a success response with its body still unread, or an `LLMError` built from
    /// the error response.
    private func execute(_ request: OutboundRequest, deadline: NIODeadline, attempt: Int) async throws -> HTTPClientResponse {
        var httpRequest = HTTPClientRequest(url: request.url)
        httpRequest.method = .POST
        httpRequest.headers = Self.headers(of: request)
        httpRequest.body = .bytes(request.body)
        logAttempt(request, attempt: attempt)
        let response = try await client.execute(httpRequest, deadline: deadline, logger: logger)
        guard (200..<300).contains(response.status.code) else {
            let body = (try? await response.body.collect(upTo: Self.errorBodyLimit)) ?? ByteBuffer()
            throw error(from: HTTPResponseHead(version: response.version, status: response.status, headers: response.headers), body: body, of: request)
        }
        return response
    }

    /// The request's headers with the current trace context (W3C `traceparent`), so the
    /// provider's side of the call joins the trace; unchanged when tracing is off.
    private static func headers(of request: OutboundRequest) -> HTTPHeaders {
        var headers = request.headers
        InstrumentationSystem.instrument.inject(InstrumentationContext.current ?? .topLevel, into: &headers, using: HTTPHeadersInjector())
        return headers
    }

    private func logAttempt(_ request: OutboundRequest, attempt: Int) {
        logger.debug(
            "LLM request",
            metadata: [
                "provider": "\(request.provider)", "url": "\(request.loggableURL)", "attempt": "\(attempt)",
            ])
    }

    /// The error an error response stands for, logged.
    private func error(from head: HTTPResponseHead, body: ByteBuffer, of request: OutboundRequest) -> LLMError {
        let error = Self.error(from: head, body: body, redactor: SecretRedactor(secrets: request.secrets))
        logger.debug(
            "LLM error response",
            metadata: [
                "provider": "\(request.provider)", "status": "\(head.status.code)", "error": "\(error)",
            ])
        return error
    }

    private func wait(_ delay: Duration, before request: OutboundRequest, after failure: LLMError, deadline: NIODeadline) async throws(LLMError) {
        if NIODeadline.now() + TimeAmount(delay) >= deadline {
            throw LLMError(.timeout, "the total deadline leaves no time to retry after: \(failure.message)")
        }
        logger.notice(
            "LLM request failed; retrying",
            metadata: [
                "provider": "\(request.provider)", "error": "\(failure)", "delay": "\(delay)",
            ])
        do {
            try await configuration.retry.sleep(delay)
        } catch {
            throw LLMError(.cancelled, "cancelled while waiting to retry")
        }
    }

    static func error(from response: HTTPResponseHead, body: ByteBuffer, redactor: SecretRedactor) -> LLMError {
        let status = Int(response.status.code)
        let parsed = try? JSONDecoder().decode(ProviderErrorBody.self, from: Data(body.readableBytesView))
        let code: LLMError.Code = parsed?.isSpendLimit == true ? .spendLimitReached : LLMError.code(forStatus: status)
        let rawMessage =
            parsed?.error?.message
            ?? String(decoding: body.readableBytesView.prefix(500), as: UTF8.self)
        let message = rawMessage.isEmpty ? response.status.reasonPhrase : rawMessage
        let shouldRetry: Bool? =
            switch response.headers.first(name: "x-should-retry")?.lowercased() {
            case "true"?: true
            case "false"?: false
            default: nil
            }
        return LLMError(
            code,
            redactor.redact(message),
            status: status,
            providerCode: parsed?.providerCode.map(redactor.redact),
            retryAfter: RetryAfter.parse(response.headers),
            shouldRetry: shouldRetry
        )
    }

    static func classify(_ error: any Error) -> LLMError {
        if let error = error as? LLMError { return error }
        if error is CancellationError { return LLMError(.cancelled, "the request was cancelled") }
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout: return LLMError(.timeout, "no response bytes within the read timeout")
            case .connectTimeout: return LLMError(.timeout, "could not connect within the connect timeout")
            case .deadlineExceeded: return LLMError(.timeout, "the request passed its total deadline")
            case .cancelled: return LLMError(.cancelled, "the request was cancelled")
            default: return LLMError(.connection, "HTTP failure: \(error)")
            }
        }
        return LLMError(.connection, "connection failure: \(error)")
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
