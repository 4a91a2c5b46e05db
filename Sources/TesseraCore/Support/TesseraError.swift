/// The one error type the services throw. `kind` decides the status code on every surface;
/// `type` is the Airtable error type string shown in the `/v0` envelope.
public struct TesseraError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case invalidRequest      // 422 (400 for malformed requests)
        case badRequest          // 400
        case unauthenticated     // 401
        case forbidden           // 403: authenticated, visible, but not allowed
        case notFound            // 404: missing, or not visible to this principal
        case conflict            // 409
        case payloadTooLarge     // 413
        case rateLimited(retryAfterSeconds: Int)  // 429
        case unavailable         // 503
    }

    public let kind: Kind
    public let type: String
    public let message: String

    public init(_ kind: Kind, type: String, _ message: String) {
        self.kind = kind
        self.type = type
        self.message = message
    }

    public var description: String { "\(type): \(message)" }
}

extension TesseraError {
    public static func notFound(_ message: String = "Could not find what you are looking for") -> TesseraError {
        TesseraError(.notFound, type: "NOT_FOUND", message)
    }

    /// What a principal may not see answers like something that does not exist.
    public static func modelNotFound(_ message: String = "Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct.") -> TesseraError {
        TesseraError(.notFound, type: "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND", message)
    }

    public static func invalidRequest(_ message: String) -> TesseraError {
        TesseraError(.invalidRequest, type: "INVALID_REQUEST_UNKNOWN", message)
    }

    public static func invalidValue(_ message: String) -> TesseraError {
        TesseraError(.invalidRequest, type: "INVALID_VALUE_FOR_COLUMN", message)
    }

    public static func unknownField(_ name: String) -> TesseraError {
        TesseraError(.invalidRequest, type: "UNKNOWN_FIELD_NAME", "Unknown field name: \"\(name)\"")
    }

    public static func invalidPermissions(_ message: String = "You are not permitted to perform this operation") -> TesseraError {
        TesseraError(.forbidden, type: "INVALID_PERMISSIONS", message)
    }

    public static func unauthenticated(_ message: String = "Authentication required") -> TesseraError {
        TesseraError(.unauthenticated, type: "AUTHENTICATION_REQUIRED", message)
    }
}
