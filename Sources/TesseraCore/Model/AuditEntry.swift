import Foundation

/// One line of the audit log: who did what, when, to what. Kept apart from the events log, which
/// records data changes for followers; the audit log records acts of people and tokens for the
/// workspace's owners and the operator, including the ones that change no data (logins).
public struct AuditEntry: Sendable, Equatable {
    /// Assigned by the store when the entry is appended; increases with time.
    public let id: Int64
    public let time: Date
    public let action: AuditAction
    public let actor: AuditActor
    /// The workspace the act happened in; nil for acts on an account (logins, tokens), which
    /// the owners of every workspace the account belongs to see.
    public let workspaceID: String?
    public let baseID: String?
    /// The account an account-level entry concerns (the user logging in, the token's owner).
    public let accountID: String?
    /// What was acted on: a user, token, workspace, base, table, field, view, record or comment id.
    public let modelID: String?
    /// The client address, for acts that arrive over HTTP without a principal (logins).
    public let ipAddress: String?
    /// Details of the act (names, levels, counts); never secrets or cell values.
    public let payload: [String: JSONValue]

    public init(
        id: Int64 = 0, time: Date = Date(), action: AuditAction, actor: AuditActor, workspaceID: String? = nil, baseID: String? = nil,
        accountID: String? = nil, modelID: String? = nil, ipAddress: String? = nil, payload: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.time = time
        self.action = action
        self.actor = actor
        self.workspaceID = workspaceID
        self.baseID = baseID
        self.accountID = accountID
        self.modelID = modelID
        self.ipAddress = ipAddress
        self.payload = payload
    }
}

public enum AuditAction: String, Sendable, CaseIterable {
    case loginSucceeded = "user.loggedIn"
    case loginFailed = "user.loginFailed"
    case userCreated = "user.created"
    /// A used refresh token presented again: its session family was revoked.
    case refreshTokenReused = "user.refreshTokenReused"
    case tokenCreated = "token.created"
    case tokenRevoked = "token.revoked"
    case workspaceCreated = "workspace.created"
    case memberChanged = "workspace.memberChanged"
    case budgetChanged = "workspace.budgetChanged"
    case baseCreated = "base.created"
    /// A whole base written out by `tessera export`.
    case baseExported = "base.exported"
    case tableCreated = "table.created"
    case tableUpdated = "table.updated"
    case fieldCreated = "field.created"
    case fieldUpdated = "field.updated"
    case viewCreated = "view.created"
    case viewUpdated = "view.updated"
    case viewDeleted = "view.deleted"
    case recordsDeleted = "records.deleted"
    case commentDeleted = "comment.deleted"
    /// A workspace tool that writes data, called by a model (chat) or an MCP client.
    case toolWrote = "ai.toolWrote"
}

/// Who acted.
public enum AuditActor: Sendable, Equatable {
    /// A signed-in user, through a login session (`tokenID` nil) or a personal access token.
    case user(id: String, tokenID: String?)
    /// Whoever runs the `tessera` commands on the server's machine.
    case `operator`
    /// Nobody known: a failed login.
    case anonymous

    public init(_ principal: Principal) {
        self = .user(id: principal.userID, tokenID: principal.tokenID)
    }

    public var userID: String? {
        if case .user(let id, _) = self { id } else { nil }
    }

    public var tokenID: String? {
        if case .user(_, let tokenID) = self { tokenID } else { nil }
    }

    /// The stored spelling of the kind of actor.
    public var kind: String {
        switch self {
        case .user: "user"
        case .operator: "operator"
        case .anonymous: "anonymous"
        }
    }

    public init?(kind: String, userID: String?, tokenID: String?) {
        switch kind {
        case "user":
            guard let userID else { return nil }
            self = .user(id: userID, tokenID: tokenID)
        case "operator": self = .operator
        case "anonymous": self = .anonymous
        default: return nil
        }
    }
}

/// Which entries to read, newest first unless `ascending`.
public struct AuditQuery: Sendable, Equatable {
    /// nil: every entry (the operator's view); else the workspace's entries and the account
    /// entries of its current members.
    public var workspaceID: String?
    public var actions: Set<AuditAction> = []
    public var actorID: String?
    public var baseID: String?
    public var modelID: String?
    public var since: Date?
    public var until: Date?
    /// Entries past this id in the reading order (the cursor).
    public var after: Int64?
    public var ascending = false
    public var limit = 100

    public init(workspaceID: String?) {
        self.workspaceID = workspaceID
    }
}
