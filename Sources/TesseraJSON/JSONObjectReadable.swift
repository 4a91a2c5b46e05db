/// A wire type read member by member from a JSON object: it starts empty, takes each of its
/// `fields` that the object holds, and ignores other members, as its `Decodable` conformance
/// does.
public protocol JSONObjectReadable: JSONTextReadable {
    associatedtype Member: CodingKey & CaseIterable & Hashable

    static var fields: JSONFields<Self, Member> { get }

    init()
}

extension JSONObjectReadable {
    @inlinable
    public init(reading reader: inout JSONTextReader) throws(JSONTextReader.Unhandled) {
        self.init()
        let fields = Self.fields
        try reader.readObject(fields.names) { index, reader throws(JSONTextReader.Unhandled) in
            try fields.fields[index].read(&self, &reader)
        }
    }
}
