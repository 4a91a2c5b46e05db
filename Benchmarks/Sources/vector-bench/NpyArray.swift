import Foundation

/// A two-dimensional array read from a NumPy `.npy` file (version 1–3, C order, little-endian
/// float32 or int64), the format the anchor scripts write.
struct NpyArray<Element: BitwiseCopyable> {
    var rows: Int
    var columns: Int
    var values: [Element]

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    init(contentsOf url: URL, dtype expected: String) throws {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        guard data.count >= 10, data.prefix(6) == Data([0x93] + Array("NUMPY".utf8)) else {
            throw FormatError(description: "\(url.path) is not a .npy file")
        }
        let major = data[data.startIndex + 6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(data[data.startIndex + 8]) | Int(data[data.startIndex + 9]) << 8
            headerStart = 10
        } else {
            guard data.count >= 12 else { throw FormatError(description: "\(url.path): truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(data[data.startIndex + 8 + $1]) << (8 * $1) }
            headerStart = 12
        }
        guard data.count >= headerStart + headerLength,
            let header = String(data: data.subdata(in: headerStart..<(headerStart + headerLength)), encoding: .utf8)
        else { throw FormatError(description: "\(url.path): truncated header") }
        guard header.contains("'descr': '\(expected)'") else {
            throw FormatError(description: "\(url.path): expected dtype \(expected), header is \(header)")
        }
        guard header.contains("'fortran_order': False") else {
            throw FormatError(description: "\(url.path): only C-order arrays are supported")
        }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw FormatError(description: "\(url.path): no shape in header")
        }
        let shape = header[open.upperBound..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard shape.count == 2 else { throw FormatError(description: "\(url.path): expected a 2-D array, shape \(shape)") }
        rows = shape[0]
        columns = shape[1]
        let start = headerStart + headerLength
        let byteCount = rows * columns * MemoryLayout<Element>.stride
        guard data.count - start == byteCount else {
            throw FormatError(description: "\(url.path): \(data.count - start) data bytes, shape needs \(byteCount)")
        }
        let count = rows * columns
        values = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { bytes in
                UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: bytes.baseAddress! + start, byteCount: byteCount)
            }
            initialized = count
        }
    }
}
