import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A memory-mapped `.safetensors` file: an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the raw tensor bytes.
///
/// Mapping instead of reading keeps model load in the milliseconds and lets the kernel share
/// the pages between processes; only touched rows (e.g. of the word embeddings) become resident.
public final class SafetensorsFile: @unchecked Sendable {
    // @unchecked: the mapping is read-only and never changes after init.

    public struct TensorInfo: Sendable, Equatable {
        public let dtype: String
        public let shape: [Int]
        let byteRange: Range<Int>
    }

    public let path: String
    public let tensors: [String: TensorInfo]
    private let mapping: UnsafeRawBufferPointer
    private let dataStart: Int
    /// Set when the data section is not 4-byte aligned in memory; then it is copied once.
    private let alignedCopy: UnsafeMutableRawBufferPointer?

    private static let maxHeaderLength = 100 << 20

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw EmbeddingError(.fileUnreadable, file: path, String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw EmbeddingError(.fileUnreadable, file: path, String(cString: strerror(errno)))
        }
        let size = Int(info.st_size)
        guard size >= 8 else {
            throw EmbeddingError(.invalidSafetensors, file: path, "file is \(size) bytes, too short for a safetensors header")
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw EmbeddingError(.fileUnreadable, file: path, "mmap failed: \(String(cString: strerror(errno)))")
        }
        let mapping = UnsafeRawBufferPointer(start: base, count: size)

        do {
            let headerLength = Int(UInt64(littleEndian: mapping.loadUnaligned(as: UInt64.self)))
            guard headerLength <= Self.maxHeaderLength, headerLength <= size - 8 else {
                throw EmbeddingError(
                    .invalidSafetensors, file: path, "header length \(headerLength) exceeds the file size \(size) (truncated or not a safetensors file)")
            }
            let dataStart = 8 + headerLength
            let header = Data(mapping[8..<dataStart])
            self.tensors = try Self.parseHeader(header, dataLength: size - dataStart, path: path)
            self.dataStart = dataStart
        } catch {
            munmap(base, size)
            throw error
        }
        self.mapping = mapping
        if Int(bitPattern: base + dataStart) % MemoryLayout<Float>.alignment == 0 {
            alignedCopy = nil
        } else {
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: size - dataStart, alignment: 16)
            copy.copyMemory(from: UnsafeRawBufferPointer(rebasing: mapping[dataStart...]))
            alignedCopy = copy
        }
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: mapping.baseAddress), mapping.count)
        alignedCopy?.deallocate()
    }

    /// A digest of the header and the first 4 KiB of every tensor: it tells weights apart
    /// (training changes every tensor) without reading the whole file or making it resident.
    public func fingerprint(into hasher: inout SHA256) {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: mapping[0..<dataStart]))
        let data = UnsafeRawBufferPointer(rebasing: mapping[dataStart...])
        for info in tensors.values.sorted(by: { $0.byteRange.lowerBound < $1.byteRange.lowerBound }) {
            let range = info.byteRange
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: data[range.lowerBound..<min(range.upperBound, range.lowerBound + 4096)]))
        }
    }

    /// The float32 tensor `name`, checked to have exactly `shape`.
    public func floats(_ name: String, shape: [Int]) throws -> UnsafeBufferPointer<Float> {
        guard let info = tensors[name] else {
            throw EmbeddingError(.missingTensor, file: path, "tensor '\(name)' is missing")
        }
        guard info.dtype == "F32" else {
            throw EmbeddingError(.tensorShapeMismatch, file: path, "tensor '\(name)' has dtype \(info.dtype), expected F32")
        }
        guard info.shape == shape else {
            throw EmbeddingError(.tensorShapeMismatch, file: path, "tensor '\(name)' has shape \(info.shape), expected \(shape)")
        }
        let data =
            alignedCopy.map { UnsafeRawBufferPointer($0) }
            ?? UnsafeRawBufferPointer(rebasing: mapping[dataStart...])
        let bytes = UnsafeRawBufferPointer(rebasing: data[info.byteRange])
        return bytes.assumingMemoryBound(to: Float.self)
    }

    private static let dtypeSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2,
        "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
    ]

    private static func parseHeader(_ header: Data, dataLength: Int, path: String) throws -> [String: TensorInfo] {
        func invalid(_ reason: String) -> EmbeddingError {
            EmbeddingError(.invalidSafetensors, file: path, reason)
        }
        guard let object = try? JSONSerialization.jsonObject(with: header), let entries = object as? [String: Any] else {
            throw invalid("header is not a JSON object")
        }
        var tensors: [String: TensorInfo] = [:]
        for (name, value) in entries where name != "__metadata__" {
            guard let entry = value as? [String: Any],
                let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int],
                let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else {
                throw invalid("header entry '\(name)' lacks dtype, shape or data_offsets")
            }
            guard let elementSize = dtypeSizes[dtype] else {
                throw invalid("tensor '\(name)' has unknown dtype \(dtype)")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataLength else {
                throw invalid("tensor '\(name)' spans bytes \(begin)..<\(end) but the data section has \(dataLength) bytes (truncated file?)")
            }
            guard shape.allSatisfy({ $0 >= 0 }), byteCount(of: shape, elementSize: elementSize) == end - begin else {
                throw invalid("tensor '\(name)' has shape \(shape) of \(dtype) but \(end - begin) bytes")
            }
            tensors[name] = TensorInfo(dtype: dtype, shape: shape, byteRange: begin..<end)
        }
        return tensors
    }

    /// Nil when the product overflows, so a hostile shape cannot wrap around to a valid length.
    private static func byteCount(of shape: [Int], elementSize: Int) -> Int? {
        var count = elementSize
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }
}
