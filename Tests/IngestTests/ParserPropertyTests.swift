import Ingest
import PropertyBased
import TesseraCore
import Testing

/// The CSV and JSON Lines readers on random bytes cut into random chunks: no trap, and the
/// same rows and problems however the bytes are split.
@Suite("Parser properties")
struct ParserPropertyTests {
    static let csvBytes: [UInt8] = Array("a,b\"\n\r é".utf8) + [0xEF, 0xBB, 0xBF, 0xFF, 0x00]
    static let jsonBytes: [UInt8] = Array("{}[]\":,1a\n\r ".utf8) + [0xEF, 0xBB, 0xBF, 0xC3, 0xFF]

    private static func feedCSV(_ bytes: [UInt8], chunk: Int) -> [IngestItem] {
        var parser = CSVParser(maxRowBytes: 32)
        var items: [IngestItem] = []
        var start = 0
        while start < bytes.count {
            items += parser.feed(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        return items + parser.finish()
    }

    private static func feedJSONLines(_ bytes: [UInt8], chunk: Int) -> [IngestItem] {
        var parser = JSONLinesParser(maxLineBytes: 32)
        var items: [IngestItem] = []
        var start = 0
        while start < bytes.count {
            items += parser.feed(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        return items + parser.finish()
    }

    @Test func csvChunkingDoesNotChangeTheResult() async {
        await propertyCheck(count: 3000, input: Gen.element(of: Self.csvBytes).array(of: 0...120), Gen.int(in: 1...17)) { bytes, chunk in
            let bytes = bytes.compactMap { $0 }
            #expect(Self.feedCSV(bytes, chunk: chunk) == Self.feedCSV(bytes, chunk: max(1, bytes.count)))
        }
    }

    @Test func jsonLinesChunkingDoesNotChangeTheResult() async {
        await propertyCheck(count: 3000, input: Gen.element(of: Self.jsonBytes).array(of: 0...120), Gen.int(in: 1...17)) { bytes, chunk in
            let bytes = bytes.compactMap { $0 }
            #expect(Self.feedJSONLines(bytes, chunk: chunk) == Self.feedJSONLines(bytes, chunk: max(1, bytes.count)))
        }
    }
}
