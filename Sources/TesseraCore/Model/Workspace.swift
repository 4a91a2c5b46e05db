import Foundation

public struct Workspace: Sendable, Equatable, Codable {
    public let id: String
    public var name: String
    public let createdTime: Date

    public init(id: String, name: String, createdTime: Date) {
        self.id = id
        self.name = name
        self.createdTime = createdTime
    }
}

public struct WorkspaceMember: Sendable, Equatable {
    public let workspaceID: String
    public let userID: String
    public var permissionLevel: PermissionLevel

    public init(workspaceID: String, userID: String, permissionLevel: PermissionLevel) {
        self.workspaceID = workspaceID
        self.userID = userID
        self.permissionLevel = permissionLevel
    }
}
