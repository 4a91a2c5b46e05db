/// An incremental parser for `text/event-stream` (the WHATWG Server-Sent Events format).
///
/// Feed it the body bytes in chunks of any size; it returns the events completed so far.
/// Lines may end in LF, CR or CRLF, including a CRLF split across two chunks. Comment lines
/// (keep-alives such as `: ping`) are skipped. Memory is bounded: a line or an event longer
/// than `maximumEventBytes` is an error rather than unbounded growth.
public struct ServerSentEventParser: Sendable {
    public let maximumEventBytes: Int

    private var line: [UInt8] = []
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
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if skipNextLineFeed {
                skipNextLineFeed = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            switch byte {
            case UInt8(ascii: "\n"):
                if let event = try endLine() { events.append(event) }
            case UInt8(ascii: "\r"):
                skipNextLineFeed = true
                if let event = try endLine() { events.append(event) }
            default:
                line.append(byte)
                if line.count + dataLines.count > maximumEventBytes { throw tooLarge() }
            }
        }
        return events
    }

    /// Call at the end of the body. An event not terminated by a blank line is dropped, as the
    /// SSE specification requires.
    public mutating func finish() -> [ServerSentEvent] {
        line.removeAll()
        resetEvent()
        return []
    }

    private mutating func endLine() throws(LLMError) -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty { return dispatch() }
        if line[0] == UInt8(ascii: ":") { return nil }

        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let fieldEnd = colon ?? line.endIndex
        var valueStart = colon.map { $0 + 1 } ?? line.endIndex
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let field = line[line.startIndex..<fieldEnd]
        let value = line[valueStart..<line.endIndex]

        if field.elementsEqual("data".utf8) {
            if hasData { dataLines.append(UInt8(ascii: "\n")) }
            dataLines.append(contentsOf: value)
            hasData = true
            if dataLines.count > maximumEventBytes { throw tooLarge() }
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
