/// An incremental parser for `text/event-stream` (the WHATWG Server-Sent Events format).
///
/// Feed it the body bytes in chunks of any size; it returns the events completed so far.
/// Lines may end in LF, CR or CRLF, including a CRLF split across two chunks. Comment lines
/// (keep-alives such as `: ping`) are skipped. Memory is bounded: a line or an event longer
/// than `maximumEventBytes` is an error rather than unbounded growth.
public struct ServerSentEventParser: Sendable {
    public let maximumEventBytes: Int

    /// The start of a line whose end has not arrived yet.
    private var partialLine: [UInt8] = []
    private var dataLines: [UInt8] = []
    private var hasData = false
    private var eventName: String?
    private var lastEventID: String?
    /// The previous chunk ended in CR, so a leading LF in the next one belongs to that line end.
    private var skipNextLineFeed = false

    public init(maximumEventBytes: Int = 8 << 20) {
        self.maximumEventBytes = maximumEventBytes
    }

    public mutating func parse<Bytes: Sequence>(_ bytes: Bytes) throws(LLMError) -> [ServerSentEvent]
    where Bytes.Element == UInt8 {
        try bytes.withContiguousBytes { buffer throws(LLMError) in try parse(buffer: buffer) }
    }

    /// Call at the end of the body. An event not terminated by a blank line is dropped, as the
    /// SSE specification requires.
    public mutating func finish() -> [ServerSentEvent] {
        partialLine.removeAll()
        resetEvent()
        return []
    }

    private mutating func parse(buffer: UnsafeBufferPointer<UInt8>) throws(LLMError) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        var index = 0
        if skipNextLineFeed, index < buffer.count {
            skipNextLineFeed = false
            if buffer[index] == UInt8(ascii: "\n") { index += 1 }
        }
        while index < buffer.count {
            var end = index
            while end < buffer.count, buffer[end] != UInt8(ascii: "\n"), buffer[end] != UInt8(ascii: "\r") {
                end += 1
            }
            let segment = UnsafeBufferPointer(rebasing: buffer[index..<end])
            guard end < buffer.count else {
                // No line end in this chunk: keep the start of the line for the next one.
                partialLine.append(contentsOf: segment)
                if partialLine.count + dataLines.count > maximumEventBytes { throw tooLarge() }
                break
            }
            let event: ServerSentEvent?
            if partialLine.isEmpty {
                event = endLine(segment)
            } else {
                var line: [UInt8] = []
                swap(&line, &partialLine)
                line.append(contentsOf: segment)
                event = line.withUnsafeBufferPointer { endLine($0) }
                line.removeAll(keepingCapacity: true)
                swap(&line, &partialLine)
            }
            if dataLines.count > maximumEventBytes { throw tooLarge() }
            if let event { events.append(event) }
            // Consume the line end; a CR may be followed by an LF, possibly in the next chunk.
            if buffer[end] == UInt8(ascii: "\r") {
                if end + 1 < buffer.count {
                    if buffer[end + 1] == UInt8(ascii: "\n") { end += 1 }
                } else {
                    skipNextLineFeed = true
                }
            }
            index = end + 1
        }
        return events
    }

    private mutating func endLine(_ line: UnsafeBufferPointer<UInt8>) -> ServerSentEvent? {
        if line.isEmpty { return dispatch() }
        if line[0] == UInt8(ascii: ":") { return nil }

        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let fieldEnd = colon ?? line.count
        var valueStart = colon.map { $0 + 1 } ?? line.count
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let field = line[0..<fieldEnd]
        let value = line[valueStart..<line.count]

        if field.elementsEqual("data".utf8) {
            if hasData { dataLines.append(UInt8(ascii: "\n")) }
            dataLines.append(contentsOf: value)
            hasData = true
        } else if field.elementsEqual("event".utf8) {
            eventName = String(decoding: value, as: UTF8.self)
        } else if field.elementsEqual("id".utf8) {
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        }
        // `retry` and unknown fields carry nothing this client uses.
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer { resetEvent() }
        guard hasData else { return nil }
        return ServerSentEvent(event: eventName, data: String(decoding: dataLines, as: UTF8.self), id: lastEventID)
    }

    private mutating func resetEvent() {
        dataLines.removeAll(keepingCapacity: true)
        hasData = false
        eventName = nil
    }

    private func tooLarge() -> LLMError {
        LLMError(.malformedResponse, "server-sent event exceeds \(maximumEventBytes) bytes")
    }
}
