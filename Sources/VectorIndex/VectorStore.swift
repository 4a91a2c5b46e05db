internal import CBLAS

/// Rows of one dimension kept contiguously in one encoding, addressed by slot.
///
/// Not thread-safe on its own: the owning index serializes growth and row moves under its
/// write lock. Writing different slots from several threads is safe once `reserve` has run.
final class VectorStore {
    let dimension: Int
    let encoding: VectorEncoding
    private(set) var count = 0
    private(set) var capacity = 0
    // Exactly one of these row buffers is in use, chosen by `encoding`.
    private var floats: UnsafeMutablePointer<Float>?
    private var halves: UnsafeMutablePointer<Float16>?
    private var codes: UnsafeMutablePointer<Int8>?
    private var scales: UnsafeMutablePointer<Float>?

    init(dimension: Int, encoding: VectorEncoding) {
        self.dimension = dimension
        self.encoding = encoding
    }

    deinit {
        if let floats { HugePageMemory.deallocate(floats) }
        if let halves { HugePageMemory.deallocate(halves) }
        if let codes { HugePageMemory.deallocate(codes) }
        if let scales { HugePageMemory.deallocate(scales) }
    }

    var bytesPerRow: Int {
        switch encoding {
        case .float32: dimension * 4
        case .float16: dimension * 2
        case .int8: dimension + 4
        }
    }

    var memoryBytes: Int { count * bytesPerRow }

    /// Bytes of one row's vector data (without the int8 scale).
    private var rowBytes: Int { dimension * encoding.bytesPerComponent }

    /// Float32 rows, for BLAS; nil unless the encoding is float32.
    var floatRows: UnsafePointer<Float>? { floats.map { UnsafePointer($0) } }

    func reserve(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        let newCapacity = max(minimumCapacity, capacity * 3 / 2, 64)
        let rowElements = count * dimension
        switch encoding {
        case .float32: floats = grow(floats, to: newCapacity * dimension, keeping: rowElements)
        case .float16: halves = grow(halves, to: newCapacity * dimension, keeping: rowElements)
        case .int8:
            codes = grow(codes, to: newCapacity * dimension, keeping: rowElements)
            scales = grow(scales, to: newCapacity, keeping: count)
        }
        capacity = newCapacity
    }

    private func grow<T>(_ old: UnsafeMutablePointer<T>?, to elements: Int, keeping kept: Int) -> UnsafeMutablePointer<T> {
        let fresh = HugePageMemory.allocate(T.self, capacity: elements)
        if let old {
            fresh.initialize(from: old, count: kept)
            HugePageMemory.deallocate(old)
        }
        return fresh
    }

    /// Appends a row and returns its slot.
    @discardableResult
    func append(_ vector: UnsafePointer<Float>) -> Int {
        reserve(count + 1)
        count += 1
        write(vector, at: count - 1)
        return count - 1
    }

    /// Grows `count` by `rows` uninitialized slots (filled with `write` afterwards, possibly
    /// from several threads).
    func extend(by rows: Int) -> Range<Int> {
        reserve(count + rows)
        count += rows
        return (count - rows)..<count
    }

    func write(_ vector: UnsafePointer<Float>, at slot: Int) {
        let base = slot * dimension
        switch encoding {
        case .float32:
            (floats! + base).update(from: vector, count: dimension)
        case .float16:
            let row = halves! + base
            for index in 0..<dimension { row[index] = Float16(vector[index]) }
        case .int8:
            var largest: Float = 0
            for index in 0..<dimension { largest = max(largest, abs(vector[index])) }
            let scale = largest / 127
            let inverse = scale > 0 ? 1 / scale : 0
            let row = codes! + base
            for index in 0..<dimension {
                row[index] = Int8((vector[index] * inverse).rounded().clamped(to: -127...127))
            }
            scales![slot] = scale
        }
    }

    /// Moves the last row into `slot` and drops the last slot (swap-remove).
    func moveLastRow(to slot: Int) {
        let last = count - 1
        if slot != last {
            switch encoding {
            case .float32: (floats! + slot * dimension).update(from: floats! + last * dimension, count: dimension)
            case .float16: (halves! + slot * dimension).update(from: halves! + last * dimension, count: dimension)
            case .int8:
                (codes! + slot * dimension).update(from: codes! + last * dimension, count: dimension)
                scales![slot] = scales![last]
            }
        }
        count -= 1
    }

    func removeAll() { count = 0 }

    /// Prepares a float32 query for this store's kernels (int8 rows also need 16-bit codes,
    /// written into `scratch`, which must outlive the returned value).
    func scoringQuery(_ floats: UnsafePointer<Float>, scratch: QueryScratch) -> ScoringQuery {
        guard encoding == .int8 else { return ScoringQuery(floats: floats, codes: nil, scale: 1) }
        var largest: Float = 0
        for index in 0..<dimension { largest = max(largest, abs(floats[index])) }
        let scale = largest / Float(Int16.max)
        let inverse = scale > 0 ? 1 / scale : 0
        for index in 0..<dimension {
            scratch.codes[index] = Int16((floats[index] * inverse).rounded())
        }
        return ScoringQuery(floats: floats, codes: UnsafePointer(scratch.codes), scale: scale)
    }

    /// Inner product of a prepared query with the stored row: the hot-loop path.
    @inline(__always)
    func dot(_ query: ScoringQuery, slot: Int) -> Float {
        if let queryCodes = query.codes {
            let sum = DotProduct.int8(queryCodes, codes! + slot * dimension, count: dimension)
            return Float(sum) * query.scale * scales![slot]
        }
        return dot(query.floats, slot: slot)
    }

    /// Inner product of a float32 query with the stored row.
    @inline(__always)
    func dot(_ query: UnsafePointer<Float>, slot: Int) -> Float {
        let base = slot * dimension
        switch encoding {
        case .float32: return DotProduct.float32(query, floats! + base, count: dimension)
        case .float16: return DotProduct.float16(query, halves! + base, count: dimension)
        case .int8: return DotProduct.int8(query, codes! + base, count: dimension) * scales![slot]
        }
    }

    /// Asks the CPU to start loading the row's first cache line: cheap enough to issue for
    /// every neighbour graph search is about to score, so their memory latencies overlap.
    @inline(__always)
    func prefetchStart(slot: Int) {
        tessera_prefetch(rowAddress(slot: slot))
    }

    /// Asks the CPU to load the rest of the row (after the line `prefetchStart` asked for),
    /// issued one row ahead of scoring it.
    @inline(__always)
    func prefetch(slot: Int) {
        let row = rowAddress(slot: slot)
        var offset = 64
        while offset < rowBytes {
            tessera_prefetch(row + offset)
            offset += 64
        }
    }

    @inline(__always)
    private func rowAddress(slot: Int) -> UnsafeRawPointer {
        switch encoding {
        case .float32: UnsafeRawPointer(floats! + slot * dimension)
        case .float16: UnsafeRawPointer(halves! + slot * dimension)
        case .int8: UnsafeRawPointer(codes! + slot * dimension)
        }
    }

    /// `count` rows from `slot` on as float32: in place when they are stored so, else decoded
    /// into `scratch`, which must then hold `count` rows.
    func floatRows(from slot: Int, count: Int, scratch: UnsafeMutablePointer<Float>?) -> UnsafePointer<Float> {
        if let floats { return UnsafePointer(floats + slot * dimension) }
        for row in 0..<count { decode(slot: slot + row, into: scratch! + row * dimension) }
        return UnsafePointer(scratch!)
    }

    /// Writes the row as float32 into `destination` (dimension elements).
    func decode(slot: Int, into destination: UnsafeMutablePointer<Float>) {
        let base = slot * dimension
        switch encoding {
        case .float32:
            destination.update(from: floats! + base, count: dimension)
        case .float16:
            for index in 0..<dimension { destination[index] = Float(halves![base + index]) }
        case .int8:
            let scale = scales![slot]
            for index in 0..<dimension { destination[index] = Float(codes![base + index]) * scale }
        }
    }

    /// Pointer to the stored float32 row, or the row decoded into `scratch`.
    @inline(__always)
    func floatRow(slot: Int, scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        if let floats { return UnsafePointer(floats + slot * dimension) }
        decode(slot: slot, into: scratch)
        return UnsafePointer(scratch)
    }

    // MARK: Persistence

    func write(to writer: inout BinaryWriter) {
        guard count > 0 else { return }
        switch encoding {
        case .float32: writer.append(raw: UnsafeRawPointer(floats!), count: count * dimension * 4)
        case .float16: writer.append(raw: UnsafeRawPointer(halves!), count: count * dimension * 2)
        case .int8:
            writer.append(raw: UnsafeRawPointer(codes!), count: count * dimension)
            writer.append(raw: UnsafeRawPointer(scales!), count: count * 4)
        }
    }

    func read(rows: Int, from reader: inout BinaryReader) throws {
        // Check the size before allocating, so a bad count cannot ask for a huge buffer.
        let (needed, overflow) = rows.multipliedReportingOverflow(by: bytesPerRow)
        guard !overflow, needed <= reader.remaining else {
            throw VectorIndexError.corruptFile("\(rows) rows of \(bytesPerRow) bytes do not fit the file")
        }
        removeAll()
        let range = extend(by: rows)
        guard !range.isEmpty else { return }
        switch encoding {
        case .float32: try reader.copy(into: UnsafeMutableRawPointer(floats!), count: rows * dimension * 4)
        case .float16: try reader.copy(into: UnsafeMutableRawPointer(halves!), count: rows * dimension * 2)
        case .int8:
            try reader.copy(into: UnsafeMutableRawPointer(codes!), count: rows * dimension)
            try reader.copy(into: UnsafeMutableRawPointer(scales!), count: rows * 4)
        }
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}

/// A query in the form a ``VectorStore``'s kernels score fastest.
struct ScoringQuery {
    let floats: UnsafePointer<Float>
    /// 16-bit codes of the query (int8 stores only); `floats ≈ codes × scale`.
    let codes: UnsafePointer<Int16>?
    let scale: Float
}

/// Buffer for a query's 16-bit codes, reused across queries by one thread.
final class QueryScratch {
    let codes: UnsafeMutablePointer<Int16>

    init(dimension: Int) {
        codes = .allocate(capacity: dimension)
    }

    deinit { codes.deallocate() }
}
