import Foundation

/// Removes secrets from text that is about to become part of an error or a log line.
///
/// Providers echo parts of bad keys back ("Incorrect API key provided: sk-…"), so any text
/// that came from a provider passes through here.
struct SecretRedactor: Sendable {
    private let secrets: [String]

    init(secrets: [String]) {
        // Very short strings would redact ordinary words; real keys are long.
        self.secrets = secrets.filter { $0.count >= 8 }
    }

    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return result
    }
}
