import Foundation
import MCP

/// The requests handed to the SDK and not answered yet, so that the server can exit at the end
/// of its input only after answering what it already accepted.
struct InFlightRequests {
    private var ids: Set<ID> = []
    private var batches = 0

    var isEmpty: Bool { ids.isEmpty && batches == 0 }

    mutating func accepted(_ id: ID) {
        ids.insert(id)
    }

    mutating func acceptedBatch() {
        batches += 1
    }

    /// A cancelled request gets no answer (MCP's cancellation rule), so it stops counting.
    mutating func cancelled(_ id: ID) {
        ids.remove(id)
    }

    /// Notes an outgoing message: a response settles its request, an array settles a batch.
    mutating func sent(_ message: Data) {
        if message.first(where: { $0 != 0x20 }) == UInt8(ascii: "[") {
            batches = max(0, batches - 1)
        } else if let id = Self.leadingID(message) ?? (try? JSONDecoder().decode(ResponseEnvelope.self, from: message))?.id {
            ids.remove(id)
        }
    }

    /// The SDK writes messages with sorted keys, so a result starts with `{"id":`: reading the
    /// id there spares decoding a large result. Anything unusual is left to the decoder.
    static func leadingID(_ message: Data) -> ID? {
        let prefix = Array(#"{"id":"#.utf8)
        guard message.starts(with: prefix) else { return nil }
        let rest = message.dropFirst(prefix.count)
        guard let comma = rest.firstIndex(of: UInt8(ascii: ",")) else { return nil }
        let token = rest[..<comma]
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        if token.count >= 2, token.first == quote, token.last == quote, !token.contains(backslash) {
            return .string(String(decoding: token.dropFirst().dropLast(), as: UTF8.self))
        }
        return Int(String(decoding: token, as: UTF8.self)).map(ID.number)
    }
}

/// Just the id of a response; the decoder skips the (possibly large) result.
private struct ResponseEnvelope: Decodable {
    let id: ID?

    private enum CodingKeys: String, CodingKey {
        case id, result, error
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let isResponse = container.contains(.result) || container.contains(.error)
        id = isResponse ? try container.decodeIfPresent(ID.self, forKey: .id) : nil
    }
}
