import Foundation

public struct User: Sendable, Equatable, Codable {
    public let id: String
    public var email: String
    public var name: String
    public let createdTime: Date

    public init(id: String, email: String, name: String, createdTime: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.createdTime = createdTime
    }
}
