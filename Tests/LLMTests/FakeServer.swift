import Foundation
import LLM
import NIOCore
import NIOPosix
import Synchronization

/// A request as the fake server received it.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func json() throws -> JSONValue {
        try JSONValue.parse(Data(body))
    }
}

/// Writes a scripted HTTP/1.1 response byte for byte, so tests control exactly what the
/// client sees and how it is split.
struct ResponseWriter: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    func raw(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Status line and headers of a chunked response.
    func head(status: Int = 200, contentType: String = "text/event-stream", headers: [(String, String)] = []) async throws {
        var text = "HTTP/1.1 \(status) Status\r\ncontent-type: \(contentType)\r\ntransfer-encoding: chunked\r\nconnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        try await raw(text + "\r\n")
    }

    /// One HTTP chunk; each is flushed on its own.
    func chunk(_ text: String) async throws {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return }
        try await raw(String(bytes.count, radix: 16) + "\r\n" + text + "\r\n")
    }

    func end() async throws {
        try await raw("0\r\n\r\n")
    }

    /// The body split into pieces of at most `size` bytes (pieces may cut UTF-8 sequences).
    func chunks(of body: String, size: Int) async throws {
        let bytes = Array(body.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + size, bytes.count)
            var buffer = ByteBuffer(string: String(end - start, radix: 16) + "\r\n")
            buffer.writeBytes(bytes[start..<end])
            buffer.writeString("\r\n")
            try await outbound.write(buffer)
            start = end
        }
    }

    /// A whole response in one piece.
    func respond(status: Int, contentType: String = "application/json", headers: [(String, String)] = [], body: String) async throws {
        var text = "HTTP/1.1 \(status) Status\r\ncontent-type: \(contentType)\r\ncontent-length: \(body.utf8.count)\r\nconnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        try await raw(text + "\r\n" + body)
    }

    /// A complete streamed response: head, the body in pieces of `pieceSize` bytes, end.
    func stream(_ body: String, pieceSize: Int = 64, contentType: String = "text/event-stream") async throws {
        try await head(contentType: contentType)
        try await chunks(of: body, size: pieceSize)
        try await end()
    }
}

/// An HTTP server on 127.0.0.1 with a free port, answering each request with a script.
/// Every connection serves one request and then closes.
final class FakeServer: Sendable {
    typealias Script = @Sendable (_ request: RecordedRequest, _ number: Int, _ writer: ResponseWriter) async throws -> Void

    let port: Int
    private let recorded = Mutex<[RecordedRequest]>([])
    private let closedConnections = Mutex<Int>(0)
    private let serverTask = Mutex<Task<Void, Never>?>(nil)

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [RecordedRequest] { recorded.withLock { $0 } }
    var closedConnectionCount: Int { closedConnections.withLock { $0 } }

    private init(port: Int) {
        self.port = port
    }

    static func start(_ script: @escaping Script) async throws -> FakeServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let server = FakeServer(port: channel.channel.localAddress?.port ?? 0)
        let task = Task {
            _ = try? await withThrowingDiscardingTaskGroup { group in
                try await channel.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await server.serve(connection, script) }
                    }
                }
            }
        }
        server.serverTask.withLock { $0 = task }
        return server
    }

    func stop() async {
        let task = serverTask.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, _ script: Script) async {
        try? await connection.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            guard let request = try await Self.readRequest(&iterator) else { return }
            let number = recorded.withLock { requests in
                requests.append(request)
                return requests.count - 1
            }
            try await script(request, number, ResponseWriter(outbound: outbound))
        }
        closedConnections.withLock { $0 += 1 }
    }

    private static func readRequest(_ iterator: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async throws -> RecordedRequest? {
        var bytes: [UInt8] = []
        let separator = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            guard let buffer = try await iterator.next() else { return nil }
            bytes += buffer.readableBytesView
            if bytes.count >= 4 {
                headerEnd = (0...(bytes.count - 4)).first { bytes[$0..<($0 + 4)].elementsEqual(separator) }
            }
        }
        let headerText = String(decoding: bytes[..<headerEnd!], as: UTF8.self)
        var lines = headerText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        var body = Array(bytes[(headerEnd! + 4)...])
        while body.count < length {
            guard let buffer = try await iterator.next() else { break }
            body += buffer.readableBytesView
        }
        return RecordedRequest(
            method: requestLine.first.map(String.init) ?? "",
            path: requestLine.dropFirst().first.map(String.init) ?? "",
            headers: headers,
            body: body
        )
    }
}

/// Runs `body` against a fresh fake server and stops the server afterwards.
func withFakeServer<T>(_ script: @escaping FakeServer.Script, _ body: (FakeServer) async throws -> T) async throws -> T {
    let server = try await FakeServer.start(script)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
