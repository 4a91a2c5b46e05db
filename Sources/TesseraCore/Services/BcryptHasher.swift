import Foundation
import HummingbirdBcrypt

/// bcrypt on threads of its own, at most `width` at a time. A bcrypt takes tens to hundreds of
/// milliseconds of CPU: run on the tasks' cooperative threads, a burst of logins would stall
/// every other request; beyond `width` they wait their turn, suspended, instead.
public struct BcryptHasher: PasswordHasher {
    /// log2 of the rounds of hashes made from now on; a stored hash keeps the cost it was made with.
    public let cost: UInt8
    private let slots: AsyncSemaphore
    private static let queue = DispatchQueue(label: "tessera.bcrypt", qos: .userInitiated, attributes: .concurrent)

    /// `width` defaults to the number of cores: bcrypt is pure CPU work.
    public init(cost: UInt8, width: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.cost = cost
        slots = AsyncSemaphore(limit: max(1, width))
    }

    public func hash(_ password: String) async -> String {
        let cost = cost
        return await run { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async -> Bool {
        await run { Bcrypt.verify(password, hash: hash) }
    }

    private func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await slots.withSlot {
            await withCheckedContinuation { continuation in
                Self.queue.async { continuation.resume(returning: work()) }
            }
        }
    }
}
