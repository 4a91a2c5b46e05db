import Foundation
import TesseraCore
import Testing

@Suite struct APITimestampTests {
    @Test func matchesFoundationsISO8601FormatterToTheMillisecond() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var generator = SystemRandomNumberGenerator()
        let fixed: [Int64] = [
            0, 1, 999, 1_000, -1, -999, -1_000, -1_001, -86_400_000, -86_400_001, 951_782_400_000, 951_868_799_999, 4_102_444_799_999, -2_208_988_800_000,
            253_402_300_799_999,
        ]
        // From 1589 (Foundation switches to the Julian calendar before 1582) to 9987.
        let random = (0..<5_000).map { _ in Int64.random(in: -12_000_000_000_000...253_000_000_000_000, using: &generator) }
        for milliseconds in fixed + random {
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(date.apiTimestamp == reference.string(from: date), "\(milliseconds)")
        }
        #expect(Date(timeIntervalSince1970: 1_709_296_200.25).apiTimestamp == "2024-03-01T12:30:00.250Z")
    }
}
