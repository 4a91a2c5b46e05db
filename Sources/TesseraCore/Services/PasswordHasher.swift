/// Hashes passwords for storage and checks them at login. `AuthService` takes one so that tests
/// can count the work a login does.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async -> String
    func verify(_ password: String, against hash: String) async -> Bool
}
