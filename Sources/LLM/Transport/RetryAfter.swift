import Foundation
import NIOHTTP1

/// Reads how long a provider asks us to wait: `retry-after-ms` (OpenAI, Anthropic), else
/// `Retry-After` as seconds or as an HTTP date.
enum RetryAfter {
    static func parse(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let text = headers.first(name: "retry-after-ms"), let milliseconds = Double(text), milliseconds >= 0 {
            return .milliseconds(milliseconds)
        }
        guard let text = headers.first(name: "retry-after") else { return nil }
        if let seconds = Double(text), seconds >= 0 {
            return .milliseconds(seconds * 1000)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .milliseconds(max(0, date.timeIntervalSince(now)) * 1000)
    }
}
