/// A wire type read member by member from a JSON object: it starts empty, takes each of its
/// `members` that the object holds, and ignores the rest, as its `Decodable` conformance does.
public protocol JSONObjectReadable: JSONTextReadable {
    associatedtype Member: CodingKey & CaseIterable

    /// Its `CodingKeys`, the names `JSONDecoder` goes by.
    static var members: JSONMembers<Member> { get }

    init()

    /// Reads the value of `member`, or throws `Unhandled` for one `JSONDecoder` should judge.
    mutating func read(_ member: Member, from reader: inout JSONTextReader) throws(JSONTextReader.Unhandled)
}

extension JSONObjectReadable {
    @inlinable
    public init(reading reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        self.init()
        try reader.readObject(Self.members) { member, reader throws(JSONTextReader.Unhandled) in
            try read(member, from: &reader)
        }
    }
}
