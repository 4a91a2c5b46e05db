import Foundation
import NIOCore
import NIOPosix

/// A loopback HTTP server that answers every request with the fixture as a chunked
/// `text/event-stream`, one HTTP chunk (and one flush) per SSE event, like a real provider.
final class StreamServer: Sendable {
    let port: Int
    private let task: Task<Void, Never>

    private init(port: Int, task: Task<Void, Never>) {
        self.port = port
        self.task = task
    }

    static func start(serving fixture: StreamFixture) async throws -> StreamServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let chunks = fixture.events.map { event in
            var chunk = ByteBuffer(string: String(event.readableBytes, radix: 16) + "\r\n")
            chunk.writeImmutableBuffer(event)
            chunk.writeString("\r\n")
            return chunk
        }
        let head = ByteBuffer(string: "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
        let task = Task {
            _ = try? await withThrowingDiscardingTaskGroup { group in
                try await channel.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            try? await connection.executeThenClose { inbound, outbound in
                                // Keep-alive connection: answer each request once its headers
                                // and body (ending the JSON object) have arrived.
                                var pending: [UInt8] = []
                                for try await buffer in inbound {
                                    pending += buffer.readableBytesView
                                    while let end = Self.requestEnd(in: pending) {
                                        pending.removeFirst(end)
                                        try await outbound.write(head)
                                        for chunk in chunks { try await outbound.write(chunk) }
                                        try await outbound.write(ByteBuffer(string: "0\r\n\r\n"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return StreamServer(port: channel.channel.localAddress?.port ?? 0, task: task)
    }

    func stop() async {
        task.cancel()
        await task.value
    }

    /// The length of the first complete request (headers plus content-length body), if any.
    private static func requestEnd(in bytes: [UInt8]) -> Int? {
        let separator = Array("\r\n\r\n".utf8)
        guard bytes.count >= 4,
            let headerEnd = (0...(bytes.count - 4)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(separator) })
        else { return nil }
        let headers = String(decoding: bytes[..<headerEnd], as: UTF8.self).lowercased()
        let length =
            headers.split(separator: "\r\n")
            .first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        let end = headerEnd + 4 + length
        return bytes.count >= end ? end : nil
    }
}
