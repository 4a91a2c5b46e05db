import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// Decodes a streamed response body on the event loop that receives it and hands each event
/// straight to the consumer's stream. Reading the body from a task instead would cost a second
/// thread hand-off per event (event loop → reading task → consumer), which on a busy machine
/// costs more than the decoding itself.
///
/// A non-success response's body is collected (up to `LLMTransport.errorBodyLimit`) and turned into the
/// request's error by `makeError`.
///
/// AsyncHTTPClient calls a delegate on one event loop, one call at a time, so the decoder and
/// the error body need no lock; `handedOn` is read from the transport's task.
final class StreamingResponseDelegate<Decoder: ChatStreamDecoder>: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    private var decoder: Decoder
    private let continuation: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation
    private let makeError: @Sendable (HTTPResponseHead, ByteBuffer) -> LLMError
    private var errorHead: HTTPResponseHead?
    private var errorBody = ByteBuffer()
    private let eventHandedOn = Atomic(false)
    private let lastEventDecoded = Atomic(false)

    init(
        decoder: Decoder,
        continuation: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation,
        makeError: @escaping @Sendable (HTTPResponseHead, ByteBuffer) -> LLMError
    ) {
        self.decoder = decoder
        self.continuation = continuation
        self.makeError = makeError
    }

    /// Whether an event reached the consumer; after that the request must not be retried.
    var handedOn: Bool { eventHandedOn.load(ordering: .acquiring) }

    /// Whether the decoder saw the body's last event, so a failure after it loses nothing.
    var reachedEnd: Bool { lastEventDecoded.load(ordering: .acquiring) }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        if !(200..<300).contains(head.status.code) { errorHead = head }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        do {
            if let errorHead {
                var part = buffer
                errorBody.writeBuffer(&part)
                // Failing the future ends the request and closes its connection.
                if errorBody.readableBytes > LLMTransport.errorBodyLimit { throw makeError(errorHead, ByteBuffer()) }
            } else {
                hand(try decoder.decode(buffer))
                if decoder.reachedEnd { lastEventDecoded.store(true, ordering: .releasing) }
            }
            return task.eventLoop.makeSucceededVoidFuture()
        } catch {
            return task.eventLoop.makeFailedFuture(error)
        }
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        if let errorHead { throw makeError(errorHead, errorBody) }
        hand(try decoder.finish())
    }

    private func hand(_ events: [ChatStreamEvent]) {
        guard !events.isEmpty else { return }
        for event in events { continuation.yield(event) }
        eventHandedOn.store(true, ordering: .releasing)
    }
}
