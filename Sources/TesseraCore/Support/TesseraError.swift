/// The one error type the services throw: a code named by meaning, a message for people, and
/// when to retry. The surfaces turn the code into their own vocabulary at the edge (Airtable's
/// error types for `/v0`, OpenAI's for `/v1`, JSON-RPC codes for MCP); nothing in between
/// looks at a message.
public struct TesseraError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        // The request cannot be read.
        case malformedBody, missingBody
        // The request is readable but not valid.
        case invalidRequest, invalidBody, invalidRecords, invalidValue, unknownField, unknownChoice, invalidFieldType
        case duplicateFieldName, duplicateTableName, invalidFilter, invalidOffset, iteratorNotAvailable, invalidDatabaseURL
        // Who is asking.
        case unauthenticated, invalidCredentials, invalidRefreshToken
        /// Visible, but this principal may not do it.
        case forbidden
        // Missing; `inaccessible` also answers what exists but this principal may not see.
        case notFound, inaccessible, tableNotFound, viewNotFound, recordNotFound
        case conflict, duplicateEmail
        case requestTooLarge
        case rateLimited, budgetExceeded
        case databaseUnavailable

        /// The class of failure, which decides the status code on every surface.
        public var kind: Kind {
            switch self {
            case .malformedBody, .missingBody, .invalidDatabaseURL: .badRequest
            case .invalidRequest, .invalidBody, .invalidRecords, .invalidValue, .unknownField, .unknownChoice, .invalidFieldType,
                .duplicateFieldName, .duplicateTableName, .invalidFilter, .invalidOffset, .iteratorNotAvailable:
                .invalidRequest
            case .unauthenticated, .invalidCredentials, .invalidRefreshToken: .unauthenticated
            case .forbidden: .forbidden
            case .notFound, .inaccessible, .tableNotFound, .viewNotFound, .recordNotFound: .notFound
            case .conflict, .duplicateEmail: .conflict
            case .requestTooLarge: .payloadTooLarge
            case .rateLimited, .budgetExceeded: .rateLimited
            case .databaseUnavailable: .unavailable
            }
        }
    }

    public enum Kind: Sendable, Equatable {
        case invalidRequest // 422 (400 for malformed requests)
        case badRequest // 400
        case unauthenticated // 401
        case forbidden // 403: authenticated, visible, but not allowed
        case notFound // 404: missing, or not visible to this principal
        case conflict // 409
        case payloadTooLarge // 413
        case rateLimited // 429
        case unavailable // 503
    }

    public let code: Code
    public let message: String
    /// For `rateLimited` and `budgetExceeded`: whole seconds until a retry can succeed.
    public let retryAfterSeconds: Int?

    public init(_ code: Code, _ message: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var kind: Kind { code.kind }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension TesseraError {
    public static func notFound(_ message: String = "Could not find what you are looking for") -> TesseraError {
        TesseraError(.notFound, message)
    }

    /// What a principal may not see answers like something that does not exist.
    public static func inaccessible(
        _ message: String =
            "Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct."
    ) -> TesseraError {
        TesseraError(.inaccessible, message)
    }

    public static func invalidRequest(_ message: String) -> TesseraError {
        TesseraError(.invalidRequest, message)
    }

    public static func invalidValue(_ message: String) -> TesseraError {
        TesseraError(.invalidValue, message)
    }

    public static func unknownField(_ name: String) -> TesseraError {
        TesseraError(.unknownField, "Unknown field name: \"\(name)\"")
    }

    public static func forbidden(_ message: String = "You are not permitted to perform this operation") -> TesseraError {
        TesseraError(.forbidden, message)
    }

    public static func unauthenticated(_ message: String = "Authentication required") -> TesseraError {
        TesseraError(.unauthenticated, message)
    }
}
