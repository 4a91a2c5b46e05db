import Foundation

/// The single-file format shared by all indexes:
///
///     offset  size  field
///          0     8  magic "TSVECIDX"
///          8     2  format version
///         10     1  index kind (1 flat, 2 HNSW)
///         11     1  metric
///         12     1  encoding
///         13     3  reserved (zero)
///         16     4  dimension
///         20     4  reserved (zero)
///         24     8  live vector count
///         32     8  payload byte count
///         40     8  payload checksum
///         48     8  header checksum (of bytes 0..<48)
///         56     8  reserved (zero)
///         64     …  payload, laid out by the index kind
///
/// All integers are little-endian. Files are written to a temporary sibling and renamed into
/// place, so a reader sees either the old file or the new one, never half of one.
struct IndexFile {
    static let magic = Array("TSVECIDX".utf8)
    static let version: UInt16 = 1
    static let headerSize = 64

    enum Kind: UInt8 {
        case flat = 1
        case hnsw = 2

        var name: String {
            switch self {
            case .flat: "flat"
            case .hnsw: "HNSW"
            }
        }
    }

    var kind: Kind
    var metric: VectorMetric
    var encoding: VectorEncoding
    var dimension: Int
    var liveCount: Int

    func write(payload: [UInt8], to url: URL) throws {
        var header = BinaryWriter(reservingCapacity: Self.headerSize)
        header.append(contentsOf: Self.magic)
        header.append(Self.version)
        header.append(kind.rawValue)
        header.append(metric.rawValue)
        header.append(encoding.rawValue)
        header.append(contentsOf: [UInt8](repeating: 0, count: 3))
        header.append(UInt32(dimension))
        header.append(UInt32(0))
        header.append(UInt64(liveCount))
        header.append(UInt64(payload.count))
        header.append(Checksum.of(payload))
        header.append(Checksum.of(header.bytes))
        header.append(UInt64(0))

        var file = Data(capacity: Self.headerSize + payload.count)
        file.append(contentsOf: header.bytes)
        file.append(contentsOf: payload)
        do {
            try file.write(to: url, options: .atomic)
        } catch {
            throw VectorIndexError.fileSystem("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// Maps the file, checks header and checksums, and hands the payload to `parse`.
    static func read<T>(
        from url: URL,
        expecting expectedKind: Kind?,
        parse: (IndexFile, inout BinaryReader) throws -> T
    ) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw VectorIndexError.fileSystem("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try data.withUnsafeBytes { bytes in
            guard bytes.count >= headerSize else {
                throw VectorIndexError.corruptFile("\(bytes.count) bytes is shorter than the \(headerSize)-byte header")
            }
            guard Array(bytes.prefix(8)) == magic else {
                throw VectorIndexError.corruptFile("not a Tessera vector index (bad magic)")
            }
            var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: bytes[0..<headerSize]))
            _ = try reader.readArray(of: UInt8.self, count: 8)
            let version = try reader.read(UInt16.self)
            guard version == Self.version else {
                throw VectorIndexError.unsupportedVersion(found: version, supported: Self.version)
            }
            let kindRaw = try reader.read(UInt8.self)
            let metricRaw = try reader.read(UInt8.self)
            let encodingRaw = try reader.read(UInt8.self)
            _ = try reader.readArray(of: UInt8.self, count: 3)
            let dimension = try reader.read(UInt32.self)
            _ = try reader.read(UInt32.self)
            let liveCount = try reader.read(UInt64.self)
            let payloadCount = try reader.read(UInt64.self)
            let payloadChecksum = try reader.read(UInt64.self)
            let headerChecksum = try reader.read(UInt64.self)
            guard headerChecksum == Checksum.of(UnsafeRawBufferPointer(rebasing: bytes[0..<48])) else {
                throw VectorIndexError.corruptFile("header checksum mismatch")
            }
            guard let kind = Kind(rawValue: kindRaw),
                let metric = VectorMetric(rawValue: metricRaw),
                let encoding = VectorEncoding(rawValue: encodingRaw)
            else {
                throw VectorIndexError.corruptFile("unknown index kind, metric or encoding")
            }
            if let expectedKind, expectedKind != kind {
                throw VectorIndexError.wrongIndexKind(expected: expectedKind.name, found: kind.name)
            }
            guard dimension > 0, liveCount <= UInt64(Int.max) else {
                throw VectorIndexError.corruptFile("invalid dimension or count")
            }
            let available = UInt64(bytes.count - headerSize)
            guard payloadCount == available else {
                throw VectorIndexError.corruptFile(
                    payloadCount > available
                        ? "file is truncated (payload \(available) of \(payloadCount) bytes)"
                        : "\(available - payloadCount) unexpected bytes after the payload")
            }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[headerSize...])
            guard Checksum.of(payload) == payloadChecksum else {
                throw VectorIndexError.corruptFile("payload checksum mismatch")
            }
            let file = IndexFile(kind: kind, metric: metric, encoding: encoding, dimension: Int(dimension), liveCount: Int(liveCount))
            var payloadReader = BinaryReader(payload)
            let result = try parse(file, &payloadReader)
            guard payloadReader.remaining == 0 else {
                throw VectorIndexError.corruptFile("\(payloadReader.remaining) unread bytes at the end of the payload")
            }
            return result
        }
    }
}

/// FNV-1a over 64-bit little-endian words (then the tail bytes): detects truncation and
/// flipped bits at memory speed. Not a defence against deliberate tampering.
enum Checksum {
    static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { of($0) }
    }

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let words = bytes.count / 8
        for index in 0..<words {
            hash = (hash ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))) &* prime
        }
        for index in (words * 8)..<bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* prime
        }
        return hash
    }
}
