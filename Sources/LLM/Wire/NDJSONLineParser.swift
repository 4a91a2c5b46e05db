/// An incremental splitter of newline-delimited JSON into lines, with bounded memory.
///
/// Blank lines are skipped and a trailing CR is dropped, so CRLF streams work too.
public struct NDJSONLineParser: Sendable {
    public let maximumLineBytes: Int
    /// The start of a line whose newline has not arrived yet.
    private var partialLine: [UInt8] = []

    public init(maximumLineBytes: Int = 8 << 20) {
        self.maximumLineBytes = maximumLineBytes
    }

    public mutating func parse<Bytes: Sequence>(_ bytes: Bytes) throws(LLMError) -> [[UInt8]]
    where Bytes.Element == UInt8 {
        try bytes.withContiguousBytes { buffer throws(LLMError) in try parse(buffer: buffer) }
    }

    /// The last line, when the body did not end with a newline.
    public mutating func finish() -> [[UInt8]] {
        defer { partialLine.removeAll() }
        return Self.content(of: partialLine).map { [$0] } ?? []
    }

    private mutating func parse(buffer: UnsafeBufferPointer<UInt8>) throws(LLMError) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var index = 0
        while index < buffer.count {
            guard let newline = buffer[index...].firstIndex(of: UInt8(ascii: "\n")) else {
                partialLine.append(contentsOf: buffer[index...])
                break
            }
            partialLine.append(contentsOf: buffer[index..<newline])
            if partialLine.count > maximumLineBytes { throw tooLong() }
            if let line = Self.content(of: partialLine) { lines.append(line) }
            partialLine.removeAll(keepingCapacity: true)
            index = newline + 1
        }
        if partialLine.count > maximumLineBytes { throw tooLong() }
        return lines
    }

    /// The line without a trailing CR, or nil when it is blank.
    private static func content(of line: [UInt8]) -> [UInt8]? {
        let trimmed = line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : line
        guard trimmed.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return nil }
        return trimmed
    }

    private func tooLong() -> LLMError {
        LLMError(.malformedResponse, "NDJSON line exceeds \(maximumLineBytes) bytes")
    }
}
