import Foundation
import Testing

@testable import VectorIndex

@Suite("Index files")
struct IndexFileTests {
    static func savedHNSW(in directory: TemporaryDirectory) throws -> URL {
        var data = TestData(seed: 21)
        let index = try HNSWIndex(dimension: 8)
        try index.upsert(ids: (0..<200).map { UInt64($0) }, vectors: data.clusteredRows(200, dimension: 8, clusters: 4))
        let file = directory.file("index.tsvi")
        try index.save(to: file)
        return file
    }

    func error(loading file: URL) -> VectorIndexError? {
        do {
            _ = try HNSWIndex.load(from: file)
            return nil
        } catch let error as VectorIndexError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test("a flipped byte anywhere is reported as corruption", arguments: [0, 9, 30, 70, 500, 4000])
    func flippedByte(offset: Int) throws {
        let directory = try TemporaryDirectory()
        let file = try Self.savedHNSW(in: directory)
        var bytes = try Data(contentsOf: file)
        bytes[offset] ^= 0x40
        try bytes.write(to: file)
        let failure = try #require(error(loading: file))
        switch failure {
        case .corruptFile, .unsupportedVersion: break
        default: Issue.record("expected a corrupt-file error, got \(failure)")
        }
    }

    @Test("a truncated file is rejected with a clear error", arguments: [0, 10, 64, 1000])
    func truncated(keeping: Int) throws {
        let directory = try TemporaryDirectory()
        let file = try Self.savedHNSW(in: directory)
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(keeping).write(to: file)
        guard case .corruptFile(let reason) = try #require(error(loading: file)) else {
            Issue.record("expected corruptFile")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test("a file with extra bytes at the end is rejected")
    func trailingBytes() throws {
        let directory = try TemporaryDirectory()
        let file = try Self.savedHNSW(in: directory)
        var bytes = try Data(contentsOf: file)
        bytes.append(contentsOf: [1, 2, 3])
        try bytes.write(to: file)
        guard case .corruptFile = try #require(error(loading: file)) else {
            Issue.record("expected corruptFile")
            return
        }
    }

    @Test("a flat file loaded as HNSW names the kinds; a missing file names the path")
    func wrongKindAndMissingFile() throws {
        let directory = try TemporaryDirectory()
        let flat = try FlatIndex(dimension: 2)
        try flat.upsert(id: 1, vector: [1, 0])
        let file = directory.file("flat.tsvi")
        try flat.save(to: file)
        #expect(error(loading: file) == .wrongIndexKind(expected: "HNSW", found: "flat"))
        let missing = directory.file("missing.tsvi")
        guard case .fileSystem(let reason) = try #require(error(loading: missing)) else {
            Issue.record("expected fileSystem")
            return
        }
        #expect(reason.contains("missing.tsvi"))
    }

    @Test("saving replaces the previous file whole and leaves no temporary files")
    func atomicReplace() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("flat.tsvi")
        let index = try FlatIndex(dimension: 2)
        try index.upsert(id: 1, vector: [1, 0])
        try index.save(to: file)
        try index.upsert(id: 2, vector: [0, 1])
        try index.save(to: file)
        #expect(try FlatIndex.load(from: file).count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["flat.tsvi"])
    }
}
