import Foundation

/// Reads and prunes the audit log, and records tool writes. The services append to it after each
/// act they complete (`AuditStore.audit`); workspace owners read their workspace's part, the
/// operator reads all of it, and entries older than the retention are pruned.
public struct AuditLog: Sendable {
    /// One page of entries, the users they name, and where the next page starts.
    public struct Page: Sendable {
        public let entries: [AuditEntry]
        /// The users named as actors or accounts, by id (users since removed are absent).
        public let users: [String: User]
        public let next: String?
    }

    public static let maxPageSize = 1000

    private let store: any AuditStore & WorkspaceStore & UserStore
    private let cursors: CursorSeal

    public init(store: any AuditStore & WorkspaceStore & UserStore, cursors: CursorSeal) {
        self.store = store
        self.cursors = cursors
    }

    /// Records a workspace tool that wrote data; `baseID` is the base its arguments named, if any.
    public func recordToolWrite(tool: String, baseID: String?, by principal: Principal) async throws {
        var base: AccessibleBase?
        if let baseID { base = try await store.accessibleBase(userID: principal.userID, baseID: baseID) }
        try await store.appendAudit(
            AuditEntry(
                action: .toolWrote, actor: AuditActor(principal), workspaceID: base?.base.workspaceID, baseID: base?.base.id,
                accountID: base == nil ? principal.userID : nil, payload: ["tool": .string(tool)]))
    }

    /// A page of a workspace's log for one of its owners. `cursor` is the `next` of the page
    /// before; the filters must be given again with it.
    public func page(_ query: AuditQuery, cursor: String?, for principal: Principal) async throws -> Page {
        try principal.require(.auditLogsRead)
        guard let workspaceID = query.workspaceID else { throw TesseraError.inaccessible() }
        guard principal.baseIDs == nil else {
            throw TesseraError.forbidden("A token limited to some bases cannot read a workspace's audit log")
        }
        _ = try await AccessGate(store: store).workspace(workspaceID, for: principal, level: .owner)
        return try await page(query, cursor: cursor)
    }

    /// A page of the whole log (or of one workspace's): the operator's view through the CLI.
    public func page(_ query: AuditQuery, cursor: String?) async throws -> Page {
        guard (1...Self.maxPageSize).contains(query.limit) else {
            throw TesseraError.invalidRequest("pageSize must be between 1 and \(Self.maxPageSize)")
        }
        var query = query
        if let cursor {
            guard let position = AuditCursor.open(cursor, seal: cursors), position.workspaceID == query.workspaceID,
                position.ascending == query.ascending
            else { throw TesseraError(.invalidOffset, "This cursor is not valid for this audit log listing") }
            query.after = position.after
        }
        // One more than asked tells whether another page follows.
        var fetch = query
        fetch.limit = query.limit + 1
        var entries = try await store.auditEntries(fetch)
        var next: String?
        if entries.count > query.limit {
            entries.removeLast()
            next = entries.last.map {
                AuditCursor(workspaceID: query.workspaceID, after: $0.id, ascending: query.ascending).sealed(with: cursors)
            }
        }
        let ids = Set(entries.flatMap { [$0.actor.userID, $0.accountID].compactMap(\.self) })
        let users = try await store.users(ids: Array(ids))
        return Page(entries: entries, users: Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }), next: next)
    }

    /// Deletes entries older than `days` days; returns how many.
    public func prune(retentionDays days: Int, now: Date = Date()) async throws -> Int {
        try await store.pruneAudit(before: now.addingTimeInterval(-Double(days) * 86_400))
    }
}

/// Where the next page of an audit listing starts, bound to the workspace and the order.
struct AuditCursor: Codable, Equatable {
    var workspaceID: String?
    var after: Int64
    var ascending: Bool

    static let purpose = "audit.list"

    func sealed(with seal: CursorSeal) -> String {
        seal.seal((try? JSONEncoder().encode(self)) ?? Data(), purpose: Self.purpose)
    }

    static func open(_ text: String, seal: CursorSeal) -> AuditCursor? {
        seal.open(text, purpose: purpose).flatMap { try? JSONDecoder().decode(AuditCursor.self, from: $0) }
    }
}

extension AuditStore {
    /// Appends an act of `principal` on a base (or on something in it).
    func audit(_ action: AuditAction, on base: AccessibleBase, by principal: Principal, modelID: String?, payload: [String: JSONValue] = [:])
        async throws
    {
        try await appendAudit(
            AuditEntry(
                action: action, actor: AuditActor(principal), workspaceID: base.base.workspaceID, baseID: base.base.id, modelID: modelID,
                payload: payload))
    }
}
