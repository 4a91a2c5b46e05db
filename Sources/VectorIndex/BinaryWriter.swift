/// Appends little-endian values and raw bytes to a growing byte buffer.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Float) {
        append(value.bitPattern)
    }

    mutating func append(raw pointer: UnsafeRawPointer, count: Int) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count))
    }

    mutating func append<T: BitwiseCopyable>(contentsOf values: [T]) {
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}
