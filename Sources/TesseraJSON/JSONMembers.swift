/// The members of a wire type that a fast reader takes, named by the type's `CodingKeys`, so
/// that the reader and `JSONDecoder` go by the same spelling.
public struct JSONMembers<Member: CodingKey & CaseIterable>: Sendable {
    @usableFromInline let names: JSONMemberNames
    @usableFromInline let members: [Member]

    public init(_: Member.Type) {
        members = Array(Member.allCases)
        names = JSONMemberNames(members.map(\.stringValue))
    }
}

/// Member names as UTF-8, found by the bytes of a key; apart from `JSONMembers` so that
/// finding them is not generic.
@usableFromInline
struct JSONMemberNames: Sendable {
    /// The names one after the other, and where each ends.
    private let utf8: [UInt8]
    private let ends: [Int]

    init(_ names: [String]) {
        // `JSONTextReader.readObject(_:_:)` keeps the members it has seen in 64 bits.
        precondition(names.count <= 64, "a wire type reads at most 64 members")
        utf8 = names.flatMap(\.utf8)
        var end = 0
        ends = names.map { name in
            end += name.utf8.count
            return end
        }
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
