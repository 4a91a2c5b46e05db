/// The members of a wire type that its fast path reads, named by the type's `CodingKeys` (the
/// names `JSONDecoder` goes by), and how each is read into it.
public struct JSONFields<Wire, Member: CodingKey & CaseIterable & Hashable>: Sendable {
    @usableFromInline let names: JSONMemberNames
    @usableFromInline let fields: [JSONField<Wire>]

    /// `fields` covers every member, as the type's `Decodable` conformance does.
    public init(_ fields: [Member: JSONField<Wire>]) {
        let members = Array(Member.allCases)
        self.fields = members.map { member in
            guard let field = fields[member] else { preconditionFailure("no field for the member \(member.stringValue)") }
            return field
        }
        names = JSONMemberNames(members.map(\.stringValue), required: self.fields.map(\.isRequired))
    }
}
