import Foundation

/// An entry of the append-only events log, written in the same transaction as the change it
/// describes. Followers (the search indexer, webhooks) read it in `sequence` order.
public struct Event: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case recordCreated = "record.created"
        case recordUpdated = "record.updated"
        case recordDeleted = "record.deleted"
        case tableCreated = "table.created"
        case tableUpdated = "table.updated"
        case fieldCreated = "field.created"
        case fieldUpdated = "field.updated"
        case baseCreated = "base.created"
    }

    public let sequence: Int64
    public let kind: Kind
    public let baseID: String
    public let tableID: String?
    public let recordID: String?
    public let actorID: String?
    public let time: Date

    public init(sequence: Int64, kind: Kind, baseID: String, tableID: String?, recordID: String?, actorID: String?, time: Date) {
        self.sequence = sequence
        self.kind = kind
        self.baseID = baseID
        self.tableID = tableID
        self.recordID = recordID
        self.actorID = actorID
        self.time = time
    }
}
