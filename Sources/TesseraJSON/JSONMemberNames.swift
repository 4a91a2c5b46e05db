/// The names of a wire type's members as UTF-8, found by the bytes of a key; not generic, so
/// that the member walker is not either.
@usableFromInline
struct JSONMemberNames: Sendable {
    /// The names one after the other, and where each ends.
    private let utf8: [UInt8]
    private let ends: [Int]
    /// One bit per member that must be there.
    let required: UInt64

    init(_ names: [String], required: [Bool]) {
        // The member walker keeps the members it has seen in 64 bits.
        precondition(names.count <= 64, "a wire type reads at most 64 members")
        utf8 = names.flatMap(\.utf8)
        var end = 0
        ends = names.map { name in
            end += name.utf8.count
            return end
        }
        self.required = required.enumerated().reduce(0) { mask, member in member.element ? mask | 1 << member.offset : mask }
    }

    /// The index of the name these bytes spell.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        utf8.withUnsafeBufferPointer { utf8 in
            var start = 0
            for index in ends.indices {
                let end = ends[index]
                defer { start = end }
                guard end - start == key.count else { continue }
                var offset = 0
                while offset < key.count, utf8[start + offset] == key[offset] { offset += 1 }
                if offset == key.count { return index }
            }
            return nil
        }
    }
}
