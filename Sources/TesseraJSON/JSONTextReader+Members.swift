extension JSONTextReader {
    /// Reads an object of a wire type: hands each of `members` that it holds to `read`, with the
    /// reader at its value (which `read` must read or skip), and skips the others. A key
    /// written with escapes, or a member that comes twice, is left to `JSONDecoder`: which name
    /// an escaped key matches, and which of two occurrences counts, is its call.
    @inlinable
    public mutating func readObject<Member>(
        _ members: JSONMembers<Member>, _ read: (_ member: Member, _ reader: inout JSONTextReader) throws(Unhandled) -> Void
    ) throws(Unhandled) {
        // Inlined into the wire type's reader, so that nothing generic is left to run.
        try readObject(members.names) { index, reader throws(Unhandled) in try read(members.members[index], &reader) }
    }

    @usableFromInline
    mutating func readObject(
        _ names: JSONMemberNames, _ read: (_ index: Int, _ reader: inout JSONTextReader) throws(Unhandled) -> Void
    ) throws(Unhandled) {
        var seen: UInt64 = 0
        try readObject { key, reader throws(Unhandled) in
            guard !key.isEscaped else { throw Unhandled() }
            guard let index = names.index(of: key.body) else {
                try key.validate()
                return try reader.skipValue()
            }
            let bit: UInt64 = 1 << index
            guard seen & bit == 0 else { throw Unhandled() }
            seen |= bit
            try read(index, &reader)
        }
    }
}
