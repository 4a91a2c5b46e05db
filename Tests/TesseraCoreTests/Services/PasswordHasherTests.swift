import Synchronization
import TesseraTesting
import Testing

@testable import TesseraCore

@Suite struct PasswordHasherTests {
    @Test func knownAndUnknownEmailsDoTheSameBcryptWork() async throws {
        let world = try await TestWorld.make()
        defer { world.remove() }
        let hasher = CountingHasher(BcryptHasher(cost: 4))
        var configuration = AuthService.Configuration()
        configuration.bcryptCost = 4
        let auth = try await AuthService(store: world.store, configuration: configuration, hasher: hasher)

        _ = try await auth.login(email: "owner@example.com", password: "correct horse battery")
        let wrongPassword = await #expect(throws: TesseraError.self) { _ = try await auth.login(email: "owner@example.com", password: "wrong password!") }
        // An unknown email used to answer at once, without any bcrypt: ~170 times faster.
        let unknownEmail = await #expect(throws: TesseraError.self) { _ = try await auth.login(email: "nobody@example.com", password: "wrong password!") }

        let verified = hasher.verifiedHashes
        #expect(verified.count == 3, "one bcrypt verification per login attempt, whether or not the account exists")
        #expect(Set(verified.map { $0.prefix(7) }) == ["$2b$04$"], "every verification at the configured cost")
        #expect(verified[2] != verified[1], "the unknown email is checked against a hash of no one's password")
        #expect(wrongPassword == unknownEmail, "the same answer either way")
    }

    @Test func bcryptHashesAndVerifies() async {
        let hasher = BcryptHasher(cost: 4, width: 1)
        let hash = await hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(await hasher.verify("correct horse battery", against: hash))
        #expect(await hasher.verify("wrong", against: hash) == false)
        #expect(await hasher.verify("anything", against: "not a bcrypt hash") == false)
    }

    @Test func workBeyondTheWidthWaitsItsTurnAndCompletes() async {
        let hasher = BcryptHasher(cost: 4, width: 2)
        let hashes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask { await hasher.verify("password \(index)", against: hasher.hash("password \(index)")) }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(hashes == Array(repeating: true, count: 16))
    }

    @Test func theSemaphoreLetsInAtMostItsLimit() async {
        let semaphore = AsyncSemaphore(limit: 3)
        let occupancy = Occupancy()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    await semaphore.withSlot {
                        occupancy.enter()
                        for _ in 0..<5 { await Task.yield() }
                        occupancy.leave()
                    }
                }
            }
        }
        #expect(occupancy.inside == 0)
        #expect(occupancy.most >= 1 && occupancy.most <= 3)
    }
}

/// How many tasks are inside a section, and the most there ever were.
private final class Occupancy: Sendable {
    private let counts = Mutex((inside: 0, most: 0))

    var inside: Int { counts.withLock { $0.inside } }
    var most: Int { counts.withLock { $0.most } }

    func enter() {
        counts.withLock {
            $0.inside += 1
            $0.most = max($0.most, $0.inside)
        }
    }

    func leave() {
        counts.withLock { $0.inside -= 1 }
    }
}

/// Bcrypt that notes every hash it verifies against.
private final class CountingHasher: PasswordHasher {
    private let inner: BcryptHasher
    private let verified = Mutex<[String]>([])

    init(_ inner: BcryptHasher) {
        self.inner = inner
    }

    var verifiedHashes: [String] { verified.withLock { $0 } }

    func hash(_ password: String) async -> String {
        await inner.hash(password)
    }

    func verify(_ password: String, against hash: String) async -> Bool {
        verified.withLock { $0.append(hash) }
        return await inner.verify(password, against: hash)
    }
}
