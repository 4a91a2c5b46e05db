import Foundation

/// Base64url without padding (RFC 4648 §5), as JWTs and Tessera's cursors spell their parts.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of a canonical spelling only: base64's spare bits would otherwise let a changed
    /// text decode to the same bytes (and a signed text be altered without breaking its MAC).
    static func decode(_ text: Substring) -> Data? {
        var body = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        body += String(repeating: "=", count: (4 - body.count % 4) % 4)
        guard let data = Data(base64Encoded: body), encode(data) == text else { return nil }
        return data
    }
}
