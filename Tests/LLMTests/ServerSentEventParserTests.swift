import LLM
import Testing

@Suite struct ServerSentEventParserTests {
    private func parse(_ text: String) throws -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return try parser.parse(Array(text.utf8)) + parser.finish()
    }

    @Test func dispatchesOnBlankLinesWithEventNamesAndIDs() throws {
        let events = try parse("event: ping\ndata: {}\n\nid: 7\ndata: second\n\n")
        #expect(
            events == [
                ServerSentEvent(event: "ping", data: "{}"),
                ServerSentEvent(event: nil, data: "second", id: "7"),
            ])
    }

    @Test func joinsMultiLineDataWithNewlines() throws {
        #expect(try parse("data: one\ndata:two\ndata:  three\n\n") == [ServerSentEvent(data: "one\ntwo\n three")])
    }

    @Test func skipsCommentsAndKeepAlives() throws {
        let events = try parse(": OPENROUTER PROCESSING\n\n:keep-alive\ndata: x\n: between\n\n")
        #expect(events == [ServerSentEvent(data: "x")])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func acceptsEveryLineEnding(_ end: String) throws {
        let text = "event: a\(end)data: 1\(end)\(end)data: 2\(end)\(end)"
        #expect(try parse(text) == [ServerSentEvent(event: "a", data: "1"), ServerSentEvent(data: "2")])
    }

    @Test func dropsAnEventWithoutItsBlankLine() throws {
        #expect(try parse("data: complete\n\ndata: cut off") == [ServerSentEvent(data: "complete")])
    }

    @Test func fieldWithoutColonHasEmptyValue() throws {
        #expect(try parse("data\n\n") == [ServerSentEvent(data: "")])
    }

    @Test func refusesAnEventLargerThanTheLimit() {
        var parser = ServerSentEventParser(maximumEventBytes: 16)
        #expect(throws: LLMError.self) {
            _ = try parser.parse(Array("data: 0123456789abcdefghij\n\n".utf8))
        }
        var lines = ServerSentEventParser(maximumEventBytes: 16)
        #expect(throws: LLMError.self) {
            _ = try lines.parse(Array("data: 0123456789\ndata: 0123456789\n\n".utf8))
        }
    }

    /// The same stream split at every byte boundary (into two pieces, and into single
    /// bytes) gives the same events; CRLF pairs and UTF-8 sequences get cut too.
    @Test func everySplitGivesTheSameEvents() throws {
        let text = "event: message_start\r\ndata: {\"a\":\"Zürich 🌍\"}\r\n\r\n: keep-alive\r\n\r\ndata: line1\r\ndata: line2\r\n\r\ndata: [DONE]\r\n\r\n"
        let bytes = Array(text.utf8)
        let expected = try parse(text)
        #expect(expected.count == 3)
        for split in 0...bytes.count {
            var parser = ServerSentEventParser()
            let events = try parser.parse(bytes[..<split]) + parser.parse(bytes[split...])
            #expect(events == expected, "split at \(split)")
        }
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in bytes { events += try parser.parse([byte]) }
        #expect(events == expected)
    }
}

@Suite struct NDJSONLineParserTests {
    @Test func splitsLinesSkippingBlanksAndCarriageReturns() throws {
        var parser = NDJSONLineParser()
        let lines = try parser.parse(Array("{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":".utf8)) + parser.finish()
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}", "{\"c\":"])
    }

    @Test func refusesALineLargerThanTheLimit() {
        var parser = NDJSONLineParser(maximumLineBytes: 8)
        #expect(throws: LLMError.self) { _ = try parser.parse(Array("0123456789\n".utf8)) }
    }

    @Test func everySplitGivesTheSameLines() throws {
        let bytes = Array("{\"t\":\"ä\"}\r\n{\"t\":\"b\"}\n\n{\"done\":true}\n".utf8)
        var whole = NDJSONLineParser()
        let expected = try whole.parse(bytes) + whole.finish()
        #expect(expected.count == 3)
        for split in 0...bytes.count {
            var parser = NDJSONLineParser()
            let lines = try parser.parse(bytes[..<split]) + parser.parse(bytes[split...]) + parser.finish()
            #expect(lines == expected, "split at \(split)")
        }
    }
}
