import Crypto
import Foundation

/// Signs the opaque cursors Tessera hands out (list offsets, comment pages, MCP list pages) and
/// opens only cursors it signed: HMAC-SHA256 with a secret every node shares, so a client can
/// hand back a cursor the server made but never a forged one.
public struct CursorSeal: Sendable {
    private let key: SymmetricKey
    /// Bytes of the MAC kept: 128 bits is beyond guessing and keeps cursors short.
    private static let tagLength = 16

    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data(("tessera.cursor." + secret).utf8)))
    }

    /// `base64url(payload).base64url(tag)`; the tag also covers `purpose`, so a cursor of one
    /// kind (a record listing) is never accepted as another (a comment page).
    public func seal(_ payload: Data, purpose: String) -> String {
        Base64URL.encode(payload) + "." + Base64URL.encode(tag(payload, purpose: purpose))
    }

    /// The payload of a cursor this seal made for `purpose`, or nil for anything else.
    public func open(_ text: String, purpose: String) -> Data? {
        // Far longer than any cursor Tessera makes: refuse before decoding.
        guard text.utf8.count <= 4096 else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(parts[0]), let given = Base64URL.decode(parts[1]), given.count == Self.tagLength
        else { return nil }
        let expected = tag(payload, purpose: purpose)
        // Constant time, so the tag cannot be found byte by byte.
        guard zip(expected, given).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
        return payload
    }

    private func tag(_ payload: Data, purpose: String) -> Data {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Data(purpose.utf8))
        mac.update(data: [0])
        mac.update(data: payload)
        return Data(Data(mac.finalize()).prefix(Self.tagLength))
    }
}
