import Foundation
@testable import LLM

/// Helpers to check a `JSONCursor` fast path against `JSONDecoder`.
enum FastPathAgreement {
    /// `text` read by the fast path; nil when it leaves the text to `JSONDecoder`.
    static func fast<T>(_ text: String, _ read: (UnsafeBufferPointer<UInt8>) throws(JSONCursor.Unhandled) -> T) -> T? {
        Array(text.utf8).withUnsafeBufferPointer { bytes in try? read(bytes) }
    }

    static func foundation<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        foundationBytes(type, Array(text.utf8))
    }

    static func foundationBytes<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(bytes))
    }

    /// Damaged copies of `text`: cut short, and with a byte deleted, replaced or inserted at
    /// every position. Decoders see text as a `String`, so each copy is made valid UTF-8.
    static func damagedVariants(of text: String) -> [String] {
        let original = Array(text.utf8)
        let replacements = Array("\"\\,:{}[]0-.eE n\u{1}x".utf8)
        var variants: [[UInt8]] = []
        for position in original.indices {
            variants.append(Array(original[..<position]))
            var deleted = original
            deleted.remove(at: position)
            variants.append(deleted)
            for byte in replacements where byte != original[position] {
                var replaced = original
                replaced[position] = byte
                variants.append(replaced)
                var inserted = original
                inserted.insert(byte, at: position)
                variants.append(inserted)
            }
        }
        return variants.map { String(decoding: $0, as: UTF8.self) }
    }
}
