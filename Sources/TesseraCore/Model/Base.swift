import Foundation

public struct Base: Sendable, Equatable, Codable {
    public let id: String
    public let workspaceID: String
    public var name: String
    public let createdTime: Date

    public init(id: String, workspaceID: String, name: String, createdTime: Date) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.createdTime = createdTime
    }
}

/// A base as one principal sees it.
public struct AccessibleBase: Sendable, Equatable {
    public let base: Base
    public let permissionLevel: PermissionLevel

    public init(base: Base, permissionLevel: PermissionLevel) {
        self.base = base
        self.permissionLevel = permissionLevel
    }
}
