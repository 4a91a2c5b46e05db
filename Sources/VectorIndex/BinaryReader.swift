/// Reads little-endian values from a byte buffer, throwing instead of reading past its end.
struct BinaryReader {
    private let buffer: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    var remaining: Int { buffer.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        try ensure(MemoryLayout<T>.size)
        let value = buffer.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    mutating func readFloat() throws -> Float {
        Float(bitPattern: try read(UInt32.self))
    }

    /// Reads a count that must fit the remaining bytes at `bytesEach` bytes per item.
    mutating func readCount(bytesEach: Int, what: String) throws -> Int {
        let raw = try read(UInt64.self)
        guard raw <= UInt64(Int.max), Int(raw) <= remaining / max(bytesEach, 1) else {
            throw VectorIndexError.corruptFile("\(what) count \(raw) does not fit the file")
        }
        return Int(raw)
    }

    mutating func copy(into destination: UnsafeMutableRawPointer, count: Int) throws {
        try ensure(count)
        destination.copyMemory(from: buffer.baseAddress! + offset, byteCount: count)
        offset += count
    }

    mutating func readArray<T: BitwiseCopyable>(of _: T.Type, count: Int) throws -> [T] {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard !overflow else { throw VectorIndexError.corruptFile("array of \(count) items is too large") }
        try ensure(byteCount)
        let values = [T](unsafeUninitializedCapacity: count) { destination, initialized in
            if byteCount > 0 {
                UnsafeMutableRawPointer(destination.baseAddress!).copyMemory(from: buffer.baseAddress! + offset, byteCount: byteCount)
            }
            initialized = count
        }
        offset += byteCount
        return values
    }

    private func ensure(_ byteCount: Int) throws {
        guard byteCount >= 0, byteCount <= remaining else {
            throw VectorIndexError.corruptFile("file is truncated (needs \(byteCount) more bytes at offset \(offset), \(remaining) left)")
        }
    }
}
