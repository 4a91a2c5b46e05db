import Foundation
import MCP
import TesseraCore

/// Checks each line a client writes before the SDK sees it. The SDK answers undecodable input
/// with a made-up id and fails `initialize` on capability shapes it does not model, so this
/// filter answers malformed lines itself per JSON-RPC (parse error, invalid request), answers
/// `server/discover` (the 2026-07-28 probe) so that modern clients fall back to `initialize`,
/// and rewrites `capabilities.experimental` into the string map the SDK decodes.
struct InboundFilter: Sendable {
    /// Protocol versions reachable through `initialize`, newest first.
    static let handshakeVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    /// Methods answered by the transport's own handlers rather than the SDK.
    var directMethods: Set<String> = []

    func route(_ line: Data) -> InboundDisposition {
        guard line.contains(where: { !Self.isWhitespace($0) }) else { return .ignore }
        let message: JSONValue
        do {
            message = try JSONValue.parse(line)
        } catch {
            return .reply(JSONRPCErrorLine(id: nil, code: JSONRPCErrorLine.parseError, message: "Parse error: the line is not valid JSON").encoded())
        }
        switch message {
        case .array(let items):
            return routeBatch(items)
        case .object(let members):
            return routeMessage(members)
        default:
            return invalid(nil, "A JSON-RPC message must be an object, got \(message.typeName)")
        }
    }

    // MARK: - Single messages

    private func routeMessage(_ members: [String: JSONValue]) -> InboundDisposition {
        let readID = Self.id(members["id"])
        guard members["jsonrpc"] == "2.0" else {
            return invalid(readID, "The message needs \"jsonrpc\": \"2.0\"")
        }
        guard let methodValue = members["method"] else {
            return routeResponse(members, readID)
        }
        guard let method = methodValue.stringValue else {
            return invalid(readID, "\"method\" must be a string")
        }
        let params = members["params"]
        if members["id"] == nil {
            // A notification: it is never answered, even when malformed.
            guard params == nil || params?.objectValue != nil else { return .ignore }
            return .forward(Self.encoded(.object(members)), request: nil, batch: false)
        }
        guard let id = readID else {
            return invalid(nil, "\"id\" must be a string or an integer")
        }
        guard params == nil || params?.objectValue != nil else {
            return .reply(JSONRPCErrorLine(id: id, code: JSONRPCErrorLine.invalidParams, message: "\"params\" must be an object").encoded())
        }
        switch method {
        case "server/discover":
            return .reply(discoverAnswer(id))
        case Initialize.name:
            return routeInitialize(members, id: id)
        case let method where directMethods.contains(method):
            return .direct(method: method, id: id, params: params ?? [:])
        default:
            return .forward(Self.encoded(.object(members)), request: id, batch: false)
        }
    }

    private func routeResponse(_ members: [String: JSONValue], _ id: ID?) -> InboundDisposition {
        guard id != nil, (members["result"] != nil) != (members["error"] != nil) else {
            return invalid(id, "A message needs a \"method\" (request or notification) or an \"id\" with \"result\" or \"error\" (response)")
        }
        return .forward(Self.encoded(.object(members)), request: nil, batch: false)
    }

    /// Sanitizes the capabilities, then lets the SDK's own type check the parameters so that a
    /// shape it cannot decode is refused as invalid params, not as an internal error.
    private func routeInitialize(_ members: [String: JSONValue], id: ID) -> InboundDisposition {
        var members = members
        var params = members["params"]?.objectValue ?? [:]
        if var capabilities = params["capabilities"]?.objectValue, let experimental = capabilities["experimental"] {
            let strings = (experimental.objectValue ?? [:]).filter { $0.value.stringValue != nil }
            capabilities["experimental"] = strings.isEmpty ? nil : .object(strings)
            params["capabilities"] = .object(capabilities)
        }
        members["params"] = .object(params)
        do {
            _ = try JSONDecoder().decode(Initialize.Parameters.self, from: Data(JSONValue.object(params).jsonString().utf8))
        } catch {
            return .reply(
                JSONRPCErrorLine(
                    id: id, code: JSONRPCErrorLine.invalidParams,
                    message: "Invalid initialize parameters: protocolVersion must be a string, capabilities an object and clientInfo {name, version}"
                ).encoded())
        }
        return .forward(Self.encoded(.object(members)), request: id, batch: false)
    }

    /// This server speaks the initialize handshake only: "method not found" is what every
    /// modern client treats as "fall back to initialize", and `supported` names the versions.
    private func discoverAnswer(_ id: ID) -> Data {
        JSONRPCErrorLine(
            id: id, code: JSONRPCErrorLine.methodNotFound,
            message: "server/discover is not supported; this server uses the initialize handshake",
            data: ["supported": .array(Self.handshakeVersions.map(JSONValue.string))]
        ).encoded()
    }

    // MARK: - Batches (JSON-RPC 2.0, part of MCP 2025-03-26)

    private func routeBatch(_ items: [JSONValue]) -> InboundDisposition {
        guard !items.isEmpty else { return invalid(nil, "An empty batch is not a valid request") }
        var holdsRequest = false
        for (index, item) in items.enumerated() {
            guard let members = item.objectValue, members["jsonrpc"] == "2.0", let method = members["method"]?.stringValue else {
                return invalid(nil, "Batch item \(index) is not a request or notification")
            }
            guard method != Initialize.name, method != "server/discover" else {
                return invalid(nil, "\(method) must not be part of a batch")
            }
            guard members["params"] == nil || members["params"]?.objectValue != nil else {
                return invalid(nil, "Batch item \(index): \"params\" must be an object")
            }
            if members["id"] != nil {
                guard Self.id(members["id"]) != nil else { return invalid(nil, "Batch item \(index): \"id\" must be a string or an integer") }
                holdsRequest = true
            }
        }
        return .forward(Self.encoded(.array(items)), request: nil, batch: holdsRequest)
    }

    // MARK: - Helpers

    /// Messages go to the SDK re-encoded, so that an id like `1.0` reaches it as the integer this
    /// filter read and the transport can match the answer.
    private static func encoded(_ message: JSONValue) -> Data {
        Data(message.jsonString().utf8)
    }

    private func invalid(_ id: ID?, _ message: String) -> InboundDisposition {
        .reply(JSONRPCErrorLine(id: id, code: JSONRPCErrorLine.invalidRequest, message: "Invalid request: \(message)").encoded())
    }

    /// Reads an id the way the SDK will (so the transport can match its answer), refusing null.
    static func id(_ value: JSONValue?) -> ID? {
        switch value {
        case .string(let text)?:
            return .string(text)
        case .number(let number)?:
            return JSONValue.wholeNumber(number).map { .number(Int($0)) }
        default:
            return nil
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
