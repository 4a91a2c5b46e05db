/// An incremental splitter of newline-delimited JSON into lines, with bounded memory.
///
/// Blank lines are skipped and a trailing CR is dropped, so CRLF streams work too.
public struct NDJSONLineParser: Sendable {
    public let maximumLineBytes: Int
    private var line: [UInt8] = []

    public init(maximumLineBytes: Int = 8 << 20) {
        self.maximumLineBytes = maximumLineBytes
    }

    public mutating func parse<Bytes: Sequence>(_ bytes: Bytes) throws(LLMError) -> [[UInt8]]
    where Bytes.Element == UInt8 {
        var lines: [[UInt8]] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let complete = takeLine() { lines.append(complete) }
            } else {
                line.append(byte)
                if line.count > maximumLineBytes {
                    throw LLMError(.malformedResponse, "NDJSON line exceeds \(maximumLineBytes) bytes")
                }
            }
        }
        return lines
    }

    /// The last line, when the body did not end with a newline.
    public mutating func finish() -> [[UInt8]] {
        takeLine().map { [$0] } ?? []
    }

    private mutating func takeLine() -> [UInt8]? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return nil }
        return line
    }
}
