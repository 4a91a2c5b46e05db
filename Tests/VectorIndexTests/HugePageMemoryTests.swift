import Testing

@testable import VectorIndex

@Suite("Huge-page memory")
struct HugePageMemoryTests {
    @Test("large arrays start on a 2 MiB boundary and hold what is written", arguments: [1, 1000, 3 << 20])
    func allocation(count: Int) {
        let pointer = HugePageMemory.allocate(UInt32.self, capacity: count)
        defer { HugePageMemory.deallocate(pointer) }
        if count * 4 >= 4 << 20 {
            #expect(Int(bitPattern: pointer) % (2 << 20) == 0)
        }
        for index in 0..<count { pointer[index] = UInt32(truncatingIfNeeded: index &* 2_654_435_761) }
        #expect((0..<count).allSatisfy { pointer[$0] == UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) })
    }

    @Test("an index whose rows span several huge pages matches brute force")
    func largeFlatIndex() throws {
        let dimension = 384
        let count = 4000 // 6 MiB of float32 rows
        var data = TestData(seed: 7)
        let rows = data.integerRows(count, dimension: dimension)
        let ids = (0..<count).map { UInt64($0) }
        let index = try FlatIndex(dimension: dimension, metric: .innerProduct)
        try index.upsert(ids: ids, vectors: rows)
        let query = data.integerRows(1, dimension: dimension)
        let expected = BruteForce.search(query[...], rows: rows, ids: ids, dimension: dimension, k: 10)
        #expect(try index.search(query, k: 10).map(\.id) == expected.map(\.id))
    }
}
