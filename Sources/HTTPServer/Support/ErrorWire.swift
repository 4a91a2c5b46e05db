import HTTPTypes
import TesseraCore

/// How each error code reads on the wire: its status, Airtable's error type (`/v0`, `/auth`)
/// and OpenAI's type and code (`/v1`). The one place these strings live.
extension TesseraError.Code {
    var status: HTTPResponse.Status {
        switch kind {
        case .invalidRequest: .unprocessableContent
        case .badRequest: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .rateLimited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    var wire: (airtable: String, openAI: String, openAICode: String?) {
        switch self {
        case .malformedBody, .invalidBody: ("INVALID_REQUEST_BODY", "invalid_request_error", nil)
        case .missingBody: ("INVALID_REQUEST_MISSING_BODY", "invalid_request_error", nil)
        case .invalidRequest: ("INVALID_REQUEST_UNKNOWN", "invalid_request_error", nil)
        case .invalidRecords: ("INVALID_RECORDS", "invalid_request_error", nil)
        case .invalidValue: ("INVALID_VALUE_FOR_COLUMN", "invalid_request_error", nil)
        case .unknownField: ("UNKNOWN_FIELD_NAME", "invalid_request_error", nil)
        case .unknownChoice: ("INVALID_MULTIPLE_CHOICE_OPTIONS", "invalid_request_error", nil)
        case .invalidFieldType: ("INVALID_FIELD_TYPE", "invalid_request_error", nil)
        case .duplicateFieldName: ("DUPLICATE_OR_EMPTY_FIELD_NAME", "invalid_request_error", nil)
        case .duplicateTableName: ("DUPLICATE_TABLE_NAME", "invalid_request_error", nil)
        case .invalidFilter: ("INVALID_FILTER_BY_FORMULA", "invalid_request_error", nil)
        case .invalidOffset: ("INVALID_OFFSET_VALUE", "invalid_request_error", nil)
        case .iteratorNotAvailable: ("LIST_RECORDS_ITERATOR_NOT_AVAILABLE", "invalid_request_error", nil)
        case .invalidDatabaseURL: ("INVALID_DATABASE_URL", "invalid_request_error", nil)
        case .unauthenticated: ("AUTHENTICATION_REQUIRED", "invalid_request_error", "invalid_api_key")
        case .invalidCredentials: ("INVALID_CREDENTIALS", "invalid_request_error", "invalid_api_key")
        case .invalidRefreshToken: ("INVALID_REFRESH_TOKEN", "invalid_request_error", "invalid_api_key")
        case .forbidden: ("INVALID_PERMISSIONS", "permission_error", nil)
        case .notFound, .recordNotFound: ("NOT_FOUND", "invalid_request_error", "not_found")
        case .inaccessible: ("INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND", "invalid_request_error", "not_found")
        case .tableNotFound: ("TABLE_NOT_FOUND", "invalid_request_error", "not_found")
        case .viewNotFound: ("VIEW_NAME_NOT_FOUND", "invalid_request_error", "not_found")
        case .conflict: ("CONFLICT", "invalid_request_error", nil)
        case .duplicateEmail: ("DUPLICATE_EMAIL", "invalid_request_error", nil)
        case .requestTooLarge: ("REQUEST_TOO_LARGE", "invalid_request_error", nil)
        case .rateLimited: ("TOO_MANY_REQUESTS", "rate_limit_error", "rate_limit_exceeded")
        case .budgetExceeded: ("BUDGET_EXCEEDED", "insufficient_quota", "budget_exceeded")
        case .databaseUnavailable: ("DATABASE_UNAVAILABLE", "server_error", nil)
        }
    }
}
