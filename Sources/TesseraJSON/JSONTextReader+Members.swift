extension JSONTextReader {
    /// Reads an object of a wire type, handing `read` the index of each member it names, with
    /// the reader at its value (which `read` must read or skip); others are skipped. A key
    /// written with escapes, a member that comes twice or a required one that is missing is
    /// left to `JSONDecoder`: which name an escaped key matches, which of two occurrences counts
    /// and how a missing member is reported are its call.
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
        guard seen & names.required == names.required else { throw Unhandled() }
    }
}
