import Foundation
import Testing

@testable import Embeddings

@Suite struct SafetensorsFileTests {
    /// A safetensors file holding one F32 tensor `t` of `shape` with `values`; `headerPadding`
    /// spaces after the JSON shift the data section (the format allows trailing spaces).
    static func file(shape: [Int], values: [Float], headerPadding: Int = 0, headerLengthOverride: UInt64? = nil) -> Data {
        let byteCount = values.count * 4
        var header = Data(#"{"__metadata__":{"format":"pt"},"t":{"dtype":"F32","shape":\#(shape),"data_offsets":[0,\#(byteCount)]}}"#.utf8)
        header.append(contentsOf: [UInt8](repeating: 0x20, count: headerPadding))
        var data = Data()
        withUnsafeBytes(of: (headerLengthOverride ?? UInt64(header.count)).littleEndian) { data.append(contentsOf: $0) }
        data.append(header)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func write(_ data: Data) throws -> (URL, URL) {
        let directory = try TestFixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("weights.safetensors")
        try data.write(to: url)
        return (directory, url)
    }

    @Test(arguments: [0, 1, 2, 3])
    func readsTensorWhateverTheDataAlignment(padding: Int) throws {
        let (directory, url) = try Self.write(Self.file(shape: [2, 3], values: [1, 2, 3, 4, 5, 6], headerPadding: padding))
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try SafetensorsFile(path: url.path)
        #expect(Array(try file.floats("t", shape: [2, 3])) == [1, 2, 3, 4, 5, 6])
    }

    @Test func wrongShapeNamesTensorAndFile() throws {
        let (directory, url) = try Self.write(Self.file(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]))
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try SafetensorsFile(path: url.path)
        let error = #expect(throws: EmbeddingError.self) { try file.floats("t", shape: [3, 2]) }
        #expect(error?.code == .tensorShapeMismatch)
        #expect(error?.description.contains(url.path) == true)
        #expect(error?.description.contains("'t'") == true)
    }

    @Test func missingTensorNamesIt() throws {
        let (directory, url) = try Self.write(Self.file(shape: [1], values: [1]))
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try SafetensorsFile(path: url.path)
        let error = #expect(throws: EmbeddingError.self) { try file.floats("absent", shape: [1]) }
        #expect(error?.code == .missingTensor)
        #expect(error?.description.contains("absent") == true)
    }

    @Test func truncatedDataIsRejected() throws {
        let whole = Self.file(shape: [4], values: [1, 2, 3, 4])
        let (directory, url) = try Self.write(whole.prefix(whole.count - 4))
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EmbeddingError.self) { try SafetensorsFile(path: url.path) }
        #expect(error?.code == .invalidSafetensors)
        #expect(error?.description.contains(url.path) == true)
    }

    @Test func headerLongerThanFileIsRejected() throws {
        let (directory, url) = try Self.write(Self.file(shape: [1], values: [1], headerLengthOverride: 1 << 40))
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EmbeddingError.self) { try SafetensorsFile(path: url.path) }
        #expect(error?.code == .invalidSafetensors)
    }

    @Test func garbageIsRejected() throws {
        let (directory, url) = try Self.write(Data("this is not a model at all".utf8))
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: EmbeddingError.self) { try SafetensorsFile(path: url.path) }
    }

    @Test func tinyFileIsRejected() throws {
        let (directory, url) = try Self.write(Data([1, 2, 3]))
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EmbeddingError.self) { try SafetensorsFile(path: url.path) }
        #expect(error?.code == .invalidSafetensors)
    }

    @Test func byteCountDisagreeingWithShapeIsRejected() throws {
        // Says shape [3] (12 bytes) but the offsets span 8 bytes.
        let header = Data(#"{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#.utf8)
        var data = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(header)
        data.append(Data(count: 8))
        let (directory, url) = try Self.write(data)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EmbeddingError.self) { try SafetensorsFile(path: url.path) }
        #expect(error?.description.contains("shape [3]") == true)
    }

    @Test func missingFileNamesIt() throws {
        let path = "/nonexistent/\(UUID().uuidString).safetensors"
        let error = #expect(throws: EmbeddingError.self) { try SafetensorsFile(path: path) }
        #expect(error?.code == .fileUnreadable)
        #expect(error?.description.contains(path) == true)
    }
}
