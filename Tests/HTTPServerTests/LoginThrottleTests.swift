import HTTPServer
import Testing

@Suite struct LoginThrottleTests {
    private static func throttle(addressFailures: Int = 100, accountFailures: Int = 3, capacity: Int = 100) -> LoginThrottle {
        var configuration = LoginThrottle.Configuration()
        configuration.perAddress = .init(freeFailures: addressFailures, firstLockout: .seconds(1), maxLockout: .seconds(8), forgetAfter: .seconds(3600))
        configuration.perAccount = .init(freeFailures: accountFailures, firstLockout: .seconds(1), maxLockout: .seconds(8), forgetAfter: .seconds(3600))
        configuration.capacity = capacity
        return LoginThrottle(configuration: configuration)
    }

    @Test func failuresBeyondTheFreeOnesLockForDoublingWindowsUpToTheCap() throws {
        let throttle = Self.throttle()
        var now = ContinuousClock.now
        for _ in 0..<4 { #expect(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: now) == nil) }
        var waits: [Int] = []
        for _ in 0..<6 {
            let wait = try #require(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: now))
            waits.append(wait)
            now += .seconds(wait)
            #expect(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: now) == nil)
        }
        #expect(waits == [1, 2, 4, 8, 8, 8])
    }

    @Test func aSuccessStartsTheAccountOver() {
        let throttle = Self.throttle()
        let now = ContinuousClock.now
        for _ in 0..<3 { #expect(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: now) == nil) }
        throttle.succeeded(address: "10.0.0.1", account: "a@example.com")
        for _ in 0..<4 { #expect(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: now) == nil) }
        #expect(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: now) == 1)
    }

    @Test func anAddressIsLockedForEveryAccountAndOthersAreNot() {
        let throttle = Self.throttle(addressFailures: 2)
        let now = ContinuousClock.now
        for index in 0..<3 { #expect(throttle.admit(address: "10.0.0.1", account: "user\(index)@example.com", now: now) == nil) }
        #expect(throttle.admit(address: "10.0.0.1", account: "someone-else@example.com", now: now) == 1)
        #expect(throttle.admit(address: "10.0.0.2", account: "someone-else@example.com", now: now) == nil)
    }

    @Test func quietKeysAreForgotten() {
        let throttle = Self.throttle()
        let now = ContinuousClock.now
        for _ in 0..<4 { #expect(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: now) == nil) }
        #expect(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: now) != nil)
        let later = now + .seconds(3600)
        for _ in 0..<4 { #expect(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: later) == nil) }
        #expect(throttle.admit(address: "10.0.0.1", account: "a@example.com", now: later) == 1)
    }

    @Test func aLockedAccountStaysLockedWhileManyOtherAccountsArrive() {
        let throttle = Self.throttle(capacity: 10)
        let now = ContinuousClock.now
        for _ in 0..<4 { #expect(throttle.admit(address: "10.0.0.1", account: "victim@example.com", now: now) == nil) }
        for index in 0..<100 {
            #expect(throttle.admit(address: "10.0.1.\(index)", account: "spray\(index)@example.com", now: now) == nil)
            #expect(throttle.admit(address: "10.0.2.\(index)", account: "victim@example.com", now: now) == 1)
        }
    }
}
