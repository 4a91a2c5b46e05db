/// The `\uXXXX` escapes of JSON strings, which `JSONTextReader` decodes by hand.
enum JSONUnicodeEscape {
    /// The scalar of the `\u` escape whose four hex digits start at `position`: a UTF-16 code
    /// unit, or a surrogate pair spelled as two escapes. Nil for anything else (a bad digit, a
    /// lone surrogate, the text ending); `position` is then left wherever reading stopped.
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> Unicode.Scalar? {
        guard let unit = hexQuad(in: bytes, at: &position) else { return nil }
        guard UTF16.isLeadSurrogate(unit) else { return Unicode.Scalar(unit) }
        guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
            return nil
        }
        position += 2
        guard let low = hexQuad(in: bytes, at: &position), UTF16.isTrailSurrogate(low) else { return nil }
        return Unicode.Scalar(0x10000 + (UInt32(unit - 0xD800) << 10 | UInt32(low - 0xDC00)))
    }

    private static func hexQuad(in bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> UInt16? {
        guard bytes.count - position >= 4 else { return nil }
        var unit: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(nibble)
            position += 1
        }
        return unit
    }
}
