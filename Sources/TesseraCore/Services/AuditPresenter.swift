import Foundation

/// The audit log on the wire, shaped like Airtable's audit log events (`id`, `timestamp`,
/// `action`, `actor`, `modelId`, `context`, `origin`, `payload`), for the API and `tessera audit --json`.
public enum AuditPresenter {
    public static func page(_ page: AuditLog.Page) -> JSONValue {
        var pagination: [String: JSONValue] = [:]
        if let next = page.next { pagination["next"] = .string(next) }
        return ["events": .array(page.entries.map { event($0, users: page.users) }), "pagination": .object(pagination)]
    }

    public static func event(_ entry: AuditEntry, users: [String: User]) -> JSONValue {
        var actor: [String: JSONValue] = ["type": .string(entry.actor.kind)]
        if let userID = entry.actor.userID { actor["user"] = user(userID, users) }
        var context: [String: JSONValue] = [:]
        if let workspaceID = entry.workspaceID { context["workspaceId"] = .string(workspaceID) }
        if let baseID = entry.baseID { context["baseId"] = .string(baseID) }
        if let accountID = entry.accountID { context["account"] = user(accountID, users) }
        var origin: [String: JSONValue] = [:]
        if let ipAddress = entry.ipAddress { origin["ipAddress"] = .string(ipAddress) }
        if let tokenID = entry.actor.tokenID { origin["personalAccessTokenId"] = .string(tokenID) }
        return [
            "id": .string(String(entry.id)),
            "timestamp": .string(CellDates.formatInstant(entry.time)),
            "action": .string(entry.action.rawValue),
            "actor": .object(actor),
            "modelId": entry.modelID.map(JSONValue.string) ?? .null,
            "context": .object(context),
            "origin": .object(origin),
            "payload": .object(entry.payload),
        ]
    }

    /// A user by id, with email and name while the account exists.
    private static func user(_ id: String, _ users: [String: User]) -> JSONValue {
        guard let user = users[id] else { return ["id": .string(id)] }
        return ["id": .string(id), "email": .string(user.email), "name": .string(user.name)]
    }
}

extension AuditQuery {
    /// The query of `GET /v0/meta/workspaces/{id}/auditLog`: `startTime`, `endTime` (ISO 8601),
    /// `eventType` (repeatable), `originatingUserId`, `baseId`, `modelId`, `pageSize` (1–1000,
    /// default 100), `sortOrder` (`descending`, the default, or `ascending`). `next` is the
    /// cursor and is read by the caller.
    public init(workspaceID: String?, parameters: [(String, String)]) throws(TesseraError) {
        self.init(workspaceID: workspaceID)
        for (key, value) in parameters {
            switch key {
            case "startTime": since = try Self.instant(value, key)
            case "endTime": until = try Self.instant(value, key)
            case "eventType", "eventType[]":
                for name in value.split(separator: ",") {
                    guard let action = AuditAction(rawValue: String(name)) else {
                        throw .invalidRequest(
                            "Unknown eventType \"\(name.prefix(60))\"; one of: \(AuditAction.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    actions.insert(action)
                }
            case "originatingUserId": actorID = value
            case "baseId": baseID = value
            case "modelId": modelID = value
            case "pageSize":
                guard let size = Int(value), (1...AuditLog.maxPageSize).contains(size) else {
                    throw .invalidRequest("pageSize must be a whole number from 1 to \(AuditLog.maxPageSize)")
                }
                limit = size
            case "sortOrder":
                switch value {
                case "ascending": ascending = true
                case "descending": ascending = false
                default: throw .invalidRequest("sortOrder must be \"ascending\" or \"descending\"")
                }
            case "next": break
            default: throw .invalidRequest("Unknown parameter \"\(key.prefix(60))\" for the audit log")
            }
        }
    }

    private static func instant(_ text: String, _ key: String) throws(TesseraError) -> Date {
        // RFC 3339 allows a lowercase `t` and `z`; Foundation's parser does not.
        guard let date = CellDates.parseInstant(text.uppercased()) else {
            throw .invalidRequest("\(key) must be an ISO 8601 time such as 2026-01-31T12:00:00Z")
        }
        return date
    }
}
