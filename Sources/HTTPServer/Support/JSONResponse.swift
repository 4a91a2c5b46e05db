import Foundation
import Hummingbird
import NIOCore
import TesseraCore

extension Response {
    /// A JSON response with the given body.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }
}

extension Request {
    /// The body as JSON: 413 when larger than the context allows, 422 when it does not parse or
    /// is not an object.
    mutating func jsonObject(context: TesseraRequestContext) async throws -> JSONValue {
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw TesseraError(.requestTooLarge, "The request body is larger than \(context.maxUploadSize / 1024 / 1024) MB")
        }
        guard buffer.readableBytes > 0 else { throw TesseraError(.missingBody, "The request needs a JSON body") }
        let value: JSONValue
        do {
            value = try buffer.withUnsafeReadableBytes { try JSONValue.parse(utf8: $0) }
        } catch {
            throw TesseraError(.malformedBody, "The request body is not valid JSON")
        }
        guard case .object = value else { throw TesseraError(.invalidBody, "The request body must be a JSON object") }
        return value
    }
}

extension Parameters {
    /// A path parameter, percent-decoded: the router matches on the raw path so that a table
    /// named "a/b" arrives as one segment "a%2Fb".
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }
}

extension JSONValue {
    /// The string at `key`: nil when absent or null, 422 when of another type rather than ignored.
    func optionalString(_ key: String) throws(TesseraError) -> String? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw TesseraError.invalidRequest("\"\(key)\" must be a string") }
        return text
    }

    /// Refuses body properties outside `keys`, so a typo does not pass silently.
    func requireOnly(_ keys: Set<String>) throws {
        if let unknown = objectValue?.keys.sorted().first(where: { !keys.contains($0) }) {
            throw TesseraError.invalidRequest("Unknown property \"\(unknown)\"; allowed: \(keys.sorted().joined(separator: ", "))")
        }
    }
}
