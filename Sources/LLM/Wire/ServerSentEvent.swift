/// One dispatched Server-Sent Event.
public struct ServerSentEvent: Sendable, Hashable {
    /// The `event:` field, or nil for the default "message" type.
    public var event: String?
    /// The `data:` lines joined with "\n".
    public var data: String
    public var id: String?

    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}
